// Plain-text descriptions of models, routes and profiles, kept apart from the markup so they can be tested.
import { formatNumber, i18n, t } from "../../lib/i18n/index.svelte";
import type { CatalogModel, ModelApi, Profile } from "../../lib/ipc/bindings";
import "../../lib/rule-messages";
import "./messages";

/** A system profile that routes a model (the catalogue's `Route`). */
export type ModelRoute = CatalogModel["profiles"][number];

const MODALITIES = ["TEXT", "IMAGE", "EMBEDDING", "VIDEO", "SPEECH", "AUDIO"] as const;
const INFERENCE_TYPES = ["ON_DEMAND", "INFERENCE_PROFILE", "PROVISIONED"] as const;
const LIFECYCLES = ["ACTIVE", "LEGACY"] as const;

/** Whether AWS's `value` is one this page has words for (so its message key is checked). */
function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}

/** A value AWS may add to one day, written as words: `SOMETHING_NEW` → `Something new`. */
function asWords(value: string): string {
  const lower = value.toLowerCase().replace(/_/g, " ");
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

/** `TEXT` → `Text`, `EMBEDDING` → `Embedding` (in the current language). */
export function modalityLabel(modality: string): string {
  return isOneOf(MODALITIES, modality) ? t(`models.describe.modalities.${modality}`) : asWords(modality);
}

/** "Text, Image → Text" */
export function modalitiesText(inputs: readonly string[], outputs: readonly string[]): string {
  const separator = t("models.common.listSeparator");
  const list = (values: readonly string[]) =>
    values.length === 0 ? t("models.common.none") : values.map(modalityLabel).join(separator);
  return t("models.describe.modalitiesText", { inputs: list(inputs), outputs: list(outputs) });
}

export function inferenceTypeLabel(kind: string): string {
  return isOneOf(INFERENCE_TYPES, kind) ? t(`models.describe.inferenceTypes.${kind}`) : asWords(kind);
}

/** `ACTIVE` → `Active`, `LEGACY` → `Legacy`. */
export function lifecycleLabel(status: string): string {
  return isOneOf(LIFECYCLES, status) ? t(`models.describe.lifecycle.${status}`) : asWords(status);
}

/** "us. → us-east-1, us-east-2, us-west-2"; a profile without a geography is named by its ID. */
export function routeLabel(route: ModelRoute): string {
  const head = route.geography ? `${route.geography}.` : route.profileId;
  return route.destinationRegions.length > 0 ? `${head} → ${route.destinationRegions.join(", ")}` : head;
}

/** "Caches from 1,024 tokens · 5m, 1h", or null when prompt caching is not known for the model. */
export function cacheText(entry: Pick<CatalogModel, "cacheMinTokens" | "cacheTtls">): string | null {
  if (entry.cacheMinTokens === null) return null;
  const tokens = formatNumber(entry.cacheMinTokens);
  if (entry.cacheTtls.length === 0) return t("models.describe.cache", { tokens });
  return t("models.describe.cacheTtls", { tokens, ttls: entry.cacheTtls.join(", ") });
}

/** Which APIs serve the model and which tiers it offers, in one line ("Converse, InvokeModel · not
 * CountTokens (counted on bedrock-mantle) · tiers: default (Standard)"); null when Outcrop knows neither. */
export function offersText(entry: Pick<CatalogModel, "apis" | "serviceTiers" | "implicitCaching">): string | null {
  const parts: string[] = [];
  const api = (a: ModelApi) => t(`rules.apiNames.${a}`);
  if (entry.apis) {
    parts.push(t("models.describe.apis", { apis: entry.apis.runtime.map(api).join(", ") }));
    if (entry.apis.notRuntime.length > 0) {
      const not = entry.apis.notRuntime.map(api).join(", ");
      parts.push(
        entry.apis.mantle.length > 0
          ? t("models.describe.notRuntimeMantle", { apis: not, mantle: entry.apis.mantle.map(api).join(", ") })
          : t("models.describe.notRuntime", { apis: not }),
      );
    }
  }
  if (entry.serviceTiers) {
    parts.push(t("models.describe.tiers", { tiers: entry.serviceTiers.tiers.map((tier) => t(`rules.tierNames.${tier}`)).join(", ") }));
  }
  if (entry.implicitCaching) parts.push(t("models.describe.implicit"));
  return parts.length > 0 ? parts.join(" · ") : null;
}

/** "System" or "Application". */
export function profileKind(profile: Pick<Profile, "application">): string {
  return t(profile.application ? "models.describe.application" : "models.describe.system");
}

/** The ID to invoke a profile with: application profiles by ARN, system profiles by ID. */
export function invokeIdOf(profile: Pick<Profile, "application" | "id" | "arn">): string {
  return profile.application ? profile.arn : profile.id;
}

/** An ISO timestamp in the person's locale, or "—". */
export function formatTimestamp(iso: string | null): string {
  if (!iso) return t("models.common.none");
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(i18n.locale, { dateStyle: "medium", timeStyle: "short" });
}

/** `arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude…` → `anthropic.claude…`. */
export function modelIdOfArn(arn: string): string {
  const at = arn.indexOf(":foundation-model/");
  return at < 0 ? arn : arn.slice(at + ":foundation-model/".length);
}

/** `arn:aws:bedrock:us-east-2::foundation-model/…` → `us-east-2`. */
export function regionOfArn(arn: string): string | null {
  return arn.split(":")[3] || null;
}

export const TAG_TEMPLATES = ["Department", "Project", "CostCenter", "Environment"] as const;

/** A row of a tag editor: a tag as typed, keyed for the list, and whether the person has left it. */
export interface TagRow {
  uid: number;
  key: string;
  value: string;
  touched: boolean;
}

let nextTagRow = 1;

export function tagRow(key = "", value = ""): TagRow {
  return { uid: nextTagRow++, key, value, touched: false };
}

export function tagRows(tags: readonly { key: string; value: string }[]): TagRow[] {
  return tags.map((t) => tagRow(t.key, t.value));
}

/** The tags to send: exactly the rows, as typed. */
export function tagsOf(rows: readonly TagRow[]): { key: string; value: string }[] {
  return rows.map((r) => ({ key: r.key, value: r.value }));
}
