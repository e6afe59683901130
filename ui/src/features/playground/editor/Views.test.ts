import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { tick } from "svelte";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { catalog } from "../../../lib/catalog.svelte";
import { connections } from "../../../lib/connections.svelte";
import { i18n } from "../../../lib/i18n/index.svelte";
import type { Project } from "../../../lib/ipc/bindings";
import { projects } from "../../../lib/projects.svelte";
import { describeFieldError } from "../../../lib/rules";
import { FINANCE, FakeCatalog } from "../../../test-support/fake-catalog";
import { LOCAL } from "../../../test-support/fake-connections";
import ConversationEditor from "./ConversationEditor.svelte";
import ModelPicker from "./ModelPicker.svelte";
import PlanSummary from "./PlanSummary.svelte";
import TokenRuler from "./TokenRuler.svelte";
import { stubLayout } from "./test-dom";
import { makePlan, point, quietStore } from "./test-plan";

beforeAll(stubLayout);
beforeEach(() => {
  i18n.set("en");
  catalog.reset();
  connections.reset();
  projects.reset();
});

describe("TokenRuler", () => {
  it("shows the total, the minimum, and the tokens a point below it still needs", async () => {
    const store = quietStore();
    store.plan = makePlan(
      [
        [{ section: "tool", item: 0 }, 200],
        [{ section: "system", item: 0 }, 512],
        [{ section: "message", message: 0, item: 0 }, 1800],
      ],
      [point(0, 712), point(1, 2512, { section: "messages" })],
    );
    render(TokenRuler, { store });
    await tick();
    const ruler = screen.getByTestId("token-ruler");
    expect(within(ruler).getByTestId("ruler-total").textContent).toBe("2,512 tokens");
    expect(ruler.textContent).toContain("counted by CountTokens");
    expect(ruler.textContent).toContain("min 1,024");
    const items = [...ruler.querySelectorAll(".tick-item")].map((li) => li.textContent?.replace(/\s+/g, " ").trim());
    expect(items).toEqual(["Cache point 1 at 712 tokens: +312 tokens needed", "Cache point 2 at 2,512 tokens: caches"]);
    // Drawn proportionally through the CSSOM (no style attributes in the markup).
    const segments = ruler.querySelectorAll<HTMLElement>(".segment");
    expect([...segments].map((s) => s.style.width)).toEqual(["7.962%", "20.382%", "71.656%"]);
    expect(ruler.querySelector<HTMLElement>(".min-line")?.style.left).toBe("40.764%");
    expect(ruler.querySelector(".min-item")?.textContent?.trim()).toBe("The model's minimum per cache point: 1,024 tokens");

    // A measured minimum says when it was measured.
    const plan = store.plan!;
    store.plan = {
      ...plan,
      caching: {
        ...plan.caching!,
        measured: { tokens: 1024, notAt: 1000, modelId: "m", invokedId: "m", region: "us-east-1", measuredOn: "2026-12-02", requests: 5 },
      },
    };
    await tick();
    expect(ruler.querySelector(".min-item")?.textContent?.trim()).toBe(
      "The model's minimum per cache point: 1,024 tokens, measured here on 2026-12-02",
    );
  });

  it("says when the sizes are estimates, and reaches the minimum when the prompt is shorter", async () => {
    const store = quietStore();
    store.plan = makePlan([[{ section: "system", item: 0 }, 256]], [point(0, 256)]);
    store.plan.plan.estimated = true;
    render(TokenRuler, { store });
    await tick();
    const ruler = screen.getByTestId("token-ruler");
    expect(ruler.textContent).toContain("≈ estimate");
    expect(ruler.textContent).toContain("+768 tokens needed");
    expect(ruler.querySelector<HTMLElement>(".min-line")?.style.left).toBe("100%");
    expect(ruler.querySelector<HTMLElement>(".segment")?.style.width).toBe("25%");
  });
});

