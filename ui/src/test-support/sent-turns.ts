// The fakes answer as Rust does: a command that returns turns sends each request as a `RequestDelta` (here,
// whole), which the screen rebuilds (`features/playground/sent-turns.ts`).
import type { SentTurn, TurnRecord } from "../lib/ipc/bindings";

const SENDS_TURNS = new Set(["session_get", "session_create", "session_import", "session_earlier_turns"]);

/** Turns as Rust sends them, each request whole. */
export function sentTurns(turns: readonly TurnRecord[]): SentTurn[] {
  return turns.map(({ request, ...turn }) => ({
    ...turn,
    request: {
      withReply: false,
      keep: 0,
      messages: request.messages,
      system: request.system,
      tools: request.tools,
      rest: { ...request, messages: [], system: [], tools: [] },
    },
  }));
}

/** A fake's answer to `cmd` in the form Rust sends it. */
export function asSent(cmd: string, answer: unknown): unknown {
  if (!SENDS_TURNS.has(cmd) || typeof answer !== "object" || answer === null) return answer;
  const turns = (answer as { turns?: unknown }).turns;
  return Array.isArray(turns) ? { ...answer, turns: sentTurns(turns as TurnRecord[]) } : answer;
}
