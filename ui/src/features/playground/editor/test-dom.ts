// jsdom lacks the layout APIs CodeMirror measures with; these stand-ins return empty geometry.
export function stubLayout(): void {
  const empty = (): DOMRect => ({ x: 0, y: 0, width: 0, height: 0, top: 0, left: 0, right: 0, bottom: 0, toJSON: () => ({}) }) as DOMRect;
  const list = (): DOMRectList => Object.assign([], { item: () => null }) as unknown as DOMRectList;
  if (!("getClientRects" in Range.prototype)) {
    Object.assign(Range.prototype, { getClientRects: list, getBoundingClientRect: empty });
  }
  Range.prototype.getClientRects ??= list;
  Range.prototype.getBoundingClientRect ??= empty;
}

/** The CodeMirror content element of the editor with this test id (inside its shadow root). */
export function editorContent(testid: string, root: ParentNode = document): HTMLElement {
  const host = root.querySelector<HTMLElement>(`[data-testid="${testid}"]`);
  const content = host?.shadowRoot?.querySelector<HTMLElement>(".cm-content");
  if (!content) throw new Error(`no editor ${testid}`);
  return content;
}
