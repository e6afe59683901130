// The app's pages and which one is showing. The location hash mirrors the page (`#/models`), so a reload
// keeps the page and the webview's back/forward keys work.

export type PageId = "connections" | "models" | "playground";

export interface Page {
  id: PageId;
  label: string;
  /** Ctrl/Cmd + this digit opens the page. */
  shortcut: string;
}

export const PAGES: readonly Page[] = [
  { id: "connections", label: "Connections", shortcut: "1" },
  { id: "models", label: "Models & profiles", shortcut: "2" },
  { id: "playground", label: "Playground", shortcut: "3" },
];

const DEFAULT_PAGE: PageId = "connections";

export function pageFromHash(hash: string): PageId {
  const id = hash.replace(/^#\/?/, "");
  return PAGES.find((page) => page.id === id)?.id ?? DEFAULT_PAGE;
}

/** The page for a keyboard event, or null when the event is not a page shortcut. */
export function pageForShortcut(event: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "shiftKey">): PageId | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return null;
  return PAGES.find((page) => page.shortcut === event.key)?.id ?? null;
}

class Navigation {
  current = $state<PageId>(pageFromHash(typeof window === "undefined" ? "" : window.location.hash));

  go(page: PageId): void {
    this.current = page;
    const hash = `#/${page}`;
    if (window.location.hash !== hash) window.location.hash = hash;
  }

  /** Follows the hash when the user navigates with back/forward. */
  syncFromHash(): void {
    this.current = pageFromHash(window.location.hash);
  }
}

export const navigation = new Navigation();
