// The placement bake-off: the playground's draft and a script of follow-up questions, run once per chosen
// cache placement and transport by Rust (sequentially, each in a session of its own). Progress and every
// finished turn stream in, so the charts fill as it runs; the final report carries Rust's recommendation and
// its reasoning.
import { Channel } from "@tauri-apps/api/core";
import { asOutcropError, call, fieldErrorsOf, type OutcropError } from "../../../lib/ipc";
import { describeFieldError } from "../../../lib/rules";
import type {
  Api,
  BakeoffEvent,
  BakeoffReport,
  CacheTtl,
  Conversation,
  Draft,
  Placement,
  StrategyResult,
} from "../../../lib/ipc/bindings";
import { t } from "../../../lib/i18n/index.svelte";
import {
  APIS,
  buildSeries,
  checkBakeoff,
  formFieldOf,
  parseFollowUps,
  runKey,
  runsOf,
  summarize,
  type BakeoffRun,
  type FormProblem,
  type Metric,
  type StrategySummary,
  type TurnsByRun,
} from "./bakeoff-series";
import { applyPlacement, PLACEMENTS } from "./placement";
import { replyText } from "./compare-logic";
import "./messages";

/** The form's fields that Rust's validation errors can point at. */
export const FORM_FIELDS = ["placements", "apis", "followUps", "ttl"] as const;

/** The text of the draft's last user message: the first question a bake-off sends. */
function lastUserText(draft: Draft): string {
  const last = [...draft.conversation.messages].reverse().find((m) => m.role === "user");
  return last ? replyText(last.content).trim() : "";
}

export function defaultScript(): string {
  return (["q1", "q2", "q3"] as const).map((q) => t(`playground.compare.bakeoff.defaults.${q}`)).join("\n");
}


export class BakeoffStore {
  placements = $state<Placement[]>(["noCache", "systemAndLastUser", "perDocument"]);
  ttl = $state<CacheTtl>("5m");
  /** The transports chosen; null until one is ticked or unticked (then the draft's transport is the choice). */
  private chosenApis = $state<Api[] | null>(null);
  /** The script as typed; null until edited (then the default questions, in the current language, show). */
  private typed = $state<string | null>(null);

  running = $state(false);
  cancelling = $state(false);
  /** The runs (placement × transport, in run order) and turn count of the bake-off (from `started`). */
  order = $state<BakeoffRun[]>([]);
  /** The transports the bake-off tried: results name the transport only when there are several. */
  runApis = $state<Api[]>([]);
  turnCount = $state(0);
  /** The turn being sent now. */
  progress = $state<{ placement: Placement; api: Api; turn: number; of: number } | null>(null);
  /** Every finished turn so far, per run key: the charts read this as it grows. */
  turnsBy = $state<TurnsByRun>({});
  /** Strategies that have finished (from `strategyDone`, then the report). */
  results = $state<StrategyResult[]>([]);
  report = $state<BakeoffReport | null>(null);
  /** The last run's draft and questions (the draft's own, then the follow-ups), for its report. */
  runDraft = $state<Draft | null>(null);
  runQuestions = $state<string[]>([]);
  /** The TTL the last run used (what "Use this placement" applies). */
  runTtl = $state<CacheTtl>("5m");

  /** The form's own checks, before anything is sent. */
  problems = $state<FormProblem[]>([]);
  /** Rust's validation errors by form field; errors about anything else under `other`. */
  fieldErrors = $state<Record<string, string[]>>({});
  error = $state<OutcropError | null>(null);
  /** The run (its key) whose placement, and transport when several were tried, "Use this" applied; until the next run. */
  applied = $state<string | null>(null);

  get script(): string {
    return this.typed ?? defaultScript();
  }

  set script(text: string) {
    this.typed = text;
  }

  get followUps(): string[] {
    return parseFollowUps(this.script);
  }

  /** True when the bake-off tried more than one transport: every view then names the transport. */
  get severalApis(): boolean {
    const apis = this.runApis.length > 0 ? this.runApis : this.results.map((r) => r.api);
    return apis.some((api) => api !== apis[0]);
  }

  /** The transports the next run sends through: the ones ticked, else the draft's. */
  apisFor(draftApi: Api): Api[] {
    return this.chosenApis ?? [draftApi];
  }

  hasApi(api: Api, draftApi: Api): boolean {
    return this.apisFor(draftApi).includes(api);
  }

  toggleApi(api: Api, on: boolean, draftApi: Api): void {
    if (this.running) return;
    const rest = this.apisFor(draftApi).filter((a) => a !== api);
    this.chosenApis = APIS.filter((a) => (a === api ? on : rest.includes(a)));
  }

  has(placement: Placement): boolean {
    return this.placements.includes(placement);
  }

  toggle(placement: Placement, on: boolean): void {
    if (this.running) return;
    const rest = this.placements.filter((p) => p !== placement);
    // Kept in the form's order, so the run (and the charts' colours) follow the list.
    this.placements = PLACEMENTS.filter((p) => p === placement ? on : rest.includes(p));
  }

