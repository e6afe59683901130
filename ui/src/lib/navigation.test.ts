import { describe, expect, it } from "vitest";
import { i18n } from "./i18n/index.svelte";
import { PAGES, ariaShortcutOn, pageForShortcut, pageFromHash, pageLabel, shortcutLabelOn } from "./navigation.svelte";

describe("pageFromHash", () => {
  it("reads every page's hash", () => {
    for (const page of PAGES) expect(pageFromHash(`#/${page.id}`)).toBe(page.id);
  });
  it("falls back to Connections for an empty or unknown hash", () => {
    expect(pageFromHash("")).toBe("connections");
    expect(pageFromHash("#/nowhere")).toBe("connections");
  });
});

describe("pageForShortcut", () => {
  const key = (k: string, mods: Partial<KeyboardEvent> = {}) => ({
    key: k,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    ...mods,
  });
  it("maps Ctrl or Cmd + digit to a page", () => {
    expect(pageForShortcut(key("1", { ctrlKey: true }))).toBe("connections");
    expect(pageForShortcut(key("2", { metaKey: true }))).toBe("models");
    expect(pageForShortcut(key("3", { ctrlKey: true }))).toBe("playground");
    expect(pageForShortcut(key("4", { ctrlKey: true }))).toBe("what-if");
    expect(pageForShortcut(key("5", { ctrlKey: true }))).toBe("usage");
  });
  it("ignores plain digits, other modifiers and unknown digits", () => {
    expect(pageForShortcut(key("2"))).toBeNull();
    expect(pageForShortcut(key("2", { ctrlKey: true, shiftKey: true }))).toBeNull();
    expect(pageForShortcut(key("9", { ctrlKey: true }))).toBeNull();
  });
});

describe("page labels", () => {
  it("are message keys, shown in the current language", () => {
    expect(PAGES.map((page) => page.labelKey)).toEqual([
      "shell.pages.connections",
      "shell.pages.models",
      "shell.pages.playground",
      "shell.pages.whatIf",
      "shell.pages.usage",
    ]);
    expect(PAGES.map((page) => pageLabel(page.id))).toEqual(["Connections", "Models & profiles", "Playground", "What-if", "Usage & spend"]);
    i18n.set("ja");
    try {
      expect(pageLabel("connections")).toBe("接続");
    } finally {
      i18n.set("en");
    }
  });
});

describe("shortcuts per system", () => {
  it("are written ⌘ on macOS and Ctrl on Linux and Windows, and named Meta or Control to assistive technology", () => {
    expect(shortcutLabelOn(true, "1")).toBe("⌘1");
    expect(shortcutLabelOn(true, "P", true)).toBe("⇧⌘P");
    expect(shortcutLabelOn(false, "1")).toBe("Ctrl+1");
    expect(shortcutLabelOn(false, "P", true)).toBe("Ctrl+Shift+P");
    expect(ariaShortcutOn(true, "5")).toBe("Meta+5");
    expect(ariaShortcutOn(false, "P", true)).toBe("Control+Shift+P");
  });
});
