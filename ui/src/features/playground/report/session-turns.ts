// A session's every turn: it opens on its latest page, so a report loads the earlier pages too.
import { call } from "../../../lib/ipc";
import type { Session, TurnRecord } from "../../../lib/ipc/bindings";

export async function allTurns(session: Session): Promise<TurnRecord[]> {
  let turns = [...session.turns];
  let earlier = session.earlierTurns;
  while (earlier > 0 && turns.length > 0) {
    const page = await call("session_earlier_turns", { id: session.id, before: turns[0]!.seq });
    if (page.turns.length === 0) break;
    turns = [...page.turns, ...turns];
    earlier = page.earlierTurns;
  }
  return turns;
}
