// Filtering the catalogue, kept apart from the store and the markup so it can be tested on its own. Every
// option list is built from the data: no provider, modality or geography is hard-coded.
import type { CatalogModel, Profile } from "./ipc/bindings";

export type Invocation = "all" | "on-demand" | "profile-only";
export type ProfileType = "all" | "system" | "application";

export interface ModelFilters {
  search: string;
  /** A provider name, or "" for all. */
  provider: string;
  /** An output modality (`TEXT`, `IMAGE` …), or "" for all. */
  modality: string;
  invocation: Invocation;
}

export interface ProfileFilters {
  type: ProfileType;
  /** A system profile geography (`us`, `eu`, `global` …), {@link APPLICATION_GEOGRAPHY}, or "" for all. */
  geography: string;
  /** A foundation model ID, or "" for all. */
  model: string;
  search: string;
}

/** The geography filter's value for application profiles (which have no geography). */
export const APPLICATION_GEOGRAPHY = "application";

export function emptyModelFilters(): ModelFilters {
  return { search: "", provider: "", modality: "", invocation: "all" };
}

export function emptyProfileFilters(): ProfileFilters {
  return { type: "all", geography: "", model: "", search: "" };
}

/** The words of a search, lower-cased; every one must match. */
export function searchTerms(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter((t) => t !== "");
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Whether `term` starts a word somewhere in `haystack` (both lower-case): "4" finds "Claude Sonnet 4" and
 * "claude-sonnet-4-…" but not the 4 inside the date of "claude-3-5-sonnet-20240620"; "us.anthropic" finds the
 * profile ID it starts.
 */
export function startsAWord(haystack: string, term: string): boolean {
  for (let at = haystack.indexOf(term); at !== -1; at = haystack.indexOf(term, at + 1)) {
    if (at === 0 || !WORD_CHAR.test(haystack[at - 1]!)) return true;
  }
  return false;
}

function matchesAll(haystack: string, terms: readonly string[]): boolean {
  return terms.every((t) => startsAWord(haystack, t));
}

/** What the model search looks in: name, ID, provider, and the IDs of the profiles that route the model. */
export function modelHaystack(entry: CatalogModel): string {
  const m = entry.model;
  return [m.modelName, m.modelId, m.providerName, ...entry.profiles.map((r) => r.profileId)].join("\n").toLowerCase();
}

/** What the profile search looks in: name, ID, model, description, and an application profile's tag keys and values. */
export function profileHaystack(profile: Profile): string {
  const tags = (profile.tags ?? []).flatMap((t) => [t.key, t.value]);
  return [profile.name, profile.id, profile.modelId ?? "", profile.description ?? "", ...tags].join("\n").toLowerCase();
}

/**
 * The models the filters let through, in catalogue order. `haystacks` (parallel to `models`) spares lower-casing
 * every model on every keystroke.
 */
export function filterModels(
  models: readonly CatalogModel[],
  filters: ModelFilters,
  haystacks: readonly string[] = models.map(modelHaystack),
): CatalogModel[] {
  const terms = searchTerms(filters.search);
  const out: CatalogModel[] = [];
  for (let i = 0; i < models.length; i++) {
    const entry = models[i]!;
    if (filters.provider !== "" && entry.model.providerName !== filters.provider) continue;
    if (filters.modality !== "" && !entry.model.outputModalities.includes(filters.modality)) continue;
    if (filters.invocation === "on-demand" && entry.onDemandId === null) continue;
    if (filters.invocation === "profile-only" && entry.onDemandId !== null) continue;
    if (terms.length > 0 && !matchesAll(haystacks[i] ?? modelHaystack(entry), terms)) continue;
    out.push(entry);
  }
  return out;
}

export function filterProfiles(profiles: readonly Profile[], filters: ProfileFilters): Profile[] {
  const terms = searchTerms(filters.search);
  return profiles.filter((p) => {
    if (filters.type === "system" && p.application) return false;
    if (filters.type === "application" && !p.application) return false;
    if (filters.geography === APPLICATION_GEOGRAPHY) {
      if (!p.application) return false;
    } else if (filters.geography !== "" && p.geography !== filters.geography) {
      return false;
    }
    if (filters.model !== "" && p.modelId !== filters.model) return false;
    return terms.length === 0 || matchesAll(profileHaystack(p), terms);
  });
}

function distinctSorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" }));
}

/** Distinct providers, sorted. */
export function providersOf(models: readonly CatalogModel[]): string[] {
  return distinctSorted(models.map((m) => m.model.providerName));
}

/** Distinct output modalities, sorted. */
export function modalitiesOf(models: readonly CatalogModel[]): string[] {
  return distinctSorted(models.flatMap((m) => m.model.outputModalities));
}

/** Distinct system-profile geographies, in the order the profiles list them first. */
export function geographiesOf(profiles: readonly Profile[]): string[] {
  const seen = new Set<string>();
  for (const p of profiles) if (!p.application && p.geography) seen.add(p.geography);
  return [...seen];
}

export interface ModelOption {
  id: string;
  label: string;
}

/** The models some profile routes to, named from the catalogue when it knows them, sorted by label. */
export function profileModelsOf(profiles: readonly Profile[], models: readonly CatalogModel[]): ModelOption[] {
  const names = new Map(models.map((m) => [m.model.modelId, m.model.modelName]));
  const ids = new Set<string>();
  for (const p of profiles) if (p.modelId) ids.add(p.modelId);
  return [...ids]
    .map((id) => {
      const name = names.get(id);
      return { id, label: name ? `${name} (${id})` : id };
    })
    .sort((a, b) => a.label.localeCompare(b.label, "en", { sensitivity: "base" }));
}

/** `options`, plus `current` when it is set but not among them (a filter kept across a reload stays visible). */
export function withCurrent(options: readonly string[], current: string): string[] {
  return current === "" || options.includes(current) ? [...options] : [...options, current];
}
