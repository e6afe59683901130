// How the Spend tab names what a report holds: a tag value (or the cost without the tag), a period, a share,
// and the profiles and projects carrying a value. Shared by the chart, its text alternative and the table.
import { formatNumber, formatUsd, t } from "../../../lib/i18n/index.svelte";
import type { SpendGranularity, SpendGroup, TagCarrier } from "../../../lib/ipc/bindings";
import "./messages";

/** The group's tag value, or "No <key> tag" for the cost that carries none. */
export function groupLabel(group: SpendGroup, tagKey: string): string {
  return group.value ?? t("usageSpend.table.untagged", { tagKey });
}

/** A period's start as the granularity reads: the day (2026-11-25), or the month (2026-11). */
export function periodLabel(start: string, granularity: SpendGranularity): string {
  return granularity === "monthly" ? start.slice(0, 7) : start;
}

/** `part` of `total` as a percentage with one decimal; 0 % when there is no total. */
export function shareOf(part: number, total: number): string {
  return formatNumber(total > 0 ? part / total : 0, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/** "profile Sales-bot", "project Finance". */
export function carrierLabel(carrier: TagCarrier): string {
  return t(`usageSpend.table.${carrier.kind}`, { name: carrier.name });
}

/** The last day a window covers: the day before its exclusive `end` (YYYY-MM-DD, UTC). */
export function lastDay(end: string): string {
  const day = new Date(`${end}T00:00:00Z`);
  if (Number.isNaN(day.getTime())) return end;
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

/** Money counted in whole cents (Cost Explorer's per-request price, a session's requests): $0.01, $0.03. */
export function formatCents(value: number): string {
  const cents = value * 100;
  return Math.abs(cents - Math.round(cents)) < 1e-9 ? formatUsd(value, 2) : formatUsd(value);
}
