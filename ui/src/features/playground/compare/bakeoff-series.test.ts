import { describe, expect, it } from "vitest";
import type { StrategyTurn } from "../../../lib/ipc/bindings";
import {
  buildSeries,
  checkBakeoff,
  formFieldOf,
  hitRate,
  parseFollowUps,
  summarize,
} from "./bakeoff-series";

function turn(n: number, cost: number, read: number, write: number, ttft: number | null = 500): StrategyTurn {
  return {
    turn: n,
    cost,
    withoutCache: 0.01,
    inputTokens: 100,
    cacheReadTokens: read,
    implicitReadTokens: 0,
    cacheWriteTokens: write,
    outputTokens: 50,
    timeToFirstTokenMs: ttft,
    totalMs: 1200,
  };
}

describe("hitRate", () => {
  it("is reads over all input (input + read + write)", () => {
    expect(hitRate(turn(1, 0, 300, 600))).toBeCloseTo(300 / 1000);
    expect(hitRate({ ...turn(1, 0, 0, 0), inputTokens: 0 })).toBe(0);
  });
});

describe("buildSeries", () => {
  const label = (p: string) => p.toUpperCase();

  it("gives one dataset per placement, x = turn 1…n, gaps where a turn has not run", () => {
    const data = buildSeries(
      ["noCache", "systemOnly"],
      { noCache: [turn(1, 0.01, 0, 0), turn(2, 0.011, 0, 0)], systemOnly: [turn(1, 0.0125, 0, 900)] },
      "cost",
      label,
      3,
    );
    expect(data.labels).toEqual(["1", "2", "3"]);
    expect(data.datasets.map((d) => d.label)).toEqual(["NOCACHE", "SYSTEMONLY"]);
    expect(data.datasets[0]?.data).toEqual([0.01, 0.011, null]);
    expect(data.datasets[1]?.data).toEqual([0.0125, null, null]);
    expect(data.datasets[0]?.borderColor).not.toEqual(data.datasets[1]?.borderColor);
  });

  it("plots hit rate in percent and TTFT in ms (null stays a gap)", () => {
    const turns = { systemOnly: [turn(1, 0, 0, 900), turn(2, 0, 900, 0, null)] };
    expect(buildSeries(["systemOnly"], turns, "hitRate", label, 2).datasets[0]?.data).toEqual([0, 90]);
    expect(buildSeries(["systemOnly"], turns, "ttft", label, 2).datasets[0]?.data).toEqual([500, null]);
  });

  it("uses the longest series when the turn count is not known yet, and places turns by number", () => {
    const data = buildSeries(["perDocument"], { perDocument: [turn(2, 0.2, 0, 0)] }, "cost", label);
    expect(data.labels).toEqual(["1", "2"]);
    expect(data.datasets[0]?.data).toEqual([null, 0.2]);
  });
});

describe("summarize", () => {
  it("adds up cost and baseline, with saved share, overall hit rate and mean TTFT", () => {
    const s = summarize({
      placement: "systemOnly",
      turns: [turn(1, 0.012, 0, 3000, 900), turn(2, 0.002, 3000, 0, 300)],
      error: null,
    });
    expect(s.totalCost).toBeCloseTo(0.014);
    expect(s.withoutCache).toBeCloseTo(0.02);
    expect(s.savedShare).toBeCloseTo(0.3);
    expect(s.hitRate).toBeCloseTo(3000 / 6200);
    expect(s.meanTtftMs).toBe(600);
  });

  it("has no saved share or TTFT without turns", () => {
    const s = summarize({ placement: "noCache", turns: [], error: "throttled" });
    expect(s).toMatchObject({ totalCost: 0, savedShare: null, meanTtftMs: null, hitRate: 0, error: "throttled" });
  });
});

describe("the script and its checks", () => {
  it("reads one question per line, dropping blank lines and spaces", () => {
    expect(parseFollowUps("  first \n\n second\r\n   \nthird")).toEqual(["first", "second", "third"]);
  });

  it("wants 2–4 distinct placements, 1–20 follow-ups and a model", () => {
    expect(checkBakeoff(["noCache", "systemOnly"], ["q"], "m")).toEqual([]);
    expect(checkBakeoff(["noCache"], ["q"], "m").map((p) => p.field)).toEqual(["placements"]);
    expect(checkBakeoff(["noCache", "noCache"], ["q"], "m").map((p) => p.field)).toEqual(["placements"]);
    expect(
      checkBakeoff(["noCache", "systemOnly", "systemAndTools", "systemAndLastUser", "perDocument"], ["q"], "m").map((p) => p.field),
    ).toEqual(["placements"]);
    expect(checkBakeoff(["noCache", "systemOnly"], [], "m")).toEqual([{ field: "followUps", key: "validation.followUpsMin" }]);
    expect(checkBakeoff(["noCache", "systemOnly"], Array.from({ length: 21 }, () => "q"), "m")).toEqual([
      { field: "followUps", key: "validation.followUpsMax", vars: { count: 21 } },
    ]);
    expect(checkBakeoff(["noCache", "systemOnly"], ["q"], "  ").map((p) => p.field)).toEqual(["model"]);
  });

  it("maps indexed fields to the form's", () => {
    expect(formFieldOf("followUps[2]")).toBe("followUps");
    expect(formFieldOf("placements")).toBe("placements");
  });
});

describe("implicit reads in a bake-off", () => {
  it("are summed apart from the reads a placement earned", () => {
    const turns = [turn(1, 0.01, 0, 2000), { ...turn(2, 0.002, 2000, 0), implicitReadTokens: 600 }];
    const summary = summarize({ placement: "systemOnly", turns, error: null });
    expect(summary.implicitRead).toBe(600);
  });
});
