import { render, screen, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { TurnRecord } from "../../../lib/ipc/bindings";
import { describeCause } from "./explain";
import { CHANGED_PREFIX_TURN, MISSED_TURN, PROFILE_TURN, READ_TURN, WRITE_TURN } from "./fixtures";
import UsageStrip from "./UsageStrip.svelte";

function text(testid: string): string {
  return screen.getByTestId(testid).textContent?.replace(/\s+/g, " ").trim() ?? "";
}

describe("UsageStrip", () => {
  it("shows a write turn's tokens, timings, cost and the saving not yet repaid", () => {
    render(UsageStrip, { turn: WRITE_TURN });
    expect(text("usage-input")).toContain("14");
    expect(text("usage-write")).toContain("2,048");
    expect(text("usage-write")).toContain("5m 2,048 · 1h 0");
    expect(text("usage-read")).toContain("0");
    expect(text("usage-output")).toContain("312");
    // Total input counts each token once: 14 + 0 read + 2,048 written.
    expect(text("usage-total-input")).toContain("2,062 = 14 + 0 + 2,048");
    expect(text("usage-ttft")).toContain("840 ms");
    expect(text("usage-latency")).toContain("4.21 s");
    expect(text("usage-cost")).toContain("$0.0124");
    const saved = screen.getByTestId("usage-saved");
    expect(saved.dataset.tone).toBe("negative");
    expect(saved.textContent).toContain("-$0.00154");
    expect(saved.textContent).toContain("writes not yet repaid");
    expect(text("usage-prediction")).toContain("as predicted");
    expect(screen.queryByTestId("usage-explanation")).toBeNull();
  });

  it("shows a read turn's saving in green", () => {
    render(UsageStrip, { turn: READ_TURN });
    expect(text("usage-read")).toContain("2,048");
    expect(text("usage-total-input")).toContain("2,394 = 346 + 2,048 + 0");
    expect(text("usage-cost")).toContain("$0.00446");
    const saved = screen.getByTestId("usage-saved");
    expect(saved.dataset.tone).toBe("positive");
    expect(saved.textContent).toContain("$0.00553");
    expect(saved.textContent).not.toContain("not yet repaid");
  });

  it("explains a turn that did not do what was predicted", () => {
    render(UsageStrip, { turn: MISSED_TURN });
    const prediction = text("usage-prediction");
    expect(prediction).toContain("Predicted: read 2,048 · write 0");
    expect(prediction).toContain("Actual: read 0 · write 2,048");
    expect(prediction).toContain("not as predicted");
    const why = screen.getByTestId("usage-explanation");
    const items = within(why).getAllByRole("listitem");
    expect(items.map((li) => li.dataset.cause)).toEqual(["routedToAnotherRegion", "expiredOrEvicted"]);
    expect(items[0]?.textContent).toContain("cross-Region profile routed this turn to a Region with a cold cache");
  });

  it("says ≈ when the cache did what was predicted but the figures were estimates", () => {
    const estimated: TurnRecord = {
      ...READ_TURN,
      reconciliation: { ...READ_TURN.reconciliation!, exact: false, predictedRead: 2011 },
    };
    render(UsageStrip, { turn: estimated });
    expect(screen.getByTestId("usage-prediction").dataset.verdict).toBe("estimate");
    expect(text("usage-prediction")).toContain("≈ (estimate)");
  });

  it("shows the predicted misses of a turn that read nothing, with the changed text", () => {
    render(UsageStrip, { turn: CHANGED_PREFIX_TURN });
    expect(text("usage-prediction")).toContain("as predicted");
    const why = screen.getByTestId("usage-explanation");
    expect(why.textContent).toContain("The prefix changed in system block 1 at byte 57");
    const codes = [...why.querySelectorAll("code")].map((c) => c.textContent);
    expect(codes).toEqual(["assistant. Answer", "assistant (09:14). Answer"]);
  });

  it("says so when the service reported no usage", () => {
    render(UsageStrip, { turn: PROFILE_TURN });
    expect(screen.queryByTestId("usage-cost")).toBeNull();
    expect(screen.getByTestId("usage-strip").textContent).toContain("reported no usage");
  });
});

describe("describeCause", () => {
  it("words every kind of miss", () => {
    expect(describeCause({ kind: "ttlExpired", expiredAtMs: 0, agoMs: 120_000 }).text).toBe(
      "The cache had expired 2 minutes ago.",
    );
    expect(
      describeCause({
        kind: "scopeChanged",
        from: "us-east-1|us.anthropic.claude-3-7-sonnet-20250219-v1:0",
        to: "us-west-2|us.anthropic.claude-3-7-sonnet-20250219-v1:0",
      }).text,
    ).toContain("from us.anthropic.claude-3-7-sonnet-20250219-v1:0 in us-east-1 to us.anthropic.claude-3-7-sonnet-20250219-v1:0 in us-west-2");
    expect(describeCause({ kind: "belowFloor", point: 0, missingTokens: 1200 }).text).toContain(
      "Cache point 1 is 1,200 tokens short of the model's minimum",
    );
    expect(describeCause({ kind: "beyondLookback", boundary: 3 }).text).toContain("20 blocks");
    for (const kind of ["expiredOrEvicted", "routedToAnotherRegion", "estimateBelowFloor", "warmedElsewhere"] as const) {
      const described = describeCause({ kind });
      expect(described.text).not.toContain("playground.run");
      expect(described.text.length).toBeGreaterThan(20);
    }
  });
});

describe("UsageStrip of a cancelled turn", () => {
  it("shows the cost as unknown, at most the predicted input, never as $0", () => {
    const cancelled = { ...WRITE_TURN, status: "cancelled" as const, usage: null, cost: null };
    render(UsageStrip, { turn: cancelled });
    const cost = screen.getByTestId("usage-cost");
    expect(cost.dataset.cost).toBe("unknown");
    expect(cost.textContent).toContain("unknown");
    expect(cost.textContent).toContain("Bedrock may still bill the input: at most $");
    expect(cost.textContent).not.toMatch(/\$0\.00(?!\d)/);
  });

  it("keeps implicit reads apart, names the tier served and the price row, and says when a tier's price is unknown", () => {
    const usage = { ...READ_TURN.usage!, implicitReadTokens: 2048 };
    const turn: TurnRecord = {
      ...READ_TURN,
      usage,
      serviceTier: "priority",
      cost: { ...READ_TURN.cost!, implicitRead: 0.0006, implicitSaved: 0.0055 },
      billing: {
        prices: READ_TURN.prices!,
        route: "geographic",
        row: { kind: "route", route: "geographic" },
        longContext: false,
        tier: "priority",
        tierMultiplier: null,
      },
      reconciliation: { ...READ_TURN.reconciliation!, implicitRead: 2048 },
    };
    render(UsageStrip, { turn });
    expect(text("usage-implicit")).toBe("explicit 0 · implicit 2,048");
    expect(text("usage-implicit-note")).toContain("not a misprediction");
    expect(text("usage-saved")).toContain("of which implicit reads $0.0055");
    expect(text("usage-tier")).toContain("Priority");
    expect(text("usage-tier-unknown")).toBe("tier price unknown: priced as default");
    expect(text("usage-billing")).toBe(
      "Priced by the geographic-profile row. No price is published for the Priority tier: priced as the default tier.",
    );
  });

  it("names the project a turn ran under", () => {
    render(UsageStrip, { turn: { ...READ_TURN, request: { ...READ_TURN.request, project: "p-1" } } });
    expect(text("usage-project")).toBe("Project p-1");
  });

  it("shows no implicit, tier or project lines for a turn without them", () => {
    render(UsageStrip, { turn: READ_TURN });
    for (const id of ["usage-implicit", "usage-implicit-note", "usage-tier", "usage-tier-unknown", "usage-billing", "usage-project"]) {
      expect(screen.queryByTestId(id)).toBeNull();
    }
  });
});
