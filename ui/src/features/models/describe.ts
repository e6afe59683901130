// Plain-text descriptions of models, routes and profiles, kept apart from the markup so they can be tested.
import type { CatalogModel, Profile } from "../../lib/ipc/bindings";

/** A system profile that routes a model (the catalogue's `Route`). */
export type ModelRoute = CatalogModel["profiles"][number];

const NUMBER = new Intl.NumberFormat("en-US");

/** `TEXT` → `Text`, `EMBEDDING` → `Embedding`. */
export function modalityLabel(modality: string): string {
  const lower = modality.toLowerCase().replace(/_/g, " ");
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

/** "Text, Image → Text" */
export function modalitiesText(inputs: readonly string[], outputs: readonly string[]): string {
  const list = (values: readonly string[]) => (values.length === 0 ? "—" : values.map(modalityLabel).join(", "));
  return `${list(inputs)} → ${list(outputs)}`;
}

const INFERENCE_TYPES: Record<string, string> = {
  ON_DEMAND: "On demand",
  INFERENCE_PROFILE: "Inference profile",
  PROVISIONED: "Provisioned",
};

export function inferenceTypeLabel(kind: string): string {
  return INFERENCE_TYPES[kind] ?? modalityLabel(kind);
}

/** "us. → us-east-1, us-east-2, us-west-2"; a profile without a geography is named by its ID. */
export function routeLabel(route: ModelRoute): string {
  const head = route.geography ? `${route.geography}.` : route.profileId;
  return route.destinationRegions.length > 0 ? `${head} → ${route.destinationRegions.join(", ")}` : head;
}

/** "Caches from 1,024 tokens · 5m, 1h", or null when prompt caching is not known for the model. */
export function cacheText(entry: Pick<CatalogModel, "cacheMinTokens" | "cacheTtls">): string | null {
  if (entry.cacheMinTokens === null) return null;
  const ttls = entry.cacheTtls.length > 0 ? ` · ${entry.cacheTtls.join(", ")}` : "";
  return `Caches from ${NUMBER.format(entry.cacheMinTokens)} tokens${ttls}`;
}

/** "System" or "Application". */
export function profileKind(profile: Pick<Profile, "application">): string {
  return profile.application ? "Application" : "System";
}

/** The ID to invoke a profile with: application profiles by ARN, system profiles by ID. */
export function invokeIdOf(profile: Pick<Profile, "application" | "id" | "arn">): string {
  return profile.application ? profile.arn : profile.id;
}

/** An ISO timestamp in the person's locale, or "—". */
export function formatTimestamp(iso: string | null): string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
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

export const TAG_NOTE = "Tags show in Cost Explorer only after you activate them under Billing → Cost allocation tags.";

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

/** A FieldError list carried as JSON in a validation failure's `detail`; [] when there is none. */
export function parseFieldErrors(detail: string | null): { field: string; message: string }[] {
  if (!detail) return [];
  try {
    const parsed: unknown = JSON.parse(detail);
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (e): e is { field: string; message: string } =>
        typeof e === "object" && e !== null && typeof e.field === "string" && typeof e.message === "string",
    );
  } catch {
    return [];
  }
}
