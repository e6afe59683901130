// The Usage tab's state: the active connection's targets (what CloudWatch publishes for, and every application
// profile), the one chosen, its range and granularity, and its report. Loads once per connection; never throws.
import { asOutcropError, call, type OutcropError } from "../../lib/ipc";
import type { UsageOverview, UsageRange, UsageReport, UsageTarget } from "../../lib/ipc/bindings";

export type UsageTab = "usage" | "spend";

export class UsageStore {
  tab = $state<UsageTab>("usage");
  overview = $state<UsageOverview | null>(null);
  loading = $state(false);
  error = $state<OutcropError | null>(null);
  /** The chosen target's `ModelId` value. */
  selectedId = $state<string | null>(null);
  // The last hour a minute a point: a turn sent a minute ago is a bar of its own.
  range = $state<UsageRange>("lastHour");
  period = $state(60);
  report = $state<UsageReport | null>(null);
  reportLoading = $state(false);
  reportError = $state<OutcropError | null>(null);
  /** The connection the overview belongs to. */
  connectionId: string | null = null;
  /** Counts report requests, so an older answer never replaces a newer one. */
  #asked = 0;

  get selected(): UsageTarget | null {
    return this.overview?.targets.find((t) => t.published.modelId === this.selectedId) ?? null;
  }

  /** The granularities the current range offers (seconds per point). */
  get periods(): number[] {
    return this.overview?.ranges.find((r) => r.range === this.range)?.periods ?? [this.period];
  }

  async ensure(connectionId: string | null): Promise<void> {
    if (this.overview && connectionId === this.connectionId) return;
    await this.load(connectionId);
  }

  /** Loads the targets afresh, keeps the choice when it is still there, and reads its report. */
  async load(connectionId: string | null = this.connectionId): Promise<void> {
    if (connectionId !== this.connectionId) {
      this.overview = null;
      this.report = null;
      this.selectedId = null;
    }
    this.connectionId = connectionId;
    this.loading = true;
    this.error = null;
    try {
      const overview = await call("usage_overview", {});
      if (connectionId !== this.connectionId) return;
      this.overview = overview;
      if (!overview.targets.some((t) => t.published.modelId === this.selectedId)) {
        this.selectedId = overview.targets[0]?.published.modelId ?? null;
      }
    } catch (error) {
      if (connectionId === this.connectionId) this.error = asOutcropError(error, "usage_overview");
    } finally {
      if (connectionId === this.connectionId) this.loading = false;
    }
    if (this.overview) await this.refresh();
  }

  async select(modelId: string): Promise<void> {
    this.selectedId = modelId;
    await this.refresh();
  }

  /** A new range starts at its finest granularity. */
  async setRange(range: UsageRange): Promise<void> {
    this.range = range;
    this.period = this.overview?.ranges.find((r) => r.range === range)?.periods[0] ?? this.period;
    await this.refresh();
  }

  async setPeriod(period: number): Promise<void> {
    this.period = period;
    await this.refresh();
  }

  /** Reads the chosen target's report for the range and granularity. */
  async refresh(): Promise<void> {
    const target = this.selected;
    if (!target) {
      this.report = null;
      return;
    }
    const asked = ++this.#asked;
    this.reportLoading = true;
    this.reportError = null;
    try {
      const report = await call("usage_report", {
        target: $state.snapshot(target.published),
        range: this.range,
        periodSeconds: this.period,
      });
      if (asked === this.#asked) this.report = report;
    } catch (error) {
      if (asked === this.#asked) this.reportError = asOutcropError(error, "usage_report");
    } finally {
      if (asked === this.#asked) this.reportLoading = false;
    }
  }
}

export const usage = new UsageStore();
