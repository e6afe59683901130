// Compare's logic without Svelte: the routes a model can be called through (quick picks), a turn as a row of
// the usage table, the totals, the cheapest column, and the next draft of a follow-up.
import type { Api, Catalog, CatalogModel, ContentItem, Conversation, Draft, Profile, TurnRecord } from "../../../lib/ipc/bindings";

export type PickKind = "onDemand" | "systemProfile" | "applicationProfile";

/** One way to call the same model: its on-demand ID, a system profile, or an application profile. */
export interface QuickPick {
  choice: string;
  kind: PickKind;
  /** The geography (system profiles) or the name (application profiles); empty for on demand. */
  detail: string;
}

function profileById(catalog: Catalog, choice: string): Profile | undefined {
  return catalog.profiles.find((p) => p.id === choice || p.arn === choice);
}

/** The catalogue model a choice (model ID or ARN, system-profile ID or ARN, application-profile ARN) calls. */
export function findModel(catalog: Catalog | null, choice: string): CatalogModel | null {
  const wanted = choice.trim();
  if (!catalog || wanted === "") return null;
  const byId = (id: string | null | undefined) => (id ? (catalog.models.find((m) => m.model.modelId === id) ?? null) : null);
  const direct = catalog.models.find(
    (m) =>
      m.model.modelId === wanted ||
      m.model.modelArn === wanted ||
      m.onDemandId === wanted ||
      m.profiles.some((r) => r.profileId === wanted),
  );
  if (direct) return direct;
  const profile = profileById(catalog, wanted);
  if (profile) return byId(profile.modelId) ?? byId(profile.modelArns[0]?.split("/").pop());
  // A system profile's ARN that the catalogue does not list: its ID is the last path segment.
  const tail = wanted.includes("/") ? wanted.split("/").pop() : undefined;
  return tail && tail !== wanted ? findModel(catalog, tail) : null;
}

/** The application profiles whose model is `model` (by model ID or by one of their model ARNs). */
function applicationProfilesOf(catalog: Catalog, model: CatalogModel): Profile[] {
  const id = model.model.modelId;
  return catalog.profiles.filter(
    (p) => p.application && (p.modelId === id || p.modelArns.some((arn) => arn.endsWith(`/${id}`))),
  );
}

/** Every route to the model behind `choice`: on demand, then its system profiles (best first), then application profiles. */
export function quickPicks(catalog: Catalog | null, choice: string): QuickPick[] {
  const model = findModel(catalog, choice);
  if (!catalog || !model) return [];
  const picks: QuickPick[] = [];
  if (model.onDemandId) picks.push({ choice: model.onDemandId, kind: "onDemand", detail: "" });
  for (const route of model.profiles) {
    picks.push({ choice: route.profileId, kind: "systemProfile", detail: route.geography ?? route.profileId.split(".")[0] ?? "" });
  }
  for (const profile of applicationProfilesOf(catalog, model)) {
    picks.push({ choice: profile.arn, kind: "applicationProfile", detail: profile.name });
  }
  return picks;
}

/** A turn's figures, as a row of the usage table. */
export interface UsageRow {
  input: number;
  cacheWrite: number;
  cacheRead: number;
  output: number;
  ttftMs: number | null;
  latencyMs: number | null;
  cost: number | null;
  saved: number | null;
}

export function usageRow(turn: TurnRecord): UsageRow {
  const usage = turn.usage;
  return {
    input: usage?.inputTokens ?? 0,
    cacheWrite: (usage?.cacheWrite5mTokens ?? 0) + (usage?.cacheWrite1hTokens ?? 0),
    cacheRead: usage?.cacheReadInputTokens ?? 0,
    output: usage?.outputTokens ?? 0,
    ttftMs: turn.latency.timeToFirstTokenMs,
    latencyMs: turn.latency.totalMs,
    cost: turn.cost?.total ?? null,
    saved: turn.cost?.saved ?? null,
  };
}

function mean(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0) / known.length;
}

function sum(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0);
}

/** Tokens, cost and saved add up; TTFT and latency are means. */
export function totalsRow(rows: readonly UsageRow[]): UsageRow {
  return {
    input: rows.reduce((a, r) => a + r.input, 0),
    cacheWrite: rows.reduce((a, r) => a + r.cacheWrite, 0),
    cacheRead: rows.reduce((a, r) => a + r.cacheRead, 0),
    output: rows.reduce((a, r) => a + r.output, 0),
    ttftMs: mean(rows.map((r) => r.ttftMs)),
    latencyMs: mean(rows.map((r) => r.latencyMs)),
    cost: sum(rows.map((r) => r.cost)),
    saved: sum(rows.map((r) => r.saved)),
  };
}

/** What the cheapest-column rule needs of a column: its complete turns and their total cost. */
export interface Costed {
  completeTurns: number;
  cost: number | null;
}

