// Presenter mode: for showing Outcrop on a projector or a shared screen. Type gets larger (App.svelte's
// `.presenter` styles) and account IDs, ARNs and access key IDs are hidden wherever text is rendered: a
// RedactionLayer (redaction-layer.ts) attached to the page passes every text node and readable attribute through
// `redact` while the mode is on. Components never redact one by one; text drawn on a canvas is the exception
// (ChartCanvas redacts its labels, as no layer can reach a canvas).
import { RedactionLayer } from "./redaction-layer";
export { ACCOUNT_MASK, redact } from "./redact";

class Presenter {
  #on = $state(false);
  #layers: RedactionLayer[] = [];

  get on(): boolean {
    return this.#on;
  }

  set on(value: boolean) {
    this.#on = value;
    for (const layer of this.#layers) layer.set(value);
  }

  toggle(): void {
    this.on = !this.on;
  }

  /**
   * Redacts everything rendered under `root` while presenter mode is on (now and whenever it is switched on);
   * returns a function that detaches the root again, restoring its text.
   */
  attach(root: Node): () => void {
    const layer = new RedactionLayer(root);
    layer.set(this.#on);
    this.#layers.push(layer);
    return () => {
      layer.set(false);
      this.#layers = this.#layers.filter((other) => other !== layer);
    };
  }
}

export const presenter = new Presenter();

/** How much presenter mode enlarges the page (App.svelte zooms each area by this much). */
export const PRESENTER_ZOOM = 1.25;
