// The active connection's Region: its foundation models, how to call each one from here, and its inference
// profiles. The Models & profiles page reads this store; filters live here too, so a reload, a failed load and
// its retry, or a visit to another page keep what the person chose.
import {
  emptyModelFilters,
  emptyProfileFilters,
  filterModels,
  filterProfiles,
  geographiesOf,
  modalitiesOf,
  modelHaystack,
  profileModelsOf,
  providersOf,
  type ModelFilters,
  type ProfileFilters,
} from "./catalog-filters";
import { asOutcropError, call, type OutcropError } from "./ipc";
import type {
  Catalog,
  CatalogModel,
  CreatePreview,
  CreateProfile,
  FieldError,
  Profile,
  ProfileDetails,
  Tag,
  Verdict,
} from "./ipc/bindings";

export type CatalogTab = "models" | "profiles" | "projects";

/** One profile's details: loaded, loading, or failed. While a reload runs, the previous details are kept. */
export interface DetailsEntry {
  loading: boolean;
  details: ProfileDetails | null;
  error: OutcropError | null;
}


class CatalogStore {
  catalog = $state<Catalog | null>(null);
  /** True while the catalogue is being (re)loaded. */
  loading = $state(false);
  /** Why the last load failed; the catalogue of the same connection, if any, is kept. */
  error = $state<OutcropError | null>(null);
  /** The connection the catalogue belongs to (`null`: none was active); `undefined` before the first load. */
  connectionId = $state<string | null | undefined>(undefined);

  tab = $state<CatalogTab>("models");
  modelFilters = $state<ModelFilters>(emptyModelFilters());
  profileFilters = $state<ProfileFilters>(emptyProfileFilters());

  /** The profile whose details panel is open. */
  selectedProfileId = $state<string | null>(null);
  /** Details per profile id, loaded when a panel opens. */
  details = $state<Record<string, DetailsEntry>>({});

  get models(): CatalogModel[] {
    return this.catalog?.models ?? [];
  }

  get profiles(): Profile[] {
    return this.catalog?.profiles ?? [];
  }

  // Derived once per catalogue (or filter change), not per render: hundreds of rows stay cheap.
  readonly haystacks = $derived(this.models.map(modelHaystack));
  readonly filteredModels = $derived(filterModels(this.models, this.modelFilters, this.haystacks));
  readonly filteredProfiles = $derived(filterProfiles(this.profiles, this.profileFilters));
  readonly providers = $derived(providersOf(this.models));
  readonly modalities = $derived(modalitiesOf(this.models));
  readonly geographies = $derived(geographiesOf(this.profiles));
  readonly profileModels = $derived(profileModelsOf(this.profiles, this.models));
  readonly systemProfiles = $derived(this.profiles.filter((p) => !p.application));
  readonly modelNames = $derived(new Map(this.models.map((m) => [m.model.modelId, m.model.modelName])));

  private sequence = 0;
  private loadingNow: Promise<void> | null = null;

  /** Loads the catalogue for `connectionId` unless it is loaded (or loading) already. */
  ensure(connectionId: string | null): Promise<void> {
    if (this.connectionId === connectionId && (this.catalog !== null || this.loading)) {
      return this.loadingNow ?? Promise.resolve();
    }
    return this.load(connectionId);
  }

  /**
   * (Re)loads the catalogue. Filters, the tab and the open panel are kept; switching to another connection
   * forgets the previous one's catalogue and details. A newer load wins over an older one still running.
   */
  load(connectionId: string | null | undefined = this.connectionId): Promise<void> {
    const id = connectionId ?? null;
    if (id !== this.connectionId) {
      this.catalog = null;
      this.details = {};
      this.selectedProfileId = null;
      this.error = null;
    }
    this.connectionId = id;
    const seq = ++this.sequence;
    this.loading = true;
    const run = (async () => {
      try {
        const catalog = await call("models_catalog");
        if (seq !== this.sequence) return;
        this.catalog = catalog;
        this.error = null;
        // Cached details may be stale now (tags changed elsewhere, a profile deleted): drop them, except the
        // open panel's, which is refreshed in place.
        const open = this.selectedProfileId;
        const kept = open !== null ? this.details[open] : undefined;
        this.details = kept ? { [open!]: kept } : {};
        if (open !== null && !catalog.profiles.some((p) => p.id === open)) this.selectedProfileId = null;
      } catch (error) {
        if (seq !== this.sequence) return;
        this.error = asOutcropError(error, "models_catalog");
      } finally {
        if (seq === this.sequence) {
          this.loading = false;
          this.loadingNow = null;
        }
      }
    })();
    this.loadingNow = run;
    return run;
  }

