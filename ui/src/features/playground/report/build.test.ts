import { afterEach, describe, expect, it } from "vitest";
import { i18n } from "../../../lib/i18n/index.svelte";
import { ACCOUNT_MASK } from "../../../lib/redact";
import type { ReportLabels, StrategyResult, TurnRecord } from "../../../lib/ipc/bindings";
import { READ_TURN, WRITE_TURN, US_SONNET_37, REGION, session } from "../run/fixtures";
import { questionOf } from "../compare/compare-logic";
import { bakeoffReport, compareReport, fileDate, parameterPairs, reportLabels, sessionReport } from "./build";
import { en } from "./messages";

afterEach(() => {
  if (i18n.locale !== "en") i18n.set("en");
});

const NOW = new Date(2026, 11, 1, 18, 30);
const ARN = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123";

function withQuestion(turn: TurnRecord, text: string): TurnRecord {
  return {
    ...turn,
    request: { ...turn.request, messages: [{ role: "user", content: [{ type: "text", text }] }] },
  };
}

describe("a session's report", () => {
  it("has a row per answered turn with its question, tokens, cost and first token", () => {
    const failed: TurnRecord = { ...READ_TURN, id: 103, seq: 3, status: "failed", usage: null, cost: null };
    const s = session([WRITE_TURN, READ_TURN, failed]);
    const input = sessionReport({ title: "Field guide Q&A", turns: s.turns, draft: s.draft, plan: null }, NOW, false);
    expect(input.kind).toBe("session");
    expect(input.redacted).toBe(false);
    expect(input.groups).toHaveLength(1);
    const [group] = input.groups;
    expect(group!.turns.map((t) => t.label)).toEqual(["Turn 1", "Turn 2"]);
    const first = group!.turns[0]!;
    expect(first.question).toBe(questionOf(WRITE_TURN));
    expect(first.question.length).toBeGreaterThan(0);
    expect(first.cacheWriteTokens).toBe(WRITE_TURN.usage!.cacheWrite5mTokens + WRITE_TURN.usage!.cacheWrite1hTokens);
    expect(first.cost).toBe(WRITE_TURN.cost!.total);
    expect(first.costWithoutCache).toBe(WRITE_TURN.cost!.withoutCache);
    expect(first.firstTokenMs).toBe(840);
    expect(group!.turns[1]!.cacheReadTokens).toBe(READ_TURN.usage!.cacheReadInputTokens);
    expect(group!.target).toMatchObject({ modelChoice: US_SONNET_37, resolvedId: US_SONNET_37, region: REGION, transport: "Converse", tier: "" });
  });

  it("hides account IDs and ARNs everywhere when presenting, and says so", () => {
    const turn = withQuestion({ ...WRITE_TURN, modelChoice: ARN, invokeId: ARN }, `Why does ${ARN} fail for account 123456789012?`);
    const input = sessionReport({ title: `Profile ${ARN}`, turns: [turn], draft: null, plan: null }, NOW, true);
    expect(input.redacted).toBe(true);
    const text = JSON.stringify(input);
    expect(text).not.toContain("123456789012");
    expect(text).not.toContain("arn:aws");
    expect(input.title).toBe("Profile …/abc123");
    expect(input.groups[0]!.turns[0]!.question).toBe(`Why does …/abc123 fail for account ${ACCOUNT_MASK}?`);
    expect(input.groups[0]!.target.modelChoice).toBe("…/abc123");
  });

  it("is kept as typed when not presenting", () => {
    const turn = withQuestion(WRITE_TURN, `Why does ${ARN} fail?`);
    const input = sessionReport({ title: "t", turns: [turn], draft: null, plan: null }, NOW, false);
    expect(input.groups[0]!.turns[0]!.question).toContain(ARN);
  });
});

describe("the report's words", () => {
  it("are every label, in English", () => {
    const labels = reportLabels("session");
    expect(labels.lang).toBe("en");
    expect(labels.kind).toBe("Playground session");
    expect(labels.summary).toBe("Summary");
    for (const key of Object.keys(en.labels)) expect(labels[key as keyof ReportLabels], key).toBe(en.labels[key as keyof typeof en.labels]);
  });

  it("are Japanese when the app is, with lang ja", () => {
    i18n.set("ja");
    const labels = reportLabels("bakeoff");
    expect(labels.lang).toBe("ja");
    expect(labels.kind).toBe("配置の比較実験");
    expect(labels.summary).toBe("概要");
    expect(labels.chartCostPerTurn).toBe("ターンごとのコスト（キャッシュあり・なし）");
    // Nothing left in English but the dash for "not measured".
    for (const key of Object.keys(en.labels) as (keyof typeof en.labels)[]) {
      if (key === "notMeasured") continue;
      expect(labels[key], key).not.toBe(en.labels[key]);
    }
    const input = sessionReport({ title: "t", turns: [WRITE_TURN], draft: null, plan: null }, NOW, false);
    expect(input.groups[0]!.turns[0]!.label).toBe("ターン 1");
  });
});

