import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LiveCheck } from "./live-check";

const DELAY = 250;

/** A runner whose runs each wait for a promise the test resolves. */
function controlledRunner() {
  const runs: { snapshot: string; seq: number; finish: () => void; done: boolean }[] = [];
  const run = vi.fn((snapshot: string, seq: number) => {
    const entry = { snapshot, seq, finish: () => {}, done: false };
    runs.push(entry);
    return new Promise<void>((resolve) => {
      entry.finish = () => {
        entry.done = true;
        resolve();
      };
    });
  });
  return { run, runs };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe("LiveCheck", () => {
  it("runs the first check at once and debounces later ones", async () => {
    const run = vi.fn(async (_snapshot: string, _seq: number) => {});
    const check = new LiveCheck(run, { delayMs: DELAY });

    check.schedule("a");
    await vi.advanceTimersByTimeAsync(0);
    expect(run).toHaveBeenCalledTimes(1);
    expect(run).toHaveBeenLastCalledWith("a", 1);

    // A later change waits for the delay, and a newer one replaces it (as `$effect` cleans up before rerunning).
    const cancel = check.schedule("ab");
    await vi.advanceTimersByTimeAsync(DELAY - 1);
    cancel();
    check.schedule("abc");
    await vi.advanceTimersByTimeAsync(DELAY - 1);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(2);
    expect(run).toHaveBeenLastCalledWith("abc", 3);
  });

  it("stays immediate while `immediate` says so", async () => {
    const run = vi.fn(async (_snapshot: string, _seq: number) => {});
    let settled = false;
    const check = new LiveCheck(run, { delayMs: DELAY, immediate: () => !settled });

    check.schedule("a");
    check.schedule("ab");
    await vi.advanceTimersByTimeAsync(0);
    expect(run.mock.calls).toEqual([
      ["a", 1],
      ["ab", 2],
    ]);

    settled = true;
    check.schedule("abc");
    await vi.advanceTimersByTimeAsync(0);
    expect(run).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(DELAY);
    expect(run).toHaveBeenLastCalledWith("abc", 3);
  });

  it("flush runs a waiting check at once and does not run it again later", async () => {
    const run = vi.fn(async (_snapshot: string, _seq: number) => {});
    const check = new LiveCheck(run, { delayMs: DELAY });
    check.schedule("a");
    await vi.advanceTimersByTimeAsync(0);

    check.schedule("ab");
    await check.flush();
    expect(run).toHaveBeenCalledTimes(2);
    expect(run).toHaveBeenLastCalledWith("ab", 2);

    await vi.advanceTimersByTimeAsync(DELAY * 2);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it("flush waits for a check under way", async () => {
    const { run, runs } = controlledRunner();
    const check = new LiveCheck(run, { delayMs: DELAY });
    check.schedule("a");
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toHaveLength(1);

    let flushed = false;
    const flushing = check.flush().then(() => {
      flushed = true;
    });
    await vi.advanceTimersByTimeAsync(DELAY);
    expect(flushed).toBe(false);
    expect(run).toHaveBeenCalledTimes(1);

    runs[0]!.finish();
    await flushing;
    expect(flushed).toBe(true);
  });

  it("flush waits for the run it starts", async () => {
    const { run, runs } = controlledRunner();
    const check = new LiveCheck(run, { delayMs: DELAY });
    check.schedule("a");
    await vi.advanceTimersByTimeAsync(0);
    runs[0]!.finish();

    check.schedule("ab");
    let flushed = false;
    const flushing = check.flush().then(() => {
      flushed = true;
    });
    expect(runs).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(0);
    expect(flushed).toBe(false);

    runs[1]!.finish();
    await flushing;
    expect(flushed).toBe(true);
  });

  it("flush with nothing scheduled resolves at once", async () => {
    const run = vi.fn(async (_snapshot: string, _seq: number) => {});
    const check = new LiveCheck(run, { delayMs: DELAY });
    await expect(check.flush()).resolves.toBeUndefined();
    expect(run).not.toHaveBeenCalled();
  });

  it("lets a runner tell a stale result apart by its seq", async () => {
    const finishers = new Map<number, () => void>();
    const shown: string[] = [];
    const check: LiveCheck<string> = new LiveCheck(
      async (snapshot: string, seq: number) => {
        await new Promise<void>((resolve) => finishers.set(seq, resolve));
        if (!check.isCurrent(seq)) return;
        shown.push(snapshot);
      },
      { delayMs: DELAY, immediate: () => true },
    );

    check.schedule("a");
    await vi.advanceTimersByTimeAsync(0);
    check.schedule("ab");
    await vi.advanceTimersByTimeAsync(0);
    expect(check.latest).toBe(2);
    expect(check.isCurrent(1)).toBe(false);
    expect(check.isCurrent(2)).toBe(true);

    // The newer result arrives first; the older one, arriving later, is dropped.
    finishers.get(2)!();
    await vi.advanceTimersByTimeAsync(0);
    finishers.get(1)!();
    await vi.advanceTimersByTimeAsync(0);
    expect(shown).toEqual(["ab"]);
  });

  it("a cleanup from an older schedule does not cancel a newer one", async () => {
    const run = vi.fn(async (_snapshot: string, _seq: number) => {});
    const check = new LiveCheck(run, { delayMs: DELAY, immediate: () => false });
    const cancelOld = check.schedule("a");
    check.schedule("ab");
    cancelOld();
    await vi.advanceTimersByTimeAsync(DELAY);
    expect(run.mock.calls).toEqual([["ab", 2]]);
  });
});
