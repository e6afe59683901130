// The session list as the person reads it: a session of its own is one row; the sessions of a Compare or
// bake-off run are one row for the run, in the place of its most recently used session, holding its members
// in the order the run made them (Compare's columns, the bake-off's placements).
import type { RunKind, SessionSummary } from "../../../lib/ipc/bindings";

export interface RunGroup {
  type: "run";
  /** Unique in the list: the kind and the run's ID. */
  key: string;
  id: string;
  kind: RunKind;
  /** The question the run asked: its sessions' automatic title (empty when there is none yet). */
  question: string;
  members: SessionSummary[];
  turns: number;
  cost: number;
  saved: number;
  updatedAtMs: number;
}

export type SessionRow = { type: "session"; key: string; session: SessionSummary } | RunGroup;

function byCreation(a: SessionSummary, b: SessionSummary): number {
  // Session IDs made in the same millisecond still sort in the order they were made.
  return a.createdAtMs - b.createdAtMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Groups a list (most recently used first) into rows, keeping that order. */
export function groupSessions(sessions: SessionSummary[]): SessionRow[] {
  const rows: SessionRow[] = [];
  const runs = new Map<string, RunGroup>();
  for (const session of sessions) {
    const run = session.run;
    if (!run) {
      rows.push({ type: "session", key: session.id, session });
      continue;
    }
    const key = `${run.kind}:${run.id}`;
    let group = runs.get(key);
    if (!group) {
      group = { type: "run", key, id: run.id, kind: run.kind, question: "", members: [], turns: 0, cost: 0, saved: 0, updatedAtMs: 0 };
      runs.set(key, group);
      rows.push(group);
    }
    group.members.push(session);
    group.turns += session.turns;
    group.cost += session.cost;
    group.saved += session.saved;
    group.updatedAtMs = Math.max(group.updatedAtMs, session.updatedAtMs);
  }
  for (const group of runs.values()) {
    group.members.sort(byCreation);
    // A member the person renamed keeps its own title; the run is named after the question.
    const named = group.members.find((m) => m.titleSource === "auto" && m.title !== "") ?? group.members.find((m) => m.title !== "");
    group.question = named?.title ?? "";
  }
  return rows;
}
