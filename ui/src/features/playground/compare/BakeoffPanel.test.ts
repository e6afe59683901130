import { mockIPC } from "@tauri-apps/api/mocks";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { BakeoffEvent, BakeoffReport, BakeoffRequest, Draft, StrategyResult, StrategyTurn } from "../../../lib/ipc/bindings";
import { PlaygroundStore } from "../playground.svelte";
import BakeoffPanel from "./BakeoffPanel.svelte";
import { BakeoffStore } from "./bakeoff.svelte";

const MODEL = "anthropic.claude-3-7-sonnet-20250219-v1:0";

function draft(): Draft {
  return {
    modelChoice: MODEL,
    api: "converse",
    conversation: {
      tools: [],
      system: [{ type: "text", text: "You answer questions about the attached report." }],
      messages: [
        {
          role: "user",
          content: [
            { type: "document", name: "report", format: "txt", text: "Quarterly figures" },
            { type: "text", text: "What does it say?" },
          ],
        },
      ],
      inference: { maxTokens: 512, stopSequences: [] },
    },
  };
}

/** A playground whose timers never fire (no plan or save calls in these tests). */
function playgroundWith(d: Draft): PlaygroundStore {
  const store = new PlaygroundStore({ setTimeout: () => 0, clearTimeout: () => {}, frame: (fn) => fn(), now: () => 0 });
  store.draft = d;
  return store;
}

function turn(n: number, cost: number, read: number, write: number, ttft: number): StrategyTurn {
  return {
    turn: n,
    cost,
    withoutCache: 0.01,
    inputTokens: 200,
    cacheReadTokens: read,
    implicitReadTokens: 0,
    cacheWriteTokens: write,
    outputTokens: 80,
    timeToFirstTokenMs: ttft,
    totalMs: 1500,
  };
}

interface Backend {
  calls: { cmd: string; args: Record<string, unknown> }[];
  emit: (event: BakeoffEvent) => void;
  finish: (report: BakeoffReport) => void;
  fail: (error: unknown) => void;
}

function backend(): Backend {
  const b: Backend & { channel?: { onmessage: (e: unknown) => void }; done?: (r: unknown) => void; reject?: (e: unknown) => void } = {
    calls: [],
    emit: (event) => b.channel!.onmessage(event),
    finish: (report) => b.done!(report),
    fail: (error) => b.reject!(error),
  };
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    b.calls.push({ cmd, args });
    if (cmd === "playground_bakeoff") {
      b.channel = args.onEvent as { onmessage: (e: unknown) => void };
      return new Promise((resolve, reject) => {
        b.done = resolve;
        b.reject = reject;
      });
    }
    if (cmd === "playground_bakeoff_cancel") return true;
    throw `unexpected command ${cmd}`;
  });
  return b;
}

