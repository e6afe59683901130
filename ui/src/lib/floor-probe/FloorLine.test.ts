import { mockIPC } from "@tauri-apps/api/mocks";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { i18n } from "../i18n/index.svelte";
import type {
  FloorClaim,
  FloorProbeEvent,
  FloorProbePlan,
  FloorProbeReport,
  MeasuredFloor,
  ProbeRequestLog,
  StoredFloorProbe,
} from "../ipc/bindings";
import FloorLine from "./FloorLine.svelte";

const CHOICE = "us.anthropic.claude-sonnet-4-6";
const CLAIMS: FloorClaim[] = [
  { tokens: 2048, by: "AWS samples", source: "aws-samples/x", asOf: "2026-12-01", sure: "documented" },
  { tokens: 1024, by: "Older AWS table", source: "https://docs.aws.amazon.com/x", asOf: "2026-12-01", sure: "documented" },
];
const PLAN: FloorProbePlan = {
  modelId: "anthropic.claude-sonnet-4-6",
  invokedId: CHOICE,
  region: "us-east-1",
  modelName: "Claude Sonnet 4.6",
  plan: {
    candidates: [1000, 1024, 1536, 2048, 4096],
    maxRequests: 6,
    largestPrefixTokens: 4096,
    maxOutputTokens: 8,
    counted: true,
    worstCaseCost: 0.0998,
  },
  floorClaims: CLAIMS,
  measured: null,
  pricesAsOf: "2026-12-01",
};

function log(candidate: number, repeat: boolean, write: number, read: number): ProbeRequestLog {
  return {
    candidate,
    tokens: candidate,
    repeat,
    usage: { inputTokens: 7, cacheWriteInputTokens: write, cacheReadInputTokens: read },
  };
}

const MEASURED: MeasuredFloor = {
  tokens: 1536,
  notAt: 1024,
  modelId: "anthropic.claude-sonnet-4-6",
  invokedId: CHOICE,
  region: "us-east-1",
  measuredOn: "2026-12-02",
  requests: 4,
};

interface Backend {
  calls: { cmd: string; args: Record<string, unknown> }[];
  emit: (event: FloorProbeEvent) => void;
  finish: (report: FloorProbeReport) => void;
  kept: StoredFloorProbe[];
}

function backend(): Backend {
  const b: Backend & { channel?: { onmessage: (e: unknown) => void }; done?: (r: unknown) => void } = {
    calls: [],
    emit: (event) => b.channel!.onmessage(event),
    finish: (report) => b.done!(report),
    kept: [],
  };
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    b.calls.push({ cmd, args });
    switch (cmd) {
      case "floor_probe_plan":
        return PLAN;
      case "floor_probe_run":
        b.channel = args.onEvent as { onmessage: (e: unknown) => void };
        return new Promise((resolve) => (b.done = resolve));
      case "floor_probe_stop":
        return true;
      case "floor_probes_list":
        return b.kept;
      case "floor_probe_delete":
        return null;
    }
    throw `unexpected command ${cmd}`;
  });
  return b;
}

afterEach(() => i18n.set("en"));