describe("ModelPicker", () => {
  async function renderPicker() {
    const backend = new FakeCatalog({ connections: [LOCAL], activeId: "local" }).install();
    const store = quietStore();
    render(ModelPicker, { store });
    await waitFor(() => expect(catalog.catalog).not.toBeNull());
    return { store, backend };
  }

  it("loads the catalogue and filters suggestions as the person types", async () => {
    const { store } = await renderPicker();
    const user = userEvent.setup();
    const input = screen.getByTestId("model-picker");
    await user.click(input);
    // The suggestions' options (the service-tier select has options of its own).
    const suggested = () => within(screen.getByRole("listbox")).getAllByRole("option");
    const all = suggested().length;
    await user.type(input, "nova");
    const options = suggested();
    expect(options.length).toBeLessThan(all);
    expect(options.map((o) => o.getAttribute("data-value"))).toEqual(["us.amazon.nova-lite-v1:0", "amazon.nova-lite-v1:0"]);

    await user.keyboard("{ArrowDown}{ArrowDown}{Enter}");
    expect(store.draft.modelChoice).toBe("amazon.nova-lite-v1:0");
    expect(screen.queryByRole("listbox")).toBeNull();
  });

  it("suggests application profiles by ARN, and takes what was typed on Enter", async () => {
    const { store } = await renderPicker();
    const user = userEvent.setup();
    const input = screen.getByTestId("model-picker");
    await user.type(input, "finance");
    await user.click(within(screen.getByRole("listbox")).getByRole("option", { name: /finance-assistant/ }));
    expect(store.draft.modelChoice).toBe(FINANCE.arn);

    await user.clear(input);
    await user.type(input, "my.custom-model-id{Enter}");
    expect(store.draft.modelChoice).toBe("my.custom-model-id");
  });

  it("shows what the resolver said and the model's caching rules, and switches the API", async () => {
    const { store } = await renderPicker();
    const planned = makePlan([[{ section: "system", item: 0 }, 100]]);
    store.plan = {
      ...planned,
      caching: {
        ...planned.caching!,
        floorClaims: [
          { tokens: 1024, by: "AWS table", source: "https://docs.aws.amazon.com/x", asOf: "2026-12-01", sure: "documented" },
          { tokens: 1000, by: "Third party", source: "example/notes", asOf: "2026-12-01", sure: "reported" },
        ],
      },
    };
    await tick();
    expect(screen.getByTestId("model-resolution").textContent).toContain("us.anthropic.claude-3-7-sonnet-20250219-v1:0");
    expect(screen.getByTestId("model-resolution-why").textContent).toBe(
      "anthropic.claude-3-7-sonnet-20250219-v1:0 runs only through an inference profile here, so Outcrop calls us.anthropic.claude-3-7-sonnet-20250219-v1:0, which sends requests to us-east-1, us-east-2, us-west-2.",
    );
    const rules = screen.getByTestId("model-caching-rules");
    expect(rules.textContent).toContain("Claude 3.7 Sonnet");
    // Every claim beside the (missing) measurement, and the one planning uses.
    expect(screen.getByTestId("floor-claims").textContent).toContain("AWS table: 1,024 · Third party: 1,000 · measured here: —");
    expect(screen.getByTestId("floor-uses").textContent).toBe("Planning uses 1,024, the highest claim, until measured.");
    expect(rules.textContent).toContain("5m, 1h");

    store.plan = { ...store.plan, caching: null };
    await tick();
    expect(screen.getByTestId("model-caching-rules").textContent).toContain("No caching facts for this model");

    const user = userEvent.setup();
    await user.click(screen.getByLabelText("InvokeModel (Anthropic body)"));
    expect(store.draft.api).toBe("invokeModel");
  });

  it("picks a service tier, marks the tiers and transports the model does not offer, and clears the tier", async () => {
    const { store } = await renderPicker();
    const plan = makePlan([[{ section: "system", item: 0 }, 100]]);
    store.plan = {
      ...plan,
      apis: { runtime: ["converse"], notRuntime: ["invokeModel"], mantle: [], source: "model card", asOf: "2026-12-01", sure: "documented" },
      serviceTiers: { tiers: ["default"], source: "model card", asOf: "2026-12-01", sure: "documented" },
    };
    await tick();
    const select = screen.getByTestId("service-tier") as HTMLSelectElement;
    const labels = [...select.options].map((o) => o.textContent);
    expect(labels).toEqual([
      "None (the service's default)",
      "default (Standard)",
      "Priority — not offered by this model",
      "Flex — not offered by this model",
      "Reserved — not offered by this model",
    ]);
    expect(screen.getByLabelText(/InvokeModel \(Anthropic body\)/).closest("label")?.textContent).toContain("(not served by this model)");
    expect(screen.getByTestId("service-tiers-source").textContent).toBe("Tiers this model offers: default (Standard). Source: model card");
    const user = userEvent.setup();
    await user.selectOptions(select, "priority");
    expect(store.draft.conversation.serviceTier).toBe("priority");
    await user.selectOptions(select, "");
    expect(store.draft.conversation.serviceTier).toBeUndefined();
  });

  it("sends under a project chosen among the connection's active ones, and back under the default", async () => {
    const project = (id: string, name: string, status = "active"): Project => ({
      id,
      arn: `arn:aws:bedrock:us-east-1:111122223333:project/${id}`,
      name,
      status,
      createdAt: null,
      archivedAt: null,
      dataRetention: "default",
      tags: [],
      default: id === "default",
      cli: [],
    });
    const backend = new FakeCatalog({ connections: [LOCAL], activeId: "local" });
    backend.overrides.projects_overview = () => ({
      projects: [project("default", "default"), project("p-1", "Finance"), project("p-2", "Old", "archived")],
      iamPolicy: "{}",
    });
    backend.install();
    const store = quietStore();
    render(ModelPicker, { store });
    await waitFor(() => expect(catalog.catalog).not.toBeNull());
    const select = screen.getByTestId("project-choice") as HTMLSelectElement;
    await waitFor(() => expect([...select.options].map((o) => o.textContent)).toEqual(["Default project", "Finance (p-1)"]));
    const user = userEvent.setup();
    await user.selectOptions(select, "p-1");
    expect(store.draft.conversation.project).toBe("p-1");
    await user.selectOptions(select, "");
    expect(store.draft.conversation.project).toBeUndefined();
  });

  it("words the project refusals in English and Japanese", () => {
    const error = { field: "project", rule: { code: "projectWithApplicationProfile", project: "p-1" }, message: "" } as const;
    expect(describeFieldError(error)).toContain("Application inference profiles don't support non-default projects: send under p-1");
    i18n.set("ja");
    expect(describeFieldError(error)).toContain("アプリケーション推論プロファイルは default 以外のプロジェクトに対応していません");
    expect(describeFieldError({ field: "project", rule: { code: "projectNotOnMessagesApi", project: "p-1" }, message: "" })).toContain(
      "Messages API にはプロジェクトを指定する項目がありません",
    );
  });

  it("marks the Messages API by bedrock-mantle's list when the connection sends it there, and names the bare ID sent", async () => {
    const { store } = await renderPicker();
    const replan = vi.spyOn(store, "replan").mockResolvedValue();
    const plan = makePlan([[{ section: "system", item: 0 }, 100]]);
    const facts = { source: "model card", asOf: "2026-12-01", sure: "documented" } as const;
    const messagesLabel = () => screen.getByLabelText(/Messages API/).closest("label")?.textContent ?? "";
    store.plan = { ...plan, apis: { ...facts, runtime: ["converse", "messages"], notRuntime: [], mantle: [] }, messagesEndpoint: "runtime" };
    await tick();
    expect(messagesLabel()).not.toContain("(not served by this model)");
    connections.overview!.connections[0]!.messagesEndpoint = "mantle";
    store.plan = { ...plan, apis: { ...facts, runtime: ["converse", "messages"], notRuntime: [], mantle: [] }, messagesEndpoint: "mantle" };
    await tick();
    expect(messagesLabel()).toContain("(not served by this model)");
    store.plan = { ...plan, apis: { ...facts, runtime: [], notRuntime: ["messages"], mantle: ["messages"] }, messagesEndpoint: "mantle" };
    store.draft.api = "messages";
    await tick();
    expect(messagesLabel()).not.toContain("(not served by this model)");
    expect(screen.getByTestId("model-resolution-mantle").textContent).toContain("anthropic.claude-3-7-sonnet-20250219-v1:0");
    i18n.set("ja");
    await tick();
    expect(screen.getByTestId("model-resolution-mantle").textContent).toContain("プロファイルの接頭辞のないモデル ID");
    expect(replan).not.toHaveBeenCalled();
  });

  it("plans again once when the active connection's Messages API endpoint is not the one the plan was made for", async () => {
    const { store } = await renderPicker();
    const replan = vi.spyOn(store, "replan").mockResolvedValue();
    store.plan = { ...makePlan([[{ section: "system", item: 0 }, 100]]), messagesEndpoint: "runtime" };
    await tick();
    expect(replan).not.toHaveBeenCalled();
    connections.overview!.connections[0]!.messagesEndpoint = "mantle";
    await tick();
    expect(replan).toHaveBeenCalledTimes(1);
    store.plan = { ...store.plan, nowMs: 2_000 };
    await tick();
    expect(replan).toHaveBeenCalledTimes(1);
  });

  it("says “sent as given” once for a model the Region does not list", async () => {
    const { store } = await renderPicker();
    const plan = makePlan([[{ section: "system", item: 0 }, 100]]);
    store.plan = {
      ...plan,
      resolution: {
        invokeId: "acme.new-model-v1:0",
        foundationModelId: "acme.new-model-v1:0",
        route: "unverified",
        reason: { kind: "modelNotListed", modelId: "acme.new-model-v1:0", region: "us-east-1" },
        alternatives: [],
      } as unknown as typeof plan.resolution,
    };
    await tick();
    const shown = screen.getByTestId("model-resolution").textContent ?? "";
    expect(shown).toContain("Outcrop sends it as given: acme.new-model-v1:0");
    expect(shown).toContain("acme.new-model-v1:0 is not in us-east-1's catalogue");
    expect(shown.match(/as given/g)).toHaveLength(1);
  });

  it("words the resolver's reason in Japanese, with no English sentence", async () => {
    i18n.set("ja");
    const { store } = await renderPicker();
    store.plan = makePlan([[{ section: "system", item: 0 }, 100]]);
    await tick();
    expect(screen.getByTestId("model-resolution").textContent).toContain("Outcrop の呼び出し先:");
    expect(screen.getByTestId("model-resolution-why").textContent).toBe(
      "anthropic.claude-3-7-sonnet-20250219-v1:0 はここでは推論プロファイル経由でしか動かないため、Outcrop は us.anthropic.claude-3-7-sonnet-20250219-v1:0 を呼び出します。リクエストは us-east-1、us-east-2、us-west-2 に送られます。",
    );
    expect(screen.getByTestId("model-resolution").textContent).not.toMatch(/only|through|profile here|routes/);
  });
});

