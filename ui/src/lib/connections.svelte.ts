// Saved connections, the active one, the AWS profiles on this machine, and the last test of each connection.
// The Connections page and the status bar both read this one store, so a switch shows everywhere at once.
import { catalog } from "./catalog.svelte";
import { asOutcropError, call, type OutcropError } from "./ipc";
import type {
  AwsProfile,
  ConnectionReport,
  ConnectionsOverview,
  FieldError,
  MessagesEndpoint,
  NewConnection,
  SavedConnection,
} from "./ipc/bindings";

/** The last test of one connection. While a test runs, the previous outcome is kept. */
export interface TestRun {
  running: boolean;
  report: ConnectionReport | null;
  error: OutcropError | null;
}

export const LOCAL_BEDROCK_NAME = "Local Bedrock";
export const DEFAULT_REGION = "us-east-1";


class ConnectionsStore {
  overview = $state<ConnectionsOverview | null>(null);
  profiles = $state<AwsProfile[]>([]);
  /** True while the overview is being (re)loaded. */
  loading = $state(false);
  /** Why loading the overview failed, or why the last remove, switch or welcome step failed. */
  error = $state<OutcropError | null>(null);
  /** Why listing the AWS profiles failed (the rest of the page still works). */
  profilesError = $state<OutcropError | null>(null);
  /** The last test per connection id. */
  tests = $state<Record<string, TestRun>>({});

  get connections(): SavedConnection[] {
    return this.overview?.connections ?? [];
  }

  get activeId(): string | null {
    return this.overview?.activeId ?? null;
  }

  /** The active connection, or null when none is chosen. */
  get active(): SavedConnection | null {
    const id = this.activeId;
    return id === null ? null : (this.connections.find((c) => c.id === id) ?? null);
  }

  get showWelcome(): boolean {
    return this.overview?.showWelcome ?? false;
  }

  private loadingNow: Promise<void> | null = null;

  /** Loads the overview and the AWS profiles. Calls made while a load runs share it. */
  load(): Promise<void> {
    this.loadingNow ??= (async () => {
      this.loading = true;
      try {
        await Promise.all([this.refresh(), this.loadProfiles()]);
      } finally {
        this.loading = false;
        this.loadingNow = null;
      }
    })();
    return this.loadingNow;
  }

  /** Re-reads the overview only. */
  async refresh(): Promise<void> {
    try {
      this.setOverview(await call("connections_overview"));
      this.error = null;
    } catch (error) {
      this.error = asOutcropError(error, "connections_overview");
    }
  }

  async loadProfiles(): Promise<void> {
    try {
      this.profiles = await call("aws_profiles");
      this.profilesError = null;
    } catch (error) {
      this.profilesError = asOutcropError(error, "aws_profiles");
    }
  }

  /** Every rule the draft breaks; empty when it can be added. */
  check(draft: NewConnection): Promise<FieldError[]> {
    return call("connection_check", { draft });
  }

  /** Saves a connection and refreshes the list. Throws an {@link OutcropError}; the caller keeps the form. */
  async add(draft: NewConnection): Promise<SavedConnection> {
    let saved: SavedConnection;
    try {
      saved = await call("connection_add", { draft });
    } catch (error) {
      throw asOutcropError(error, "connection_add");
    }
    // Show it at once, then take the authoritative list.
    if (this.overview && !this.overview.connections.some((c) => c.id === saved.id)) {
      this.overview.connections.push(saved);
    }
    await this.refresh();
    return saved;
  }

  /** Removes a connection (and its keychain entry). Returns false and sets `error` when it fails. */
  async remove(id: string): Promise<boolean> {
    try {
      this.setOverview(await call("connection_remove", { id }));
      this.error = null;
      return true;
    } catch (error) {
      this.error = asOutcropError(error, "connection_remove");
      return false;
    }
  }

  /** Makes a connection the active one. Returns false and sets `error` when it fails. */
  async activate(id: string): Promise<boolean> {
    try {
      const saved = await call("connection_activate", { id });
      if (this.overview) {
        const index = this.overview.connections.findIndex((c) => c.id === saved.id);
        if (index >= 0) this.overview.connections[index] = saved;
        else this.overview.connections.push(saved);
        this.overview.activeId = saved.id;
        // Choosing a connection is also choosing how to connect.
        this.overview.showWelcome = false;
      } else {
        await this.refresh();
      }
      this.error = null;
      return true;
    } catch (error) {
      this.error = asOutcropError(error, "connection_activate");
      return false;
    }
  }

  /**
   * Moves a connection to another Region. Its last test (of the old Region) is forgotten, and so is the catalogue
   * loaded for it, so no page shows the old Region's models. Throws an {@link OutcropError}; the caller keeps what
   * was typed.
   */
  async setRegion(id: string, region: string): Promise<SavedConnection> {
    let saved: SavedConnection;
    try {
      saved = await call("connection_set_region", { id, region });
    } catch (error) {
      throw asOutcropError(error, "connection_set_region");
    }
    const index = this.overview?.connections.findIndex((c) => c.id === id) ?? -1;
    if (this.overview && index >= 0) this.overview.connections[index] = saved;
    delete this.tests[id];
    catalog.forget(id);
    return saved;
  }

