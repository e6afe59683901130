import { describe, expect, it } from "vitest";
import type { StrategyTurn } from "../../../lib/ipc/bindings";
import {
  buildSeries,
  checkBakeoff,
  formFieldOf,
  hitRate,
  parseFollowUps,
  parseRunLabel,
  runKey,
  runsOf,
  summarize,
  type BakeoffRun,
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
  const label = (run: BakeoffRun) => run.placement.toUpperCase();
  const converse = (...placements: BakeoffRun["placement"][]) => runsOf(placements, ["converse"]);

  it("gives one dataset per placement, x = turn 1…n, gaps where a turn has not run", () => {
    const data = buildSeries(
      converse("noCache", "systemOnly"),
      { "noCache/converse": [turn(1, 0.01, 0, 0), turn(2, 0.011, 0, 0)], "systemOnly/converse": [turn(1, 0.0125, 0, 900)] },
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
    const turns = { "systemOnly/converse": [turn(1, 0, 0, 900), turn(2, 0, 900, 0, null)] };
    expect(buildSeries(converse("systemOnly"), turns, "hitRate", label, 2).datasets[0]?.data).toEqual([0, 90]);
    expect(buildSeries(converse("systemOnly"), turns, "ttft", label, 2).datasets[0]?.data).toEqual([500, null]);
  });

  it("uses the longest series when the turn count is not known yet, and places turns by number", () => {
    const data = buildSeries(converse("perDocument"), { "perDocument/converse": [turn(2, 0.2, 0, 0)] }, "cost", label);
    expect(data.labels).toEqual(["1", "2"]);
    expect(data.datasets[0]?.data).toEqual([null, 0.2]);
  });

  it("across transports gives one dataset per run: a placement keeps its colour, a transport its dash", () => {
    const runs = runsOf(["noCache", "perDocument"], ["converse", "invokeModel"]);
    expect(runs.map(runKey)).toEqual(["noCache/converse", "noCache/invokeModel", "perDocument/converse", "perDocument/invokeModel"]);
    const data = buildSeries(
      runs,
      { "perDocument/invokeModel": [turn(1, 0.02, 0, 3000), turn(2, 0.003, 3000, 0)], "perDocument/converse": [turn(1, 0.019, 0, 2900)] },
      "hitRate",
      (run) => `${run.placement} · ${run.api}`,
      2,
    );
    expect(data.datasets.map((d) => d.label)).toEqual([
      "noCache · converse",
      "noCache · invokeModel",
      "perDocument · converse",
      "perDocument · invokeModel",
    ]);
    expect(data.datasets[3]?.data).toEqual([0, 96.8]); // 3000 / (100 + 3000)
    expect(data.datasets[2]?.data).toEqual([0, null]);
    const [noneConverse, noneInvoke, docConverse, docInvoke] = data.datasets;
    expect(noneConverse?.borderColor).toBe(noneInvoke?.borderColor);
    expect(docConverse?.borderColor).toBe(docInvoke?.borderColor);
    expect(noneConverse?.borderColor).not.toBe(docConverse?.borderColor);
    expect(noneConverse?.borderDash).toEqual(docConverse?.borderDash);
    expect(noneConverse?.borderDash).not.toEqual(noneInvoke?.borderDash);
  });
});

describe("run labels", () => {
  it("read the placement and transport of a saved run; an older label has no transport", () => {
    expect(parseRunLabel("systemOnly/invokeModel")).toEqual({ placement: "systemOnly", api: "invokeModel" });
    expect(parseRunLabel("perDocument")).toEqual({ placement: "perDocument", api: null });
    expect(parseRunLabel("perDocument/carrierPigeon")).toBeNull();
    expect(parseRunLabel("us.amazon.nova-pro-v1:0")).toBeNull();
  });
});

describe("summarize", () => {
  it("adds up cost and baseline, with saved share, overall hit rate and mean TTFT", () => {
    const s = summarize({
      placement: "systemOnly",
      api: "converse",
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
    const s = summarize({ placement: "noCache", api: "messages", turns: [], error: "throttled" });
    expect(s).toMatchObject({ api: "messages", totalCost: 0, savedShare: null, meanTtftMs: null, hitRate: 0, error: "throttled" });
  });
});

describe("the script and its checks", () => {
  it("reads one question per line, dropping blank lines and spaces", () => {
    expect(parseFollowUps("  first \n\n second\r\n   \nthird")).toEqual(["first", "second", "third"]);
  });

  it("wants 2–4 distinct placements, 1–20 follow-ups and a model", () => {
    expect(checkBakeoff(["noCache", "systemOnly"], ["converse"], ["q"], "m")).toEqual([]);
    expect(checkBakeoff(["noCache"], ["converse"], ["q"], "m").map((p) => p.field)).toEqual(["placements"]);
    expect(checkBakeoff(["noCache", "noCache"], ["converse"], ["q"], "m").map((p) => p.field)).toEqual(["placements"]);
    expect(
      checkBakeoff(["noCache", "systemOnly", "systemAndTools", "systemAndLastUser", "perDocument"], ["converse"], ["q"], "m").map((p) => p.field),
    ).toEqual(["placements"]);
    expect(checkBakeoff(["noCache", "systemOnly"], ["converse"], [], "m")).toEqual([{ field: "followUps", key: "validation.followUpsMin" }]);
    expect(checkBakeoff(["noCache", "systemOnly"], ["converse"], Array.from({ length: 21 }, () => "q"), "m")).toEqual([
      { field: "followUps", key: "validation.followUpsMax", vars: { count: 21 } },
    ]);
    expect(checkBakeoff(["noCache", "systemOnly"], ["converse"], ["q"], "  ").map((p) => p.field)).toEqual(["model"]);
  });

  it("through several transports wants 1 to 8 ÷ transports placements, and at least one transport", () => {
    expect(checkBakeoff(["perDocument"], ["converse", "messages"], ["q"], "m")).toEqual([]);
    expect(checkBakeoff(["noCache", "systemOnly", "systemAndTools", "perDocument"], ["converse", "invokeModel"], ["q"], "m")).toEqual([]);
    expect(checkBakeoff(["noCache", "systemOnly", "perDocument"], ["converse", "invokeModel", "messages"], ["q"], "m")).toEqual([
      { field: "placements", key: "validation.runs", vars: { transports: 3, maxPlacements: 2, maxRuns: 8 } },
    ]);
    expect(checkBakeoff([], ["converse", "invokeModel"], ["q"], "m").map((p) => p.key)).toEqual(["validation.runs"]);
    expect(checkBakeoff(["noCache", "systemOnly"], [], ["q"], "m").map((p) => p.key)).toEqual(["validation.apis"]);
  });

  it("maps indexed fields to the form's", () => {
    expect(formFieldOf("followUps[2]")).toBe("followUps");
    expect(formFieldOf("placements")).toBe("placements");
    expect(formFieldOf("apis[1]")).toBe("apis");
  });
});

describe("implicit reads in a bake-off", () => {
  it("are summed apart from the reads a placement earned", () => {
    const turns = [turn(1, 0.01, 0, 2000), { ...turn(2, 0.002, 2000, 0), implicitReadTokens: 600 }];
    const summary = summarize({ placement: "systemOnly", api: "converse", turns, error: null });
    expect(summary.implicitRead).toBe(600);
  });
});
