import { beforeEach, describe, expect, it } from "vitest";
import { i18n } from "../../../lib/i18n/index.svelte";
import type { Conversation, LintFinding, MissCause } from "../../../lib/ipc/bindings";
import {
  blockOrigins,
  describeAction,
  describeBlock,
  describeLint,
  describeMiss,
  describePointProblem,
  displayNumber,
  formatDuration,
} from "./explain";

beforeEach(() => i18n.set("en"));

describe("describeMiss", () => {
  const cases: [MissCause, string][] = [
    [
      { kind: "prefixChanged", diff: { block: 1, offset: 12, before: "10:00", after: "10:05" } },
      "The prefix changed in block 2, so everything from there on is written again.",
    ],
    [{ kind: "ttlExpired", expiredAtMs: 0, agoMs: 192_000 }, "The cached prefix expired 3 min 12 s ago."],
    [
      { kind: "scopeChanged", from: "us.anthropic.a", to: "eu.anthropic.a" },
      "The request now goes to eu.anthropic.a instead of us.anthropic.a; a cache belongs to one ID and Region.",
    ],
    [{ kind: "belowFloor", point: 0, missingTokens: 312 }, "Cache point 1 is 312 tokens short of the model's minimum."],
    [
      { kind: "beyondLookback", boundary: 25 },
      "The cached prefix ends more than 20 blocks before the cache point (at block 25), beyond what Bedrock looks back for.",
    ],
    [{ kind: "expiredOrEvicted" }, "The cache entry expired or was evicted by the service."],
    [{ kind: "routedToAnotherRegion" }, "The inference profile routed the request to another Region, which does not hold the cache."],
    [{ kind: "estimateBelowFloor" }, "The local token estimate reached the minimum, but the real count fell short of it."],
    [{ kind: "warmedElsewhere" }, "Another request (another session or app) had already written this prefix."],
  ];

  it.each(cases)("explains %o", (cause, text) => {
    expect(describeMiss(cause)).toBe(text);
  });

  it("covers every kind", () => {
    expect(new Set(cases.map(([c]) => c.kind)).size).toBe(9);
  });

  it("names the changed block by its origin when the plan's blocks are given", () => {
    const cause: MissCause = { kind: "prefixChanged", diff: { block: 1, offset: 0, before: "a", after: "b" } };
    expect(describeMiss(cause, [{ section: "tool", item: 0 }, { section: "system", item: 0 }])).toContain("system block 1");
    expect(describeMiss(cause, [{ section: "tool", item: 0 }, { section: "message", message: 2, item: 0 }])).toContain(
      "item 1 of message 3",
    );
  });

  it("speaks Japanese too", () => {
    i18n.set("ja");
    expect(describeMiss({ kind: "belowFloor", point: 1, missingTokens: 40 })).toBe(
      "キャッシュポイント 2 はモデルの最小トークン数に 40 トークン足りません。",
    );
    expect(formatDuration(3_900_000)).toBe("1 時間 5 分");
  });
});

describe("point words", () => {
  it("describes actions and problems", () => {
    expect(describeAction({ kind: "write", tokens: 3009, ttl: "5m" })).toBe("writes 3,009");
    expect(describeAction({ kind: "read", tokens: 3009 })).toBe("reads 3,009");
    expect(describeAction({ kind: "nothing" })).toBe("nothing");
    expect(describePointProblem({ kind: "beyondLimit", limit: 4 })).toBe(
      "Only 4 cache points are allowed per request: this one is refused",
    );
    expect(formatDuration(42_000)).toBe("42 s");
  });
});

describe("block numbers, the way the editor shows them", () => {
  const conversation = {
    tools: [],
    system: [{ type: "text", text: "rules" }, { type: "cachePoint", ttl: "5m" }, { type: "text", text: "more rules" }],
    messages: [
      {
        role: "user",
        content: [{ type: "text", text: "doc" }, { type: "cachePoint", ttl: "5m" }, { type: "text", text: "question" }],
      },
    ],
    inference: {},
  } as unknown as Conversation;

  it("does not count cache-point markers as blocks", () => {
    const blocks = blockOrigins(conversation);
    expect(blocks).toHaveLength(4);
    // Two system blocks: the second one is "system block 2", never "3".
    expect(describeMiss({ kind: "prefixChanged", diff: { block: 1, offset: 0, before: "a", after: "b" } }, blocks)).toBe(
      "The prefix changed in system block 2, so everything from there on is written again.",
    );
    expect(describeBlock(3, blocks)).toBe("item 2 of message 1");
    expect(displayNumber(conversation.system, 2)).toBe(2);
    expect(displayNumber(conversation.messages[0]!.content, 2)).toBe(2);
  });

  it("names a changed scope by its ID and Region, never by the internal key", () => {
    const text = describeMiss({ kind: "scopeChanged", from: "us-east-1|us.anthropic.a", to: "us-east-1|global.anthropic.a" });
    expect(text).toBe("The request now goes to global.anthropic.a in us-east-1 instead of us.anthropic.a in us-east-1; a cache belongs to one ID and Region.");
    expect(text).not.toContain("|");
  });
});

describe("describeLint", () => {
  const lint = (fix: LintFinding["fix"]): LintFinding => ({
    block: 0,
    start: 0,
    end: 10,
    kind: "date",
    text: "2026-11-27",
    fix,
    fixMessage: "If this date changes (today's date, a report date), move it after the last cache point.",
  });

  it("words the fix by its code, in Japanese with no English sentence", () => {
    expect(describeLint(lint({ code: "moveChangingDate" }))).toBe(
      "Date “2026-11-27”: If this date changes (today's date, a report date), move it after the last cache point.",
    );
    i18n.set("ja");
    const words = describeLint(lint({ code: "moveChangingDate" }));
    expect(words).toBe("日付「2026-11-27」: この日付が変わるもの (今日の日付、レポートの日付など) なら、最後のキャッシュポイントより後に移してください。");
    expect(words).not.toMatch(/[A-Za-z]{2,}\s+[A-Za-z]{2,}\s+[A-Za-z]{2,}/);
  });

  it("falls back to Rust's English for a fix code it does not know", () => {
    i18n.set("ja");
    expect(describeLint(lint({ code: "newerFix" } as unknown as LintFinding["fix"]))).toContain("move it after the last cache point");
  });
});