  /**
   * Sends a connection's Messages API to bedrock-runtime or bedrock-mantle from now on (its secret stays in the
   * keychain). Throws an {@link OutcropError}.
   */
  async setMessagesEndpoint(id: string, endpoint: MessagesEndpoint): Promise<SavedConnection> {
    let saved: SavedConnection;
    try {
      saved = await call("connection_set_messages_endpoint", { id, endpoint });
    } catch (error) {
      throw asOutcropError(error, "connection_set_messages_endpoint");
    }
    const index = this.overview?.connections.findIndex((c) => c.id === id) ?? -1;
    if (this.overview && index >= 0) this.overview.connections[index] = saved;
    return saved;
  }

  /**
   * Sets a connection's endpoint overrides — the control plane's, and bedrock-runtime's when it differs (`null`
   * clears one) — keeping its secret in the keychain. Throws an {@link OutcropError} with the rule per field.
   */
  async setEndpoints(id: string, endpointUrl: string | null, runtimeEndpointUrl: string | null): Promise<SavedConnection> {
    let saved: SavedConnection;
    try {
      saved = await call("connection_set_endpoints", { id, endpointUrl, runtimeEndpointUrl });
    } catch (error) {
      throw asOutcropError(error, "connection_set_endpoints");
    }
    const index = this.overview?.connections.findIndex((c) => c.id === id) ?? -1;
    if (this.overview && index >= 0) this.overview.connections[index] = saved;
    delete this.tests[id];
    catalog.forget(id);
    return saved;
  }

  /** Tests a connection; the outcome is kept in `tests[id]`. Never throws. */
  async test(id: string): Promise<TestRun> {
    const previous = this.tests[id];
    this.tests[id] = { running: true, report: previous?.report ?? null, error: previous?.error ?? null };
    let run: TestRun;
    try {
      run = { running: false, report: await call("connection_test", { id }), error: null };
    } catch (error) {
      run = { running: false, report: null, error: asOutcropError(error, "connection_test") };
    }
    this.tests[id] = run;
    return run;
  }

  /** The person has chosen how to connect (or to do it later): the welcome is not shown again. */
  async finishWelcome(): Promise<boolean> {
    try {
      this.setOverview(await call("welcome_finish"));
      this.error = null;
      return true;
    } catch (error) {
      this.error = asOutcropError(error, "welcome_finish");
      return false;
    }
  }

  /** Whether the active connection is a Local Bedrock one (as it is on a first run without AWS credentials). */
  get localBedrockActive(): boolean {
    return this.active?.source.kind === "localBedrock";
  }

  /**
   * The welcome's one click: a Local Bedrock connection (reusing one that exists), made active, welcome done.
   * When one is active already, only the welcome is finished. Returns the connection, or null with `error` set.
   */
  async startWithLocalBedrock(): Promise<SavedConnection | null> {
    const active = this.active;
    if (active?.source.kind === "localBedrock") return (await this.finishWelcome()) ? active : null;
    const existing = this.connections.find((c) => c.source.kind === "localBedrock");
    return this.addActivateAndFinish(
      existing ?? {
        name: this.uniqueName(LOCAL_BEDROCK_NAME),
        region: DEFAULT_REGION,
        endpointUrl: null,
        source: { kind: "localBedrock" },
      },
    );
  }

  /** The welcome's "use this profile": a connection for it (reusing one that exists), made active. */
  async startWithProfile(profile: AwsProfile): Promise<SavedConnection | null> {
    const existing = this.connections.find(
      (c) => c.source.kind === "awsProfile" && c.source.profile === profile.name,
    );
    return this.addActivateAndFinish(
      existing ?? {
        name: this.uniqueName(profile.name),
        region: profile.region ?? DEFAULT_REGION,
        endpointUrl: null,
        source: { kind: "awsProfile", profile: profile.name },
      },
    );
  }

  /** `base`, or `base 2`, `base 3`… when a connection has that name already (names are unique, any case). */
  uniqueName(base: string): string {
    const taken = new Set(this.connections.map((c) => c.name.trim().toLowerCase()));
    if (!taken.has(base.toLowerCase())) return base;
    for (let n = 2; ; n++) {
      const candidate = `${base} ${n}`;
      if (!taken.has(candidate.toLowerCase())) return candidate;
    }
  }

  private async addActivateAndFinish(target: SavedConnection | NewConnection): Promise<SavedConnection | null> {
    let saved: SavedConnection;
    if ("id" in target) {
      saved = target;
    } else {
      try {
        saved = await this.add(target);
      } catch (error) {
        this.error = asOutcropError(error, "connection_add");
        return null;
      }
    }
    if (!(await this.activate(saved.id))) return null;
    if (!(await this.finishWelcome())) return null;
    return saved;
  }

  private setOverview(overview: ConnectionsOverview): void {
    this.overview = overview;
    // Forget tests of connections that are gone.
    const ids = new Set(overview.connections.map((c) => c.id));
    for (const id of Object.keys(this.tests)) {
      if (!ids.has(id)) delete this.tests[id];
    }
  }

  /** Back to the state before anything was loaded (for tests). */
  reset(): void {
    this.overview = null;
    this.profiles = [];
    this.loading = false;
    this.loadingNow = null;
    this.error = null;
    this.profilesError = null;
    this.tests = {};
  }
}

export const connections = new ConnectionsStore();

