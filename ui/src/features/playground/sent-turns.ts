// Turns as Rust sends them, rebuilt. A list of turns crosses IPC with each request as what it adds to the request
// of the turn before it in the list (`RequestDelta`, the first whole): each turn of a conversation resends
// everything before it, and a page of 50 turns over a 2 MB document would otherwise be 100 MB of JSON. The
// rebuilt requests share what the turns share (the document is one string, not fifty).
import { call } from "../../lib/ipc";
import type {
  Conversation,
  EarlierTurns,
  Message,
  RequestDelta,
  SentEarlierTurns,
  SentSession,
  SentTurn,
  Session,
  TurnRecord,
} from "../../lib/ipc/bindings";

/** A turn's request from what it adds to the turn before it in the list (as Rust's `RequestDelta::apply`). */
export function rebuildRequest(delta: RequestDelta, previous: TurnRecord | undefined): Conversation {
  const { base, withReply, keep, messages, system, tools, rest } = delta;
  if (base === undefined) return { ...rest, messages, system: system ?? [], tools: tools ?? [] };
  if (!previous) throw new Error(`a turn builds on turn ${base}, which was not sent before it`);
  const before: Message[] = withReply
    ? [...previous.request.messages, { role: "assistant", content: previous.reply }]
    : previous.request.messages;
  if (keep > before.length) {
    throw new Error(`a turn keeps ${keep} messages of turn ${previous.seq}, which had ${before.length}`);
  }
  return {
    ...rest,
    messages: [...before.slice(0, keep), ...messages],
    system: system ?? previous.request.system,
    tools: tools ?? previous.request.tools,
  };
}

/** Every turn of a list with its request rebuilt. */
export function receivedTurns(sent: readonly SentTurn[]): TurnRecord[] {
  const turns: TurnRecord[] = [];
  for (const turn of sent) turns.push({ ...turn, request: rebuildRequest(turn.request, turns.at(-1)) });
  return turns;
}

export function receivedSession(session: SentSession): Session {
  return { ...session, turns: receivedTurns(session.turns) };
}

/** The turns before turn `before` of a session (a page), rebuilt. */
export async function earlierTurns(id: string, before: number): Promise<EarlierTurns> {
  const page: SentEarlierTurns = await call("session_earlier_turns", { id, before });
  return { ...page, turns: receivedTurns(page.turns) };
}
