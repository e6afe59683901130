// What a report shows, gathered from the playground's stores and worded in the current language: Rust lays it out
// (outcrop-core's report module) but adds no words of its own. In presenter mode every text is redacted here,
// before it leaves the webview, and the report says so.
import { i18n, t, type MessageKey } from "../../../lib/i18n/index.svelte";
import type {
  Api,
  Draft,
  InferenceParams,
  PlanView,
  PriceQuote,
  ReportGroup,
  ReportInput,
  ReportKind,
  ReportLabels,
  ReportPair,
  ReportPriceSource,
  ReportRecommendation,
  ReportTarget,
  ReportTurn,
  ServiceTier,
  StrategyResult,
  TurnRecord,
} from "../../../lib/ipc/bindings";
import { redact } from "../../../lib/redact";
import { questionOf } from "../compare/compare-logic";
import "../../../lib/rule-messages";
import "../compare/messages";
import { en } from "./messages";

type LabelKey = keyof typeof en.labels;

/** Every word of the report in the current language. */
export function reportLabels(kind: ReportKind): ReportLabels {
  const words = {} as Record<LabelKey, string>;
  for (const key of Object.keys(en.labels) as LabelKey[]) words[key] = t(`playground.report.labels.${key}` as MessageKey);
  return { ...words, lang: i18n.locale, kind: t(`playground.report.kind.${kind}`) };
}

/** When the report was made, as the reader reads dates. */
export function generatedAt(now: Date): string {
  return new Intl.DateTimeFormat(i18n.locale, { dateStyle: "long", timeStyle: "short" }).format(now);
}

