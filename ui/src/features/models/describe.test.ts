import { describe, expect, it } from "vitest";
import {
  cacheText,
  offersText,
  inferenceTypeLabel,
  invokeIdOf,
  modalitiesText,
  modelIdOfArn,
  regionOfArn,
  routeLabel,
  tagRows,
  tagsOf,
} from "./describe";

describe("describing models", () => {
  it("writes modalities, inference types and routes", () => {
    expect(modalitiesText(["TEXT", "IMAGE"], ["TEXT"])).toBe("Text, Image → Text");
    expect(modalitiesText([], ["EMBEDDING"])).toBe("— → Embedding");
    expect(inferenceTypeLabel("ON_DEMAND")).toBe("On demand");
    expect(inferenceTypeLabel("INFERENCE_PROFILE")).toBe("Inference profile");
    expect(inferenceTypeLabel("SOMETHING_NEW")).toBe("Something new");
    expect(routeLabel({ profileId: "us.x", geography: "us", destinationRegions: ["us-east-1", "us-west-2"] })).toBe(
      "us. → us-east-1, us-west-2",
    );
    expect(routeLabel({ profileId: "odd.x", geography: null, destinationRegions: [] })).toBe("odd.x");
  });

  it("writes prompt caching when it is known", () => {
    expect(cacheText({ cacheMinTokens: 1024, cacheTtls: ["5m"] })).toBe("Caches from 1,024 tokens · 5m");
    expect(cacheText({ cacheMinTokens: 4096, cacheTtls: ["5m", "1h"] })).toBe("Caches from 4,096 tokens · 5m, 1h");
    expect(cacheText({ cacheMinTokens: 2048, cacheTtls: [] })).toBe("Caches from 2,048 tokens");
    expect(cacheText({ cacheMinTokens: null, cacheTtls: [] })).toBeNull();
  });

  it("takes ARNs apart and picks the ID to invoke a profile with", () => {
    const arn = "arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0";
    expect(modelIdOfArn(arn)).toBe("anthropic.claude-3-5-sonnet-20240620-v1:0");
    expect(regionOfArn(arn)).toBe("us-east-2");
    expect(invokeIdOf({ application: false, id: "us.x", arn: "…/us.x" })).toBe("us.x");
    expect(invokeIdOf({ application: true, id: "abc", arn: "…/abc" })).toBe("…/abc");
  });

  it("turns tags into rows and back, exactly", () => {
    const tags = [
      { key: "Project", value: "Apollo" },
      { key: "Environment", value: "" },
    ];
    const rows = tagRows(tags);
    expect(new Set(rows.map((r) => r.uid)).size).toBe(2);
    expect(tagsOf(rows)).toEqual(tags);
  });

  it("says which APIs serve a model, which tiers it offers and whether it caches on its own", () => {
    expect(
      offersText({
        apis: { runtime: ["converse", "invokeModel", "messages"], notRuntime: ["countTokens"], mantle: ["messages", "countTokens"], source: "card", asOf: "2026-12-01", sure: "documented" },
        serviceTiers: { tiers: ["default"], source: "card", asOf: "2026-12-01", sure: "documented" },
        implicitCaching: true,
      }),
    ).toBe(
      "APIs: Converse, InvokeModel, the Messages API · not CountTokens (bedrock-mantle serves the Messages API, CountTokens) · tiers: default (Standard) · also caches on its own (implicit)",
    );
    expect(offersText({ apis: null, serviceTiers: null, implicitCaching: false })).toBeNull();
  });
});
