// The transcript's earlier turns: a session opens on its latest turns (Rust sends a page) and earlier ones load
// on demand. What was loaded stays while the session reloads after each send, so the transcript never jumps.
import type { TurnRecord } from "../../../lib/ipc/bindings";

/** Turns loaded beyond the session's own page, for one session. */
export interface LoadedTurns {
  sessionId: string;
  /** Every turn shown when the last earlier page arrived, with that page. */
  turns: TurnRecord[];
  /** How many turns come before `turns`. */
  earlier: number;
}

/** The turns to show: those loaded earlier and the session's latest page (newer copies win), by number. */
export function shownTurns(latest: TurnRecord[], loaded: TurnRecord[]): TurnRecord[] {
  const bySeq = new Map<number, TurnRecord>();
  for (const turn of loaded) bySeq.set(turn.seq, turn);
  for (const turn of latest) bySeq.set(turn.seq, turn);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** How many turns come before those shown: the fewer of the session's count and the loaded pages'. */
export function earlierCount(sessionEarlier: number, loaded: LoadedTurns | null): number {
  return loaded ? Math.min(sessionEarlier, loaded.earlier) : sessionEarlier;
}

/** How many turns one "show earlier" loads (Rust's `TURN_PAGE`). */
export const TURN_PAGE = 20;