  /**
   * The connection moved to another Region: its catalogue (and any load still running) is dropped, so the next
   * {@link ensure} loads the new Region's. Another connection's catalogue is kept.
   */
  forget(connectionId: string): void {
    if (this.connectionId !== connectionId) return;
    this.sequence++;
    this.catalog = null;
    this.loading = false;
    this.loadingNow = null;
    this.error = null;
    this.connectionId = undefined;
    this.selectedProfileId = null;
    this.details = {};
  }

  /** A profile of the catalogue, or the one its details carry (a profile created since the last load). */
  profile(id: string): Profile | null {
    return this.profiles.find((p) => p.id === id) ?? this.details[id]?.details?.profile ?? null;
  }

  /** Opens a profile's details panel and loads its details (cached ones show at once). */
  openProfile(id: string): void {
    this.selectedProfileId = id;
    void this.loadDetails(id);
  }

  closeProfile(): void {
    this.selectedProfileId = null;
  }

  /** Loads one profile's details; `force` re-reads ones already cached. Never throws. */
  async loadDetails(id: string, force = false): Promise<DetailsEntry> {
    const previous = this.details[id];
    if (previous && !force && (previous.details !== null || previous.loading)) return previous;
    this.details[id] = { loading: true, details: previous?.details ?? null, error: null };
    const connection = this.connectionId;
    let entry: DetailsEntry;
    try {
      entry = { loading: false, details: await call("profile_details", { id }), error: null };
    } catch (error) {
      entry = { loading: false, details: previous?.details ?? null, error: asOutcropError(error, "profile_details") };
    }
    if (connection === this.connectionId) this.details[id] = entry;
    return entry;
  }

  /** Checks a create request and writes the AWS CLI command it amounts to. Throws an {@link OutcropError}. */
  async preview(request: CreateProfile): Promise<CreatePreview> {
    try {
      return await call("profile_preview", { request });
    } catch (error) {
      throw asOutcropError(error, "profile_preview");
    }
  }

  /** The rules `tags` break, by field (`tags.N.key` …). Throws an {@link OutcropError}. */
  async checkTags(tags: Tag[]): Promise<FieldError[]> {
    try {
      return await call("profile_check_tags", { tags });
    } catch (error) {
      throw asOutcropError(error, "profile_check_tags");
    }
  }

  /**
   * Creates an application profile, reloads the catalogue and opens the new profile on the profiles tab.
   * Throws an {@link OutcropError}; the caller keeps the form.
   */
  async create(request: CreateProfile): Promise<Profile> {
    let created: Profile;
    try {
      created = await call("profile_create", { request });
    } catch (error) {
      throw asOutcropError(error, "profile_create");
    }
    this.tab = "profiles";
    this.openProfile(created.id);
    await this.load();
    return created;
  }

  /** Sets a profile's tags to exactly `tags`. Returns the tags it has now. Throws an {@link OutcropError}. */
  async setTags(id: string, arn: string, tags: Tag[]): Promise<Tag[]> {
    let saved: Tag[];
    try {
      saved = await call("profile_set_tags", { arn, tags });
    } catch (error) {
      throw asOutcropError(error, "profile_set_tags");
    }
    const entry = this.details[id];
    if (entry?.details) entry.details.tags = saved;
    // The search finds profiles by their tags: keep the listed profile's in step.
    const listed = this.catalog?.profiles.find((p) => p.id === id);
    if (listed) listed.tags = saved;
    // The "Tag" CLI command depends on the tags: re-read the details (the saved tags show meanwhile).
    void this.loadDetails(id, true);
    return saved;
  }

  /** Deletes an application profile, closes its panel and reloads. Throws an {@link OutcropError}. */
  async remove(id: string): Promise<void> {
    try {
      await call("profile_delete", { id });
    } catch (error) {
      throw asOutcropError(error, "profile_delete");
    }
    if (this.selectedProfileId === id) this.selectedProfileId = null;
    delete this.details[id];
    if (this.catalog) this.catalog.profiles = this.catalog.profiles.filter((p) => p.id !== id);
    await this.load();
  }

  /**
   * What Outcrop would call for `input`, or why Bedrock would refuse it from this Region. Throws an
   * {@link OutcropError} when `input` is not an identifier at all.
   */
  async resolve(input: string): Promise<Verdict> {
    try {
      return await call("model_verdict", { input });
    } catch (error) {
      throw asOutcropError(error, "model_verdict");
    }
  }

  resetFilters(): void {
    this.modelFilters = emptyModelFilters();
    this.profileFilters = emptyProfileFilters();
  }

  /** Back to the state before anything was loaded (for tests). */
  reset(): void {
    this.sequence++;
    this.catalog = null;
    this.loading = false;
    this.loadingNow = null;
    this.error = null;
    this.connectionId = undefined;
    this.tab = "models";
    this.resetFilters();
    this.selectedProfileId = null;
    this.details = {};
  }
}

export const catalog = new CatalogStore();
