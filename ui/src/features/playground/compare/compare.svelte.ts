// Compare: one conversation sent to two or three targets side by side. Each column has its own session (so its
// turns, costs and cache are its own), is planned before it runs (resolved ID, caching rules, predicted cost),
// and streams its answer; all columns run at once. Streamed text is applied once per animation frame.
import { asOutcropError, call } from "../../../lib/ipc";
import type {
  ServiceTier,
  Api,
  AwsReason,
  Conversation,
  Draft,
  ErrorCode,
  InferenceParams,
  PlanView,
  TurnEvent,
  TurnRecord,
} from "../../../lib/ipc/bindings";
import { receivedSession } from "../sent-turns";
import { applyTurnEvent, liveTurn, nextFrame, streamTurn, type FrameScheduler, type LiveTurn } from "../turn-stream";
import { cheapestColumn, followUpDraft, totalsRow, usageRow, withCacheMarker, type UsageRow } from "./compare-logic";

export const MIN_COLUMNS = 2;
export const MAX_COLUMNS = 3;

/** A failure shown in a column: a command's OutcropError or a turn's own error. */
export interface ColumnError {
  code: ErrorCode;
  message: string;
  /** Why an AWS call failed, for the UI to word; absent for a turn's own error. */
  reason?: AwsReason | null;
}

export interface CompareColumn {
  /** Stable key for the view. */
  key: number;
  /** What the person typed or picked: model ID, profile ID or application-profile ARN. */
  choice: string;
  /** The service tier this column asks for; `null` keeps the composer's (so one model can run on two tiers). */
  tier: ServiceTier | null;
  /** The tier the column's session was created for. */
  sessionTier: ServiceTier | null;
  /** The transport this column sends through; `null` keeps the composer's (so one model can go through each). */
  api: Api | null;
  /** The transport the column's session was created for. */
  sessionApi: Api | null;
  /** The inference parameters this column sends with; `null` keeps the composer's (so one model can be compared
   * with itself at two temperatures, or with and without thinking). */
  inference: InferenceParams | null;
  /** The column's parameters its session was created for, as JSON (`null`: the composer's). */
  sessionInference: string | null;
  /** The session this column sends in, and the choice it was created for. */
  sessionId: string | null;
  sessionChoice: string | null;
  plan: PlanView | null;
  planning: boolean;
  running: boolean;
  /** The ID the running turn invokes (from its `started` event); kept after the turn. */
  invokeId: string | null;
  /** The turn streaming in (null when none is). */
  live: LiveTurn | null;
  /** The session's turns, reloaded after each send. */
  turns: TurnRecord[];
  error: ColumnError | null;
}

type Scheduler = { frame: FrameScheduler };

const defaultScheduler: Scheduler = { frame: nextFrame };

function errorOf(error: unknown, command: string): ColumnError {
  const e = asOutcropError(error, command);
  return { code: e.code, message: e.message, reason: e.reason };
}

/** A column's own parameters as a comparable key (`null`: the composer's). */
function inferenceKey(c: CompareColumn): string | null {
  return c.inference === null ? null : JSON.stringify(c.inference);
}

/** A column's target: its choice, the tier and transport it asks for, and its own parameters. */
function targetKey(c: CompareColumn): string {
  return `${c.choice.trim()}\u0000${c.tier ?? ""}\u0000${c.api ?? ""}\u0000${inferenceKey(c) ?? ""}`;
}

/** Whether any value appears twice. */
function repeats(values: readonly string[]): boolean {
  return values.some((value, i) => values.indexOf(value) !== i);
}

