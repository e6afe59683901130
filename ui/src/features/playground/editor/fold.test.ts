import { describe, expect, it } from "vitest";
import { FOLD_FROM, TAIL, messageSegments } from "./fold";

describe("folding a long conversation", () => {
  it("shows every message of a short one", () => {
    const segments = messageSegments(FOLD_FROM - 1, () => false, false);
    expect(segments).toHaveLength(FOLD_FROM - 1);
    expect(segments.every((s) => s.kind === "message")).toBe(true);
  });

  it("shows the first and the last messages of a long one, the middle folded into one row", () => {
    const segments = messageSegments(401, () => false, false);
    expect(segments[0]).toEqual({ kind: "message", index: 0 });
    expect(segments[1]).toEqual({ kind: "fold", from: 1, to: 400 - TAIL });
    expect(segments.slice(2).map((s) => (s.kind === "message" ? s.index : -1))).toEqual(
      Array.from({ length: TAIL }, (_, i) => 401 - TAIL + i),
    );
  });

  it("keeps a message with a cache point or a problem in view, folding the runs on either side", () => {
    const segments = messageSegments(401, (m) => m === 100, false);
    expect(segments.slice(0, 4)).toEqual([
      { kind: "message", index: 0 },
      { kind: "fold", from: 1, to: 99 },
      { kind: "message", index: 100 },
      { kind: "fold", from: 101, to: 400 - TAIL },
    ]);
  });

  it("shows everything once unfolded", () => {
    expect(messageSegments(401, () => false, true)).toHaveLength(401);
  });
});
