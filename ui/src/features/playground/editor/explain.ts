// Plan facts in words: why a cache will not be read, what a cache point does, why one is refused.
import { formatNumber, t, type MessageKey } from "../../../lib/i18n/index.svelte";
import type { BlockOrigin, Conversation, LintFinding, LintKind, MissCause, PointAction, PointProblem } from "../../../lib/ipc/bindings";
import type { PointStatus } from "./plan-map";
import "./messages";

const P = "playground.editor";

/** A duration in words: "42 s", "3 min 12 s", "1 h 5 min". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  if (total < 60) return t(`${P}.duration.seconds`, { s: formatNumber(total) });
  if (total < 3600) return t(`${P}.duration.minutes`, { m: formatNumber(Math.floor(total / 60)), s: formatNumber(total % 60) });
  return t(`${P}.duration.hours`, { h: formatNumber(Math.floor(total / 3600)), m: formatNumber(Math.floor((total % 3600) / 60)) });
}

/**
 * Where a section's item stands as the editor numbers it: cache points are markers between blocks, not blocks,
 * so the second text block after a cache point is "block 2", not "block 3".
 */
export function displayNumber(items: readonly { type: string }[], index: number): number {
  let n = 0;
  for (let i = 0; i <= index && i < items.length; i++) if (items[i]!.type !== "cachePoint") n++;
  return Math.max(n, 1);
}

/** The origin of every block of a conversation, in the order the cache plan reads them (cache points left out). */
export function blockOrigins(conversation: Conversation): BlockOrigin[] {
  const out: BlockOrigin[] = [];
  conversation.tools.forEach((item, i) => item.type !== "cachePoint" && out.push({ section: "tool", item: i }));
  conversation.system.forEach((item, i) => item.type !== "cachePoint" && out.push({ section: "system", item: i }));
  conversation.messages.forEach((message, m) =>
    message.content.forEach((item, i) => item.type !== "cachePoint" && out.push({ section: "message", message: m, item: i })),
  );
  return out;
}

/**
 * A plan block in words, numbered the way the editor numbers it ("system block 2", "item 1 of message 3", …);
 * "block N" without its origin. `blocks` holds the origin of every block (cache points are not blocks).
 */
export function describeBlock(block: number, blocks?: readonly BlockOrigin[]): string {
  const origin = blocks?.[block];
  if (!blocks || !origin) return t(`${P}.miss.block`, { n: block + 1 });
  // The block's number among the blocks of its own section (and message) that come before it.
  const same = (other: BlockOrigin) =>
    other.section === origin.section && (origin.section !== "message" || (other.section === "message" && other.message === origin.message));
  const n = blocks.slice(0, block + 1).filter(same).length;
  if (origin.section === "tool") return t(`${P}.miss.blockTool`, { n });
  if (origin.section === "system") return t(`${P}.miss.blockSystem`, { n });
  return t(`${P}.miss.blockMessage`, { m: origin.message + 1, n });
}

/** A cache scope (the Region and the ID invoked, kept together as `region|invokeId`) as a person reads it. */
export function describeScope(scope: string): string {
  const bar = scope.indexOf("|");
  if (bar < 0) return scope;
  return t(`${P}.miss.scope`, { region: scope.slice(0, bar), id: scope.slice(bar + 1) });
}

/**
 * Why a prefix that was cached is not (or was not) read, in one sentence. `blocks` (the plan's block origins)
 * names the changed block where it is known. The diff of a changed prefix is not included: show it beside.
 */
