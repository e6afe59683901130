// The bake-off's figures, computed without Svelte: chart series per run (a placement through a transport), a
// summary per run, the follow-up script parsed and checked. The panel and its store only render and call these.
import type { ChartData } from "chart.js";
import type { SubKey } from "../../../lib/i18n/index.svelte";
import type { Api, Placement, StrategyResult, StrategyTurn } from "../../../lib/ipc/bindings";
import { PLACEMENTS } from "./placement";

export const MAX_FOLLOW_UPS = 20;
export const MIN_PLACEMENTS = 2;
export const MAX_PLACEMENTS = 4;
/** The most runs (placements × transports) one bake-off sends: Rust's `MAX_RUNS`. */
export const MAX_RUNS = 8;

/** Every transport, in the order the form lists them. */
export const APIS: readonly Api[] = ["converse", "invokeModel", "messages"];

export type Metric = "cost" | "ttft" | "hitRate";

/** One run of a bake-off: a placement sent through a transport. */
export interface BakeoffRun {
  placement: Placement;
  api: Api;
}

/** A run's key, as the session list labels its session (`systemOnly/invokeModel`). */
export function runKey(run: BakeoffRun): string {
  return `${run.placement}/${run.api}`;
}

/** Every placement through every transport, placement by placement: the order Rust runs them in. */
export function runsOf(placements: readonly Placement[], apis: readonly Api[]): BakeoffRun[] {
  return placements.flatMap((placement) => apis.map((api) => ({ placement, api })));
}

/**
 * The placement and transport a bake-off session's label names; `api` is null for a label kept before there
 * was a transport choice (`systemOnly`: the run went through its draft's transport). Null when not a label.
 */
export function parseRunLabel(label: string): { placement: Placement; api: Api | null } | null {
  const [placementPart, apiPart, ...rest] = label.split("/");
  const placement = PLACEMENTS.find((p) => p === placementPart);
  if (!placement || rest.length > 0) return null;
  if (apiPart === undefined) return { placement, api: null };
  const api = APIS.find((a) => a === apiPart);
  return api ? { placement, api } : null;
}

/** Turns received so far, per run key (live, as `turnDone` events arrive). */
export type TurnsByRun = Record<string, StrategyTurn[]>;

/** Line colours that read on both the light and the dark theme, one per strategy (with a dash pattern each). */
export const SERIES_COLORS = ["#c2643a", "#3b82c4", "#3f9a62", "#a37ad1", "#b8912e"] as const;
const DASHES: number[][] = [[], [6, 4], [2, 3], [10, 3, 2, 3], [4, 2]];

/** Share of a turn's input read from the cache: read / (input + read + write), 0 when there was no input. */
export function hitRate(turn: StrategyTurn): number {
  const all = turn.inputTokens + turn.cacheReadTokens + turn.cacheWriteTokens;
  return all === 0 ? 0 : turn.cacheReadTokens / all;
}

/** A turn's value on a chart: USD, milliseconds, or a percentage. */
export function metricOf(turn: StrategyTurn, metric: Metric): number | null {
  switch (metric) {
    case "cost":
      return turn.cost;
    case "ttft":
      return turn.timeToFirstTokenMs;
    case "hitRate":
      return Math.round(hitRate(turn) * 1000) / 10;
  }
}

/**
 * A line chart's data: x = turn 1…`turns`, one dataset per run, a gap (null) where a turn has not run.
 * `turns` is the script's length; when unknown yet, the longest series so far. Through one transport each run
 * has a colour and a dash of its own; through several, a placement keeps its colour and each transport its dash.
 */
export function buildSeries(
  runs: readonly BakeoffRun[],
  turnsBy: TurnsByRun,
  metric: Metric,
  labelOf: (run: BakeoffRun) => string,
  turns?: number,
): ChartData<"line", (number | null)[], string> {
  const length = turns ?? Math.max(0, ...runs.flatMap((r) => (turnsBy[runKey(r)] ?? []).map((t) => t.turn)));
  const placements = [...new Set(runs.map((r) => r.placement))];
  const apis = [...new Set(runs.map((r) => r.api))];
  const several = apis.length > 1;
  return {
    labels: Array.from({ length }, (_, i) => String(i + 1)),
    datasets: runs.map((run, index) => {
      const data: (number | null)[] = Array.from({ length }, () => null);
      for (const turn of turnsBy[runKey(run)] ?? []) {
        if (turn.turn >= 1 && turn.turn <= length) data[turn.turn - 1] = metricOf(turn, metric);
      }
      const colorAt = several ? placements.indexOf(run.placement) : index;
      const dashAt = several ? apis.indexOf(run.api) : index;
      const color = SERIES_COLORS[colorAt % SERIES_COLORS.length] ?? SERIES_COLORS[0];
      return {
        label: labelOf(run),
        data,
        borderColor: color,
        backgroundColor: color,
        borderDash: DASHES[dashAt % DASHES.length] ?? [],
        pointRadius: 3,
        spanGaps: false,
        tension: 0,
      };
    }),
  };
}