describe("FloorLine", () => {
  it("shows the claims, asks before probing, streams each request with Stop, and reports the floor it kept", async () => {
    const user = userEvent.setup();
    const b = backend();
    const onchanged = vi.fn();
    render(FloorLine, { claims: CLAIMS, measured: null, minTokens: 2048, modelChoice: CHOICE, modelName: "Claude Sonnet 4.6", onchanged });

    expect(screen.getByTestId("floor-claims").textContent).toContain("AWS samples: 2,048 · Older AWS table: 1,024 · measured here: —");
    expect(screen.getByTestId("floor-uses").textContent).toBe("Planning uses 2,048, the highest claim, until measured.");
    expect(screen.queryByTestId("floor-disagrees")).toBeNull();

    await user.click(screen.getByRole("button", { name: "Measure floor" }));
    // What it sends, the bound and the worst case, before anything is sent.
    expect((await screen.findByTestId("floor-probe-requests")).textContent).toBe("At most 6 requests.");
    expect(screen.getByTestId("floor-probe-cost").textContent).toContain("Worst case $0.0998 at the prices of 2026-12-01");
    expect(screen.getByTestId("floor-probe-sends").textContent).toContain("to us.anthropic.claude-sonnet-4-6 in us-east-1");
    expect(screen.getByTestId("floor-probe-sends").textContent).toContain("1,000, 1,024, 1,536, 2,048, 4,096");
    expect(b.calls.map((c) => c.cmd)).toEqual(["floor_probe_plan"]);

    await user.click(screen.getByRole("button", { name: "Confirm and run" }));
    await waitFor(() => expect(b.calls.map((c) => c.cmd)).toContain("floor_probe_run"));
    expect(b.calls.find((c) => c.cmd === "floor_probe_run")!.args.modelChoice).toBe(CHOICE);

    b.emit({ event: "started", invokedId: CHOICE, region: "us-east-1", maxRequests: 6, candidates: PLAN.plan.candidates, counted: true });
    b.emit({ event: "request", number: 1, log: log(1536, false, 1536, 0), cached: null });
    b.emit({ event: "request", number: 2, log: log(1536, true, 0, 1536), cached: true });
    await waitFor(() => expect(screen.getByTestId("floor-probe-progress").textContent).toBe("Request 2 of at most 6"));
    const entries = screen.getByTestId("floor-probe-log").querySelectorAll("li");
    expect(entries[1]!.textContent).toBe("1,536: a prefix of 1,536 tokens was written to the cache (1,536 written).");
    expect(entries[2]!.textContent).toBe("1,536: the repeat read 1,536 tokens back: caches at 1,536.");

    await user.click(screen.getByRole("button", { name: "Stop" }));
    expect(b.calls.map((c) => c.cmd)).toContain("floor_probe_stop");

    b.finish({
      status: "measured",
      outcome: { kind: "floor", tokens: 1536, notAt: 1024 },
      probe: { id: 7, floor: MEASURED, measuredAtMs: 0, requests: [log(1536, false, 1536, 0)] },
    });
    const result = await screen.findByTestId("floor-probe-result");
    expect(result.textContent).toBe("Measured: the floor is 1,536 tokens (a prefix of 1,024 did not cache). 4 requests.");
    expect(onchanged).toHaveBeenCalledTimes(1);
  });

  it("keeps nothing when stopped, and says so", async () => {
    const user = userEvent.setup();
    const b = backend();
    const onchanged = vi.fn();
    render(FloorLine, { claims: CLAIMS, measured: null, minTokens: 2048, modelChoice: CHOICE, modelName: "Claude Sonnet 4.6", onchanged });
    await user.click(screen.getByRole("button", { name: "Measure floor" }));
    await user.click(await screen.findByRole("button", { name: "Confirm and run" }));
    await waitFor(() => expect(b.calls.map((c) => c.cmd)).toContain("floor_probe_run"));
    b.finish({ status: "stopped", requests: [log(1536, false, 0, 0)] });
    expect((await screen.findByTestId("floor-probe-result")).textContent).toBe("Stopped after 1 request: nothing was recorded.");
    expect(onchanged).not.toHaveBeenCalled();
  });

  it("names the measured value, says it disagrees with every claim, and deletes it", async () => {
    const user = userEvent.setup();
    const b = backend();
    b.kept = [
      { id: 3, floor: { ...MEASURED, region: "eu-west-1" }, measuredAtMs: 0, requests: [] },
      { id: 9, floor: MEASURED, measuredAtMs: 1, requests: [] },
    ];
    const onchanged = vi.fn();
    render(FloorLine, { claims: CLAIMS, measured: MEASURED, minTokens: 1536, modelChoice: CHOICE, modelName: "Claude Sonnet 4.6", onchanged });
    expect(screen.getByTestId("floor-claims").textContent).toContain("measured here: 1,536");
    expect(screen.getByTestId("floor-uses").textContent).toBe(
      "Planning uses 1,536: measured on 2026-12-02 in us-east-1 through us.anthropic.claude-sonnet-4-6.",
    );
    expect(screen.getByTestId("floor-disagrees").textContent).toContain("matches no published claim (1,024 · 2,048)");
    expect(screen.getByRole("button", { name: "Measure again" })).toBeTruthy();

    await user.click(screen.getByRole("button", { name: "Delete measurement" }));
    await waitFor(() => expect(onchanged).toHaveBeenCalledTimes(1));
    const deleted = b.calls.filter((c) => c.cmd === "floor_probe_delete").map((c) => c.args.id);
    expect(deleted).toEqual([9]);
  });

  it("reads in Japanese", async () => {
    i18n.set("ja");
    const user = userEvent.setup();
    backend();
    render(FloorLine, { claims: CLAIMS, measured: null, minTokens: 2048, modelChoice: CHOICE, modelName: "Claude Sonnet 4.6" });
    expect(screen.getByTestId("floor-uses").textContent).toBe("実測するまでは、最も大きい公表値 2,048 で計画します。");
    await user.click(screen.getByRole("button", { name: "最小値を実測" }));
    expect((await screen.findByTestId("floor-probe-requests")).textContent).toBe("リクエストは最大 6 回です。");
  });
});
