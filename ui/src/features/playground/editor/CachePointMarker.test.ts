import { fireEvent, render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { tick } from "svelte";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { i18n } from "../../../lib/i18n/index.svelte";
import type { PlaygroundStore } from "../playground.svelte";
import ConversationEditor from "./ConversationEditor.svelte";
import { stubLayout } from "./test-dom";
import { makePlan, point, quietStore } from "./test-plan";

beforeAll(stubLayout);
beforeEach(() => i18n.set("en"));

function storeWithSystemPoint(): PlaygroundStore {
  const store = quietStore();
  store.draft.modelChoice = "anthropic.claude-3-7-sonnet-20250219-v1:0";
  store.draft.conversation.system = [
    { type: "text", text: "You are a careful assistant." },
    { type: "cachePoint", ttl: "5m" },
    { type: "text", text: "Answer in English." },
  ];
  return store;
}

function marker(index = 0): HTMLElement {
  const found = document.querySelector<HTMLElement>(`[data-testid="cache-point-marker"][data-index="${index}"]`);
  if (!found) throw new Error(`no marker ${index}`);
  return found;
}

describe("cache point markers", () => {
  it("move with Alt+Arrow keys and are removed with Delete, keeping focus on the point", async () => {
    const store = storeWithSystemPoint();
    render(ConversationEditor, { store });
    const user = userEvent.setup();

    marker().focus();
    await user.keyboard("{Alt>}{ArrowDown}{/Alt}");
    expect(store.draft.conversation.system.map((s) => s.type)).toEqual(["text", "text", "cachePoint"]);
    expect(marker().dataset.slot).toBe("system[2]");
    expect(document.activeElement).toBe(marker());

    await user.keyboard("{Alt>}{ArrowUp}{/Alt}");
    await user.keyboard("{Alt>}{ArrowUp}{/Alt}");
    expect(store.draft.conversation.system.map((s) => s.type)).toEqual(["cachePoint", "text", "text"]);
    expect(document.activeElement).toBe(marker());
    // Already first: nothing moves.
    await user.keyboard("{Alt>}{ArrowUp}{/Alt}");
    expect(store.draft.conversation.system.map((s) => s.type)).toEqual(["cachePoint", "text", "text"]);

    await user.keyboard("{Delete}");
    expect(store.draft.conversation.system.map((s) => s.type)).toEqual(["text", "text"]);
    expect(store.cachePoints).toEqual([]);
    expect(document.querySelector('[data-testid="cache-point-marker"]')).toBeNull();
    expect(document.activeElement?.getAttribute("data-testid")).toBe("add-cache-point");
  });

  it("has buttons for the mouse: move earlier/later, remove, and a TTL select", async () => {
    const store = storeWithSystemPoint();
    render(ConversationEditor, { store });
    const user = userEvent.setup();

    await user.click(within(marker()).getByRole("button", { name: "Move cache point 1 later" }));
    expect(store.cachePoints.map((p) => p.slot)).toEqual([{ section: "system", after: 2 }]);
    expect((within(marker()).getByRole("button", { name: "Move cache point 1 later" }) as HTMLButtonElement).disabled).toBe(true);

    await user.selectOptions(within(marker()).getByLabelText("TTL"), "1h");
    expect(store.draft.conversation.system[2]).toEqual({ type: "cachePoint", ttl: "1h" });

    await user.click(within(marker()).getByRole("button", { name: "Remove cache point 1" }));
    expect(store.cachePoints).toEqual([]);
  });

  it("are added from a gap, and focused", async () => {
    const store = storeWithSystemPoint();
    store.draft.conversation.system.splice(1, 1);
    render(ConversationEditor, { store });
    const user = userEvent.setup();
    const gap = document.querySelector<HTMLElement>('[data-testid="add-cache-point"][data-slot="system[1]"]')!;
    expect(gap.getAttribute("aria-label")).toBe("Add a cache point here (after system block 1)");
    await user.click(gap);
    expect(store.draft.conversation.system.map((s) => s.type)).toEqual(["text", "cachePoint", "text"]);
    expect(document.activeElement).toBe(marker());
  });

  it("show the plan's figures: prefix, minimum, missing tokens, the next send's action", async () => {
    const store = storeWithSystemPoint();
    store.plan = makePlan(
      [
        [{ section: "system", item: 0 }, 712],
        [{ section: "system", item: 2 }, 20],
      ],
      [point(0, 712)],
      {
        prediction: {
          readTokens: 0,
          readBoundary: null,
          write5mTokens: 0,
          write1hTokens: 0,
          uncachedTokens: 732,
          points: [{ kind: "nothing" }],
          misses: [],
          estimated: true,
        },
      },
    );
    store.plan.plan.estimated = true;
    render(ConversationEditor, { store });
    const bar = marker();
    expect(bar.textContent).toContain("prefix ≈712 tokens");
    expect(bar.textContent).toContain("min 1,024");
    expect(within(bar).getByTestId("cache-point-status").textContent).toContain("+312 tokens needed");
    expect(bar.textContent).toContain("nothing");

    store.plan = makePlan([[{ section: "system", item: 0 }, 3009]], [point(0, 3009)], {
      prediction: {
        readTokens: 0,
        readBoundary: null,
        write5mTokens: 3009,
        write1hTokens: 0,
        uncachedTokens: 20,
        points: [{ kind: "write", tokens: 3009, ttl: "5m" }],
        misses: [],
        estimated: false,
      },
    });
    await tick();
    expect(within(marker()).getByTestId("cache-point-status").textContent).toContain("✓ caches");
    expect(marker().textContent).toContain("writes 3,009");
    expect(marker().textContent).toContain("prefix 3,009 tokens");
  });

  it("limit the TTL choice to the model's TTLs", () => {
    const store = storeWithSystemPoint();
    store.plan = makePlan([[{ section: "system", item: 0 }, 3009]], [point(0, 3009)]);
    store.plan.caching = { ...store.plan.caching!, ttls: ["5m"] };
    render(ConversationEditor, { store });
    const options = within(marker()).getAllByRole("option").map((o) => o.textContent);
    expect(options).toEqual(["5m"]);
  });

  it("can be dragged to another gap of the same list", async () => {
    const store = storeWithSystemPoint();
    store.draft.conversation.system.push({ type: "text", text: "Third." });
    render(ConversationEditor, { store });
    const data = new Map<string, string>();
    const dataTransfer = {
      types: ["text/plain"],
      setData: (k: string, v: string) => void data.set(k, v),
      getData: (k: string) => data.get(k) ?? "",
      effectAllowed: "none",
      dropEffect: "none",
      files: [],
    };
    await fireEvent.dragStart(marker(), { dataTransfer });
    const end = document.querySelector<HTMLElement>('.point-gap[data-slot="system[4]"]')!;
    await fireEvent.dragOver(end, { dataTransfer });
    expect(end.classList.contains("drop-target")).toBe(true);
    await fireEvent.drop(end, { dataTransfer });
    expect(store.draft.conversation.system.map((s) => s.type)).toEqual(["text", "text", "text", "cachePoint"]);
    expect(screen.getAllByTestId("cache-point-marker")).toHaveLength(1);
  });
});
