import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { catalog } from "../../../lib/catalog.svelte";
import { connections } from "../../../lib/connections.svelte";
import type { Draft, PlanRequest, PlanView, ReportInput, SendRequest, Session, SessionRun, TurnEvent, TurnRecord } from "../../../lib/ipc/bindings";
import { FakeCatalog, FINANCE, SONNET_35 } from "../../../test-support/fake-catalog";
import { failure, LOCAL } from "../../../test-support/fake-connections";
import { PlaygroundStore } from "../playground.svelte";
import ComparePanel from "./ComparePanel.svelte";
import { CompareStore } from "./compare.svelte";

const US = `us.${SONNET_35.modelId}`;

function draft(modelChoice = SONNET_35.modelId): Draft {
  return {
    modelChoice,
    api: "converse",
    conversation: {
      tools: [],
      system: [{ type: "text", text: "You are terse." }, { type: "cachePoint", ttl: "5m" }],
      messages: [{ role: "user", content: [{ type: "text", text: "Name three minerals." }] }],
      inference: { maxTokens: 256, stopSequences: [] },
    },
  };
}

function playgroundWith(d: Draft): PlaygroundStore {
  const store = new PlaygroundStore({ setTimeout: () => 0, clearTimeout: () => {}, frame: (fn) => fn(), now: () => 0 });
  store.draft = d;
  return store;
}

function planView(request: PlanRequest): PlanView {
  const system = request.modelChoice.startsWith("us.");
  return {
    resolution: {
      invokeId: request.modelChoice,
      foundationModelId: SONNET_35.modelId,
      route: system ? "systemProfile" : "onDemand",
      reason: system
        ? { kind: "systemProfile", profileId: request.modelChoice, destinations: ["us-east-1"] }
        : { kind: "onDemand", modelId: request.modelChoice, region: "us-east-1" },
      alternatives: [],
    },
    region: "us-east-1",
    caching: { name: "Claude 3.5 Sonnet", minTokens: 1024, ttls: ["5m"], fields: ["system", "messages", "tools"], note: null, floorClaims: [], measured: null, implicit: false },
    apis: null,
    messagesEndpoint: "runtime",
    serviceTiers: null,
    parameters: null,
    plan: { totalTokens: 20, blockTokens: [10, 10], estimated: true, points: [], lints: [], modelKnown: true },
    blocks: [],
    points: [],
    prediction: { readTokens: 0, readBoundary: null, write5mTokens: 0, write1hTokens: 0, uncachedTokens: 20, points: [], misses: [], estimated: true },
    problems: [],
    prices: null,
    priceQuote: null,
    billing: null,
    predictedCost: { input: 0.00006, cacheWrite: 0, cacheRead: 0, output: 0, total: 0.00006, withoutCache: 0.00006, saved: 0, implicitRead: 0, implicitSaved: 0 },
    breakEvenReads: null,
    sizes: { api: "converse", countedBlocks: 0, estimatedBlocks: 0, reasons: [], prefixFraming: [] },
    cache: [],
    nowMs: 0,
  };
}

function turnRecord(sessionId: string, request: SendRequest, seq: number, reply: string, cost: number, ttft: number): TurnRecord {
  return {
    id: seq * 10 + Number(sessionId.slice(1)),
    sessionId,
    seq,
    status: "complete",
    startedAtMs: 0,
    modelChoice: request.draft.modelChoice,
    invokeId: request.draft.modelChoice,
    foundationModelId: SONNET_35.modelId,
    region: "us-east-1",
    api: "converse",
    request: request.draft.conversation,
    reply: [{ type: "text", text: reply }],
    stopReason: "end_turn",
    error: null,
    usage: { inputTokens: 20, outputTokens: 12, cacheReadInputTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0 , implicitReadTokens: 0},
    prices: null,
    billing: null,
    serviceTier: null,
    cost: { input: cost, cacheWrite: 0, cacheRead: 0, output: 0, total: cost, withoutCache: cost, saved: 0, implicitRead: 0, implicitSaved: 0 },
    prediction: { readTokens: 0, readBoundary: null, write5mTokens: 0, write1hTokens: 0, uncachedTokens: 20, points: [], misses: [], estimated: true },
    reconciliation: null,
    latency: { timeToFirstTokenMs: ttft, totalMs: ttft + 500, serviceLatencyMs: null },
    attempts: 1,
  };
}