describe("PlanSummary", () => {
  it("puts the prediction, its cost and break-even, and the misses in words", async () => {
    const store = quietStore();
    store.plan = makePlan([[{ section: "system", item: 0 }, 3049]], [point(0, 3009), point(1, 3049)], {
      prediction: {
        readTokens: 3009,
        readBoundary: 1,
        write5mTokens: 40,
        write1hTokens: 0,
        uncachedTokens: 12,
        points: [
          { kind: "read", tokens: 3009 },
          { kind: "write", tokens: 40, ttl: "5m" },
        ],
        misses: [{ kind: "prefixChanged", diff: { block: 0, offset: 9, before: "10:00", after: "10:05" } }],
        estimated: false,
      },
      predictedCost: { input: 0.000036, cacheWrite: 0.00015, cacheRead: 0.0009027, output: 0, total: 0.0010887, withoutCache: 0.009183, saved: 0.0080943, implicitRead: 0, implicitSaved: 0 },
      breakEvenReads: 1,
      priceQuote: {
        prices: { input: 3, output: 15, cacheWrite5m: 3.75, cacheWrite1h: null, cacheRead: 0.3 },
        modelIdPrefix: "anthropic.claude-sonnet-4-5",
        geography: null,
        route: "global",
        row: { kind: "route", route: "global" },
        longContext: null,
        tiers: {},
        asOf: "2026-11-01",
        source: "Amazon Bedrock pricing page",
        note: null,
      },
    });
    render(PlanSummary, { store });
    const summary = screen.getByTestId("plan-summary");
    expect(screen.getByTestId("plan-prices").textContent?.trim()).toBe(
      "Prices: anthropic.claude-sonnet-4-5 (global-profile row), as of 2026-11-01. Source: Amazon Bedrock pricing page",
    );
    expect(summary.textContent).toContain("Next send: reads 3,009 tokens, writes 40, 12 uncached.");
    expect([...summary.querySelectorAll("li[data-point]")].map((li) => li.textContent)).toEqual([
      "Checkpoint 1 reads 3,009 tokens.",
      "Checkpoint 2 writes 40 tokens (5m).",
    ]);
    expect(screen.getByTestId("plan-cost").textContent).toBe("Predicted input cost: $0.00109 (without caching: $0.00918)");
    expect(screen.getByTestId("plan-break-even").textContent?.trim()).toBe("1 read repays a write.");
    expect(summary.querySelector('[data-miss="prefixChanged"]')?.textContent).toContain("The prefix changed in system block 1");
    expect(screen.getByTestId("diff-before").textContent).toBe("10:00");
    expect(screen.getByTestId("diff-after").textContent).toBe("10:05");

    store.plan = { ...store.plan!, breakEvenReads: 2 };
    await tick();
    expect(screen.getByTestId("plan-break-even").textContent?.trim()).toBe("2 reads repay a write.");
  });

  it("says where the sizes come from, and why any are still estimates", async () => {
    const store = quietStore();
    store.plan = makePlan([[{ section: "system", item: 0 }, 3049]], [point(0, 3049)], {
      sizes: { api: "invokeModel", countedBlocks: 1, estimatedBlocks: 0, reasons: [], prefixFraming: [] },
    });
    render(PlanSummary, { store });
    expect(screen.getByTestId("plan-sizes").textContent).toBe(
      "Sizes counted by CountTokens on the request as InvokeModel (Anthropic body) sends it.",
    );
    store.plan = {
      ...store.plan!,
      sizes: {
        api: "invokeModel",
        countedBlocks: 0,
        estimatedBlocks: 3,
        reasons: [
          { reason: "notCountedYet", blocks: 2 },
          { reason: "blockKindNotCountable", blocks: 1 },
        ],
        prefixFraming: [],
      },
    };
    await tick();
    expect(screen.getByTestId("plan-sizes").textContent).toBe(
      "≈ 2 blocks are not counted by CountTokens yet. " +
        "≈ 1 tool-use, tool-result or reasoning block cannot be counted alone: its size is a local estimate.",
    );
    store.plan = {
      ...store.plan!,
      sizes: { api: "converse", countedBlocks: 3, estimatedBlocks: 0, reasons: [], prefixFraming: [{ point: 0, tokens: 7 }] },
    };
    await tick();
    expect(screen.getByTestId("plan-sizes").textContent).toBe(
      "Sizes counted by CountTokens on the request as Converse sends it. " +
        "Up to checkpoint 1 the service counts 7 tokens beyond its blocks (request framing); the prediction includes them.",
    );
  });
});

