// A session's every turn: it opens on its latest page, so a report loads the earlier pages too.
import { earlierTurns } from "../sent-turns";
import type { Session, TurnRecord } from "../../../lib/ipc/bindings";

export async function allTurns(session: Session): Promise<TurnRecord[]> {
  let turns = [...session.turns];
  let earlier = session.earlierTurns;
  while (earlier > 0 && turns.length > 0) {
    const page = await earlierTurns(session.id, turns[0]!.seq);
    if (page.turns.length === 0) break;
    turns = [...page.turns, ...turns];
    earlier = page.earlierTurns;
  }
  return turns;
}
