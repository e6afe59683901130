// "Check as you type": each change to a form is handed to `schedule`, which runs the check after a short
// delay (a newer change replaces a waiting one), and `flush` runs a waiting check at once — or waits for one
// under way — so a submit never acts on an old result. Each run gets a sequence number; a runner tells a
// stale result apart with `isCurrent(seq)` and drops it.

/** How long a form waits after a keystroke before checking: one value, so every form feels the same. */
export const LIVE_CHECK_DELAY_MS = 250;

/** Checks one snapshot; `seq` numbers it among all scheduled snapshots. */
export type LiveCheckRunner<T> = (snapshot: T, seq: number) => Promise<void>;

export interface LiveCheckOptions {
  /** How long to wait after a change before checking it. */
  delayMs: number;
  /**
   * Whether the next check runs at once instead of after the delay; read on each `schedule`. By default only
   * the first scheduled check does. Called from inside `schedule`, so in a Svelte `$effect` wrap any state it
   * reads in `untrack`, or the effect will rerun when that state changes.
   */
  immediate?: () => boolean;
}

export class LiveCheck<T> {
  readonly #run: LiveCheckRunner<T>;
  readonly #delayMs: number;
  readonly #immediate: () => boolean;

  #sequence = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #pending: { snapshot: T; seq: number } | null = null;
  #inFlight: Promise<void> | null = null;

  constructor(run: LiveCheckRunner<T>, options: LiveCheckOptions) {
    this.#run = run;
    this.#delayMs = options.delayMs;
    this.#immediate = options.immediate ?? (() => this.#sequence === 0);
  }

  /** The sequence number of the latest scheduled snapshot. */
  get latest(): number {
    return this.#sequence;
  }

  /** Whether `seq` is still the latest snapshot: a runner drops its result when it is not. */
  isCurrent(seq: number): boolean {
    return seq === this.#sequence;
  }

  /** Schedules a check of `snapshot`; returns the cleanup that cancels it while it still waits (for `$effect`). */
  schedule(snapshot: T): () => void {
    const delay = this.#immediate() ? 0 : this.#delayMs;
    const seq = ++this.#sequence;
    this.#pending = { snapshot, seq };
    const timer = setTimeout(() => {
      this.#pending = null;
      this.#inFlight = this.#run(snapshot, seq);
    }, delay);
    this.#timer = timer;
    return () => clearTimeout(timer);
  }

  /** Runs a check still waiting for its delay (or waits for one under way), so a submit never acts on an old one. */
  async flush(): Promise<void> {
    if (this.#pending) {
      const { snapshot, seq } = this.#pending;
      this.#pending = null;
      clearTimeout(this.#timer);
      this.#inFlight = this.#run(snapshot, seq);
    }
    await this.#inFlight;
  }
}
