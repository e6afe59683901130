// Plain-text descriptions of models, routes and profiles, kept apart from the markup so they can be tested.
import { formatNumber, i18n, t } from "../../lib/i18n/index.svelte";
import type { CatalogModel, Profile } from "../../lib/ipc/bindings";
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
