// The active connection's Bedrock projects: the list (active and archived), the IAM policy for managing them,
// and create, rename and archive. The Projects tab of Models & profiles and the playground's project choice
// read this store; it loads once per connection.
import { asOutcropError, call, type OutcropError } from "./ipc";
import type { CreateProject, FieldError, Project, ProjectPreview } from "./ipc/bindings";

export class ProjectsStore {
  projects = $state<Project[]>([]);
  iamPolicy = $state("");
  loading = $state(false);
  loaded = $state(false);
  error = $state<OutcropError | null>(null);
  /** The connection the list belongs to. */
  connectionId: string | null = null;

  /** Forgets everything loaded (for a fresh start, as on sign-out of a connection). */
  reset(): void {
    this.projects = [];
    this.iamPolicy = "";
    this.loading = false;
    this.loaded = false;
    this.error = null;
    this.connectionId = null;
  }

  /** Loads the list for `connectionId` unless it is the one loaded already. Never throws. */
  async ensure(connectionId: string | null): Promise<void> {
    if (this.loaded && connectionId === this.connectionId) return;
    await this.load(connectionId);
  }

  /** Loads the list afresh. Never throws: a failure is kept in `error`, with the last list. */
  async load(connectionId: string | null = this.connectionId): Promise<void> {
    if (connectionId !== this.connectionId) {
      this.projects = [];
      this.loaded = false;
    }
    this.connectionId = connectionId;
    this.loading = true;
    this.error = null;
    try {
      const overview = await call("projects_overview", {});
      if (connectionId !== this.connectionId) return;
      this.projects = overview.projects;
      this.iamPolicy = overview.iamPolicy;
      this.loaded = true;
    } catch (error) {
      if (connectionId === this.connectionId) this.error = asOutcropError(error, "projects_overview");
    } finally {
      if (connectionId === this.connectionId) this.loading = false;
    }
  }

  /** The rules a new project breaks and its CLI command. Throws an {@link OutcropError}. */
  async preview(request: CreateProject): Promise<ProjectPreview> {
    try {
      return await call("project_preview", { request });
    } catch (error) {
      throw asOutcropError(error, "project_preview");
    }
  }

  /** The rules a project name breaks. Throws an {@link OutcropError}. */
  async checkName(name: string): Promise<FieldError[]> {
    try {
      return await call("project_check_name", { name });
    } catch (error) {
      throw asOutcropError(error, "project_check_name");
    }
  }

  /** The projects a turn can run under: the active ones that are not the default project. */
  get selectable(): Project[] {
    return this.projects.filter((p) => p.status === "active" && !p.default);
  }

  #put(project: Project): void {
    const index = this.projects.findIndex((p) => p.id === project.id);
    if (index >= 0) this.projects[index] = project;
    else this.projects.push(project);
  }

  /** Creates a project and lists it. Throws an {@link OutcropError}; the caller keeps the form. */
  async create(request: CreateProject): Promise<Project> {
    let created: Project;
    try {
      created = await call("project_create", { request });
    } catch (error) {
      throw asOutcropError(error, "project_create");
    }
    this.#put(created);
    return created;
  }

  /** Renames a project. Throws an {@link OutcropError}. */
  async rename(id: string, name: string): Promise<Project> {
    let renamed: Project;
    try {
      renamed = await call("project_rename", { id, name });
    } catch (error) {
      throw asOutcropError(error, "project_rename");
    }
    this.#put(renamed);
    return renamed;
  }

  /** Archives a project (final). Throws an {@link OutcropError}. */
  async archive(id: string): Promise<Project> {
    let archived: Project;
    try {
      archived = await call("project_archive", { id });
    } catch (error) {
      throw asOutcropError(error, "project_archive");
    }
    this.#put(archived);
    return archived;
  }
}

export const projects = new ProjectsStore();
