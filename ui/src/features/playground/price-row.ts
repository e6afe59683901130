// Which row of the price table priced a plan or a turn, in words: the route (global profile, geographic
// profile, in-Region) or one geography's own row.
import { t } from "../../lib/i18n/index.svelte";
import type { PriceRow } from "../../lib/ipc/bindings";
import "./editor/messages";

const R = "playground.editor.summary.row";

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
