import { describe, expect, it } from "vitest";
import {
  APPLICATION_GEOGRAPHY,
  emptyModelFilters,
  emptyProfileFilters,
  filterModels,
  filterProfiles,
  geographiesOf,
  modalitiesOf,
  profileModelsOf,
  providersOf,
  searchTerms,
  startsAWord,
  withCurrent,
} from "./catalog-filters";
import {
  EU_SONNET_35,
  FINANCE,
  GLOBAL_SONNET_4,
  NOVA_LITE,
  SONNET_35,
  SONNET_4,
  US_NOVA_LITE,
  US_SONNET_35,
  US_SONNET_4,
  defaultModels,
  defaultProfiles,
} from "../test-support/fake-catalog";

const models = defaultModels();
const profiles = defaultProfiles();
const ids = (list: { model: { modelId: string } }[]) => list.map((m) => m.model.modelId);

describe("model filters", () => {
  it("lets everything through when empty", () => {
    expect(filterModels(models, emptyModelFilters())).toHaveLength(models.length);
  });

  it("matches every search word against name, ID or provider, ignoring case", () => {
    expect(searchTerms("  Claude   SONNET ")).toEqual(["claude", "sonnet"]);
    expect(ids(filterModels(models, { ...emptyModelFilters(), search: "anthropic sonnet 2025" }))).toEqual([SONNET_4.modelId]);
    expect(ids(filterModels(models, { ...emptyModelFilters(), search: "nova-lite" }))).toEqual([NOVA_LITE.modelId]);
  });

  it("matches words from their start, so a number inside a date does not count", () => {
    const found = (search: string) => ids(filterModels(models, { ...emptyModelFilters(), search }));
    // "4" starts a word in "Claude Sonnet 4" but only sits inside the date 20240620 of Claude 3.5 Sonnet.
    expect(found("Claude 4")).toEqual([SONNET_4.modelId]);
    expect(found("claude 3.5")).toEqual([SONNET_35.modelId]);
    expect(found("thropic")).toEqual([]);
    expect(startsAWord("anthropic.claude-3-5-sonnet-20240620-v1:0", "4")).toBe(false);
    expect(startsAWord("anthropic.claude-sonnet-4-20250514-v1:0", "4")).toBe(true);
  });

  it("finds a model by the IDs of the profiles that route it", () => {
    const found = (search: string) => ids(filterModels(models, { ...emptyModelFilters(), search }));
    expect(found("us.anthropic")).toEqual([SONNET_35.modelId, SONNET_4.modelId]);
    expect(found("global.")).toEqual([SONNET_4.modelId]);
    expect(found("eu.anthropic.claude-3-5")).toEqual([SONNET_35.modelId]);
  });

  it("filters by invocation: on demand, or only through a profile", () => {
    expect(ids(filterModels(models, { ...emptyModelFilters(), invocation: "profile-only" }))).toEqual([SONNET_4.modelId]);
    expect(filterModels(models, { ...emptyModelFilters(), invocation: "on-demand" }).every((m) => m.onDemandId !== null)).toBe(true);
  });

  it("builds provider and modality options from the data", () => {
    expect(providersOf(models)).toEqual(["Amazon", "Anthropic", "Stability AI"]);
    expect(modalitiesOf(models)).toEqual(["EMBEDDING", "IMAGE", "TEXT"]);
  });
});

describe("profile filters", () => {
  it("filters by type, geography (application included), model and text", () => {
    const by = (f: Partial<ReturnType<typeof emptyProfileFilters>>) =>
      filterProfiles(profiles, { ...emptyProfileFilters(), ...f }).map((p) => p.id);
    expect(by({ type: "application" })).toEqual([FINANCE.id]);
    expect(by({ type: "system" })).toEqual([US_SONNET_35.id, EU_SONNET_35.id, US_SONNET_4.id, GLOBAL_SONNET_4.id, US_NOVA_LITE.id]);
    expect(by({ geography: "global" })).toEqual([GLOBAL_SONNET_4.id]);
    expect(by({ geography: APPLICATION_GEOGRAPHY })).toEqual([FINANCE.id]);
    expect(by({ model: NOVA_LITE.modelId })).toEqual([US_NOVA_LITE.id]);
    expect(by({ search: "FINANCE" })).toEqual([FINANCE.id]);
    expect(by({ type: "system", geography: APPLICATION_GEOGRAPHY })).toEqual([]);
  });

  it("finds an application profile by a tag key or value", () => {
    const tagged = profiles.map((p) => (p.id === FINANCE.id ? { ...p, tags: [{ key: "CostCenter", value: "Treasury-42" }] } : p));
    const by = (search: string) => filterProfiles(tagged, { ...emptyProfileFilters(), search }).map((p) => p.id);
    expect(by("treasury")).toEqual([FINANCE.id]);
    expect(by("costcenter")).toEqual([FINANCE.id]);
    expect(by("42")).toEqual([FINANCE.id]);
    expect(by("ledger")).toEqual([]);
  });

  it("lists geographies in the order the profiles give them, and models named from the catalogue", () => {
    expect(geographiesOf(profiles)).toEqual(["us", "eu", "global"]);
    expect(profileModelsOf(profiles, models).map((o) => o.label)).toEqual([
      `Claude 3.5 Sonnet (${SONNET_35.modelId})`,
      `Claude Sonnet 4 (${SONNET_4.modelId})`,
      `Nova Lite (${NOVA_LITE.modelId})`,
    ]);
    expect(profileModelsOf(profiles, [])[0]?.label).toBe(NOVA_LITE.modelId);
  });

  it("keeps a chosen value among the options when the data no longer has it", () => {
    expect(withCurrent(["us"], "eu")).toEqual(["us", "eu"]);
    expect(withCurrent(["us"], "us")).toEqual(["us"]);
    expect(withCurrent(["us"], "")).toEqual(["us"]);
  });
});