/** A column's own parameters in a run label: what differs from a model's defaults, in a few characters. */
export function parametersLabel(p: InferenceParams): string {
  const parts: string[] = [];
  if (p.temperature !== undefined) parts.push(`t=${p.temperature}`);
  if (p.topP !== undefined) parts.push(`p=${p.topP}`);
  if (p.topK !== undefined) parts.push(`k=${p.topK}`);
  if (p.maxTokens !== undefined) parts.push(`max=${p.maxTokens}`);
  if (p.thinking?.type === "enabled") parts.push(`thinking=${p.thinking.budgetTokens}`);
  if (p.thinking?.type === "adaptive") parts.push("thinking=adaptive");
  return parts.length > 0 ? parts.join(" ") : "defaults";
}

let nextKey = 1;
function column(choice = ""): CompareColumn {
  return {
    key: nextKey++,
    choice,
    tier: null,
    sessionTier: null,
    api: null,
    sessionApi: null,
    inference: null,
    sessionInference: null,
    sessionId: null,
    sessionChoice: null,
    plan: null,
    planning: false,
    running: false,
    invokeId: null,
    live: null,
    turns: [],
    error: null,
  };
}

export class CompareStore {
  columns = $state<CompareColumn[]>([column(), column()]);
  /** The follow-up question "Run again" sends. */
  question = $state("");
  /** Give each column a cache of its own (a marker line at the top of its system prompt). */
  isolateCaches = $state(true);
  private runId = Date.now().toString(36);

  constructor(private readonly scheduler: Scheduler = defaultScheduler) {}

  get running(): boolean {
    return this.columns.some((c) => c.running);
  }

  get busy(): boolean {
    return this.columns.some((c) => c.running || c.planning);
  }

  /** Every column has a target, and no two the same. */
  get ready(): boolean {
    const choices = this.columns.map((c) => c.choice.trim());
    return choices.every((c) => c !== "") && !repeats(this.columns.map(targetKey));
  }

  get duplicate(): boolean {
    return repeats(this.columns.filter((c) => c.choice.trim() !== "").map(targetKey));
  }

  /** Sets the transport column `index` sends through (`null`: the composer's). */
  setApi(index: number, api: Api | null): void {
    const c = this.columns[index];
    if (!c || c.running) return;
    c.api = api;
    if (api !== c.sessionApi) c.plan = null;
  }

  /** Sets the service tier column `index` asks for (`null`: the composer's). */
  setTier(index: number, tier: ServiceTier | null): void {
    const c = this.columns[index];
    if (!c || c.running) return;
    c.tier = tier;
    if (tier !== c.sessionTier) c.plan = null;
  }

  /**
   * Gives column `index` parameters of its own, starting from `base` (the composer's), or (`null`) hands it back to
   * the composer's.
   */
  ownParameters(index: number, base: InferenceParams | null): void {
    const c = this.columns[index];
    if (!c || c.running) return;
    c.inference = base === null ? null : structuredClone($state.snapshot(base));
    if (inferenceKey(c) !== c.sessionInference) c.plan = null;
  }

  /** Changes column `index`'s own parameters. */
  setInference(index: number, patch: Partial<InferenceParams>): void {
    const c = this.columns[index];
    if (!c || c.running || c.inference === null) return;
    Object.assign(c.inference, patch);
    if (inferenceKey(c) !== c.sessionInference) c.plan = null;
  }

  /** Columns that have answered at least once (a follow-up can go to them). */
  get canFollowUp(): boolean {
    return this.columns.some((c) => c.sessionId !== null && c.turns.length > 0);
  }

  rows(c: CompareColumn): UsageRow[] {
    return c.turns.map(usageRow);
  }

  totals(c: CompareColumn): UsageRow {
    return totalsRow(this.rows(c));
  }

  /** The index of the cheapest column, or null. */
  get cheapest(): number | null {
    return cheapestColumn(
      this.columns.map((c) => {
        const complete = c.turns.filter((t) => t.status === "complete");
        return { completeTurns: complete.length, cost: totalsRow(complete.map(usageRow)).cost };
      }),
    );
  }

  // ---- targets ----

  addColumn(choice = ""): void {
    if (this.columns.length < MAX_COLUMNS) this.columns.push(column(choice));
  }