/** One run's row of the results table. */
export interface StrategySummary {
  placement: Placement;
  api: Api;
  turns: number;
  totalCost: number;
  withoutCache: number;
  /** Share of the no-cache price saved (negative when the writes cost more than they saved); null without a baseline. */
  savedShare: number | null;
  hitRate: number;
  /** Tokens read implicitly (no cache point asked for them), kept apart from the placement's own reads. */
  implicitRead: number;
  meanTtftMs: number | null;
  error: string | null;
}

/** The figures Rust's `StrategyResult` methods compute, for the table (same rules: see bakeoff.rs). */
export function summarize(result: Pick<StrategyResult, "placement" | "api" | "turns" | "error">): StrategySummary {
  const turns = result.turns;
  const totalCost = turns.reduce((sum, t) => sum + t.cost, 0);
  const withoutCache = turns.reduce((sum, t) => sum + t.withoutCache, 0);
  const read = turns.reduce((sum, t) => sum + t.cacheReadTokens, 0);
  const all = turns.reduce((sum, t) => sum + t.inputTokens + t.cacheReadTokens + t.cacheWriteTokens, 0);
  const ttfts = turns.map((t) => t.timeToFirstTokenMs).filter((v): v is number => v !== null);
  return {
    placement: result.placement,
    api: result.api,
    turns: turns.length,
    totalCost,
    withoutCache,
    savedShare: withoutCache > 0 ? 1 - totalCost / withoutCache : null,
    hitRate: all === 0 ? 0 : read / all,
    implicitRead: turns.reduce((sum, t) => sum + t.implicitReadTokens, 0),
    meanTtftMs: ttfts.length > 0 ? ttfts.reduce((a, b) => a + b, 0) / ttfts.length : null,
    error: result.error,
  };
}

/** The script: one question per line, blank lines and surrounding spaces dropped. */
export function parseFollowUps(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/** The checks the form makes before Rust does; messages are i18n keys (with vars) under the bake-off prefix. */
export interface FormProblem {
  field: "placements" | "apis" | "followUps" | "model";
  key: SubKey<"playground.compare.bakeoff">;
  vars?: Record<string, number>;
}

/** The most placements a bake-off through `transports` transports may try (two to four through one). */
export function maxPlacements(transports: number): number {
  return transports <= 1 ? MAX_PLACEMENTS : Math.floor(MAX_RUNS / transports);
}

/** Rust's counting rules, checked first: 2–4 placements through one transport; 1 to 8 ÷ transports through several. */
export function checkBakeoff(
  placements: readonly Placement[],
  apis: readonly Api[],
  followUps: readonly string[],
  modelChoice: string,
): FormProblem[] {
  const problems: FormProblem[] = [];
  const distinct = new Set(placements).size;
  const transports = new Set(apis).size;
  if (transports === 0) problems.push({ field: "apis", key: "validation.apis" });
  if (transports <= 1) {
    if (distinct < MIN_PLACEMENTS || distinct > MAX_PLACEMENTS) problems.push({ field: "placements", key: "validation.placements" });
  } else if (distinct < 1 || distinct > maxPlacements(transports)) {
    problems.push({
      field: "placements",
      key: "validation.runs",
      vars: { transports, maxPlacements: maxPlacements(transports), maxRuns: MAX_RUNS },
    });
  }
  if (followUps.length === 0) problems.push({ field: "followUps", key: "validation.followUpsMin" });
  else if (followUps.length > MAX_FOLLOW_UPS) {
    problems.push({ field: "followUps", key: "validation.followUpsMax", vars: { count: followUps.length } });
  }
  if (modelChoice.trim() === "") problems.push({ field: "model", key: "validation.model" });
  return problems;
}


/** The form field a Rust field name belongs to: `followUps[3]` → `followUps`; others as they are. */
export function formFieldOf(field: string): string {
  return field.replace(/\[\d+\]$/, "").replace(/\.\d+$/, "");
}
