// Words and figures of the Usage tab, from a report: the x-axis labels, each quantity's series and total.
import { formatMs, formatNumber, i18n } from "../../lib/i18n/index.svelte";
import type { MetricKind, UsageReport, UsageTarget, UsageTargetKind } from "../../lib/ipc/bindings";

/** A period's start as the axis shows it: the time of day, or the date for a point a day (and a week by hour). */
export function periodLabel(start: number, periodSeconds: number, rangeSeconds: number): string {
  const date = new Date(start * 1000);
  const options: Intl.DateTimeFormatOptions =
    periodSeconds >= 86_400
      ? { month: "short", day: "numeric" }
      : rangeSeconds > 86_400
        ? { weekday: "short", hour: "2-digit", minute: "2-digit" }
        : { hour: "2-digit", minute: "2-digit" };
  return new Intl.DateTimeFormat(i18n.locale, options).format(date);
}

/** A quantity's values per period (null where CloudWatch has none), or null when the target publishes none. */
export function seriesOf(report: UsageReport, kind: MetricKind): (number | null)[] | null {
  return report.series.find((s) => s.kind === kind)?.values ?? null;
}

/** A quantity's total over the period, or null. */
export function totalOf(report: UsageReport, kind: MetricKind): number | null {
  return report.series.find((s) => s.kind === kind)?.total ?? null;
}

/** A count as a tile shows it; "—" when the target publishes no such metric. */
export function countText(value: number | null): string {
  return value === null ? "—" : formatNumber(value);
}

export function msText(value: number | null): string {
  return value === null ? "—" : formatMs(value);
}

export function percentText(rate: number | null): string {
  return rate === null ? "—" : formatNumber(rate, { style: "percent", maximumFractionDigits: 1 });
}

/** Targets by kind, in the order the picker groups them. */
export function groupTargets(targets: readonly UsageTarget[]): [UsageTargetKind, UsageTarget[]][] {
  const order: UsageTargetKind[] = ["applicationProfile", "systemProfile", "model", "unknown"];
  return order
    .map((kind) => [kind, targets.filter((t) => t.kind === kind)] as [UsageTargetKind, UsageTarget[]])
    .filter(([, group]) => group.length > 0);
}

/** Whether any period of the report had a request (or an error). */
export function hasData(report: UsageReport): boolean {
  return report.series.some((s) => s.values.some((v) => v !== null && v > 0));
}
