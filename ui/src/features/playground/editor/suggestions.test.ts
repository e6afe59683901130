import { describe, expect, it } from "vitest";
import type { Catalog } from "../../../lib/ipc/bindings";
import { FINANCE, defaultModels, defaultProfiles } from "../../../test-support/fake-catalog";
import { modelSuggestions } from "./suggestions";

const catalog: Catalog = { region: "us-east-1", models: defaultModels(), profiles: defaultProfiles() };

describe("modelSuggestions", () => {
  it("lists system profiles, then on-demand text models, then application profiles (by ARN)", () => {
    const all = modelSuggestions(catalog, "");
    const kinds = all.map((s) => s.kind);
    expect(kinds.indexOf("onDemand")).toBeGreaterThan(kinds.lastIndexOf("systemProfile"));
    expect(kinds.indexOf("applicationProfile")).toBeGreaterThan(kinds.lastIndexOf("onDemand"));
    expect(all.find((s) => s.kind === "applicationProfile")?.value).toBe(FINANCE.arn);
    // Image and embedding models are not chat models.
    expect(all.some((s) => s.value.startsWith("stability.") || s.value.startsWith("amazon.titan-embed"))).toBe(false);
    // Claude Sonnet 4 runs only through profiles: no bare on-demand entry.
    expect(all.some((s) => s.kind === "onDemand" && s.value.includes("sonnet-4"))).toBe(false);
  });

  it("keeps the entries matching every word typed", () => {
    expect(modelSuggestions(catalog, "nova").map((s) => s.value)).toEqual(["us.amazon.nova-lite-v1:0", "amazon.nova-lite-v1:0"]);
    expect(modelSuggestions(catalog, "EU sonnet").map((s) => s.value)).toEqual(["eu.anthropic.claude-3-5-sonnet-20240620-v1:0"]);
    expect(modelSuggestions(catalog, "finance").map((s) => s.kind)).toEqual(["applicationProfile"]);
    expect(modelSuggestions(catalog, "no such model")).toEqual([]);
    expect(modelSuggestions(null, "")).toEqual([]);
  });
});
