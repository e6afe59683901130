import { describe, expect, it } from "vitest";
import type { Conversation, RequestDelta, SentTurn, TurnRecord } from "../../lib/ipc/bindings";
import { sentTurns } from "../../test-support/sent-turns";
import { WRITE_TURN } from "./run/fixtures";
import { rebuildRequest, receivedTurns } from "./sent-turns";

const DOCUMENT = "outcrop ".repeat(1000);

function request(...questions: string[]): Conversation {
  const messages: Conversation["messages"] = [];
  questions.forEach((q, i) => {
    if (i > 0) messages.push({ role: "assistant", content: [{ type: "text", text: `Answer ${i}` }] });
    messages.push({ role: "user", content: i === 0 ? [{ type: "text", text: DOCUMENT }, { type: "text", text: q }] : [{ type: "text", text: q }] });
  });
  return { ...WRITE_TURN.request, system: [{ type: "text", text: "Answer." }], messages };
}

function turn(seq: number, req: Conversation): TurnRecord {
  return { ...WRITE_TURN, id: seq, seq, request: req, reply: [{ type: "text", text: `Answer ${seq}` }] };
}

/** What Rust sends for a turn that adds the answer before it and a new question. */
function extending(t: TurnRecord, base: number, keep: number, question: string): SentTurn {
  const delta: RequestDelta = {
    base,
    withReply: true,
    keep,
    messages: [{ role: "user", content: [{ type: "text", text: question }] }],
    rest: { ...t.request, messages: [], system: [], tools: [] },
  };
  return { ...sentTurns([t])[0]!, request: delta };
}

describe("turns as Rust sends them", () => {
  const turns = [turn(1, request("Q1")), turn(2, request("Q1", "Q2")), turn(3, request("Q1", "Q2", "Q3"))];

  it("rebuilds every request from the first, whole, and what each later one adds", () => {
    const sent = [sentTurns([turns[0]!])[0]!, extending(turns[1]!, 1, 2, "Q2"), extending(turns[2]!, 2, 4, "Q3")];
    const received = receivedTurns(sent);
    expect(received).toEqual(turns);
    // The document is the first request's message, shared, not copied.
    expect(received[2]!.request.messages[0]).toBe(received[0]!.request.messages[0]);
    expect(received[2]!.request.system).toBe(received[0]!.request.system);
  });

  it("keeps only the messages a request kept, with a changed system prompt sent whole", () => {
    const edited: Conversation = { ...request("Q1 edited"), system: [{ type: "text", text: "Briefly." }] };
    const delta: RequestDelta = {
      base: 1,
      withReply: false,
      keep: 0,
      messages: edited.messages,
      system: edited.system,
      rest: { ...edited, messages: [], system: [], tools: [] },
    };
    expect(rebuildRequest(delta, turns[0])).toEqual(edited);
  });

  it("refuses a request that keeps more than the turn before it had", () => {
    const bad = extending(turns[1]!, 1, 5, "Q2");
    expect(() => receivedTurns([sentTurns([turns[0]!])[0]!, bad])).toThrow(/keeps 5 messages of turn 1, which had 2/);
    expect(() => receivedTurns([bad])).toThrow(/builds on turn 1, which was not sent before it/);
  });
});