describe("automatic cache placement", () => {
  async function renderPicker() {
    new FakeCatalog({ connections: [LOCAL], activeId: "local" }).install();
    const store = quietStore();
    render(ModelPicker, { store });
    await waitFor(() => expect(catalog.catalog).not.toBeNull());
    return store;
  }

  it("is offered on the Messages API only, with its TTLs, and turns off again", async () => {
    const store = await renderPicker();
    const select = screen.getByTestId("automatic-cache") as HTMLSelectElement;
    expect(select.disabled).toBe(true);
    expect(screen.getByTestId("automatic-cache-hint").textContent?.trim()).toBe("Only the Messages API takes it.");
    store.setApi("messages");
    await tick();
    expect(select.disabled).toBe(false);
    expect(screen.getByTestId("automatic-cache-hint").textContent).toContain("top-level cache_control");
    const user = userEvent.setup();
    await user.selectOptions(select, "1h");
    expect(store.draft.conversation.automaticCache).toBe("1h");
    // Switching transport keeps the choice visible, so it can be turned off where the rule refuses it.
    store.setApi("converse");
    await tick();
    expect(select.disabled).toBe(false);
    await user.selectOptions(select, "");
    expect(store.draft.conversation.automaticCache).toBeUndefined();
    expect(select.disabled).toBe(true);
  });

  it("is drawn after the last message and named in the summary, in English and Japanese", async () => {
    const store = quietStore();
    store.setApi("messages");
    store.setAutomaticCache("5m");
    const message = { section: "message", message: 0, item: 0 } as const;
    store.plan = makePlan([[message, 5200]], [point(0, 5200, { automatic: true, afterBlocks: 1, minTokens: 4096 })], {
      prediction: {
        readTokens: 0,
        readBoundary: null,
        write5mTokens: 5200,
        write1hTokens: 0,
        uncachedTokens: 0,
        points: [{ kind: "write", tokens: 5200, ttl: "5m" }],
        misses: [],
        estimated: false,
      },
    });
    render(ConversationEditor, { store });
    const marker = screen.getByTestId("automatic-point-marker");
    expect(marker.textContent).toContain("Automatic cache point 1 (top-level cache_control)");
    expect(screen.getByTestId("automatic-point-status").getAttribute("data-status")).toBe("caches");
    expect(marker.textContent).toContain("writes 5,200");
    render(PlanSummary, { store });
    expect(screen.getByTestId("plan-summary").querySelector("li[data-point]")?.textContent).toBe(
      "Checkpoint 1 (automatic) writes 5,200 tokens (5m).",
    );

    i18n.set("ja");
    await tick();
    expect(screen.getByTestId("automatic-point-marker").textContent).toContain("自動キャッシュポイント 1（トップレベル cache_control）");
    expect(screen.getByTestId("plan-summary").querySelector("li[data-point]")?.textContent).toContain("1（自動）");
  });

  it("shows the rule where a transport refuses it, and says when a point already closes the request", async () => {
    const store = quietStore();
    store.setAutomaticCache("5m");
    const message = { section: "message", message: 0, item: 0 } as const;
    store.plan = makePlan([[message, 5200]], [point(0, 5200, { automatic: true, afterBlocks: 1 })], {
      problems: [
        {
          field: "automaticCache",
          rule: { code: "automaticCacheMessagesOnly", api: "converse" },
          message: "Automatic cache placement (a top-level cache_control) is a Messages API field",
        },
      ],
    });
    render(ConversationEditor, { store });
    expect(screen.getByTestId("automatic-point-marker").querySelector("[data-problem-for='automaticCache']")?.textContent).toBe(
      "Automatic cache placement (a top-level cache_control) is a field of the Messages API only; Converse does not take it. Send through the Messages API, or turn automatic placement off and place cache points.",
    );

    store.plan = makePlan([[message, 5200]], [point(0, 5200, { afterBlocks: 1 })]);
    await tick();
    expect(screen.queryByTestId("automatic-point-marker")).toBeNull();
    expect(screen.getByTestId("automatic-point-merged").textContent).toBe(
      "Automatic placement adds no point: cache point 1 already closes the request.",
    );
  });
});