/**
 * The column that cost least, or null. Only columns that ran as many complete turns as the furthest one
 * compete (a column that stopped early is not "cheaper"), and at least two must, with a known cost.
 * Ties go to the first.
 */
export function cheapestColumn(columns: readonly Costed[]): number | null {
  const most = Math.max(0, ...columns.map((c) => c.completeTurns));
  if (most === 0) return null;
  const candidates = columns
    .map((c, index) => ({ index, cost: c.cost, turns: c.completeTurns }))
    .filter((c): c is { index: number; cost: number; turns: number } => c.turns === most && c.cost !== null);
  if (candidates.length < 2) return null;
  let best = candidates[0]!;
  for (const c of candidates) if (c.cost < best.cost) best = c;
  return best.index;
}

/** A reply's text, blocks joined by blank lines (reasoning, tool calls and points left out). */
export function replyText(reply: readonly ContentItem[]): string {
  return reply
    .filter((c): c is Extract<ContentItem, { type: "text" }> => c.type === "text")
    .map((c) => c.text)
    .join("\n\n");
}

/** The text of the last user message a turn sent (the question it answered). */
export function questionOf(turn: TurnRecord): string {
  const last = [...turn.request.messages].reverse().find((m) => m.role === "user");
  return last ? replyText(last.content).trim() : "";
}

/**
 * The draft of a follow-up: the session's saved draft (which holds the answer) and the question as the next
 * user message. When the draft already ends with a user message (the last turn failed), the question joins it,
 * since Converse wants user and assistant to alternate.
 */
export function followUpDraft(saved: Draft, question: string): Draft {
  const draft = structuredClone(saved);
  const last = draft.conversation.messages.at(-1);
  if (last?.role === "user") last.content.push({ type: "text", text: question });
  else draft.conversation.messages.push({ role: "user", content: [{ type: "text", text: question }] });
  return draft;
}

/**
 * The conversation with a one-line marker opening its prefix: in the first tool's description when there are
 * tools (they come first), else at the top of the system prompt (the same rule as the Rust bake-off). Two
 * targets served from the same Region can share a cached prefix, so without it one column's cache write
 * becomes another column's read and the comparison flatters whichever ran second.
 */
export function withCacheMarker(conversation: Conversation, marker: string): Conversation {
  const out = structuredClone(conversation);
  const tool = out.tools.find((item) => item.type === "tool");
  if (tool && tool.type === "tool") {
    tool.description = tool.description ? `${marker}\n${tool.description}` : marker;
    return out;
  }
  const first = out.system.find((item) => item.type === "text");
  if (first && first.type === "text") first.text = `${marker}\n${first.text}`;
  else out.system.unshift({ type: "text", text: marker });
  return out;
}

/** One column's cache figures for a turn, under the transport it went through. */
export interface TransportCache {
  api: Api;
  read: number;
  write: number;
  /** Everything the model read: uncached input, cache reads and writes. */
  total: number;
}

/** Why columns sending one model through different transports disagree about what was cached. */
export type DisagreementCause =
  /** One column read what another wrote: the cache belongs to the model and Region, whatever the API. */
  | "sharedCache"
  /** The transports frame the same conversation differently, so their prefixes are not the same size. */
  | "framing"
  /** Neither: an eviction, another Region behind a cross-Region profile, or implicit caching. */
  | "other";

export interface TransportDisagreement {
  turn: number;
  model: string;
  columns: TransportCache[];
  cause: DisagreementCause;
}

/**
 * Turns where columns that sent the same model through different transports report different cache reads or
 * writes, with the likely cause. `turns[i]` are column i's turns in order; `apis[i]` its transport.
 */
export function transportDisagreements(
  columns: readonly { model: string; api: Api; turns: readonly TurnRecord[] }[],
): TransportDisagreement[] {
  const found: TransportDisagreement[] = [];
  const models = [...new Set(columns.map((c) => c.model))];
  for (const model of models) {
    const same = columns.filter((c) => c.model === model);
    if (new Set(same.map((c) => c.api)).size < 2) continue;
    const turns = Math.min(...same.map((c) => c.turns.length));
    for (let n = 0; n < turns; n++) {
      const figures: TransportCache[] = same.flatMap((c) => {
        const usage = c.turns[n]?.usage;
        if (!usage) return [];
        const write = usage.cacheWrite5mTokens + usage.cacheWrite1hTokens;
        return [{ api: c.api, read: usage.cacheReadInputTokens, write, total: usage.inputTokens + usage.cacheReadInputTokens + write }];
      });
      if (figures.length < 2) continue;
      const agree = figures.every((f) => f.read === figures[0]!.read && f.write === figures[0]!.write);
      if (agree) continue;
      const sharedCache = figures.some((a) => a.read > 0 && figures.some((b) => b !== a && b.write === a.read));
      const framing = figures.some((f) => f.total !== figures[0]!.total);
      found.push({ turn: n + 1, model, columns: figures, cause: sharedCache ? "sharedCache" : framing ? "framing" : "other" });
    }
  }
  return found;
}