/** A date for a file name: `2026-12-01 18-30` (no characters a file system refuses). */
export function fileDate(now: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())} ${two(now.getHours())}-${two(now.getMinutes())}`;
}

const count = (n: number) => new Intl.NumberFormat("en").format(n);

export function apiName(api: Api): string {
  return t(`playground.compare.bakeoff.transport.names.${api}`);
}

function tierName(tier: ServiceTier | null | undefined): string {
  return tier && tier !== "default" ? t(`rules.tierNames.${tier}`) : "";
}

/** The parameters set, each with its value; none when the model's defaults are used. */
export function parameterPairs(p: InferenceParams | undefined): ReportPair[] {
  if (!p) return [];
  const P = (key: keyof typeof en.parameters) => t(`playground.report.parameters.${key}`);
  const pairs: ReportPair[] = [];
  if (p.maxTokens !== undefined) pairs.push({ name: P("maxTokens"), value: count(p.maxTokens) });
  if (p.temperature !== undefined) pairs.push({ name: P("temperature"), value: String(p.temperature) });
  if (p.topP !== undefined) pairs.push({ name: P("topP"), value: String(p.topP) });
  if (p.topK !== undefined) pairs.push({ name: P("topK"), value: String(p.topK) });
  if (p.stopSequences.length > 0) pairs.push({ name: P("stopSequences"), value: p.stopSequences.map((s) => JSON.stringify(s)).join(", ") });
  if (p.thinking?.type === "enabled") pairs.push({ name: P("thinking"), value: t("playground.report.parameters.thinkingBudget", { n: count(p.thinking.budgetTokens) }) });
  if (p.thinking?.type === "adaptive") pairs.push({ name: P("thinking"), value: P("thinkingAdaptive") });
  return pairs;
}

/** One turn's row: its question, tokens, cost with and without caching, and time to first token. */
export function turnRow(turn: TurnRecord, n: number): ReportTurn {
  const usage = turn.usage;
  return {
    label: t("playground.report.row.turn", { n }),
    question: questionOf(turn),
    inputTokens: usage?.inputTokens ?? 0,
    outputTokens: usage?.outputTokens ?? 0,
    cacheReadTokens: usage?.cacheReadInputTokens ?? 0,
    cacheWriteTokens: (usage?.cacheWrite5mTokens ?? 0) + (usage?.cacheWrite1hTokens ?? 0),
    cost: turn.cost?.total ?? 0,
    costWithoutCache: turn.cost?.withoutCache ?? 0,
    saved: turn.cost?.saved ?? 0,
    firstTokenMs: turn.latency.timeToFirstTokenMs,
  };
}

/** Where requests went: from the latest turn, else from the draft and its plan. */
export function targetOf(turns: readonly TurnRecord[], draft: Draft | null, plan: PlanView | null): ReportTarget {
  const last = turns.at(-1);
  return {
    modelChoice: last?.modelChoice ?? draft?.modelChoice ?? "",
    resolvedId: last?.invokeId ?? plan?.resolution.invokeId ?? "",
    region: last?.region ?? plan?.region ?? "",
    transport: apiName(last?.api ?? draft?.api ?? "converse"),
    tier: tierName(last ? last.serviceTier : draft?.conversation.serviceTier),
    parameters: parameterPairs(last?.request.inference ?? draft?.conversation.inference),
  };
}

export function priceOf(quote: PriceQuote | null | undefined): ReportPriceSource | null {
  return quote ? { asOf: quote.asOf, source: quote.source } : null;
}

/** Only turns that were answered (a failed or cancelled turn has nothing to count). */
function answered(turns: readonly TurnRecord[]): TurnRecord[] {
  return turns.filter((turn) => turn.usage !== null);
}

/** `input` with every text redacted, and marked so (presenter mode). */
export function redactReport(input: ReportInput): ReportInput {
  const r = (text: string) => redact(text);
  return {
    ...input,
    title: r(input.title),
    redacted: true,
    groups: input.groups.map((group) => ({
      ...group,
      label: r(group.label),
      target: {
        modelChoice: r(group.target.modelChoice),
        resolvedId: r(group.target.resolvedId),
        region: r(group.target.region),
        transport: r(group.target.transport),
        tier: r(group.target.tier),
        parameters: group.target.parameters.map((p) => ({ name: r(p.name), value: r(p.value) })),
      },
      turns: group.turns.map((turn) => ({ ...turn, label: r(turn.label), question: r(turn.question) })),
      price: group.price ? { asOf: r(group.price.asOf), source: r(group.price.source) } : null,
    })),
    recommendation: input.recommendation
      ? { headline: r(input.recommendation.headline), reasons: input.recommendation.reasons.map(r) }
      : null,
  };
}

function finish(input: ReportInput, presenting: boolean): ReportInput {
  return presenting ? redactReport(input) : input;
}

export interface SessionSource {
  title: string;
  turns: readonly TurnRecord[];
  draft: Draft | null;
  plan: PlanView | null;
}

/** A playground session: a row per answered turn. */
export function sessionReport(source: SessionSource, now: Date, presenting: boolean): ReportInput {
  const turns = answered(source.turns);
  const group: ReportGroup = {
    label: source.title,
    target: targetOf(turns, source.draft, source.plan),
    turns: turns.map((turn, i) => turnRow(turn, i + 1)),
    price: priceOf(source.plan?.priceQuote),
  };
  return finish(
    { kind: "session", title: source.title, generatedAt: generatedAt(now), redacted: false, groups: [group], recommendation: null },
    presenting,
  );
}

export interface ColumnSource {
  choice: string;
  turns: readonly TurnRecord[];
  plan: PlanView | null;
  api: Api;
  inference: InferenceParams | undefined;
  tier: ServiceTier | null | undefined;
}

/** A Compare run: a group per column, each with its turns. */
export function compareReport(columns: readonly ColumnSource[], now: Date, presenting: boolean): ReportInput {
  const groups = columns.map((column, i): ReportGroup => {
    const turns = answered(column.turns);
    const target = targetOf(turns, null, column.plan);
    if (turns.length === 0) {
      target.modelChoice = column.choice;
      target.transport = apiName(column.api);
      target.tier = tierName(column.tier);
      target.parameters = parameterPairs(column.inference);
    }
    return {
      label: t("playground.report.row.column", { n: i + 1, model: column.choice }),
      target,
      turns: turns.map((turn, n) => turnRow(turn, n + 1)),
      price: priceOf(column.plan?.priceQuote),
    };
  });
  const title = t("playground.report.title.compare", { columns: columns.map((c) => c.choice).join(" · ") });
  return finish({ kind: "compare", title, generatedAt: generatedAt(now), redacted: false, groups, recommendation: null }, presenting);
}

export interface BakeoffSource {
  results: readonly StrategyResult[];
  /** A run's name, worded as the bake-off shows it. */
  runLabel: (result: StrategyResult) => string;
  questions: readonly string[];
  draft: Draft | null;
  plan: PlanView | null;
  /** The cache TTL every run used. */
  ttl: string;
  recommendation: ReportRecommendation | null;
}

/** A bake-off: a group per run (placement, and transport when several), and the recommendation with its reasons. */
export function bakeoffReport(source: BakeoffSource, now: Date, presenting: boolean): ReportInput {
  const base = targetOf([], source.draft, source.plan);
  const groups = source.results.map(
    (result): ReportGroup => ({
      label: source.runLabel(result),
      target: {
        ...base,
        transport: apiName(result.api),
        parameters: [...base.parameters, { name: t("playground.report.parameters.cacheTtl"), value: source.ttl }],
      },
      turns: result.turns.map((turn) => ({
        label: t("playground.report.row.turn", { n: turn.turn }),
        question: source.questions[turn.turn - 1] ?? "",
        inputTokens: turn.inputTokens,
        outputTokens: turn.outputTokens,
        cacheReadTokens: turn.cacheReadTokens,
        cacheWriteTokens: turn.cacheWriteTokens,
        cost: turn.cost,
        costWithoutCache: turn.withoutCache,
        saved: turn.withoutCache - turn.cost,
        firstTokenMs: turn.timeToFirstTokenMs,
      })),
      price: priceOf(source.plan?.priceQuote),
    }),
  );
  const title = t("playground.report.title.bakeoff", { model: base.modelChoice });
  return finish(
    { kind: "bakeoff", title, generatedAt: generatedAt(now), redacted: false, groups, recommendation: source.recommendation },
    presenting,
  );
}
