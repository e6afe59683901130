// Presenter mode's redaction, applied where text is rendered: while it is on, every text node and every
// attribute a person can read (a tooltip, an accessible name, a placeholder) under the root passes through
// `redact`, whichever page or component wrote it — and whatever it writes later, streamed answers included.
// Switching it off puts back what the components wrote. Text drawn on a canvas (the charts) is not in the DOM:
// ChartCanvas passes its labels through the same `redact`.

import { redact } from "./redact";

/** Attributes whose text a person sees or hears. */
export const READABLE_ATTRIBUTES = ["title", "aria-label", "aria-description", "aria-valuetext", "placeholder", "alt"] as const;

/** Elements whose text is code or state, never shown as such. */
const SKIPPED = new Set(["SCRIPT", "STYLE", "TEXTAREA"]);

interface Rewrite {
  /** What the component wrote. */
  original: string;
  /** What is shown instead. */
  shown: string;
}

export class RedactionLayer {
  private readonly texts = new Map<Text, Rewrite>();
  private readonly attributes = new Map<Element, Map<string, Rewrite>>();
  private observer: MutationObserver | null = null;

  constructor(private readonly root: Node) {}

  get active(): boolean {
    return this.observer !== null;
  }

  /** Turns the layer on (redacting everything now and from then on) or off (restoring what was rewritten). */
  set(on: boolean): void {
    if (on === this.active) return;
    if (on) this.start();
    else this.stop();
  }

  private start(): void {
    this.observer = new MutationObserver((records) => {
      for (const record of records) {
        if (record.type === "characterData") this.text(record.target as Text);
        else if (record.type === "attributes" && record.attributeName) this.attribute(record.target as Element, record.attributeName);
        else for (const node of record.addedNodes) this.walk(node);
      }
    });
    this.observer.observe(this.root, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: [...READABLE_ATTRIBUTES],
    });
    this.walk(this.root);
  }

  private stop(): void {
    this.observer?.disconnect();
    this.observer = null;
    for (const [node, rewrite] of this.texts) {
      // A component that wrote since keeps what it wrote.
      if (node.nodeValue === rewrite.shown) node.nodeValue = rewrite.original;
    }
    for (const [element, rewrites] of this.attributes) {
      for (const [name, rewrite] of rewrites) {
        if (element.getAttribute(name) === rewrite.shown) element.setAttribute(name, rewrite.original);
      }
    }
    this.texts.clear();
    this.attributes.clear();
  }

  private walk(node: Node): void {
    if (node.nodeType === Node.TEXT_NODE) {
      this.text(node as Text);
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE && node.nodeType !== Node.DOCUMENT_NODE && node.nodeType !== Node.DOCUMENT_FRAGMENT_NODE) return;
    if (node.nodeType === Node.ELEMENT_NODE) {
      const element = node as Element;
      if (SKIPPED.has(element.tagName)) return;
      for (const name of READABLE_ATTRIBUTES) this.attribute(element, name);
    }
    for (let child = node.firstChild; child; child = child.nextSibling) this.walk(child);
  }

  private text(node: Text): void {
    const parent = node.parentElement;
    if (parent && SKIPPED.has(parent.tagName)) return;
    const value = node.nodeValue ?? "";
    const shown = redact(value);
    if (shown === value) return;
    this.prune();
    this.texts.set(node, { original: value, shown });
    node.nodeValue = shown;
  }

  private attribute(element: Element, name: string): void {
    const value = element.getAttribute(name);
    if (value === null) return;
    const shown = redact(value);
    if (shown === value) return;
    let rewrites = this.attributes.get(element);
    if (!rewrites) {
      this.prune();
      rewrites = new Map();
      this.attributes.set(element, rewrites);
    }
    rewrites.set(name, { original: value, shown });
    element.setAttribute(name, shown);
  }

  /** Forgets nodes that left the page, so a long presentation with streamed answers holds no dead nodes. */
  private prune(): void {
    if (this.texts.size + this.attributes.size < 2000) return;
    for (const node of this.texts.keys()) if (!node.isConnected) this.texts.delete(node);
    for (const element of this.attributes.keys()) if (!element.isConnected) this.attributes.delete(element);
  }
}
