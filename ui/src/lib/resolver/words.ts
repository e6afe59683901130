// The resolver's codes in the person's language: why Outcrop calls what it calls, and why Bedrock would refuse
// a choice. Shared by the Models page (the "Which ID would Outcrop call?" box, each model's row) and the
// playground (the model picker, the one-click profile fix). Rust's English stays for logs.
import { t } from "../i18n/index.svelte";
import type { Refusal, ResolutionReason, Verdict } from "../ipc/bindings";
import "./messages";

/** A list of Regions or IDs, joined as the language joins them. */
export function listText(items: readonly string[]): string {
  return items.join(t("resolver.listSeparator"));
}

/** Why the resolver chose the ID it did: one sentence, with the route in it once. */
export function reasonText(reason: ResolutionReason): string {
  switch (reason.kind) {
    case "onDemand":
      return t("resolver.why.onDemand", { model: reason.modelId, region: reason.region });
    case "profileOnly":
      return t(`resolver.why.profileOnly${reason.destinations.length > 0 ? "Regions" : ""}`, {
        model: reason.modelId,
        profile: reason.profileId,
        regions: listText(reason.destinations),
      });
    case "modelNotListed":
      return t("resolver.why.modelNotListed", { model: reason.modelId, region: reason.region });
    case "systemProfile":
      return t(`resolver.why.systemProfile${reason.destinations.length > 0 ? "Regions" : ""}`, {
        profile: reason.profileId,
        regions: listText(reason.destinations),
      });
    case "profileNotListed":
      return t("resolver.why.profileNotListed", { profile: reason.profileId, region: reason.region });
    case "applicationProfile":
      return t("resolver.why.applicationProfile", { profile: reason.profileId, model: reason.modelId });
    case "applicationProfileNotListed":
      return t("resolver.why.applicationProfileNotListed", {
        profile: reason.profileId,
        account: reason.accountId,
        region: reason.region,
      });
    default:
      return unknownKind(reason);
  }
}

/** Why Bedrock would refuse a choice: the headline sentence (the box adds its choices below). */
export function refusalText(refusal: Refusal): string {
  switch (refusal.kind) {
    case "notABedrockId":
      return t("resolver.refused.notABedrockId", { input: refusal.input });
    case "notCallableHere":
      return t("resolver.refused.notCallableHere", {
        profile: refusal.profileId,
        geography: refusal.geography,
        region: refusal.region,
      });
    case "noProfileInRegion":
      return t("resolver.refused.noProfileInRegion", { model: refusal.modelId, region: refusal.region });
    default:
      return unknownKind(refusal);
  }
}

/** A verdict in one sentence: the reason it is callable, or why it is refused. */
export function verdictText(verdict: Verdict): string {
  return verdict.verdict === "callable" ? reasonText(verdict.resolution.reason) : refusalText(verdict.refusal);
}

/** A new kind fails the compiler here (`never`); a newer Rust than this UI still shows something. */
function unknownKind(value: never): string {
  return String((value as { kind?: unknown }).kind ?? "");
}