  removeColumn(index: number): void {
    if (this.columns.length > MIN_COLUMNS && !this.columns[index]?.running) this.columns.splice(index, 1);
  }

  setChoice(index: number, choice: string): void {
    const c = this.columns[index];
    if (!c || c.running) return;
    c.choice = choice;
    if (choice.trim() !== c.sessionChoice) c.plan = null;
  }

  /** A quick pick goes to the first empty target, or a new column; false when there is no room. */
  pick(choice: string): boolean {
    if (this.columns.some((c) => c.choice.trim() === choice)) return false;
    const empty = this.columns.findIndex((c) => c.choice.trim() === "" && !c.running);
    if (empty >= 0) {
      this.setChoice(empty, choice);
      return true;
    }
    if (this.columns.length >= MAX_COLUMNS) return false;
    this.addColumn(choice);
    return true;
  }

  /** Forgets the sessions (they stay in the session list): the next Run starts a new comparison. */
  reset(): void {
    if (this.busy) return;
    for (const c of this.columns) {
      c.sessionId = null;
      c.sessionChoice = null;
      c.plan = null;
      c.turns = [];
      c.live = null;
      c.invokeId = null;
      c.error = null;
    }
    this.question = "";
  }

  // ---- plan and run ----

  /**
   * Gives every column a fresh session when it has none or its target changed, and every column one when any
   * has turns already (a new comparison, with a new run ID and cache markers), then plans the conversation on
   * it. The sessions of one comparison share a run, listed as one in the session list. Columns plan
   * concurrently. True when every column planned.
   */
  async prepare(conversation: Conversation, api: Api): Promise<boolean> {
    if (!this.ready || this.busy) return false;
    const fresh = this.columns.some((c) => c.turns.length > 0) || this.columns.every((c) => c.sessionId === null);
    if (fresh) this.runId = Date.now().toString(36);
    const results = await Promise.all(
      this.columns.map((c, i) => this.prepareColumn(c, this.columnConversation(conversation, i), api, fresh)),
    );
    return results.every(Boolean);
  }

  private async prepareColumn(c: CompareColumn, conversation: Conversation, composerApi: Api, fresh: boolean): Promise<boolean> {
    const api = c.api ?? composerApi;
    const modelChoice = c.choice.trim();
    c.planning = true;
    c.error = null;
    try {
      const own = inferenceKey(c);
      if (
        fresh ||
        c.sessionId === null ||
        c.sessionChoice !== modelChoice ||
        c.sessionTier !== c.tier ||
        c.sessionApi !== c.api ||
        c.sessionInference !== own
      ) {
        const draft: Draft = { conversation: structuredClone(conversation), modelChoice, api };
        // No title: the session is named after the question; the run's label is the column's target (and tier).
        const label = [modelChoice, c.api, c.tier, own === null ? null : parametersLabel(c.inference!)].filter(Boolean).join(" · ");
        const run = { id: `c${this.runId}`, kind: "compare" as const, label };
        const session = receivedSession(await call("session_create", { title: "", draft, run }));
        // A session made only to plan, never sent to, would stay in the list as an empty member of the run.
        if (c.sessionId !== null && c.turns.length === 0) void call("session_delete", { id: c.sessionId }).catch(() => {});
        c.sessionId = session.id;
        c.sessionChoice = modelChoice;
        c.sessionTier = c.tier;
        c.sessionApi = c.api;
        c.sessionInference = own;
        c.turns = [];
        c.live = null;
        c.invokeId = null;
      }
      c.plan = await call("playground_plan", {
        request: { sessionId: c.sessionId, conversation: structuredClone(conversation), modelChoice, api },
      });
      return true;
    } catch (error) {
      c.plan = null;
      c.error = errorOf(error, c.sessionId === null ? "session_create" : "playground_plan");
      return false;
    } finally {
      c.planning = false;
    }
  }

