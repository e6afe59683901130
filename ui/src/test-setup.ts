import { clearMocks } from "@tauri-apps/api/mocks";
import { cleanup } from "@testing-library/svelte";
import { afterEach } from "vitest";
import { presenter } from "./lib/presenter.svelte";

// WebKit gives shadow roots and documents adopted style sheets, and CodeMirror (through style-mod) puts its
// styles there, one sheet for every editor. jsdom has constructable sheets but no adoptedStyleSheets, so each
// editor's shadow root would get its own <style> instead, and jsdom keeps those in document.styleSheets after the
// editor is gone: thousands of rules that every later getComputedStyle (and so every getByRole) walks through.
for (const proto of [ShadowRoot.prototype, Document.prototype]) {
  if (!("adoptedStyleSheets" in proto)) {
    const sheets = new WeakMap<object, CSSStyleSheet[]>();
    Object.defineProperty(proto, "adoptedStyleSheets", {
      configurable: true,
      get(this: object) {
        return sheets.get(this) ?? [];
      },
      set(this: object, value: CSSStyleSheet[]) {
        sheets.set(this, value);
      },
    });
  }
}

// As in the app (App.svelte): presenter mode redacts whatever is rendered on the page.
presenter.attach(document.body);

afterEach(() => {
  cleanup();
  presenter.on = false;
  clearMocks();
  window.location.hash = "";
});