interface Running {
  request: SendRequest;
  channel: { onmessage: (e: TurnEvent) => void };
  finish: (reply: string, cost: number, ttft?: number) => void;
  fail: (code: "needs_inference_profile" | "throttled", message: string) => void;
}

/** The Rust side of Compare: sessions in memory, sends that wait until the test finishes them. */
class FakeCompare extends FakeCatalog {
  sessions = new Map<string, Session>();
  running = new Map<string, Running>();
  private nextSession = 1;

  constructor() {
    super({ connections: [LOCAL], activeId: "local" });
    this.overrides.session_create = (args) => {
      const id = `s${this.nextSession++}`;
      const session: Session = {
        id,
        title: args.title as string,
        draft: structuredClone(args.draft as Draft),
        turns: [],
        earlierTurns: 0,
        damagedTurns: [],
        totals: { turns: 0, usage: { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0 , implicitReadTokens: 0}, cost: 0, withoutCache: 0, saved: 0, implicitSaved: 0 },
        cache: [],
        nowMs: 0,
      };
      this.sessions.set(id, session);
      return structuredClone(session);
    };
    this.overrides.playground_plan = (args) => planView(args.request as PlanRequest);
    this.overrides.session_get = (args) => structuredClone(this.sessions.get(args.id as string));
    this.overrides.playground_cancel = (args) => this.running.has(args.sessionId as string);
    this.overrides.playground_send = (args) => {
      const request = args.request as SendRequest;
      const session = this.sessions.get(request.sessionId)!;
      return new Promise((resolve, reject) => {
        this.running.set(request.sessionId, {
          request,
          channel: args.onEvent as Running["channel"],
          finish: (reply, cost, ttft = 400) => {
            const record = turnRecord(request.sessionId, request, session.turns.length + 1, reply, cost, ttft);
            session.turns.push(record);
            session.draft = structuredClone(request.draft);
            session.draft.conversation.messages.push({ role: "assistant", content: [{ type: "text", text: reply }] });
            this.running.delete(request.sessionId);
            resolve(record);
          },
          fail: (code, message) => {
            this.running.delete(request.sessionId);
            reject(failure(code, message));
          },
        });
      });
    };
  }

  send(sessionId: string): Running {
    const found = this.running.get(sessionId);
    if (!found) throw new Error(`${sessionId} is not sending`);
    return found;
  }
}

/** Animation frames run when the test says so, to check that deltas are batched. */
function frames() {
  const queue: (() => void)[] = [];
  return {
    scheduler: { frame: (fn: () => void) => void queue.push(fn) },
    run: () => queue.splice(0).forEach((fn) => fn()),
  };
}

function column(n: number): HTMLElement {
  const found = screen.getAllByTestId("compare-column")[n];
  if (!found) throw new Error(`no column ${n}`);
  return found;
}

let backend: FakeCompare;
beforeEach(() => {
  connections.reset();
  catalog.reset();
  backend = new FakeCompare().install();
});

async function setUp() {
  const user = userEvent.setup();
  const f = frames();
  const store = new CompareStore(f.scheduler);
  const source = playgroundWith(draft());
  render(ComparePanel, { store, source });
  // Quick picks come from the catalogue: the same model on demand, through us./eu. and the finance application profile.
  const onDemand = await screen.findByRole("button", { name: /On demand/ });
  expect(document.querySelector(`[data-pick="eu.${SONNET_35.modelId}"]`)).not.toBeNull();
  expect(document.querySelector(`[data-pick="${FINANCE.arn}"]`)?.textContent).toContain("finance-assistant");
  await user.click(onDemand);
  await user.click(screen.getByRole("button", { name: /us profile/ }));
  expect((screen.getByLabelText("Target 1") as HTMLInputElement).value).toBe(SONNET_35.modelId);
  expect((screen.getByLabelText("Target 2") as HTMLInputElement).value).toBe(US);
  return { user, f, store, source };
}

