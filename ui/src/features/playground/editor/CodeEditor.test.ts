import { render } from "@testing-library/svelte";
import { EditorView } from "@codemirror/view";
import { beforeAll, describe, expect, it, vi } from "vitest";
import CodeEditor from "./CodeEditor.svelte";
import { editorContent, stubLayout } from "./test-dom";

beforeAll(stubLayout);

function viewOf(testid: string): EditorView {
  const view = EditorView.findFromDOM(editorContent(testid));
  if (!view) throw new Error("no view");
  return view;
}

describe("CodeEditor", () => {
  it("mounts CodeMirror inside a shadow root, labelled", () => {
    render(CodeEditor, { value: "hello", label: "System block 1", testid: "ed" });
    const host = document.querySelector<HTMLElement>('[data-testid="ed"]')!;
    expect(host.shadowRoot).not.toBeNull();
    const content = editorContent("ed");
    expect(content.getAttribute("aria-label")).toBe("System block 1");
    expect(content.textContent).toBe("hello");
    expect(document.head.querySelector("style")).toBeNull();
  });

  it("reports edits and takes outside values without echoing them", async () => {
    const onchange = vi.fn();
    const { rerender } = render(CodeEditor, { value: "abc", label: "x", onchange, testid: "ed" });
    const view = viewOf("ed");
    view.dispatch({ changes: { from: 3, insert: "d" } });
    expect(onchange).toHaveBeenCalledWith("abcd");
    onchange.mockClear();
    view.dispatch({ selection: { anchor: 1 } });
    await rerender({ value: "abcd!", label: "x", onchange, testid: "ed" });
    expect(view.state.doc.toString()).toBe("abcd!");
    expect(view.state.selection.main.head).toBe(1);
    expect(onchange).not.toHaveBeenCalled();
  });

  it("highlights marks given in UTF-8 byte offsets", async () => {
    // "日付: 2025-01-01": 日 and 付 are 3 bytes each, so the date starts at byte 8 (string index 4).
    render(CodeEditor, {
      value: "日付: 2025-01-01",
      label: "x",
      testid: "ed",
      marks: [{ from: 8, to: 18, message: "Date: move it after the cache point", severity: "warning" }],
    });
    const mark = editorContent("ed").querySelector<HTMLElement>(".cm-outcrop-mark");
    expect(mark?.textContent).toBe("2025-01-01");
    expect(mark?.getAttribute("title")).toBe("Date: move it after the cache point");
  });

  it("lets Ctrl+Enter bubble to the page, unhandled", () => {
    render(CodeEditor, { value: "abc", label: "x", testid: "ed" });
    const seen = vi.fn();
    const listener = (event: KeyboardEvent): void => seen(event.key, event.ctrlKey, event.defaultPrevented);
    document.addEventListener("keydown", listener);
    const content = editorContent("ed");
    content.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", ctrlKey: true, bubbles: true, composed: true, cancelable: true }));
    document.removeEventListener("keydown", listener);
    expect(seen).toHaveBeenCalledWith("Enter", true, false);
    expect(viewOf("ed").state.doc.toString()).toBe("abc");
    // The same key without Ctrl is the editor's own (a new line), so the check above is meaningful.
    content.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true, composed: true, cancelable: true }));
    expect(viewOf("ed").state.doc.toString()).toBe("\nabc");
  });
});

describe("CodeEditor with a very large block", () => {
  it("shows it collapsed with its size until opened, so a 5 MB paste does not make the page millions of pixels tall", async () => {
    const big = "word ".repeat(1_000_000); // 5,000,000 bytes
    render(CodeEditor, { value: big, label: "System block 1", testid: "ed" });
    const collapsed = document.querySelector<HTMLElement>('[data-testid="ed:collapsed"]')!;
    expect(collapsed.textContent).toContain("5.0 MB");
    expect(collapsed.textContent).toContain("1,250,000 tokens");
    expect(collapsed.getAttribute("aria-label")).toBe("System block 1");
    // No editor holds the text until asked, and the preview is short.
    expect(document.querySelector('[data-testid="ed"]')).toBeNull();
    expect(collapsed.querySelector(".preview")!.textContent!.length).toBeLessThan(200);
    collapsed.querySelector<HTMLButtonElement>('[data-action="open-block"]')!.click();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(document.querySelector('[data-testid="ed"]')).not.toBeNull();
  });

  it("keeps an ordinary block in the editor", () => {
    render(CodeEditor, { value: "short", label: "x", testid: "small" });
    expect(document.querySelector('[data-testid="small:collapsed"]')).toBeNull();
  });
});
