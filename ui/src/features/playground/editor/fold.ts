// Which messages the conversation editor shows. A long conversation (a 200-turn session is 400 messages, each
// its own editor) shows its first message (where a document usually is), its last ones, and every message that
// holds a cache point, a problem or a lint finding; the runs between are folded, each into one row that shows
// them on demand.

/** The number of messages from which the middle of a conversation is folded. */
export const FOLD_FROM = 40;
/** Messages shown at the start and at the end of a folded conversation. */
export const HEAD = 1;
export const TAIL = 12;

export type Segment = { kind: "message"; index: number } | { kind: "fold"; from: number; to: number };

/** The editor's rows for `count` messages: all of them when `open` or short, else folded around `pinned` ones. */
export function messageSegments(count: number, pinned: (index: number) => boolean, open: boolean): Segment[] {
  const shown = (m: number) => open || !foldable(count) || m < HEAD || m >= count - TAIL || pinned(m);
  const segments: Segment[] = [];
  for (let m = 0; m < count; m++) {
    if (shown(m)) {
      segments.push({ kind: "message", index: m });
      continue;
    }
    const last = segments.at(-1);
    if (last?.kind === "fold") last.to = m;
    else segments.push({ kind: "fold", from: m, to: m });
  }
  return segments;
}

/** Whether a conversation of `count` messages is long enough to fold. */
export function foldable(count: number): boolean {
  return count >= FOLD_FROM;
}