export function describeMiss(cause: MissCause, blocks?: readonly BlockOrigin[]): string {
  switch (cause.kind) {
    case "prefixChanged":
      return t(`${P}.miss.prefixChanged`, { block: describeBlock(cause.diff.block, blocks) });
    case "ttlExpired":
      return t(`${P}.miss.ttlExpired`, { ago: formatDuration(cause.agoMs) });
    case "scopeChanged":
      return t(`${P}.miss.scopeChanged`, { from: describeScope(cause.from), to: describeScope(cause.to) });
    case "belowFloor":
      return t(`${P}.miss.belowFloor`, { n: cause.point + 1, tokens: formatNumber(cause.missingTokens) });
    case "beyondLookback":
      return t(`${P}.miss.beyondLookback`, { n: cause.boundary });
    case "expiredOrEvicted":
      return t(`${P}.miss.expiredOrEvicted`);
    case "routedToAnotherRegion":
      return t(`${P}.miss.routedToAnotherRegion`);
    case "estimateBelowFloor":
      return t(`${P}.miss.estimateBelowFloor`);
    case "warmedElsewhere":
      return t(`${P}.miss.warmedElsewhere`);
  }
}

/** Why a cache point is refused or caches nothing. */
export function describePointProblem(problem: PointProblem): string {
  switch (problem.kind) {
    case "belowMinimum":
      return t(`${P}.point.problems.belowMinimum`, { tokens: formatNumber(problem.missingTokens) });
    case "ttlNotSupported":
      return t(`${P}.point.problems.ttlNotSupported`, { ttl: problem.ttl });
    case "longerTtlAfterShorter":
      return t(`${P}.point.problems.longerTtlAfterShorter`);
    case "sectionNotCacheable":
      return t(`${P}.point.problems.sectionNotCacheable`, { section: problem.section });
    case "afterReasoning":
      return t(`${P}.point.problems.afterReasoning`);
    case "beyondLimit":
      return t(`${P}.point.problems.beyondLimit`, { limit: problem.limit });
  }
}

/** Whether a point caches, in words: "✓ caches", "+120 tokens needed" (and any refusal beside it), the refusals. */
export function describePointStatus(status: PointStatus): string {
  if (status.kind === "caches") return t(`${P}.point.caches`);
  if (status.kind === "belowMinimum") {
    return [t(`${P}.point.needed`, { tokens: formatNumber(status.missingTokens) }), ...status.others.map(describePointProblem)].join("; ");
  }
  if (status.kind === "refused") return status.problems.map(describePointProblem).join("; ");
  return t(`${P}.point.unknown`);
}

/** What the next send does at a point, briefly: "writes 3,009", "reads 3,009", "nothing". */
export function describeAction(action: PointAction): string {
  if (action.kind === "write") return t(`${P}.point.action.write`, { tokens: formatNumber(action.tokens) });
  if (action.kind === "read") return t(`${P}.point.action.read`, { tokens: formatNumber(action.tokens) });
  return t(`${P}.point.action.nothing`);
}

/** What the next send does at checkpoint `index` (0-based), as a sentence; `automatic` for the point the
 * Messages API's top-level cache_control places. */
export function describePointSentence(action: PointAction, index: number, automatic = false): string {
  const n = automatic ? t(`${P}.summary.point.automatic`, { n: index + 1 }) : index + 1;
  if (action.kind === "write") return t(`${P}.summary.point.write`, { n, tokens: formatNumber(action.tokens), ttl: action.ttl });
  if (action.kind === "read") return t(`${P}.summary.point.read`, { n, tokens: formatNumber(action.tokens) });
  return t(`${P}.summary.point.nothing`, { n });
}

/** A lint finding's kind in words ("Timestamp", "UUID", …). */
export function lintKind(kind: LintKind): string {
  return t(`${P}.findings.kinds.${kind}`);
}

/** The move that fixes a lint finding, in the current language (Rust's English for a code this UI does not know). */
export function describeLintFix(lint: LintFinding): string {
  const key: MessageKey = `${P}.findings.fixes.${lint.fix.code}`;
  const worded = t(key);
  return worded === key ? lint.fixMessage : worded;
}

/** A lint finding as an editor's tooltip: what it is and the move that fixes it. */
export function describeLint(lint: LintFinding): string {
  return `${t(`${P}.findings.lint`, { kind: lintKind(lint.kind), text: lint.text })}: ${describeLintFix(lint)}`;
}
