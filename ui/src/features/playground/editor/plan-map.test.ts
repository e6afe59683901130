import { describe, expect, it } from "vitest";
import type { LintFinding, Rule } from "../../../lib/ipc/bindings";
import {
  byteLength,
  byteToIndex,
  indexToByte,
  itemProblems,
  lintMarks,
  lintsByPath,
  locateLint,
  messageProblems,
  problemsAt,
  rulerModel,
  tokensAt,
  unplacedProblems,
} from "./plan-map";
import { makePlan, point } from "./test-plan";

/** A rule this UI has no words for: its English message is shown as it is. */
const OTHER_RULE = { code: "notWordedHere" } as unknown as Rule;

describe("byte offsets", () => {
  it("converts UTF-8 byte offsets to string indices, for multi-byte and astral characters", () => {
    const text = "a日😀b"; // bytes: a=1, 日=3, 😀=4, b=1; UTF-16: a=1, 日=1, 😀=2, b=1
    expect(byteLength(text)).toBe(9);
    expect(byteToIndex(text, 0)).toBe(0);
    expect(byteToIndex(text, 1)).toBe(1);
    expect(byteToIndex(text, 4)).toBe(2);
    expect(byteToIndex(text, 8)).toBe(4);
    expect(byteToIndex(text, 9)).toBe(5);
    expect(byteToIndex(text, 2)).toBe(1); // inside 日: its start
    expect(byteToIndex(text, 99)).toBe(5);
    expect(indexToByte(text, 4)).toBe(8);
  });
});

describe("lint marks reach the editor holding their block", () => {
  const lint = (block: number, start: number, end: number, text: string): LintFinding => ({
    block,
    start,
    end,
    kind: "timestamp",
    text,
    fix: { code: "moveTimestamp" },
    fixMessage: "Move this timestamp after the cache point",
  });

  it("groups lints by the field path of the block's origin", () => {
    const plan = makePlan(
      [
        [{ section: "tool", item: 0 }, 100],
        [{ section: "system", item: 0 }, 500],
        [{ section: "system", item: 2 }, 600],
        [{ section: "message", message: 1, item: 3 }, 50],
      ],
      [],
    );
    plan.plan.lints = [lint(2, 0, 4, "2025"), lint(3, 1, 2, "x"), lint(9, 0, 1, "gone")];
    const map = lintsByPath(plan);
    expect([...map.keys()]).toEqual(["system[2]", "messages[1].content[3]"]);
    expect(map.get("system[2]")?.[0]?.text).toBe("2025");
    expect(lintsByPath(null).size).toBe(0);
  });

  it("marks the lint's bytes when the text is there, else searches for it, else leaves it out", () => {
    const value = "今日は 2025-06-01T10:00:00Z です";
    const start = byteLength("今日は ");
    const found = lint(0, start, start + 20, "2025-06-01T10:00:00Z");
    expect(locateLint(found, value)).toEqual({ from: start, to: start + 20 });
    // The text moved (edited since the plan): found by searching.
    const moved = "前置き。" + value;
    expect(locateLint(found, moved)).toEqual({ from: byteLength("前置き。今日は "), to: byteLength("前置き。今日は ") + 20 });
    expect(locateLint(found, "no date here")).toBeNull();
    const marks = lintMarks([found, lint(0, 0, 3, "zzz")], value, (l) => `${l.kind}: ${l.fixMessage}`);
    expect(marks).toEqual([{ from: start, to: start + 20, message: "timestamp: Move this timestamp after the cache point", severity: "warning" }]);
  });
});

describe("field problems", () => {
  const problems = [
    { field: "messages[1].content[0].text", rule: OTHER_RULE, message: "Text cannot be empty" },
    { field: "messages[1].role", rule: OTHER_RULE, message: "Roles must alternate" },
    { field: "system[2]", rule: OTHER_RULE, message: "A cache point cannot stand here" },
    { field: "tools[0].inputSchema", rule: OTHER_RULE, message: "Not a JSON object" },
    { field: "tools[0]", rule: OTHER_RULE, message: "Duplicate tool" },
    { field: "modelChoice", rule: OTHER_RULE, message: "Choose a model" },
  ];

  it("places each problem next to the field it names", () => {
    expect(problemsAt(problems, "messages[1].content[0]").map((p) => p.message)).toEqual(["Text cannot be empty"]);
    expect(messageProblems(problems, 1).map((p) => p.message)).toEqual(["Roles must alternate"]);
    expect(problemsAt(problems, "system[2]").map((p) => p.message)).toEqual(["A cache point cannot stand here"]);
    expect(problemsAt(problems, "system[20]")).toEqual([]);
    expect(itemProblems(problems, "tools[0]", ["inputSchema"]).map((p) => p.message)).toEqual(["Duplicate tool"]);
    expect(unplacedProblems(problems).map((p) => p.field)).toEqual(["modelChoice"]);
  });
});

describe("tokens and the ruler", () => {
  const plan = makePlan(
    [
      [{ section: "tool", item: 0 }, 200],
      [{ section: "system", item: 0 }, 400],
      [{ section: "message", message: 0, item: 0 }, 100],
      [{ section: "message", message: 0, item: 1 }, 12],
      [{ section: "message", message: 1, item: 0 }, 300],
    ],
    [point(0, 600), point(1, 1012, { section: "messages" })],
  );

  it("adds up the tokens of an item's blocks", () => {
    expect(tokensAt(plan, "messages[0].content[1]")).toBe(12);
    expect(tokensAt(plan, "system[0]")).toBe(400);
    expect(tokensAt(plan, "system[5]")).toBeNull();
    expect(tokensAt(null, "system[0]")).toBeNull();
  });

  it("draws a segment per section and message, and the tokens points lack", () => {
    const model = rulerModel(plan);
    expect(model.segments.map((s) => [s.section, s.message, s.start, s.tokens])).toEqual([
      ["tools", null, 0, 200],
      ["system", null, 200, 400],
      ["message", 0, 600, 112],
      ["message", 1, 712, 300],
    ]);
    expect(model.ticks.map((t) => t.missingTokens)).toEqual([424, 12]);
    expect(model.totalTokens).toBe(1012);
    expect(model.scale).toBe(1024); // the minimum lies beyond the prompt: the ruler reaches it
    expect(model.minBasis).toEqual({ kind: "published" });
  });

  it("says where the minimum comes from: a measurement, or the highest of claims that disagree", () => {
    const claim = (tokens: number) => ({ tokens, by: "x", source: "x", asOf: "2026-12-01", sure: "documented" as const });
    const caching = plan.caching!;
    const disputed = { ...plan, caching: { ...caching, floorClaims: [claim(1024), claim(4096)] } };
    expect(rulerModel(disputed).minBasis).toEqual({ kind: "highestClaim" });
    const measured = {
      ...disputed,
      caching: {
        ...disputed.caching,
        measured: { tokens: 2048, notAt: 1536, modelId: "m", invokedId: "m", region: "us-east-1", measuredOn: "2026-12-02", requests: 4 },
      },
    };
    expect(rulerModel(measured).minBasis).toEqual({ kind: "measured", on: "2026-12-02" });
    expect(rulerModel({ ...plan, caching: null }).minBasis).toBeNull();
  });
});
