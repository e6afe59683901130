import { mockIPC } from "@tauri-apps/api/mocks";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { i18n } from "../../../lib/i18n/index.svelte";
import type { BakeoffEvent, BakeoffReport, BakeoffRequest, Draft, PlanView, ReportInput, StrategyResult, StrategyTurn } from "../../../lib/ipc/bindings";
import { PlaygroundStore } from "../playground.svelte";
import BakeoffPanel from "./BakeoffPanel.svelte";
import { BakeoffStore } from "./bakeoff.svelte";

const MODEL = "anthropic.claude-3-7-sonnet-20250219-v1:0";

function draft(): Draft {
  return {
    modelChoice: MODEL,
    api: "converse",
    conversation: {
      tools: [],
      system: [{ type: "text", text: "You answer questions about the attached report." }],
      messages: [
        {
          role: "user",
          content: [
            { type: "document", name: "report", format: "txt", text: "Quarterly figures" },
            { type: "text", text: "What does it say?" },
          ],
        },
      ],
      inference: { maxTokens: 512, stopSequences: [] },
    },
  };
}

/** A playground whose timers never fire (no plan or save calls in these tests). */
function playgroundWith(d: Draft): PlaygroundStore {
  const store = new PlaygroundStore({ setTimeout: () => 0, clearTimeout: () => {}, frame: (fn) => fn(), now: () => 0 });
  store.draft = d;
  return store;
}

function turn(n: number, cost: number, read: number, write: number, ttft: number): StrategyTurn {
  return {
    turn: n,
    cost,
    withoutCache: 0.01,
    inputTokens: 200,
    cacheReadTokens: read,
    implicitReadTokens: 0,
    cacheWriteTokens: write,
    outputTokens: 80,
    timeToFirstTokenMs: ttft,
    totalMs: 1500,
  };
}

interface Backend {
  calls: { cmd: string; args: Record<string, unknown> }[];
  emit: (event: BakeoffEvent) => void;
  finish: (report: BakeoffReport) => void;
  fail: (error: unknown) => void;
}

function backend(): Backend {
  const b: Backend & { channel?: { onmessage: (e: unknown) => void }; done?: (r: unknown) => void; reject?: (e: unknown) => void } = {
    calls: [],
    emit: (event) => b.channel!.onmessage(event),
    finish: (report) => b.done!(report),
    fail: (error) => b.reject!(error),
  };
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    b.calls.push({ cmd, args });
    if (cmd === "playground_bakeoff") {
      b.channel = args.onEvent as { onmessage: (e: unknown) => void };
      return new Promise((resolve, reject) => {
        b.done = resolve;
        b.reject = reject;
      });
    }
    if (cmd === "playground_bakeoff_cancel") return true;
    if (cmd === "report_default_folder") return "/home/ana/Documents/Outcrop reports";
    if (cmd === "report_save") return { folder: "/f", html: "/f/a.html", pdf: { outcome: "saved", path: "/f/a.pdf" } };
    throw `unexpected command ${cmd}`;
  });
  return b;
}

let store: BakeoffStore;
beforeEach(() => {
  store = new BakeoffStore();
  // jsdom has no canvas: say so quietly (ChartCanvas then shows its text alternative only).
  vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(null);
});
afterEach(() => {
  vi.restoreAllMocks();
  if (i18n.locale !== "en") i18n.set("en");
});

