// How the "Which ID would Outcrop call?" box words a resolution, in the person's language, from its fields
// (Rust's English `reason` stays for logs). Kept apart from the markup so it can be tested.
import { t } from "../../lib/i18n/index.svelte";
import type { Resolution } from "../../lib/ipc/bindings";
import "./messages";

export interface ResolutionContext {
  /** What the person asked about. */
  asked: string;
  /** The connection's Region. */
  region: string;
  /** Where the invoked profile sends requests, when the catalogue knows it. */
  destinations: readonly string[];
}

/** Why Outcrop calls what it calls: one sentence, with the route in it once. */
export function resolutionText(resolution: Resolution, context: ResolutionContext): string {
  const model = resolution.foundationModelId ?? "";
  const regions = context.destinations.join(t("models.common.listSeparator"));
  switch (String(resolution.route)) {
    case "onDemand":
      return t("models.resolve.why.onDemand", { model, region: context.region });
    case "systemProfile": {
      const chosen = resolution.invokeId !== context.asked.trim();
      const key = chosen ? "profileOnly" : "systemProfile";
      return t(`models.resolve.why.${key}${regions === "" ? "" : "Regions"}`, { model, profile: resolution.invokeId, regions });
    }
    case "applicationProfile":
      return model === ""
        ? t("models.resolve.why.applicationProfileUnknown")
        : t("models.resolve.why.applicationProfile", { model });
    default:
      return t("models.resolve.why.unverified", { region: context.region });
  }
}
