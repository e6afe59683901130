// Which row of the price table priced a plan or a turn, in words: the route (global profile, geographic
// profile, in-Region) or one geography's own row.
import { t } from "../../lib/i18n/index.svelte";
import type { Billing, PriceRow } from "../../lib/ipc/bindings";
import "./editor/messages";
import "../../lib/rule-messages";
import "./run/messages";

const R = "playground.editor.summary.row";
const B = "playground.editor.summary.billing";
const TIERS = "rules.tierNames";

export function priceRowText(entry: string, row: PriceRow): string {
  switch (row.kind) {
    case "base":
      return t(`${R}.base`, { entry });
    case "route":
      return t(`${R}.${row.route}`, { entry });
    case "geography":
      return t(`${R}.geography`, { entry, geography: row.geography });
  }
}

/** What priced a plan or a turn beyond its row: the tier's multiplier (or that it is unknown), the long-context rate. */
export function billingNotes(billing: Billing): string[] {
  const notes: string[] = [];
  if (billing.tier && billing.tier !== "default") {
    const tier = t(`${TIERS}.${billing.tier}`);
    notes.push(
      billing.tierMultiplier === null
        ? t(`${B}.tierUnknown`, { tier })
        : t(`${B}.tier`, { tier, multiplier: String(billing.tierMultiplier) }),
    );
  }
  if (billing.longContext) notes.push(t(`${B}.longContext`));
  return notes;
}

/** The row that priced a turn, in words ("the geographic-profile row"). */
export function billingRowText(billing: Billing): string {
  const row = billing.row;
  switch (row.kind) {
    case "base":
      return t("playground.run.usage.baseRow");
    case "route":
      return t(`playground.run.usage.routes.${row.route}`);
    case "geography":
      return t("playground.run.usage.geographyRow", { geography: row.geography });
  }
}
