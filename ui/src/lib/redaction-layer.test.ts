import { afterEach, describe, expect, it } from "vitest";
import { RedactionLayer } from "./redaction-layer";

const ARN = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123";

/** Lets the MutationObserver deliver its records. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

let root: HTMLElement;
afterEach(() => root?.remove());

function mount(html: string): { root: HTMLElement; layer: RedactionLayer } {
  root = document.createElement("div");
  root.innerHTML = html;
  document.body.append(root);
  return { root, layer: new RedactionLayer(root) };
}

describe("RedactionLayer", () => {
  it("redacts text and readable attributes already on the page, and puts them back when switched off", () => {
    const { root, layer } = mount(`<p title="${ARN}">Invokes <code>${ARN}</code> for 123456789012</p><button aria-label="Use ${ARN}">x</button>`);
    layer.set(true);
    expect(root.textContent).not.toMatch(/arn:|\d{12}/);
    expect(root.querySelector("p")!.getAttribute("title")).toBe("…/abc123");
    expect(root.querySelector("button")!.getAttribute("aria-label")).toBe("Use …/abc123");
    layer.set(false);
    expect(root.querySelector("code")!.textContent).toBe(ARN);
    expect(root.querySelector("p")!.getAttribute("title")).toBe(ARN);
    expect(root.querySelector("button")!.getAttribute("aria-label")).toBe(`Use ${ARN}`);
  });

  it("redacts what components write later: new nodes, changed text, changed tooltips", async () => {
    const { root, layer } = mount(`<p id="a">nothing yet</p>`);
    layer.set(true);
    const p = root.querySelector("#a")!;
    p.firstChild!.nodeValue = `streamed ${ARN}`;
    const added = document.createElement("span");
    added.textContent = "account 210987654321";
    added.setAttribute("title", ARN);
    root.append(added);
    p.setAttribute("aria-label", ARN);
    await settle();
    expect(root.textContent).not.toMatch(/arn:|\d{12}/);
    expect(added.getAttribute("title")).toBe("…/abc123");
    expect(p.getAttribute("aria-label")).toBe("…/abc123");
  });

  it("keeps text a component wrote while the mode was on when it is switched off", async () => {
    const { root, layer } = mount(`<p>${ARN}</p>`);
    layer.set(true);
    const text = root.querySelector("p")!.firstChild!;
    layer.set(false);
    expect(text.nodeValue).toBe(ARN);
    layer.set(true);
    text.nodeValue = "plain words";
    await settle();
    layer.set(false);
    expect(text.nodeValue).toBe("plain words");
  });

  it("leaves text areas alone: what a person types is theirs", () => {
    const { root, layer } = mount(`<textarea>${ARN}</textarea>`);
    layer.set(true);
    expect(root.querySelector("textarea")!.value).toBe(ARN);
  });
});
