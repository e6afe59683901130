// The Spend tab's state for the active connection: the overview (tag keys, whether it is Local Bedrock, the facts
// a charge notice cites, the Cost Explorer requests made since Outcrop started), loaded once per connection; the
// last report asked for; and why the last load or query failed. Nothing here throws.
import { asOutcropError, call, fieldErrorsOf, type OutcropError } from "../../../lib/ipc";
import type { FieldError, SpendOverview, SpendRange, SpendReport } from "../../../lib/ipc/bindings";

/** The tag key offered when no profile or project carries one yet: the seed's own. */
export const DEFAULT_TAG_KEY = "Department";

export class SpendStore {
  overview = $state<SpendOverview | null>(null);
  loading = $state(false);
  /** Why loading the overview failed. */
  error = $state<OutcropError | null>(null);
  /** The last report answered (kept while a new query runs or fails). */
  report = $state<SpendReport | null>(null);
  querying = $state(false);
  /** Why the last query failed; null after a success. */
  queryError = $state<OutcropError | null>(null);
  /** The tag key of the last query asked for (whether it was answered or refused). */
  queriedTagKey = $state<string | null>(null);
  /** Cost Explorer requests made since Outcrop started (each page of an answer is one). */
  requestsThisSession = $state(0);
  /** The connection the overview belongs to. */
  connectionId: string | null = null;

  reset(): void {
    this.overview = null;
    this.loading = false;
    this.error = null;
    this.report = null;
    this.querying = false;
    this.queryError = null;
    this.queriedTagKey = null;
    this.requestsThisSession = 0;
    this.connectionId = null;
  }

  /** Loads the overview for `connectionId` unless it is the one loaded already. */
  async ensure(connectionId: string | null): Promise<void> {
    if (connectionId === this.connectionId && (this.overview !== null || this.loading)) return;
    await this.load(connectionId);
  }

  /** Loads the overview afresh; another connection's report is forgotten. */
  async load(connectionId: string | null = this.connectionId): Promise<void> {
    if (connectionId !== this.connectionId) {
      this.overview = null;
      this.report = null;
      this.queryError = null;
    }
    this.connectionId = connectionId;
    if (connectionId === null) return;
    this.loading = true;
    this.error = null;
    try {
      const overview = await call("spend_overview", {});
      if (connectionId !== this.connectionId) return;
      this.overview = overview;
      this.requestsThisSession = overview.requestsThisSession;
    } catch (error) {
      if (connectionId === this.connectionId) this.error = asOutcropError(error, "spend_overview");
    } finally {
      if (connectionId === this.connectionId) this.loading = false;
    }
  }

  /** Asks Cost Explorer for Bedrock's cost by `tagKey` over `range`. */
  async query(tagKey: string, range: SpendRange): Promise<void> {
    const connectionId = this.connectionId;
    this.querying = true;
    this.queryError = null;
    this.queriedTagKey = tagKey;
    try {
      const answer = await call("spend_report", { tagKey, range });
      if (connectionId !== this.connectionId) return;
      this.report = answer.report;
      this.requestsThisSession = answer.requestsThisSession;
    } catch (error) {
      if (connectionId === this.connectionId) this.queryError = asOutcropError(error, "spend_report");
    } finally {
      if (connectionId === this.connectionId) this.querying = false;
    }
  }

  get simulated(): boolean {
    return this.overview?.simulated ?? false;
  }

  get tagKeys(): string[] {
    return this.overview?.tagKeys ?? [];
  }

  /** The key the field starts with: the first one a profile or project carries, else {@link DEFAULT_TAG_KEY}. */
  get defaultTagKey(): string {
    return this.tagKeys[0] ?? DEFAULT_TAG_KEY;
  }

  /** Whether the next query is this session's first billed one: the charge is said before it. */
  get beforeFirstCharge(): boolean {
    return this.overview !== null && !this.overview.simulated && this.requestsThisSession === 0;
  }

  /** What this session's Cost Explorer requests cost, in USD. */
  get sessionCost(): number {
    return this.requestsThisSession * (this.overview?.facts.costExplorerRequestUsd.value ?? 0);
  }

  /** The rule the last query's tag key broke, to show at the field while it still holds `tagKey`. */
  tagKeyError(tagKey: string): FieldError | null {
    if (this.queryError === null || tagKey !== this.queriedTagKey) return null;
    return fieldErrorsOf(this.queryError).find((e) => e.field === "tagKey") ?? null;
  }
}

export const spend = new SpendStore();
