// Why a cache read did not happen (or happened unexpectedly), in words: one message per MissCause kind.
import { formatNumber, i18n, t, type MessageKey, type SubKey } from "../../../lib/i18n/index.svelte";
import type { BlockOrigin, MissCause, TurnRecord } from "../../../lib/ipc/bindings";
import { describeBlock, describeScope } from "../editor/explain";
import "./messages";

/** Bedrock looks back this many blocks from a cache point for a prefix it holds. */
export const LOOKBACK_BLOCKS = 20;

export interface CauseText {
  kind: MissCause["kind"];
  text: string;
  /** For a changed prefix: the text before and after, shown in monospace. */
  diff?: { before: string; after: string };
}

/** "2 minutes ago", in the current language. */
export function formatAgo(ms: number): string {
  const rtf = new Intl.RelativeTimeFormat(i18n.locale, { numeric: "always", style: "long" });
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return rtf.format(-seconds, "second");
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return rtf.format(-minutes, "minute");
  const hours = Math.round(minutes / 60);
  if (hours < 48) return rtf.format(-hours, "hour");
  return rtf.format(-Math.round(hours / 24), "day");
}

/**
 * A cause in words. `blocks` (the origins of the turn's request blocks: `blockOrigins(turn.request)`) names a
 * changed block the way the editor numbers it.
 */
export function describeCause(cause: MissCause, blocks?: readonly BlockOrigin[]): CauseText {
  const key = (name: SubKey<"playground.run.causes">): MessageKey => `playground.run.causes.${name}`;
  switch (cause.kind) {
    case "prefixChanged":
      return {
        kind: cause.kind,
        text: t(key("prefixChanged"), { block: describeBlock(cause.diff.block, blocks), offset: formatNumber(cause.diff.offset) }),
        diff: { before: cause.diff.before, after: cause.diff.after },
      };
    case "ttlExpired":
      return { kind: cause.kind, text: t(key("ttlExpired"), { ago: formatAgo(cause.agoMs) }) };
    case "scopeChanged":
      return {
        kind: cause.kind,
        text: t(key("scopeChanged"), { from: describeScope(cause.from), to: describeScope(cause.to) }),
      };
    case "belowFloor":
      return {
        kind: cause.kind,
        text: t(key("belowFloor"), { point: cause.point + 1, missing: formatNumber(cause.missingTokens) }),
      };
    case "beyondLookback":
      return {
        kind: cause.kind,
        text: t(key("beyondLookback"), { boundary: cause.boundary, lookback: LOOKBACK_BLOCKS }),
      };
    case "expiredOrEvicted":
    case "routedToAnotherRegion":
    case "estimateBelowFloor":
    case "warmedElsewhere":
      return { kind: cause.kind, text: t(key(cause.kind)) };
  }
}

/**
 * The causes worth showing under a turn: the reconciliation's when the cache did not do what was predicted,
 * and the prediction's misses when the turn read nothing. Duplicates dropped, order kept.
 */
export function turnCauses(turn: TurnRecord): MissCause[] {
  const found: MissCause[] = [];
  const rec = turn.reconciliation;
  if (rec && !rec.matches) found.push(...rec.causes);
  if (turn.usage && turn.usage.cacheReadInputTokens === 0) found.push(...turn.prediction.misses);
  const seen = new Set<string>();
  return found.filter((cause) => {
    const id = JSON.stringify(cause);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** Total input of a usage: uncached + read + written (each token counted once). */
export function totalInput(usage: { inputTokens: number; cacheReadInputTokens: number; cacheWrite5mTokens: number; cacheWrite1hTokens: number }): number {
  return usage.inputTokens + usage.cacheReadInputTokens + usage.cacheWrite5mTokens + usage.cacheWrite1hTokens;
}

/**
 * What the turn's predicted input would cost at its prices: the most a cancelled request's input can have been
 * billed when the service reported no usage (USD; `null` without prices).
 */
export function predictedInputCost(turn: TurnRecord): number | null {
  const prices = turn.prices;
  if (!prices) return null;
  const p = turn.prediction;
  const perMillion =
    p.uncachedTokens * prices.input +
    p.readTokens * prices.cacheRead +
    p.write5mTokens * prices.cacheWrite5m +
    p.write1hTokens * (prices.cacheWrite1h ?? prices.cacheWrite5m);
  return perMillion / 1_000_000;
}