describe("ComparePanel", () => {
  it("sends the same model through two transports side by side", async () => {
    const { user, store } = await setUp();
    store.setChoice(1, SONNET_35.modelId);
    const apis = screen.getAllByTestId("compare-api") as HTMLSelectElement[];
    await user.selectOptions(apis[0]!, "invokeModel");
    await user.selectOptions(apis[1]!, "messages");
    expect(store.duplicate).toBe(false);
    await user.click(screen.getByTestId("compare-run"));
    await waitFor(() => expect(backend.commands("playground_send")).toHaveLength(2));
    const sent = backend.commands("playground_send").map((c) => c.args.request as SendRequest);
    expect(sent.map((r) => r.draft.api)).toEqual(["invokeModel", "messages"]);
    const planned = backend.commands("playground_plan").map((c) => (c.args.request as PlanRequest).api);
    expect(planned).toEqual(["invokeModel", "messages"]);
    const labels = backend.commands("session_create").map((c) => (c.args as { run: SessionRun }).run.label);
    expect(labels).toEqual([`${SONNET_35.modelId} · invokeModel`, `${SONNET_35.modelId} · messages`]);
    expect(screen.getAllByTestId("compare-column-api").map((e) => e.textContent)).toEqual([
      "InvokeModel (Anthropic body)",
      "Messages API (Anthropic)",
    ]);
  });

  it("says when the transports disagree about what was cached, and why", async () => {
    const { store } = await setUp();
    store.setChoice(1, SONNET_35.modelId);
    store.setApi(0, "converse");
    store.setApi(1, "messages");
    const turn = (read: number, write: number): TurnRecord => ({
      ...turnRecord("s1", { sessionId: "s1", draft: draft() } as SendRequest, 1, "ok", 0.01, 500),
      usage: { inputTokens: 14, outputTokens: 100, cacheReadInputTokens: read, cacheWrite5mTokens: write, cacheWrite1hTokens: 0, implicitReadTokens: 0 },
    });
    store.columns[0]!.turns = [turn(0, 6129)];
    store.columns[1]!.turns = [turn(6129, 0)];
    const note = await screen.findByTestId("compare-disagreements");
    expect(note.querySelector("li")?.dataset.cause).toBe("sharedCache");
    expect(note.textContent).toContain("Converse read 0, wrote 6,129; Messages API (Anthropic) read 6,129, wrote 0");
    expect(note.textContent).toContain("A prefix written through one transport was read through another");
  });

  it("exports the run as a report once a column has answered: a group per column with its own transport", async () => {
    const { user, store } = await setUp();
    backend.overrides.report_default_folder = () => "/home/ana/Documents/Outcrop reports";
    backend.overrides.report_save = () => ({ folder: "/f", html: "/f/a.html", pdf: { outcome: "unsupported" } });
    store.setApi(1, "messages");
    expect(screen.queryByTestId("export-report")).toBeNull();
    store.columns[0]!.turns = [turnRecord("s1", { sessionId: "s1", draft: draft() } as SendRequest, 1, "Quartz.", 0.01, 500)];
    await user.click(await screen.findByTestId("export-report"));
    expect((screen.getByTestId("report-name") as HTMLInputElement).value).toMatch(/^Compare \d{4}-\d\d-\d\d \d\d-\d\d$/);
    await user.click(screen.getByTestId("report-export"));
    await screen.findByTestId("report-result");
    const input = backend.commands("report_save")[0]!.args.input as ReportInput;
    expect(input.kind).toBe("compare");
    expect(input.groups.map((g) => g.label)).toEqual([`Column 1: ${SONNET_35.modelId}`, `Column 2: ${US}`]);
    expect(input.groups[0]!.turns[0]!.question).toBe("Name three minerals.");
    expect(input.groups[1]!.turns).toEqual([]);
    expect(input.groups[1]!.target.transport).toBe("Messages API");
  });

  it("puts the same model on two service tiers side by side", async () => {
    const { user, store } = await setUp();
    store.setChoice(1, SONNET_35.modelId);
    expect(store.duplicate).toBe(true);
    const tiers = screen.getAllByTestId("compare-tier") as HTMLSelectElement[];
    await user.selectOptions(tiers[0]!, "priority");
    await user.selectOptions(tiers[1]!, "flex");
    expect(store.duplicate).toBe(false);
    await user.click(screen.getByTestId("compare-run"));
    await waitFor(() => expect(backend.commands("playground_send")).toHaveLength(2));
    const sent = backend.commands("playground_send").map((c) => c.args.request as SendRequest);
    expect(sent.map((r) => [r.draft.modelChoice, r.draft.conversation.serviceTier])).toEqual([
      [SONNET_35.modelId, "priority"],
      [SONNET_35.modelId, "flex"],
    ]);
    const labels = backend.commands("session_create").map((c) => (c.args as { run: SessionRun }).run.label);
    expect(labels).toEqual([`${SONNET_35.modelId} · priority`, `${SONNET_35.modelId} · flex`]);
    expect(screen.getAllByTestId("compare-column-tier").map((e) => e.textContent)).toEqual(["Priority", "Flex"]);
  });

  it("compares one model with itself at two temperatures, each column sending its own parameters", async () => {
    const { user, store } = await setUp();
    store.setChoice(1, SONNET_35.modelId);
    expect(store.duplicate).toBe(true);
    const own = screen.getAllByTestId("compare-own-parameters") as HTMLInputElement[];
    // Handing a column back to the composer's parameters drops its own.
    await user.click(own[0]!);
    await user.click(own[0]!);
    expect(store.columns[0]!.inference).toBeNull();
    await user.click(own[0]!);
    await user.click(own[1]!);
    // Each column starts from the composer's parameters.
    expect(store.columns.map((c) => c.inference?.maxTokens)).toEqual([256, 256]);
    const temperatures = screen.getAllByTestId("param-temperature") as HTMLInputElement[];
    await user.type(temperatures[0]!, "0.2");
    temperatures[0]!.dispatchEvent(new Event("change"));
    await user.type(temperatures[1]!, "0.9");
    temperatures[1]!.dispatchEvent(new Event("change"));
    expect(store.duplicate).toBe(false);
    await user.click(screen.getByTestId("compare-run"));
    await waitFor(() => expect(backend.commands("playground_send")).toHaveLength(2));
    const sent = backend.commands("playground_send").map((c) => c.args.request as SendRequest);
    expect(sent.map((r) => r.draft.conversation.inference.temperature)).toEqual([0.2, 0.9]);
    const labels = backend.commands("session_create").map((c) => (c.args as { run: SessionRun }).run.label);
    expect(labels).toEqual([`${SONNET_35.modelId} · t=0.2 max=256`, `${SONNET_35.modelId} · t=0.9 max=256`]);
    expect(screen.getAllByTestId("compare-column-parameters").map((e) => e.textContent)).toEqual(["t=0.2 max=256", "t=0.9 max=256"]);
  });

  it("creates one session per column, plans it, sends to every column at once and streams each answer", async () => {
    const { user, f, source } = await setUp();
    await user.click(screen.getByTestId("compare-run"));

    await waitFor(() => expect(backend.commands("playground_send")).toHaveLength(2));
    // Named after the question, and one run: the session list shows the comparison as one row.
    const created = backend.commands("session_create").map((c) => c.args as { title: string; run: SessionRun });
    expect(created.map((c) => [c.title, c.run.kind, c.run.label])).toEqual([
      ["", "compare", SONNET_35.modelId],
      ["", "compare", US],
    ]);
    expect(created[0]!.run.id).toMatch(/^c\w+$/);
    expect(created[1]!.run.id).toBe(created[0]!.run.id);
    expect(backend.commands("playground_plan").map((c) => (c.args.request as PlanRequest).sessionId)).toEqual(["s1", "s2"]);
    const sent = backend.commands("playground_send").map((c) => c.args.request as SendRequest);
    expect(sent.map((r) => [r.sessionId, r.draft.modelChoice])).toEqual([
      ["s1", SONNET_35.modelId],
      ["s2", US],
    ]);
    // Each column sends the conversation with its own cache marker at the top of the system prompt.
    const { system, ...rest } = sent[1]!.draft.conversation;
    const { system: sourceSystem, ...sourceRest } = source.draft.conversation;
    expect(rest).toEqual(sourceRest);
    const marked = system.find((s) => s.type === "text");
    expect(marked?.type === "text" && marked.text).toMatch(/^\[Outcrop compare \w+ · column 2\]\n/);
    expect(system.length).toBe(Math.max(sourceSystem.length, 1));
    const other = sent[0]!.draft.conversation.system.find((s) => s.type === "text");
    expect(other?.type === "text" && other.text).toMatch(/column 1\]/);

    // The plan: the resolved ID and the route.
    await waitFor(() => expect(within(column(1)).getByTestId("compare-invoke-id").textContent).toBe(US));
    expect(column(1).textContent).toContain("System inference profile");
    expect(column(0).textContent).toContain("at least 1,024 tokens per cache point");
    expect(screen.getByTestId("compare-stop")).toBeTruthy();

    // Deltas are applied once per animation frame, to their own column.
    backend.send("s1").channel.onmessage({ event: "textDelta", block: 0, text: "Quartz, " });
    backend.send("s2").channel.onmessage({ event: "textDelta", block: 0, text: "Mica" });
    backend.send("s1").channel.onmessage({ event: "textDelta", block: 0, text: "feldspar" });
    await Promise.resolve();
    expect(within(column(0)).getByTestId("compare-live").textContent).not.toContain("Quartz");
    f.run();
    await waitFor(() => expect(within(column(0)).getByTestId("compare-live").textContent).toContain("Quartz, feldspar"));
    expect(within(column(1)).getByTestId("compare-live").textContent).toContain("Mica");

    backend.send("s1").finish("Quartz, feldspar, mica.", 0.004, 600);
    backend.send("s2").finish("Mica, quartz, calcite.", 0.003, 300);
    await waitFor(() => expect(screen.queryByTestId("compare-stop")).toBeNull());
    expect(column(0).textContent).toContain("Quartz, feldspar, mica.");
    // The same usage columns in each; the cheaper column is marked.
    // Metrics down, turns across, so the numbers stay whole in a narrow column.
    const usage = within(column(0)).getByTestId("compare-usage");
    expect([...usage.querySelectorAll("thead th")].map((th) => th.textContent)).toEqual(["Turn", "1", "Total"]);
    expect([...usage.querySelectorAll("tbody th")].map((th) => th.textContent)).toEqual([
      "Input",
      "Cache write",
      "Cache read",
      "Output",
      "TTFT",
      "Latency",
      "Cost",
      "Saved",
    ]);
    expect(within(column(1)).getByTestId("compare-totals").textContent).toContain("$0.0030");
    expect(column(1).getAttribute("data-cheapest")).toBe("true");
    expect(column(0).getAttribute("data-cheapest")).toBeNull();

    // Run again: each column's saved draft (with its own answer) plus the question.
    await user.type(screen.getByLabelText("Follow-up question"), "Which is hardest?");
    await user.click(screen.getByTestId("compare-run-again"));
    await waitFor(() => expect(backend.commands("playground_send")).toHaveLength(4));
    const again = backend.commands("playground_send").slice(2).map((c) => c.args.request as SendRequest);
    expect(again.map((r) => r.sessionId).sort()).toEqual(["s1", "s2"]);
    const s2 = again.find((r) => r.sessionId === "s2")!.draft.conversation.messages;
    expect(s2.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(s2[1]!.content[0]).toEqual({ type: "text", text: "Mica, quartz, calcite." });
    expect(s2[2]!.content).toEqual([{ type: "text", text: "Which is hardest?" }]);
    expect(backend.commands("session_create")).toHaveLength(2);

    backend.send("s1").finish("Quartz.", 0.001);
    backend.send("s2").finish("Quartz.", 0.004);
    await waitFor(() => expect(within(column(0)).getByTestId("compare-usage").querySelectorAll("thead th")).toHaveLength(4));
    await waitFor(() => expect(column(0).getAttribute("data-cheapest")).toBe("true")); // 0.005 against 0.007
    expect(within(column(1)).getByTestId("compare-totals").textContent).toContain("$0.0070");

    // Run again from the top: a new comparison, so new sessions in a run of their own.
    await user.click(screen.getByTestId("compare-run"));
    await waitFor(() => expect(backend.commands("session_create")).toHaveLength(4));
    const runs = backend.commands("session_create").map((c) => (c.args.run as SessionRun).id);
    expect(runs[3]).toBe(runs[2]);
    expect(runs[2]).not.toBe(runs[0]);
    await waitFor(() => expect(backend.commands("playground_send")).toHaveLength(6));
    backend.send("s3").finish("Quartz.", 0.001);
    backend.send("s4").finish("Quartz.", 0.001);
    await waitFor(() => expect(screen.queryByTestId("compare-stop")).toBeNull());
  });

  it("keeps a comparison planned, retargeted and run in one run, without the session made only to plan", async () => {
    const { user } = await setUp();
    await user.click(screen.getByTestId("compare-plan"));
    await waitFor(() => expect(backend.commands("playground_plan")).toHaveLength(2));
    const target = screen.getByLabelText("Target 2") as HTMLInputElement;
    await user.clear(target);
    await user.type(target, `eu.${SONNET_35.modelId}`);
    await user.click(screen.getByTestId("compare-run"));
    await waitFor(() => expect(backend.commands("playground_send")).toHaveLength(2));
    const created = backend.commands("session_create").map((c) => c.args.run as SessionRun);
    expect(created.map((r) => r.label)).toEqual([SONNET_35.modelId, US, `eu.${SONNET_35.modelId}`]);
    expect(new Set(created.map((r) => r.id)).size).toBe(1);
    // The first target 2 session was never sent to: it does not stay behind as an empty member of the run.
    expect(backend.commands("session_delete").map((c) => c.args.id)).toEqual(["s2"]);
    backend.send("s1").finish("Quartz.", 0.001);
    backend.send("s3").finish("Quartz.", 0.001);
    await waitFor(() => expect(screen.queryByTestId("compare-stop")).toBeNull());
  });

  it("waits for a question when the Chat tab's next one is still empty (after a turn there)", async () => {
    const { source } = await setUp();
    source.draft.conversation.messages.push(
      { role: "assistant", content: [{ type: "text", text: "Quartz, mica, feldspar." }] },
      { role: "user", content: [{ type: "text", text: "" }] },
    );
    await waitFor(() => expect((screen.getByTestId("compare-run") as HTMLButtonElement).disabled).toBe(true));
    expect((screen.getByTestId("compare-plan") as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId("compare-needs-question").textContent).toContain("write the question to compare");
    source.draft.conversation.messages[2]!.content[0] = { type: "text", text: "Which is hardest?" };
    await waitFor(() => expect((screen.getByTestId("compare-run") as HTMLButtonElement).disabled).toBe(false));
    expect(screen.queryByTestId("compare-needs-question")).toBeNull();
  });

  it("stops every running column through playground_cancel", async () => {
    const { user } = await setUp();
    await user.click(screen.getByTestId("compare-run"));
    await waitFor(() => expect(backend.commands("playground_send")).toHaveLength(2));
    await user.click(await screen.findByTestId("compare-stop"));
    await waitFor(() => expect(backend.commands("playground_cancel")).toHaveLength(2));
    expect(backend.commands("playground_cancel").map((c) => c.args.sessionId).sort()).toEqual(["s1", "s2"]);
  });

  it("shows a column's error in that column, explaining needs_inference_profile", async () => {
    const { user } = await setUp();
    await user.click(screen.getByTestId("compare-run"));
    await waitFor(() => expect(backend.commands("playground_send")).toHaveLength(2));
    backend.send("s1").fail("needs_inference_profile", "Claude 3.5 Sonnet needs an inference profile in us-east-1.");
    backend.send("s2").finish("Mica.", 0.002);
    const error = await within(column(0)).findByTestId("compare-error");
    expect(error.getAttribute("data-code")).toBe("needs_inference_profile");
    expect(error.textContent).toContain("needs an inference profile in us-east-1");
    expect(error.textContent).toContain("Pick a system profile");
    await waitFor(() => expect(column(1).textContent).toContain("Mica."));
    expect(within(column(1)).queryByTestId("compare-error")).toBeNull();
    // One finished column is not a comparison: nothing is marked cheapest.
    expect(screen.queryByTestId("compare-cheapest")).toBeNull();
  });
});
