import { describe, expect, it } from "vitest";
import { MISSED_TURN, PROFILE_TURN, READ_TURN, WRITE_TURN } from "./fixtures";
import { chartSeries } from "./series";

describe("chartSeries", () => {
  it("lists each turn's tokens by kind, writes of both TTLs together", () => {
    const withHour = { ...READ_TURN, seq: 3, usage: { ...READ_TURN.usage!, cacheWrite5mTokens: 100, cacheWrite1hTokens: 4000 } };
    const s = chartSeries([WRITE_TURN, READ_TURN, withHour]);
    expect(s.turns).toEqual([1, 2, 3]);
    expect(s.uncached).toEqual([14, 346, 346]);
    expect(s.written).toEqual([2048, 0, 4100]);
    expect(s.read).toEqual([0, 2048, 2048]);
    expect(s.output).toEqual([312, 187, 187]);
  });

  it("adds up cost with and without caching turn by turn", () => {
    const s = chartSeries([WRITE_TURN, READ_TURN, MISSED_TURN]);
    // Turn 1: 14 × $3 + 2,048 × $3.75 + 312 × $15 (per million) = $0.012402; without caching 2,062 × $3 + output.
    expect(s.costWithCache[0]).toBeCloseTo(0.012402, 9);
    expect(s.costWithoutCache[0]).toBeCloseTo(0.010866, 9);
    // Turn 2 reads 2,048 at $0.30: $0.0044574 more; without caching $0.009987 more.
    expect(s.costWithCache[1]).toBeCloseTo(0.012402 + 0.0044574, 9);
    expect(s.costWithoutCache[1]).toBeCloseTo(0.010866 + 0.009987, 9);
    // Turn 3 writes again: 372 × $3 + 2,048 × $3.75 + 95 × $15.
    expect(s.costWithCache[2]).toBeCloseTo(0.012402 + 0.0044574 + 0.010221, 9);
    expect(s.costWithoutCache[2]).toBeCloseTo(0.010866 + 0.009987 + (2420 * 3 + 95 * 15) / 1e6, 9);
  });

  it("keeps a turn without usage or cost, as a gap in the bars and a level step in the cost lines", () => {
    const s = chartSeries([PROFILE_TURN, { ...WRITE_TURN, seq: 2 }]);
    expect(s.turns).toEqual([1, 2]);
    expect(s.uncached).toEqual([null, 14]);
    expect(s.written).toEqual([null, 2048]);
    expect(s.read).toEqual([null, 0]);
    expect(s.output).toEqual([null, 312]);
    expect(s.costWithCache[0]).toBe(0);
    expect(s.costWithCache[1]).toBeCloseTo(0.012402, 9);

    const usageButNoPrice = { ...READ_TURN, seq: 3, cost: null };
    const t = chartSeries([WRITE_TURN, usageButNoPrice, { ...READ_TURN, seq: 4 }]);
    expect(t.read).toEqual([0, 2048, 2048]);
    expect(t.costWithCache[1]).toBeCloseTo(t.costWithCache[0] ?? NaN, 12);
    expect(t.costWithCache[2]).toBeCloseTo(0.012402 + 0.0044574, 9);
  });

  it("is empty for no turns", () => {
    expect(chartSeries([])).toEqual({
      turns: [],
      uncached: [],
      written: [],
      read: [],
      output: [],
      costWithCache: [],
      costWithoutCache: [],
    });
  });
});

describe("chartSeries and cancelled turns", () => {
  it("leaves a cancelled turn out of every series: its cost is not known to be zero", () => {
    const cancelled = { ...WRITE_TURN, seq: 2, status: "cancelled" as const, usage: null, cost: null };
    const s = chartSeries([WRITE_TURN, cancelled, { ...READ_TURN, seq: 3 }]);
    expect(s.turns).toEqual([1, 3]);
    expect(s.costWithCache).toHaveLength(2);
    expect(s.uncached).toEqual([14, 346]);
  });
});
