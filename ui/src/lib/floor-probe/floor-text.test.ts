import { afterEach, describe, expect, it } from "vitest";
import { i18n } from "../i18n/index.svelte";
import type { FloorClaim, MeasuredFloor } from "../ipc/bindings";
import { OutcropError } from "../ipc";
import { claimsLine, disagreement, planningText, probeErrorText, resultText } from "./floor-text";

const CLAIMS: FloorClaim[] = [
  { tokens: 4096, by: "AWS table", source: "https://docs.aws.amazon.com/x", asOf: "2026-12-01", sure: "documented" },
  { tokens: 1024, by: "AWS toolkit", source: "awslabs/agent-toolkit", asOf: "2026-12-01", sure: "reported" },
];

const MEASURED: MeasuredFloor = {
  tokens: 2048,
  notAt: 1536,
  modelId: "anthropic.claude-sonnet-4-5-20250929-v1:0",
  invokedId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
  region: "us-east-1",
  measuredOn: "2026-12-02",
  requests: 5,
};

afterEach(() => i18n.set("en"));

describe("the floor line", () => {
  it("shows every claim and the measured value side by side", () => {
    expect(claimsLine(CLAIMS, null)).toBe("AWS table: 4,096 · AWS toolkit: 1,024 · measured here: —");
    expect(claimsLine(CLAIMS, MEASURED)).toBe("AWS table: 4,096 · AWS toolkit: 1,024 · measured here: 2,048");
  });

  it("says which value planning uses", () => {
    expect(planningText(CLAIMS, null, 4096)).toBe("Planning uses 4,096, the highest claim, until measured.");
    expect(planningText(CLAIMS.slice(1), null, 1024)).toBe("Planning uses 1,024, the published floor, until measured.");
    expect(planningText(CLAIMS, MEASURED, 2048)).toBe(
      "Planning uses 2,048: measured on 2026-12-02 in us-east-1 through us.anthropic.claude-sonnet-4-5-20250929-v1:0.",
    );
    expect(planningText(CLAIMS, { ...MEASURED, tokens: 1000, notAt: null }, 1000)).toContain("at or below the smallest size tried");
  });

  it("says it out loud when the measurement matches no published claim, and only then", () => {
    expect(disagreement(CLAIMS, MEASURED)).toBe(
      "The measured floor (2,048) matches no published claim (1,024 · 4,096): this account caches differently from what the sources say.",
    );
    expect(disagreement(CLAIMS, { ...MEASURED, tokens: 1024 })).toBeNull();
    expect(disagreement(CLAIMS, null)).toBeNull();
    expect(disagreement([], MEASURED)).toBeNull();
  });

  it("reads in Japanese", () => {
    i18n.set("ja");
    expect(claimsLine(CLAIMS, null)).toBe("AWS table：4,096 · AWS toolkit：1,024 · この環境での実測：—");
    expect(planningText(CLAIMS, null, 4096)).toBe("実測するまでは、最も大きい公表値 4,096 で計画します。");
    expect(disagreement(CLAIMS, MEASURED)).toContain("どの公表値");
  });
});

describe("how a probe ended", () => {
  it("words every ending, and another probe running", () => {
    expect(resultText({ status: "undecided", requests: [] })).toContain("not decided within 0 requests");
    expect(resultText({ status: "inconsistent", cachedAt: 1024, missedAt: 2048, requests: [] })).toContain(
      "a prefix of 1,024 tokens cached but one of 2,048 did not",
    );
    expect(resultText({ status: "aboveEvery", notAt: 4096, requests: [] })).toContain("even at 4,096 tokens");
    expect(probeErrorText(new OutcropError({ code: "conflict", message: "busy", detail: null }))).toBe(
      "Another cache-floor probe is running; stop it or wait for it to finish.",
    );
    expect(probeErrorText(new OutcropError({ code: "throttled", message: "Too many requests", detail: null }))).toBe(
      "The probe failed, and nothing was recorded: Too many requests",
    );
    i18n.set("ja");
    expect(resultText({ status: "inconsistent", cachedAt: 1024, missedAt: 2048, requests: [] })).toContain("矛盾");
  });
});
