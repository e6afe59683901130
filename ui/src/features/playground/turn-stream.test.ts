import { describe, expect, it } from "vitest";
import type { TurnEvent } from "../../lib/ipc/bindings";
import { emit, fakeIpc } from "./run/test-ipc";
import { READ_TURN, session, WRITE_TURN } from "./run/fixtures";
import { applyTurnEvent, liveTurn, streamTurn } from "./turn-stream";

const draft = session().draft;

describe("applyTurnEvent", () => {
  it("folds every kind of event into the live turn", () => {
    const live = liveTurn("s1", 1_000);
    const events: TurnEvent[] = [
      { event: "started", turnId: 3, invokeId: "us.model" },
      { event: "attempt", attempt: 2 },
      { event: "retrying", attempt: 2, delayMs: 400, message: "Too many requests" },
      { event: "reasoningDelta", block: 0, text: "Think" },
      { event: "textDelta", block: 1, text: "Hel" },
      { event: "textDelta", block: 1, text: "lo" },
      { event: "toolUse", block: 2, toolUseId: "t1", name: "lookup", input: "{}" },
      { event: "usage", usage: READ_TURN.usage! },
      { event: "stop", reason: "end_turn" },
      { event: "finished", turn: READ_TURN },
    ];
    let clock = 1_250;
    for (const event of events) applyTurnEvent(live, event, () => clock++);
    expect(live).toMatchObject({
      turnId: 3,
      invokeId: "us.model",
      attempt: 2,
      retries: [{ attempt: 2, delayMs: 400, message: "Too many requests" }],
      reasoning: ["Think"],
      text: [undefined, "Hello"],
      toolUses: [{ block: 2, toolUseId: "t1", name: "lookup", input: "{}" }],
      stopReason: "end_turn",
      firstTokenAt: 1_250, // the first text, not the second
      finished: READ_TURN,
    });
  });
});

describe("streamTurn", () => {
  it("hands the events over once per frame, the rest when the send returns, then reloads the session", async () => {
    const frames: (() => void)[] = [];
    const applied: TurnEvent[][] = [];
    let channelArgs: Record<string, unknown> = {};
    let finish: (turn: typeof WRITE_TURN) => void = () => {};
    const sent = fakeIpc({
      playground_send: (args) => {
        channelArgs = args;
        return new Promise((resolve) => (finish = resolve));
      },
      session_get: () => session([WRITE_TURN]),
    });
    const settled: unknown[] = [];
    const streaming = streamTurn({
      sessionId: "s1",
      draft,
      frame: (fn) => void frames.push(fn),
      apply: (events) => applied.push(events),
      settled: (sent) => settled.push(sent),
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    emit(channelArgs, { event: "textDelta", block: 0, text: "A" });
    emit(channelArgs, { event: "textDelta", block: 0, text: "B" });
    expect(frames).toHaveLength(1); // one frame asked for both
    frames.shift()!();
    expect(applied).toEqual([[{ event: "textDelta", block: 0, text: "A" }, { event: "textDelta", block: 0, text: "B" }]]);
    emit(channelArgs, { event: "stop", reason: "end_turn" });
    finish(WRITE_TURN);
    const outcome = await streaming;
    // The event still waiting for its frame is not lost: it is applied as the send returns.
    expect(applied.at(-1)).toEqual([{ event: "stop", reason: "end_turn" }]);
    expect(settled).toEqual([{ turn: WRITE_TURN, error: null }]);
    expect(outcome.turn).toEqual(WRITE_TURN);
    expect(outcome.session?.turns).toEqual([WRITE_TURN]);
    expect(sent.map((s) => s.cmd)).toEqual(["playground_send", "session_get"]);
  });

  it("reloads the session after a failed send too, and reports both failures as OutcropErrors", async () => {
    fakeIpc({
      playground_send: () => {
        throw { code: "throttled", message: "Slow down", detail: null };
      },
      session_get: () => {
        throw "gone";
      },
    });
    const outcome = await streamTurn({ sessionId: "s1", draft, frame: () => {}, apply: () => {} });
    expect(outcome.turn).toBeNull();
    expect(outcome.error?.code).toBe("throttled");
    expect(outcome.session).toBeNull();
    expect(outcome.reloadError?.code).toBe("internal");
  });
});