  /** The error messages for one form field: the form's own checks first, then Rust's. */
  errorsFor(field: string): string[] {
    const own = this.problems
      .filter((p) => p.field === field)
      .map((p) => t(`playground.compare.bakeoff.${p.key}`, p.vars));
    return [...own, ...(this.fieldErrors[field] ?? [])];
  }

  /** The runs so far, in run order: finished ones from their result, the rest from live turns. */
  get summaries(): StrategySummary[] {
    const runs: BakeoffRun[] = this.order.length > 0 ? this.order : this.results.map((r) => ({ placement: r.placement, api: r.api }));
    return runs
      .filter((run) => this.finished(run) !== undefined || (this.turnsBy[runKey(run)]?.length ?? 0) > 0)
      .map((run) => summarize(this.finished(run) ?? { ...run, turns: this.turnsBy[runKey(run)] ?? [], error: null }));
  }

  series(metric: Metric, labelOf: (run: BakeoffRun) => string) {
    return buildSeries(this.order, this.turnsBy, metric, labelOf, this.turnCount || undefined);
  }

  /** Finished turns of one run, for its progress bar. */
  done(run: BakeoffRun): number {
    return this.turnsBy[runKey(run)]?.length ?? 0;
  }

  finished(run: BakeoffRun): StrategyResult | undefined {
    return this.results.find((r) => r.placement === run.placement && r.api === run.api);
  }

  /** Runs the bake-off on a snapshot of `draft`. Resolves when it ends (finished, cancelled or refused). */
  async run(draft: Draft): Promise<BakeoffReport | null> {
    if (this.running) return null;
    const followUps = this.followUps;
    const placements = [...this.placements];
    const apis = [...this.apisFor(draft.api)];
    this.problems = checkBakeoff(placements, apis, followUps, draft.modelChoice);
    this.fieldErrors = {};
    this.error = null;
    if (this.problems.length > 0) return null;

    const ttl = this.ttl;
    this.running = true;
    this.cancelling = false;
    this.applied = null;
    this.report = null;
    this.results = [];
    this.turnsBy = {};
    this.order = runsOf(placements, apis);
    this.runApis = apis;
    this.turnCount = followUps.length + 1;
    this.progress = null;
    this.runTtl = ttl;
    this.runDraft = structuredClone(draft);
    this.runQuestions = [lastUserText(draft), ...followUps];
    const channel = new Channel<BakeoffEvent>();
    channel.onmessage = (event) => this.receive(event);
    try {
      const report = await call("playground_bakeoff", {
        request: { draft: structuredClone(draft), followUps, placements, apis, ttl },
        onEvent: channel,
      });
      this.report = report;
      this.results = report.results;
      for (const result of report.results) this.turnsBy[runKey(result)] = result.turns;
      return report;
    } catch (error) {
      const failure = asOutcropError(error, "playground_bakeoff");
      if (failure.code === "validation") {
        const byField: Record<string, string[]> = {};
        for (const e of fieldErrorsOf(failure)) {
          const field = formFieldOf(e.field);
          const key = (FORM_FIELDS as readonly string[]).includes(field) ? field : "other";
          const words = describeFieldError(e);
          (byField[key] ??= []).push(key === "other" ? `${e.field}: ${words}` : words);
        }
        this.fieldErrors = byField;
        if (Object.keys(byField).length === 0) this.error = failure;
      } else {
        this.error = failure;
      }
      return null;
    } finally {
      this.running = false;
      this.cancelling = false;
      this.progress = null;
    }
  }

  async cancel(): Promise<void> {
    if (!this.running) return;
    this.cancelling = true;
    try {
      await call("playground_bakeoff_cancel");
    } catch (error) {
      this.error = asOutcropError(error, "playground_bakeoff_cancel");
      this.cancelling = false;
    }
  }

  private receive(event: BakeoffEvent): void {
    switch (event.event) {
      case "started":
        this.order = runsOf(event.placements, event.apis);
        this.runApis = event.apis;
        this.turnCount = event.turns;
        break;
      case "progress":
        this.progress = { placement: event.placement, api: event.api, turn: event.turn, of: event.of };
        break;
      case "turnDone": {
        const key = runKey(event);
        const turns = this.turnsBy[key] ?? [];
        this.turnsBy[key] = [...turns.filter((x) => x.turn !== event.turn.turn), event.turn];
        break;
      }
      case "strategyDone": {
        const key = runKey(event.result);
        this.results = [...this.results.filter((r) => runKey(r) !== key), event.result];
        this.turnsBy[key] = event.result.turns;
        break;
      }
    }
  }

  /** The recommended placement applied to `conversation` with the run's TTL (pure: returns the new conversation). */
  recommended(conversation: Conversation): Conversation | null {
    const placement = this.report?.recommendation?.placement;
    return placement ? applyPlacement(placement, conversation, this.runTtl) : null;
  }
}

export const bakeoff = new BakeoffStore();
