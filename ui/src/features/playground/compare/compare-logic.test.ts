import { describe, expect, it } from "vitest";
import type { Catalog, Draft, TurnRecord } from "../../../lib/ipc/bindings";
import {
  FINANCE,
  GLOBAL_SONNET_4,
  SONNET_35,
  SONNET_4,
  US_SONNET_4,
  applicationProfile,
  defaultModels,
  defaultProfiles,
} from "../../../test-support/fake-catalog";
import {
  cheapestColumn,
  findModel,
  followUpDraft,
  questionOf,
  quickPicks,
  replyText,
  totalsRow,
  transportDisagreements,
  usageRow,
} from "./compare-logic";

function catalogue(): Catalog {
  const profiles = defaultProfiles();
  profiles.push(applicationProfile("s4app", "support-bot", GLOBAL_SONNET_4));
  return { region: "us-east-1", models: defaultModels(), profiles };
}

describe("quick picks", () => {
  it("lists on demand, the system profiles and the application profiles of the same model", () => {
    const picks = quickPicks(catalogue(), SONNET_35.modelId);
    expect(picks).toEqual([
      { choice: SONNET_35.modelId, kind: "onDemand", detail: "" },
      { choice: `us.${SONNET_35.modelId}`, kind: "systemProfile", detail: "us" },
      { choice: `eu.${SONNET_35.modelId}`, kind: "systemProfile", detail: "eu" },
      { choice: FINANCE.arn, kind: "applicationProfile", detail: "finance-assistant" },
    ]);
  });

  it("finds the model from a profile ID, an application-profile ARN or a system-profile ARN", () => {
    const c = catalogue();
    expect(findModel(c, US_SONNET_4.id)?.model.modelId).toBe(SONNET_4.modelId);
    expect(findModel(c, FINANCE.arn)?.model.modelId).toBe(SONNET_35.modelId);
    expect(findModel(c, GLOBAL_SONNET_4.arn)?.model.modelId).toBe(SONNET_4.modelId);
    expect(findModel(c, "nothing.like-this")).toBeNull();
    expect(findModel(null, SONNET_4.modelId)).toBeNull();
  });

  it("has no on-demand pick for a profile-only model", () => {
    const picks = quickPicks(catalogue(), `global.${SONNET_4.modelId}`);
    expect(picks.map((p) => p.kind)).toEqual(["systemProfile", "systemProfile", "applicationProfile"]);
    expect(picks.map((p) => p.choice)).toContain(`us.${SONNET_4.modelId}`);
    expect(picks.at(-1)?.detail).toBe("support-bot");
  });
});

function record(cost: number, read = 0, status: TurnRecord["status"] = "complete"): TurnRecord {
  return {
    id: 1,
    sessionId: "s",
    seq: 1,
    status,
    startedAtMs: 0,
    modelChoice: "m",
    invokeId: "m",
    foundationModelId: "m",
    region: "us-east-1",
    api: "converse",
    request: {
      tools: [],
      system: [],
      messages: [
        { role: "user", content: [{ type: "text", text: "first" }] },
        { role: "assistant", content: [{ type: "text", text: "ok" }] },
        { role: "user", content: [{ type: "text", text: "and then?" }, { type: "cachePoint", ttl: "5m" }] },
      ],
      inference: { stopSequences: [] },
    },
    reply: [{ type: "reasoning", text: "hmm" }, { type: "text", text: "One" }, { type: "text", text: "Two" }],
    stopReason: "end_turn",
    error: null,
    usage: { inputTokens: 10, outputTokens: 5, cacheReadInputTokens: read, cacheWrite5mTokens: 100, cacheWrite1hTokens: 20 , implicitReadTokens: 0},
    prices: null,
    billing: null,
    serviceTier: null,
    cost: { input: 0, cacheWrite: 0, cacheRead: 0, output: 0, total: cost, withoutCache: cost * 2, saved: cost, implicitRead: 0, implicitSaved: 0 },
    prediction: { readTokens: 0, readBoundary: null, write5mTokens: 0, write1hTokens: 0, uncachedTokens: 0, points: [], misses: [], estimated: false },
    reconciliation: null,
    latency: { timeToFirstTokenMs: status === "complete" ? 400 : null, totalMs: 1000, serviceLatencyMs: null },
    attempts: 1,
  };
}

describe("usage rows", () => {
  it("adds both write TTLs and reads the turn's figures", () => {
    expect(usageRow(record(0.5, 40))).toEqual({
      input: 10,
      cacheWrite: 120,
      cacheRead: 40,
      output: 5,
      ttftMs: 400,
      latencyMs: 1000,
      cost: 0.5,
      saved: 0.5,
    });
  });

  it("sums tokens and money, averages timings over turns that have them", () => {
    const total = totalsRow([usageRow(record(0.5, 40)), usageRow(record(0.25, 60, "failed"))]);
    expect(total).toMatchObject({ input: 20, cacheWrite: 240, cacheRead: 100, output: 10, cost: 0.75, ttftMs: 400, latencyMs: 1000 });
    expect(totalsRow([])).toMatchObject({ cost: null, ttftMs: null, input: 0 });
  });

  it("shows text blocks only, and the question a turn answered", () => {
    const turn = record(1);
    expect(replyText(turn.reply)).toBe("One\n\nTwo");
    expect(questionOf(turn)).toBe("and then?");
  });
});

