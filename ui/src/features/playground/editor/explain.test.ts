import { beforeEach, describe, expect, it } from "vitest";
import { i18n } from "../../../lib/i18n/index.svelte";
import type { MissCause } from "../../../lib/ipc/bindings";
import { describeAction, describeMiss, describePointProblem, formatDuration } from "./explain";

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
    expect(describeMiss(cause, [{ section: "tool", item: 0 }, { section: "system", item: 1 }])).toContain("system block 2");
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