let store: BakeoffStore;
beforeEach(() => {
  store = new BakeoffStore();
  // jsdom has no canvas: say so quietly (ChartCanvas then shows its text alternative only).
  vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(null);
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe("BakeoffPanel", () => {
  it("sends the draft and the script, streams progress into bars and charts, and renders the recommendation", async () => {
    const user = userEvent.setup();
    const b = backend();
    const source = playgroundWith(draft());
    render(BakeoffPanel, { store, source });

    // Two placements only: the defaults off but "no cache points", and "system only" on.
    await user.click(screen.getByLabelText(/last user/));
    await user.click(screen.getByLabelText(/Per document/));
    await user.click(screen.getByLabelText(/System only/));
    await user.click(screen.getByTestId("bakeoff-run"));

    await waitFor(() => expect(b.calls.map((c) => c.cmd)).toContain("playground_bakeoff"));
    const request = b.calls.find((c) => c.cmd === "playground_bakeoff")!.args.request as BakeoffRequest;
    expect(request.placements).toEqual(["noCache", "systemOnly"]);
    expect(request.ttl).toBe("5m");
    expect(request.followUps).toHaveLength(3);
    expect(request.followUps[0]).toMatch(/Summarise the document/);
    expect(request.draft.modelChoice).toBe(MODEL);
    expect(request.draft.conversation.messages[0]?.content[0]).toMatchObject({ type: "document", name: "report" });
    expect(screen.getByTestId("bakeoff-cancel")).toBeTruthy();

    b.emit({ event: "started", placements: ["noCache", "systemOnly"], turns: 4 });
    b.emit({ event: "progress", placement: "noCache", turn: 1, of: 4 });
    const overall = await screen.findByTestId("bakeoff-overall");
    await waitFor(() => expect(overall.textContent).toBe("Turn 1 of 4 · No cache points"));
    expect(overall.getAttribute("aria-live")).toBe("polite");

    b.emit({ event: "turnDone", placement: "noCache", turn: turn(1, 0.01, 0, 0, 900) });
    b.emit({ event: "turnDone", placement: "noCache", turn: turn(2, 0.011, 0, 0, 950) });
    b.emit({ event: "progress", placement: "noCache", turn: 3, of: 4 });
    await waitFor(() => expect(overall.textContent).toBe("Turn 3 of 4 · No cache points"));
    const bar = screen.getByLabelText(/No cache points: 2 of 4 turns/) as HTMLProgressElement;
    expect(bar.value).toBe(2);
    expect(bar.max).toBe(4);
    // The cost chart fills as turns arrive: its text alternative carries the values so far.
    const costChart = screen.getByTestId("chart-bakeoff-cost");
    expect(costChart.textContent).toContain("No cache points: $0.0100, $0.0110");
    expect(costChart.textContent).toContain("System only: no turns yet");

    const noCache: StrategyResult = {
      placement: "noCache",
      sessionId: "s1",
      turns: [turn(1, 0.01, 0, 0, 900), turn(2, 0.011, 0, 0, 950), turn(3, 0.012, 0, 0, 900), turn(4, 0.013, 0, 0, 1000)],
      error: null,
    };
    const systemOnly: StrategyResult = {
      placement: "systemOnly",
      sessionId: "s2",
      turns: [turn(1, 0.0125, 0, 1800, 900), turn(2, 0.002, 1800, 0, 300), turn(3, 0.002, 1800, 0, 300), turn(4, 0.002, 1800, 0, 300)],
      error: null,
    };
    b.emit({ event: "strategyDone", result: noCache });
    b.emit({ event: "progress", placement: "systemOnly", turn: 2, of: 4 });
    b.emit({ event: "turnDone", placement: "systemOnly", turn: systemOnly.turns[0]! });
    b.emit({ event: "turnDone", placement: "systemOnly", turn: systemOnly.turns[1]! });
    await waitFor(() => expect(screen.getByTestId("chart-bakeoff-hit-rate").textContent).toContain("System only: 0%, 90%"));
    expect(screen.getByTestId("chart-bakeoff-ttft").textContent).toContain("System only: 900 ms, 300 ms");

    b.emit({ event: "strategyDone", result: systemOnly });
    b.finish({
      results: [noCache, systemOnly],
      recommendation: {
        placement: "systemOnly",
        reasons: [
          { kind: "cheapest", placement: "systemOnly", cost: 0.0185, turns: 4, finished: 2 },
          { kind: "savings", withoutCache: 0.04, savedPercent: 53.75, hitRatePercent: 61.2 },
        ],
      },
      cancelled: false,
    });

    const recommendation = await screen.findByTestId("bakeoff-recommendation");
    expect(recommendation.textContent).toContain("Recommended: System only");
    expect(recommendation.textContent).toContain("“System only” costs $0.0185 over 4 turns, the least of the 2 strategies that finished.");
    expect(recommendation.textContent).toContain("would cost $0.0400: 54% saved, with 61% of input tokens read from the cache");
    expect(within(recommendation).getAllByRole("listitem")).toHaveLength(2);
    expect(screen.queryByTestId("bakeoff-cancel")).toBeNull();
    expect(overall.textContent).toBe("Finished.");
    const row = document.querySelector('tr[data-placement="systemOnly"]')!;
    expect(row.getAttribute("data-recommended")).toBe("true");
    expect(row.textContent).toContain("$0.0185");
    expect(row.textContent).toContain("54%"); // 1 − 0.0185 / 0.04
    expect(document.querySelector('tr[data-placement="noCache"]')!.getAttribute("data-recommended")).toBeNull();

    // "Use this placement" replaces the draft's points with the recommended ones.
    source.draft.conversation.messages[0]!.content.push({ type: "cachePoint", ttl: "1h" });
    await user.click(screen.getByTestId("bakeoff-apply"));
    expect(source.draft.conversation.system.at(-1)).toEqual({ type: "cachePoint", ttl: "5m" });
    expect(source.draft.conversation.messages[0]!.content.some((c) => c.type === "cachePoint")).toBe(false);
    expect(screen.getByRole("status").textContent).toContain("5m");
  });

  it("cancels through playground_bakeoff_cancel and says there is no recommendation", async () => {
    const user = userEvent.setup();
    const b = backend();
    render(BakeoffPanel, { store, source: playgroundWith(draft()) });
    await user.click(screen.getByTestId("bakeoff-run"));
    b.emit({ event: "started", placements: ["noCache", "systemOnly", "systemAndTools"], turns: 4 });
    const cancel = await screen.findByTestId("bakeoff-cancel");
    await user.click(cancel);
    expect(b.calls.filter((c) => c.cmd === "playground_bakeoff_cancel")).toHaveLength(1);
    await waitFor(() => expect((screen.getByTestId("bakeoff-cancel") as HTMLButtonElement).disabled).toBe(true));

    b.finish({
      results: [{ placement: "noCache", sessionId: "s1", turns: [turn(1, 0.01, 0, 0, 900)], error: "cancelled" }],
      recommendation: null,
      cancelled: true,
    });
    await waitFor(() => expect(screen.getByTestId("bakeoff-overall").textContent).toMatch(/cancelled/));
    expect(screen.queryByTestId("bakeoff-recommendation")).toBeNull();
    expect(screen.queryByTestId("bakeoff-cancel")).toBeNull();
  });

  it("checks the form before sending, and shows Rust's validation errors next to their fields", async () => {
    const user = userEvent.setup();
    const b = backend();
    render(BakeoffPanel, { store, source: playgroundWith(draft()) });

    await user.click(screen.getByLabelText(/last user/));
    await user.click(screen.getByLabelText(/Per document/));
    await user.clear(screen.getByLabelText(/Follow-up questions/));
    await user.click(screen.getByTestId("bakeoff-run"));
    expect(b.calls).toHaveLength(0);
    expect(document.querySelector('[data-error-for="placements"]')?.textContent).toBe("Choose two to four placements.");
    expect(document.querySelector('[data-error-for="followUps"]')?.textContent).toBe("Write at least one follow-up question.");
    expect(screen.getByLabelText(/Follow-up questions/).getAttribute("aria-invalid")).toBe("true");

    await user.click(screen.getByLabelText(/Per document/));
    await user.type(screen.getByLabelText(/Follow-up questions/), "Why?");
    await user.click(screen.getByTestId("bakeoff-run"));
    await waitFor(() => expect(b.calls).toHaveLength(1));
    expect((b.calls[0]!.args.request as BakeoffRequest).placements).toEqual(["noCache", "perDocument"]);
    b.fail({
      code: "validation",
      message: "The request has problems",
      detail: null,
      fields: [
        { field: "followUps[0]", rule: { code: "followUpEmpty" }, message: "This follow-up question is empty." },
        { field: "messages[0].content", rule: { code: "contentOnlyCachePoints" }, message: "A message needs some content besides cache points." },
      ],
    });
    await waitFor(() =>
      expect(document.querySelector('[data-error-for="followUps"]')?.textContent).toBe("This follow-up question is empty."),
    );
    expect(screen.getByTestId("bakeoff-refused").textContent).toContain("messages[0].content: A message needs some content besides cache points.");
    expect(document.querySelector('[data-error-for="placements"]')).toBeNull();
  });
});