describe("cheapestColumn", () => {
  it("picks the lowest cost among columns with the most complete turns", () => {
    expect(cheapestColumn([{ completeTurns: 2, cost: 0.3 }, { completeTurns: 2, cost: 0.1 }, { completeTurns: 2, cost: 0.2 }])).toBe(1);
    // The second stopped after one turn: it is not cheaper, it did less.
    expect(cheapestColumn([{ completeTurns: 2, cost: 0.3 }, { completeTurns: 1, cost: 0.01 }, { completeTurns: 2, cost: 0.4 }])).toBe(0);
  });

  it("needs two comparable columns; ties go to the first", () => {
    expect(cheapestColumn([{ completeTurns: 1, cost: 0.3 }, { completeTurns: 0, cost: null }])).toBeNull();
    expect(cheapestColumn([{ completeTurns: 0, cost: null }, { completeTurns: 0, cost: null }])).toBeNull();
    expect(cheapestColumn([{ completeTurns: 1, cost: 0.2 }, { completeTurns: 1, cost: 0.2 }])).toBe(0);
    expect(cheapestColumn([{ completeTurns: 1, cost: null }, { completeTurns: 1, cost: 0.2 }])).toBeNull();
  });
});

describe("followUpDraft", () => {
  const saved: Draft = {
    modelChoice: "m",
    api: "converse",
    conversation: {
      tools: [],
      system: [],
      messages: [
        { role: "user", content: [{ type: "text", text: "q1" }] },
        { role: "assistant", content: [{ type: "text", text: "a1" }] },
      ],
      inference: { stopSequences: [] },
    },
  };

  it("appends the question as the next user message, without touching the saved draft", () => {
    const next = followUpDraft(saved, "q2");
    expect(next.conversation.messages.at(-1)).toEqual({ role: "user", content: [{ type: "text", text: "q2" }] });
    expect(saved.conversation.messages).toHaveLength(2);
  });

  it("joins a trailing user message (after a failed turn) so roles still alternate", () => {
    const failed = followUpDraft({ ...saved, conversation: { ...saved.conversation, messages: [saved.conversation.messages[0]!] } }, "q2");
    expect(failed.conversation.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "q1" }, { type: "text", text: "q2" }] },
    ]);
  });
});

describe("withCacheMarker", () => {
  it("puts the marker on the first system text, or adds one, without touching the original", async () => {
    const { withCacheMarker } = await import("./compare-logic");
    const conversation = {
      tools: [],
      system: [{ type: "cachePoint" as const, ttl: "5m" as const }, { type: "text" as const, text: "Be brief." }],
      messages: [],
      inference: { stopSequences: [] },
    };
    const marked = withCacheMarker(conversation, "[m]");
    expect(marked.system[1]).toEqual({ type: "text", text: "[m]\nBe brief." });
    expect(conversation.system[1]).toEqual({ type: "text", text: "Be brief." });
    const bare = withCacheMarker({ ...conversation, system: [] }, "[m]");
    expect(bare.system).toEqual([{ type: "text", text: "[m]" }]);
    const tools = withCacheMarker(
      { ...conversation, tools: [{ type: "tool" as const, name: "lookup", description: "Find", inputSchema: "{}" }] },
      "[m]",
    );
    expect(tools.tools[0]).toEqual({ type: "tool", name: "lookup", description: "[m]\nFind", inputSchema: "{}" });
    expect(tools.system).toEqual(conversation.system);
  });
});

describe("transports that disagree about the cache", () => {
  function cached(input: number, read: number, write: number): TurnRecord {
    const base = record(0.01, read);
    return { ...base, usage: { ...base.usage!, inputTokens: input, cacheReadInputTokens: read, cacheWrite5mTokens: write, cacheWrite1hTokens: 0 } };
  }

  it("says when one transport read what another wrote", () => {
    const found = transportDisagreements([
      { model: "m", api: "converse", turns: [cached(14, 0, 6129)] },
      { model: "m", api: "messages", turns: [cached(14, 6129, 0)] },
    ]);
    expect(found).toEqual([
      {
        turn: 1,
        model: "m",
        cause: "sharedCache",
        columns: [
          { api: "converse", read: 0, write: 6129, total: 6143 },
          { api: "messages", read: 6129, write: 0, total: 6143 },
        ],
      },
    ]);
  });

  it("names framing when the same conversation is a different size per transport, and stays quiet when they agree", () => {
    const framing = transportDisagreements([
      { model: "m", api: "converse", turns: [cached(14, 0, 6129)] },
      { model: "m", api: "invokeModel", turns: [cached(14, 0, 6101)] },
    ]);
    expect(framing.map((d) => d.cause)).toEqual(["framing"]);
    expect(
      transportDisagreements([
        { model: "m", api: "converse", turns: [cached(14, 0, 6129)] },
        { model: "m", api: "messages", turns: [cached(14, 0, 6129)] },
        { model: "other", api: "converse", turns: [cached(14, 0, 2000)] },
      ]),
    ).toEqual([]);
    // Columns on one transport are not a transport disagreement.
    expect(
      transportDisagreements([
        { model: "m", api: "converse", turns: [cached(14, 0, 6129)] },
        { model: "m", api: "converse", turns: [cached(14, 6129, 0)] },
      ]),
    ).toEqual([]);
  });
});
