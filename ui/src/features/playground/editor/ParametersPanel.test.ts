import { fireEvent, render, screen } from "@testing-library/svelte";
import { tick } from "svelte";
import { beforeEach, describe, expect, it } from "vitest";
import { i18n } from "../../../lib/i18n/index.svelte";
import type { ParameterFacts } from "../../../lib/ipc/bindings";
import ParametersPanel from "./ParametersPanel.svelte";
import { makePlan, quietStore, SONNET_RULES } from "./test-plan";

const OPUS_4_7: ParameterFacts = {
  refused: ["temperature", "topP", "topK"],
  temperatureOrTopP: false,
  thinking: ["adaptive"],
  source: "Anthropic, Migrating to Claude Opus 4.7",
  asOf: "2026-12-01",
  sure: "reported",
};
const SONNET_4_5: ParameterFacts = {
  refused: [],
  temperatureOrTopP: true,
  thinking: ["budget"],
  source: "AWS",
  asOf: "2026-12-01",
  sure: "documented",
};

function storeFor(facts: ParameterFacts, name: string) {
  const store = quietStore();
  store.plan = makePlan([], [], { parameters: facts, caching: { ...SONNET_RULES, name } });
  return store;
}

/** The panel as the playground page mounts it on `store`. */
function mount(store: ReturnType<typeof quietStore>) {
  return render(ParametersPanel, {
    inference: store.draft.conversation.inference,
    facts: store.plan?.parameters ?? null,
    model: store.plan?.caching?.name ?? "",
    problems: store.plan?.problems ?? [],
    onchange: (patch) => store.setInference(patch),
  });
}

const input = (id: string) => screen.getByTestId<HTMLInputElement>(id);

beforeEach(() => i18n.set("en"));

describe("ParametersPanel", () => {
  it("disables what the model refuses and says why, in English and Japanese", async () => {
    const store = storeFor(OPUS_4_7, "Claude Opus 4.7");
    mount(store);
    await tick();
    expect(input("param-temperature").disabled).toBe(true);
    expect(input("param-top-k").disabled).toBe(true);
    expect(screen.getByTestId("param-temperature-why").textContent).toBe(
      "Claude Opus 4.7 does not take temperature; clear it to use the model's own.",
    );
    const thinking = screen.getByTestId<HTMLSelectElement>("param-thinking");
    const budget = [...thinking.options].find((o) => o.value === "enabled")!;
    expect(budget.disabled).toBe(true);
    expect([...thinking.options].find((o) => o.value === "adaptive")!.disabled).toBe(false);
    expect(screen.getByTestId("param-thinking-why").textContent).toBe(
      "Claude Opus 4.7 does not offer thinking with a budget; it offers adaptive thinking.",
    );
    expect(screen.getByTestId("parameters-source").textContent).toContain("checked 2026-12-01, reported by third parties");

    i18n.set("ja");
    await tick();
    expect(screen.getByTestId("param-temperature-why").textContent).toBe(
      "Claude Opus 4.7 は temperature を受け付けません。空にしてモデルの既定値を使ってください。",
    );
    expect(screen.getByTestId("parameters-toggle").textContent).toContain("パラメーター");
  });

  it("lets a model that takes temperature or top P hold one of them", async () => {
    const store = storeFor(SONNET_4_5, "Claude Sonnet 4.5");
    mount(store);
    await tick();
    expect(input("param-top-p").disabled).toBe(false);
    await fireEvent.change(input("param-temperature"), { target: { value: "0.4" } });
    await tick();
    expect(store.draft.conversation.inference.temperature).toBe(0.4);
    expect(input("param-top-p").disabled).toBe(true);
    expect(screen.getByTestId("param-top-p-why").textContent).toBe(
      "Claude Sonnet 4.5 takes temperature or top P, not both; clear one of them.",
    );
    // Clearing it gives top P back; an empty field is the model's default, not zero.
    await fireEvent.change(input("param-temperature"), { target: { value: "" } });
    await tick();
    expect(store.draft.conversation.inference.temperature).toBeUndefined();
    expect(input("param-top-p").disabled).toBe(false);
  });

  it("turns thinking on with the smallest budget, makes room for it under max tokens and says so", async () => {
    const store = storeFor(SONNET_4_5, "Claude Sonnet 4.5");
    store.setInference({ maxTokens: 1024 });
    mount(store);
    await tick();
    await fireEvent.change(screen.getByTestId("param-thinking"), { target: { value: "enabled" } });
    await tick();
    expect(store.draft.conversation.inference.thinking).toEqual({ type: "enabled", budgetTokens: 1024 });
    expect(store.draft.conversation.inference.maxTokens).toBe(2048);
    expect(screen.getByTestId("param-max-raised").textContent).toBe("Max tokens raised to 2,048 so the budget fits below it.");
    // With thinking on, top K stays at its default.
    expect(input("param-top-k").disabled).toBe(true);
    expect(screen.getByTestId("parameters-toggle").textContent).toContain("max tokens 2,048 · thinking 1,024");
  });

  it("shows the plan's problem at its field and opens itself to show it", async () => {
    const store = storeFor(SONNET_4_5, "Claude Sonnet 4.5");
    store.setInference({ maxTokens: 1500, thinking: { type: "enabled", budgetTokens: 2048 } });
    store.plan = {
      ...store.plan!,
      problems: [
        {
          field: "inference.thinking.budgetTokens",
          rule: { code: "thinkingBudgetNotBelowMaxTokens", budgetTokens: 2048, maxTokens: 1500 },
          message: "The thinking budget must be below max tokens.",
        },
      ],
    };
    mount(store);
    await tick();
    expect(screen.getByTestId<HTMLDetailsElement>("parameters").open).toBe(true);
    const problem = screen.getByTestId("parameter-problem");
    expect(problem.dataset.field).toBe("inference.thinking.budgetTokens");
    expect(problem.textContent).toBe(
      "The thinking budget (2,048) must be below max tokens (1,500); raise max tokens or lower the budget.",
    );
    i18n.set("ja");
    await tick();
    expect(screen.getByTestId("parameter-problem").textContent).toBe(
      "思考の予算（2,048）は最大トークン数（1,500）より小さくしてください。最大トークン数を上げるか、予算を下げてください。",
    );
  });
});
