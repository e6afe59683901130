// Which row of the price table priced a plan or a turn, in words — the route (global profile, geographic
// profile, in-Region), one geography's own row, or the model's one price — and what else priced it.
import { t } from "../../lib/i18n/index.svelte";
import type { Billing, PriceRow } from "../../lib/ipc/bindings";
import "./editor/messages";
import "../../lib/rule-messages";
import "./run/messages";

const R = "playground.editor.summary.row";
const B = "playground.editor.summary.billing";
const TIERS = "rules.tierNames";

/** The row's name ("geographic-profile row"). */
function rowName(row: PriceRow): string {
  switch (row.kind) {
    case "base":
      return t(`${R}.base`);
    case "route":
      return t(`${R}.${row.route}`);
    case "geography":
      return t(`${R}.geography`, { geography: row.geography });
  }
}

/** The table entry and its row ("anthropic.claude-sonnet-4-6 (geographic-profile row)"). */
export function priceRowText(entry: string, row: PriceRow): string {
  return t(`${R}.withEntry`, { entry, row: rowName(row) });
}

/** "Priced by the geographic-profile row." */
export function pricedByText(billing: Billing): string {
  return billing.row.kind === "base"
    ? t("playground.run.usage.pricedByBase")
    : t("playground.run.usage.pricedBy", { row: rowName(billing.row) });
}

/** A non-default tier was served whose price nobody published: the turn is priced as the default tier. */
export function tierPriceUnknown(billing: Billing): boolean {
  return billing.tier !== null && billing.tier !== "default" && billing.tierMultiplier === null;
}

/** What priced a plan or a turn beyond its row: the tier's multiplier (or that it is unknown), the long-context rate. */
export function billingNotes(billing: Billing): string[] {
  const notes: string[] = [];
  if (billing.tier && billing.tier !== "default") {
    const tier = t(`${TIERS}.${billing.tier}`);
    notes.push(
      tierPriceUnknown(billing)
        ? t(`${B}.tierUnknown`, { tier })
        : t(`${B}.tier`, { tier, multiplier: String(billing.tierMultiplier) }),
    );
  }
  if (billing.longContext) notes.push(t(`${B}.longContext`));
  return notes;
}