describe("BakeoffPanel", () => {
  it("sends the draft and the script, streams progress into bars and charts, and renders the recommendation", async () => {
    const user = userEvent.setup();
    const b = backend();
    const source = playgroundWith(draft());
    source.setInference({ temperature: 0.3 });
    render(BakeoffPanel, { store, source });
    expect(screen.getByTestId("bakeoff-parameters").textContent?.trim()).toMatch(/parameters: .*temperature 0.3\.$/);

    // Two placements only: the defaults off but "no cache points", and "system only" on.
    await user.click(screen.getByLabelText(/last user/));
    await user.click(screen.getByLabelText(/Per document/));
    await user.click(screen.getByLabelText(/System only/));
    await user.click(screen.getByTestId("bakeoff-run"));

    await waitFor(() => expect(b.calls.map((c) => c.cmd)).toContain("playground_bakeoff"));
    const request = b.calls.find((c) => c.cmd === "playground_bakeoff")!.args.request as BakeoffRequest;
    expect(request.placements).toEqual(["noCache", "systemOnly"]);
    expect(request.ttl).toBe("5m");
    expect(request.followUps).toHaveLength(3);
    expect(request.followUps[0]).toMatch(/Summarise the document/);
    expect(request.draft.modelChoice).toBe(MODEL);
    expect(request.draft.conversation.inference.temperature).toBe(0.3);
    expect(request.draft.conversation.messages[0]?.content[0]).toMatchObject({ type: "document", name: "report" });
    expect(screen.getByTestId("bakeoff-cancel")).toBeTruthy();

    b.emit({ event: "started", placements: ["noCache", "systemOnly"], apis: ["converse"], turns: 4 });
    b.emit({ event: "progress", placement: "noCache", api: "converse", turn: 1, of: 4 });
    const overall = await screen.findByTestId("bakeoff-overall");
    await waitFor(() => expect(overall.textContent).toBe("Turn 1 of 4 · No cache points"));
    expect(overall.getAttribute("aria-live")).toBe("polite");

    b.emit({ event: "turnDone", placement: "noCache", api: "converse", turn: turn(1, 0.01, 0, 0, 900) });
    b.emit({ event: "turnDone", placement: "noCache", api: "converse", turn: turn(2, 0.011, 0, 0, 950) });
    b.emit({ event: "progress", placement: "noCache", api: "converse", turn: 3, of: 4 });
    await waitFor(() => expect(overall.textContent).toBe("Turn 3 of 4 · No cache points"));
    const bar = screen.getByLabelText(/No cache points: 2 of 4 turns/) as HTMLProgressElement;
    expect(bar.value).toBe(2);
    expect(bar.max).toBe(4);
    // The cost chart fills as turns arrive: its text alternative carries the values so far.
    const costChart = screen.getByTestId("chart-bakeoff-cost");
    expect(costChart.textContent).toContain("No cache points: $0.0100, $0.0110");
    expect(costChart.textContent).toContain("System only: no turns yet");

    const noCache: StrategyResult = {
      placement: "noCache",
      api: "converse",
      sessionId: "s1",
      turns: [turn(1, 0.01, 0, 0, 900), turn(2, 0.011, 0, 0, 950), turn(3, 0.012, 0, 0, 900), turn(4, 0.013, 0, 0, 1000)],
      error: null,
    };
    const systemOnly: StrategyResult = {
      placement: "systemOnly",
      api: "converse",
      sessionId: "s2",
      turns: [turn(1, 0.0125, 0, 1800, 900), turn(2, 0.002, 1800, 0, 300), turn(3, 0.002, 1800, 0, 300), turn(4, 0.002, 1800, 0, 300)],
      error: null,
    };
    b.emit({ event: "strategyDone", result: noCache });
    b.emit({ event: "progress", placement: "systemOnly", api: "converse", turn: 2, of: 4 });
    b.emit({ event: "turnDone", placement: "systemOnly", api: "converse", turn: systemOnly.turns[0]! });
    b.emit({ event: "turnDone", placement: "systemOnly", api: "converse", turn: systemOnly.turns[1]! });
    await waitFor(() => expect(screen.getByTestId("chart-bakeoff-hit-rate").textContent).toContain("System only: 0%, 90%"));
    expect(screen.getByTestId("chart-bakeoff-ttft").textContent).toContain("System only: 900 ms, 300 ms");

    b.emit({ event: "strategyDone", result: systemOnly });
    b.finish({
      results: [noCache, systemOnly],
      recommendation: {
        placement: "systemOnly",
        api: "converse",
        reasons: [
          { kind: "cheapest", placement: "systemOnly", api: null, cost: 0.0185, turns: 4, finished: 2 },
          { kind: "savings", withoutCache: 0.04, savedPercent: 53.75, hitRatePercent: 61.2 },
        ],
      },
      cancelled: false,
    });

    const recommendation = await screen.findByTestId("bakeoff-recommendation");
    expect(recommendation.textContent).toContain("Recommended: System only");
    expect(recommendation.textContent).toContain("“System only” costs $0.0185 over 4 turns, the least of the 2 strategies that finished.");
    expect(recommendation.textContent).toContain("would cost $0.0400: 54% saved, with 61% of input tokens read from the cache");
    expect(within(recommendation).getAllByRole("listitem")).toHaveLength(2);
    expect(screen.queryByTestId("bakeoff-cancel")).toBeNull();
    expect(overall.textContent).toBe("Finished.");
    const row = document.querySelector('tr[data-placement="systemOnly"]')!;
    expect(row.getAttribute("data-recommended")).toBe("true");
    expect(row.textContent).toContain("$0.0185");
    expect(row.textContent).toContain("54%"); // 1 − 0.0185 / 0.04
    expect(document.querySelector('tr[data-placement="noCache"]')!.getAttribute("data-recommended")).toBeNull();
    // One transport tried: no result names it.
    expect(within(screen.getByTestId("bakeoff-results")).queryByRole("columnheader", { name: "Transport" })).toBeNull();
    expect(recommendation.textContent).not.toContain("Converse");

    // "Use this placement" replaces the draft's points with the recommended ones.
    source.draft.conversation.messages[0]!.content.push({ type: "cachePoint", ttl: "1h" });
    await user.click(screen.getByTestId("bakeoff-apply"));
    expect(source.draft.conversation.system.at(-1)).toEqual({ type: "cachePoint", ttl: "5m" });
    expect(source.draft.conversation.messages[0]!.content.some((c) => c.type === "cachePoint")).toBe(false);
    expect(screen.getByRole("status").textContent).toContain("5m");

    // The results as a report: a group per run with the script's questions, the recommendation as worded here.
    await user.click(screen.getByTestId("export-report"));
    await user.click(screen.getByTestId("report-export"));
    await screen.findByTestId("report-result");
    const saved = b.calls.find((c) => c.cmd === "report_save")!.args.input as ReportInput;
    expect(saved.kind).toBe("bakeoff");
    expect(saved.groups.map((g) => g.label)).toEqual(["No cache points", "System only"]);
    expect(saved.groups[1]!.turns).toHaveLength(4);
    expect(saved.groups[1]!.turns[1]!.question).toBe(request.followUps[0]);
    expect(saved.recommendation!.headline).toBe("Recommended: System only");
    expect(saved.recommendation!.reasons[0]).toBe("“System only” costs $0.0185 over 4 turns, the least of the 2 strategies that finished.");
  });

  it("cancels through playground_bakeoff_cancel and says there is no recommendation", async () => {
    const user = userEvent.setup();
    const b = backend();
    render(BakeoffPanel, { store, source: playgroundWith(draft()) });
    await user.click(screen.getByTestId("bakeoff-run"));
    b.emit({ event: "started", placements: ["noCache", "systemOnly", "systemAndTools"], apis: ["converse"], turns: 4 });
    const cancel = await screen.findByTestId("bakeoff-cancel");
    await user.click(cancel);
    expect(b.calls.filter((c) => c.cmd === "playground_bakeoff_cancel")).toHaveLength(1);
    await waitFor(() => expect((screen.getByTestId("bakeoff-cancel") as HTMLButtonElement).disabled).toBe(true));

    b.finish({
      results: [{ placement: "noCache", api: "converse", sessionId: "s1", turns: [turn(1, 0.01, 0, 0, 900)], error: "cancelled" }],
      recommendation: null,
      cancelled: true,
    });
    await waitFor(() => expect(screen.getByTestId("bakeoff-overall").textContent).toMatch(/cancelled/));
    expect(screen.queryByTestId("bakeoff-recommendation")).toBeNull();
    expect(screen.queryByTestId("bakeoff-cancel")).toBeNull();
  });

  it("checks the form before sending, and shows Rust's validation errors next to their fields", async () => {
    const user = userEvent.setup();
    const b = backend();
    render(BakeoffPanel, { store, source: playgroundWith(draft()) });

    await user.click(screen.getByLabelText(/last user/));
    await user.click(screen.getByLabelText(/Per document/));
    await user.clear(screen.getByLabelText(/Follow-up questions/));
    await user.click(screen.getByTestId("bakeoff-run"));
    expect(b.calls).toHaveLength(0);
    expect(document.querySelector('[data-error-for="placements"]')?.textContent).toBe("Choose two to four placements.");
    expect(document.querySelector('[data-error-for="followUps"]')?.textContent).toBe("Write at least one follow-up question.");
    expect(screen.getByLabelText(/Follow-up questions/).getAttribute("aria-invalid")).toBe("true");

    await user.click(screen.getByLabelText(/Per document/));
    await user.type(screen.getByLabelText(/Follow-up questions/), "Why?");
    await user.click(screen.getByTestId("bakeoff-run"));
    await waitFor(() => expect(b.calls).toHaveLength(1));
    expect((b.calls[0]!.args.request as BakeoffRequest).placements).toEqual(["noCache", "perDocument"]);
    b.fail({
      code: "validation",
      message: "The request has problems",
      detail: null,
      fields: [
        { field: "followUps[0]", rule: { code: "followUpEmpty" }, message: "This follow-up question is empty." },
        { field: "messages[0].content", rule: { code: "contentOnlyCachePoints" }, message: "A message needs some content besides cache points." },
      ],
    });
    await waitFor(() =>
      expect(document.querySelector('[data-error-for="followUps"]')?.textContent).toBe("This follow-up question is empty."),
    );
    expect(screen.getByTestId("bakeoff-refused").textContent).toContain("messages[0].content: A message needs some content besides cache points.");
    expect(document.querySelector('[data-error-for="placements"]')).toBeNull();
  });

  it("varies the transport: defaults to the draft's, disables one the model does not serve, and names the transport in every result", async () => {
    const user = userEvent.setup();
    const b = backend();
    const source = playgroundWith(draft());
    // The model's facts: the Messages API is refused on bedrock-runtime.
    source.plan = {
      caching: { name: "Claude Sonnet 3.7" },
      apis: { runtime: ["converse", "invokeModel"], notRuntime: ["messages"], mantle: [], source: "", asOf: "", sure: "documented" },
    } as unknown as PlanView;
    render(BakeoffPanel, { store, source });

    const transports = screen.getByTestId("bakeoff-transports");
    const converse = within(transports).getByLabelText(/^Converse/) as HTMLInputElement;
    const invoke = within(transports).getByLabelText(/^InvokeModel/) as HTMLInputElement;
    const messages = within(transports).getByLabelText(/^Messages API/) as HTMLInputElement;
    expect([converse.checked, invoke.checked, messages.checked]).toEqual([true, false, false]);
    expect(messages.disabled).toBe(true);
    expect(invoke.disabled).toBe(false);
    const why = within(transports).getByTestId("bakeoff-api-refused");
    expect(why.textContent).toBe("Claude Sonnet 3.7 does not serve Messages API.");
    expect(messages.getAttribute("aria-describedby")).toBe(why.id);

    // Two placements through two transports.
    await user.click(invoke);
    expect(screen.getByText(/Placements \(choose 1–4; each goes through every transport\)/)).toBeTruthy();
    await user.click(screen.getByLabelText(/No cache points/));
    await user.click(screen.getByTestId("bakeoff-run"));
    await waitFor(() => expect(b.calls.map((c) => c.cmd)).toContain("playground_bakeoff"));
    const request = b.calls.find((c) => c.cmd === "playground_bakeoff")!.args.request as BakeoffRequest;
    expect(request.placements).toEqual(["systemAndLastUser", "perDocument"]);
    expect(request.apis).toEqual(["converse", "invokeModel"]);

    b.emit({ event: "started", placements: ["systemAndLastUser", "perDocument"], apis: ["converse", "invokeModel"], turns: 2 });
    b.emit({ event: "progress", placement: "perDocument", api: "invokeModel", turn: 2, of: 2 });
    const overall = await screen.findByTestId("bakeoff-overall");
    await waitFor(() => expect(overall.textContent).toBe("Turn 2 of 2 · Per document · InvokeModel"));
    expect(screen.getByLabelText(/Per document · InvokeModel: 0 of 2 turns/)).toBeTruthy();

    const result = (placement: StrategyResult["placement"], api: StrategyResult["api"], second: number, read: number): StrategyResult => ({
      placement,
      api,
      sessionId: `${placement}-${api}`,
      turns: [turn(1, 0.0125, 0, 1800, 900), turn(2, second, read, 0, 300)],
      error: null,
    });
    const results = [
      result("systemAndLastUser", "converse", 0.003, 1800),
      result("systemAndLastUser", "invokeModel", 0.003, 1800),
      result("perDocument", "converse", 0.002, 1800),
      result("perDocument", "invokeModel", 0.01, 0),
    ];
    for (const r of results) b.emit({ event: "strategyDone", result: r });
    b.finish({
      results,
      recommendation: {
        placement: "perDocument",
        api: "converse",
        reasons: [
          { kind: "cheapest", placement: "perDocument", api: "converse", cost: 0.0145, turns: 2, finished: 4 },
          { kind: "runnerUp", placement: "systemAndLastUser", api: "invokeModel", cost: 0.0155, difference: 0.001 },
          {
            kind: "transportsDiffer",
            placement: "perDocument",
            cheaper: "converse",
            cheaperCost: 0.0145,
            dearer: "invokeModel",
            dearerCost: 0.0225,
            cause: { kind: "cacheUsage", cheaperRead: 1800, cheaperWrite: 1800, dearerRead: 0, dearerWrite: 1800, framing: true },
          },
        ],
      },
      cancelled: false,
    });

    const recommendation = await screen.findByTestId("bakeoff-recommendation");
    expect(recommendation.textContent).toContain("Recommended: Per document through Converse");
    expect(recommendation.textContent).toContain("“Per document” through Converse costs $0.0145 over 2 turns, the least of the 4 runs that finished.");
    expect(recommendation.textContent).toContain("The next best, “System + last user turn” through InvokeModel, costs $0.0155");
    expect(recommendation.textContent).toContain(
      "“Per document” costs $0.0145 through Converse and $0.0225 through InvokeModel. They reported different cache usage: Converse read 1,800 and wrote 1,800 tokens, InvokeModel read 0 and wrote 1,800.",
    );
    // Why, in Compare's words for framing.
    expect(recommendation.textContent).toContain("The transports frame the same conversation differently");

    // The table: one row per run, with a transport column.
    const table = screen.getByTestId("bakeoff-results");
    expect(within(table).getByRole("columnheader", { name: "Transport" })).toBeTruthy();
    const rows = [...table.querySelectorAll("tbody tr")].map((r) => [r.getAttribute("data-placement"), r.getAttribute("data-api"), r.querySelector(".transport")?.textContent]);
    expect(rows).toEqual([
      ["systemAndLastUser", "converse", "Converse"],
      ["systemAndLastUser", "invokeModel", "InvokeModel"],
      ["perDocument", "converse", "Converse"],
      ["perDocument", "invokeModel", "InvokeModel"],
    ]);
    expect(table.querySelector('tr[data-recommended="true"]')?.getAttribute("data-api")).toBe("converse");
    // The charts: one line per run, named with its transport.
    expect(screen.getByTestId("chart-bakeoff-hit-rate").textContent).toContain("Per document · InvokeModel: 0%, 0%");

    // Using it sets the placement and the transport.
    source.draft.api = "invokeModel";
    await user.click(screen.getByRole("button", { name: "Use this placement and transport" }));
    expect(source.draft.api).toBe("converse");
    expect(screen.getByRole("status").textContent).toContain("sent through Converse");

    i18n.set("ja");
    await waitFor(() => expect(recommendation.textContent).toContain("推奨：ドキュメントごと（Converse 経由）"));
    expect(within(table).getByRole("columnheader", { name: "送信方法" })).toBeTruthy();
  });

  it("lets the draft's transport be unticked when the model does not serve it", async () => {
    const user = userEvent.setup();
    backend();
    const source = playgroundWith({ ...draft(), api: "messages" });
    source.plan = {
      caching: { name: "Nova Pro" },
      apis: { runtime: ["converse", "invokeModel"], notRuntime: ["messages"], mantle: [], source: "", asOf: "", sure: "documented" },
    } as unknown as PlanView;
    render(BakeoffPanel, { store, source });
    const messages = screen.getByLabelText(/^Messages API/) as HTMLInputElement;
    expect(messages.checked && !messages.disabled).toBe(true);
    await user.click(screen.getByLabelText(/^Converse/));
    await user.click(messages);
    expect(messages.checked).toBe(false);
    expect(messages.disabled).toBe(true);
    expect(store.apisFor(source.draft.api)).toEqual(["converse"]);
  });

  it("shows Rust's refusal of a transport at the transport choice", async () => {
    const user = userEvent.setup();
    const b = backend();
    render(BakeoffPanel, { store, source: playgroundWith({ ...draft(), modelChoice: "us.amazon.nova-pro-v1:0" }) });
    await user.click(screen.getByLabelText(/^InvokeModel/));
    await user.click(screen.getByTestId("bakeoff-run"));
    await waitFor(() => expect(b.calls).toHaveLength(1));
    b.fail({
      code: "validation",
      message: "The request has problems",
      detail: null,
      fields: [
        {
          field: "apis[1]",
          rule: { code: "anthropicBodyOnly", model: "Nova Pro" },
          message: "InvokeModel sends an Anthropic Messages body, which Nova Pro does not read; send it with Converse",
        },
      ],
    });
    await waitFor(() => expect(document.querySelector('[data-error-for="apis"]')?.textContent).toContain("InvokeModel here sends an Anthropic Messages body, which Nova Pro does not read"));
    expect(screen.queryByTestId("bakeoff-refused")).toBeNull();
    // Nothing the person chose is lost.
    expect((screen.getByLabelText(/^InvokeModel/) as HTMLInputElement).checked).toBe(true);
  });
});