  /** The conversation as column `index` sends it. */
  private columnConversation(conversation: Conversation, index: number): Conversation {
    const own = this.isolateCaches
      ? withCacheMarker(conversation, `[Outcrop compare ${this.runId} · column ${index + 1}]`)
      : structuredClone(conversation);
    const tier = this.columns[index]?.tier ?? null;
    if (tier !== null) own.serviceTier = tier;
    const inference = this.columns[index]?.inference ?? null;
    if (inference !== null) own.inference = structuredClone($state.snapshot(inference));
    return own;
  }

  /** Plans every column, then sends the conversation to all of them at once. */
  async run(conversation: Conversation, api: Api): Promise<void> {
    if (!this.ready || this.busy) return;
    const snapshot = structuredClone(conversation);
    // Columns that planned run even when another failed to; the failed ones show why they did not.
    await this.prepare(snapshot, api);
    await Promise.all(
      this.columns
        .filter((c) => c.sessionId !== null && c.plan !== null && c.error === null && c.plan.problems.length === 0)
        .map((c) =>
          this.send(c, {
            conversation: this.columnConversation(snapshot, this.columns.indexOf(c)),
            modelChoice: c.sessionChoice ?? c.choice.trim(),
            api: c.api ?? api,
          }),
        ),
    );
  }

  /** Sends `question` to every column that has answered: its saved draft plus the question. */
  async runAgain(question = this.question): Promise<void> {
    const text = question.trim();
    if (text === "" || this.busy) return;
    const targets = this.columns.filter((c) => c.sessionId !== null && c.turns.length > 0);
    await Promise.all(
      targets.map(async (c) => {
        c.error = null;
        let draft: Draft;
        try {
          const session = receivedSession(await call("session_get", { id: c.sessionId! }));
          draft = followUpDraft(session.draft, text);
        } catch (error) {
          c.error = errorOf(error, "session_get");
          return;
        }
        await this.send(c, draft);
      }),
    );
    this.question = "";
  }

  private async send(c: CompareColumn, draft: Draft): Promise<void> {
    const sessionId = c.sessionId;
    if (sessionId === null) return;
    c.running = true;
    c.error = null;
    c.invokeId = c.plan?.resolution.invokeId ?? null;
    c.live = liveTurn(sessionId, Date.now(), c.invokeId);
    const outcome = await streamTurn({
      sessionId,
      draft,
      frame: (fn) => this.scheduler.frame(fn),
      apply: (events) => this.apply(c.key, events),
    });
    if (outcome.error) c.error = errorOf(outcome.error, "playground_send");
    else if (outcome.turn?.error) c.error = { code: outcome.turn.error.code, message: outcome.turn.error.message, reason: outcome.turn.error.reason ?? null };
    if (outcome.session && c.sessionId === sessionId) c.turns = outcome.session.turns;
    if (outcome.reloadError) c.error ??= errorOf(outcome.reloadError, "session_get");
    c.running = false;
    c.live = null;
  }

  /** Stops every running column. */
  async stop(): Promise<void> {
    await Promise.all(
      this.columns
        .filter((c) => c.running && c.sessionId !== null)
        .map(async (c) => {
          try {
            await call("playground_cancel", { sessionId: c.sessionId! });
          } catch (error) {
            c.error = errorOf(error, "playground_cancel");
          }
        }),
    );
  }

  /** Applies a frame's worth of streamed events to their column's live turn. */
  private apply(key: number, events: TurnEvent[]): void {
    // The column is looked up again: the events must reach its reactive state, not the object it was created as.
    const c = this.columns.find((x) => x.key === key);
    const live = c?.live;
    if (!c || !c.running || !live) return;
    for (const event of events) applyTurnEvent(live, event, Date.now);
    if (live.invokeId !== null) c.invokeId = live.invokeId;
  }
}

export const compare = new CompareStore();
