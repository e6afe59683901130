// The floor line in words, kept apart from the markup so it can be tested: every published claim and the
// measured value side by side, which one planning uses, and a measured value no source agrees with.
import { errorText } from "../aws-reason";
import { formatNumber, t } from "../i18n/index.svelte";
import type { OutcropError } from "../ipc";
import type { FloorClaim, FloorProbeReport, MeasuredFloor } from "../ipc/bindings";
import "./messages";

/** "AWS table: 4,096 · AWS toolkit: 1,024 · measured here: —" */
export function claimsLine(claims: readonly FloorClaim[], measured: MeasuredFloor | null): string {
  const parts = claims.map((c) => t("floorProbe.line.claim", { by: c.by, tokens: formatNumber(c.tokens) }));
  parts.push(
    measured
      ? t("floorProbe.line.measuredHere", { tokens: formatNumber(measured.tokens) })
      : t("floorProbe.line.notMeasured"),
  );
  return parts.join(t("floorProbe.line.separator"));
}

/** Where a claim comes from, for its tooltip. */
export function claimTitle(claim: FloorClaim): string {
  return t("floorProbe.line.claimTitle", { by: claim.by, source: claim.source, asOf: claim.asOf });
}

/** Which value planning uses, and why. `minTokens` is the floor the facts settled on. */
export function planningText(claims: readonly FloorClaim[], measured: MeasuredFloor | null, minTokens: number): string {
  if (measured) {
    const vars = {
      tokens: formatNumber(measured.tokens),
      date: measured.measuredOn,
      region: measured.region,
      invoked: measured.invokedId,
    };
    return t(measured.notAt === null ? "floorProbe.line.uses.measuredBelow" : "floorProbe.line.uses.measured", vars);
  }
  const distinct = new Set(claims.map((c) => c.tokens));
  return t(distinct.size > 1 ? "floorProbe.line.uses.highest" : "floorProbe.line.uses.only", {
    tokens: formatNumber(minTokens),
  });
}

/** Said out loud when the measured floor matches none of the published claims; null otherwise. */
export function disagreement(claims: readonly FloorClaim[], measured: MeasuredFloor | null): string | null {
  if (!measured || claims.length === 0 || claims.some((c) => c.tokens === measured.tokens)) return null;
  const published = [...new Set(claims.map((c) => c.tokens))].sort((a, b) => a - b).map((n) => formatNumber(n));
  return t("floorProbe.line.disagrees", {
    tokens: formatNumber(measured.tokens),
    claims: published.join(t("floorProbe.line.separator")),
  });
}

/** How a probe ended, in words. */
export function resultText(report: FloorProbeReport): string {
  switch (report.status) {
    case "measured": {
      const count = report.probe.floor.requests;
      const vars = { count, requests: formatNumber(count), tokens: formatNumber(report.probe.floor.tokens) };
      if (report.outcome.kind === "atOrBelowSmallest") return t("floorProbe.dialog.result.atOrBelow", vars);
      const notAt = report.probe.floor.notAt;
      return notAt === null
        ? t("floorProbe.dialog.result.floorNoMiss", vars)
        : t("floorProbe.dialog.result.floor", { ...vars, notAt: formatNumber(notAt) });
    }
    case "aboveEvery":
      return t("floorProbe.dialog.result.aboveEvery", { notAt: formatNumber(report.notAt) });
    case "stopped": {
      const count = report.requests.length;
      return t("floorProbe.dialog.result.stopped", { count, requests: formatNumber(count) });
    }
    case "undecided":
      return t("floorProbe.dialog.result.undecided", { requests: formatNumber(report.requests.length) });
    case "inconsistent":
      return t("floorProbe.dialog.result.inconsistent", {
        cachedAt: formatNumber(report.cachedAt),
        missedAt: formatNumber(report.missedAt),
      });
  }
}

/** Why the probe could not run or ended early, in words: another probe running, or the classified failure. */
export function probeErrorText(error: OutcropError): string {
  if (error.code === "conflict") return t("floorProbe.dialog.alreadyRunning");
  return t("floorProbe.dialog.failed", { message: errorText(error) });
}