describe("parameters", () => {
  it("are listed with their values; none means the model's defaults", () => {
    expect(parameterPairs({ stopSequences: [] })).toEqual([]);
    expect(
      parameterPairs({ maxTokens: 4096, temperature: 0.2, topP: 0.9, topK: 50, stopSequences: ["END"], thinking: { type: "enabled", budgetTokens: 2048 } }),
    ).toEqual([
      { name: "Max tokens", value: "4,096" },
      { name: "Temperature", value: "0.2" },
      { name: "Top P", value: "0.9" },
      { name: "Top K", value: "50" },
      { name: "Stop sequences", value: '"END"' },
      { name: "Extended thinking", value: "budget 2,048 tokens" },
    ]);
  });
});

describe("a compare report", () => {
  it("has a group per column with the column's own transport, tier and parameters", () => {
    const input = compareReport(
      [
        { choice: US_SONNET_37, turns: [WRITE_TURN], plan: null, api: "converse", inference: { stopSequences: [] }, tier: null },
        { choice: "amazon.nova-pro-v1:0", turns: [], plan: null, api: "invokeModel", inference: { temperature: 1, stopSequences: [] }, tier: "flex" },
      ],
      NOW,
      false,
    );
    expect(input.kind).toBe("compare");
    expect(input.groups.map((g) => g.label)).toEqual([`Column 1: ${US_SONNET_37}`, "Column 2: amazon.nova-pro-v1:0"]);
    expect(input.groups[1]!.target).toMatchObject({ modelChoice: "amazon.nova-pro-v1:0", transport: "InvokeModel", tier: "Flex" });
    expect(input.groups[1]!.target.parameters).toEqual([{ name: "Temperature", value: "1" }]);
    expect(input.groups[1]!.turns).toEqual([]);
    expect(input.title).toBe(`Compare: ${US_SONNET_37} · amazon.nova-pro-v1:0`);
  });
});

describe("a bake-off report", () => {
  const result = (placement: StrategyResult["placement"]): StrategyResult => ({
    placement,
    api: "converse",
    sessionId: `s-${placement}`,
    error: null,
    turns: [1, 2].map((turn) => ({
      turn,
      cost: 0.01 * turn,
      withoutCache: 0.03,
      inputTokens: 100,
      cacheReadTokens: turn === 2 ? 2000 : 0,
      implicitReadTokens: 0,
      cacheWriteTokens: turn === 1 ? 2000 : 0,
      outputTokens: 50,
      timeToFirstTokenMs: null,
      totalMs: 1000,
    })),
  });

  it("has a group per run with its questions, and the recommendation as worded", () => {
    const s = session();
    const input = bakeoffReport(
      {
        results: [result("noCache"), result("systemOnly")],
        runLabel: (r) => `run ${r.placement}`,
        questions: ["First question", "And then?"],
        draft: s.draft,
        plan: null,
        ttl: "5m",
        recommendation: { headline: "Use system only", reasons: ["It cost least."] },
      },
      NOW,
      true,
    );
    expect(input.kind).toBe("bakeoff");
    expect(input.redacted).toBe(true);
    expect(input.groups.map((g) => g.label)).toEqual(["run noCache", "run systemOnly"]);
    expect(input.groups[0]!.turns.map((t) => t.question)).toEqual(["First question", "And then?"]);
    expect(input.groups[0]!.turns[0]!.saved).toBeCloseTo(0.02);
    expect(input.groups[0]!.target.parameters.at(-1)).toEqual({ name: "Cache TTL", value: "5m" });
    expect(input.recommendation).toEqual({ headline: "Use system only", reasons: ["It cost least."] });
  });
});

it("names files with a date no file system refuses", () => {
  expect(fileDate(NOW)).toBe("2026-12-01 18-30");
});
