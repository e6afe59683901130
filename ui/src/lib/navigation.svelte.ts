// The app's pages and which one is showing. The location hash mirrors the page (`#/models`), so a reload
// keeps the page and the webview's back/forward keys work.
import { t, type MessageKey } from "./i18n/index.svelte";
import "./messages";

export type PageId = "connections" | "models" | "playground" | "what-if" | "usage";

export interface Page {
  id: PageId;
  /** The message key of the page's name (resolve it with `t()`, or use {@link pageLabel}). */
  labelKey: MessageKey;
  /** Ctrl/Cmd + this digit opens the page. */
  shortcut: string;
}

export const PAGES: readonly Page[] = [
  { id: "connections", labelKey: "shell.pages.connections", shortcut: "1" },
  { id: "models", labelKey: "shell.pages.models", shortcut: "2" },
  { id: "playground", labelKey: "shell.pages.playground", shortcut: "3" },
  { id: "what-if", labelKey: "shell.pages.whatIf", shortcut: "4" },
  { id: "usage", labelKey: "shell.pages.usage", shortcut: "5" },
];

/** The page's name in the current language. */
export function pageLabel(id: PageId): string {
  const page = PAGES.find((p) => p.id === id);
  return page ? t(page.labelKey) : id;
}

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

const IS_MAC = typeof navigator !== "undefined" && /Mac/.test(navigator.platform);

/** How a Ctrl/Cmd shortcut is written on this system: "Ctrl+1" or "⌘1"; with Shift "Ctrl+Shift+P" or "⇧⌘P". */
export function shortcutLabel(key: string, shift = false): string {
  return shortcutLabelOn(IS_MAC, key, shift);
}

/** {@link shortcutLabel} on macOS (`mac`) or on Linux and Windows. */
export function shortcutLabelOn(mac: boolean, key: string, shift = false): string {
  if (mac) return `${shift ? "⇧" : ""}⌘${key}`;
  return `Ctrl+${shift ? "Shift+" : ""}${key}`;
}

/** The shortcut as `aria-keyshortcuts` names it: Meta on macOS (⌘), Control elsewhere. */
export function ariaShortcut(key: string, shift = false): string {
  return ariaShortcutOn(IS_MAC, key, shift);
}

/** {@link ariaShortcut} on macOS (`mac`) or on Linux and Windows. */
export function ariaShortcutOn(mac: boolean, key: string, shift = false): string {
  return `${mac ? "Meta" : "Control"}+${shift ? "Shift+" : ""}${key}`;
}
