// What the model picker suggests: the Region's system profiles, models that run on demand, and application
// profiles, searched by every word typed.
import type { Catalog } from "../../../lib/ipc/bindings";

export type SuggestionKind = "systemProfile" | "onDemand" | "applicationProfile";

export interface Suggestion {
  kind: SuggestionKind;
  /** What the playground is given as its model choice (profile ID, model ID, or application profile ARN). */
  value: string;
  /** A readable name. */
  name: string;
}

const ORDER: SuggestionKind[] = ["systemProfile", "onDemand", "applicationProfile"];

/** Every suggestion of a catalogue, with the words it is found by. */
export function allSuggestions(catalog: Catalog | null): { suggestion: Suggestion; haystack: string }[] {
  if (!catalog) return [];
  const names = new Map(catalog.models.map((m) => [m.model.modelId, `${m.model.providerName} ${m.model.modelName}`]));
  const entries: { suggestion: Suggestion; haystack: string }[] = [];
  for (const p of catalog.profiles) {
    if (p.application) continue;
    const model = p.modelId ? (names.get(p.modelId) ?? "") : "";
    entries.push({ suggestion: { kind: "systemProfile", value: p.id, name: p.name }, haystack: `${p.id} ${p.name} ${model}` });
  }
  for (const m of catalog.models) {
    if (!m.onDemandId) continue;
    if (!m.model.outputModalities.includes("TEXT")) continue;
    entries.push({
      suggestion: { kind: "onDemand", value: m.onDemandId, name: m.model.modelName },
      haystack: `${m.onDemandId} ${m.model.providerName} ${m.model.modelName}`,
    });
  }
  for (const p of catalog.profiles) {
    if (!p.application) continue;
    const model = p.modelId ? (names.get(p.modelId) ?? "") : "";
    entries.push({
      suggestion: { kind: "applicationProfile", value: p.arn, name: p.name },
      haystack: `${p.arn} ${p.id} ${p.name} ${p.description ?? ""} ${model}`,
    });
  }
  for (const entry of entries) entry.haystack = entry.haystack.toLowerCase();
  return entries;
}

/** The suggestions matching every word of `query` (all of them for an empty query), grouped by kind. */
export function modelSuggestions(catalog: Catalog | null, query: string, limit = 40): Suggestion[] {
  const words = query.toLowerCase().split(/\s+/).filter((w) => w !== "");
  return allSuggestions(catalog)
    .filter((entry) => words.every((w) => entry.haystack.includes(w)))
    .map((entry) => entry.suggestion)
    .sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind))
    .slice(0, limit);
}
