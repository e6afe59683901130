// The what-if's figures in words, in the person's language.
import { formatNumber, formatUsd, t } from "../../lib/i18n/index.svelte";
import type { BreakEven, PrefillField, PriceRow, TtlCost, WhatIf } from "../../lib/ipc/bindings";
import "./messages";

const W = "whatIf";

/** A rate of requests per hour, to three significant figures ("12", "0.238", "1,500"). */
export function formatRate(rate: number): string {
  return formatNumber(rate, { maximumSignificantDigits: 3 });
}

/** A count of requests in a month, whole ("43,834"), or to two decimals below ten. */
export function formatCount(count: number): string {
  return formatNumber(count, { maximumFractionDigits: count < 10 ? 2 : 0 });
}

export function breakEvenText(breakEven: BreakEven): string {
  switch (breakEven.kind) {
    case "always":
      return t(`${W}.results.breakEven.always`);
    case "above":
      return t(`${W}.results.breakEven.above`, { rate: formatRate(breakEven.requestsPerHour) });
    case "never":
      return t(`${W}.results.breakEven.never`);
  }
}

/** Why a TTL caches nothing or is not priced; null when it caches. */
export function statusText(cost: TtlCost): string | null {
  const ttl = cost.ttl === "5m" ? t(`${W}.results.fiveMinutes`) : t(`${W}.results.oneHour`);
  switch (cost.status.kind) {
    case "caches":
      return null;
    case "belowFloor":
      return t(`${W}.results.status.belowFloor`, {
        prefix: formatNumber(cost.status.prefixTokens),
        floor: formatNumber(cost.status.floor),
      });
    case "notOffered":
      return t(`${W}.results.status.notOffered`, { ttl });
    case "noPrice":
      return t(`${W}.results.status.noPrice`, { ttl });
  }
}

/** "saves $1,183.47" or "costs $32.88 more". */
export function savingText(saved: number): string {
  return saved >= 0
    ? t(`${W}.results.saves`, { amount: formatUsd(saved) })
    : t(`${W}.results.costsMore`, { amount: formatUsd(-saved) });
}

function rowName(row: PriceRow): string {
  switch (row.kind) {
    case "base":
      return t(`${W}.prices.rows.base`);
    case "route":
      return t(`${W}.prices.rows.${row.route}`);
    case "geography":
      return t(`${W}.prices.rows.geography`, { geography: row.geography });
  }
}

/** The price entry behind every figure: its prefix, row and date. */
export function entryText(result: WhatIf): string {
  return t(`${W}.prices.entry`, { entry: result.quote.modelIdPrefix, row: rowName(result.quote.row), asOf: result.quote.asOf });
}

/** The price entry in short, for each figure ("anthropic.claude-sonnet-4-6 · global-profile row · 2026-12-01"). */
export function entryShort(result: WhatIf): string {
  return t(`${W}.prices.short`, { entry: result.quote.modelIdPrefix, row: rowName(result.quote.row), asOf: result.quote.asOf });
}

/** What priced the what-if beyond the row: the tier, the long-context rate, the floor. */
export function priceNotes(result: WhatIf): string[] {
  const notes: string[] = [];
  const billing = result.billing;
  if (billing.tier && billing.tier !== "default") {
    const tier = t(`${W}.tiers.${billing.tier}`);
    notes.push(
      result.tierPriceUnknown
        ? t(`${W}.prices.tierUnknown`, { tier })
        : t(`${W}.prices.tier`, { tier, multiplier: String(billing.tierMultiplier) }),
    );
  }
  if (billing.longContext) notes.push(t(`${W}.prices.longContext`));
  notes.push(t(result.floorMeasured ? `${W}.prices.floorMeasured` : `${W}.prices.floor`, { floor: formatNumber(result.floor) }));
  return notes;
}

/** "model, prefix, question" — the inputs the session gave, in words. */
export function prefillText(fields: readonly PrefillField[], turns: number): string {
  const names = fields.map((field) => t(`${W}.prefill.fields.${field}`)).join(t(`${W}.prefill.separator`));
  return turns === 0 ? t(`${W}.prefill.example`) : t(`${W}.prefill.fromSession`, { fields: names, count: turns });
}

/** A route's name in the picker. */
export function routeName(route: string): string {
  if (route === "global") return t(`${W}.routes.global`);
  if (route === "") return t(`${W}.routes.inRegion`);
  return t(`${W}.routes.geographic`, { geography: route });
}
