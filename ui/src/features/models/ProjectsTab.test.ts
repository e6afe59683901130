import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { catalog } from "../../lib/catalog.svelte";
import { connections } from "../../lib/connections.svelte";
import { i18n } from "../../lib/i18n/index.svelte";
import type { CreateProject, FieldError, Project, ProjectCliCommand } from "../../lib/ipc/bindings";
import { navigation } from "../../lib/navigation.svelte";
import { presenter } from "../../lib/presenter.svelte";
import { selection } from "../../lib/selection.svelte";
import { FakeCatalog } from "../../test-support/fake-catalog";
import { LOCAL, WORK, failure } from "../../test-support/fake-connections";
import ModelsPage from "./ModelsPage.svelte";
import { projects } from "../../lib/projects.svelte";

const ACCOUNT = "111122223333";
const POLICY = JSON.stringify(
  { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["bedrock:ListProjects", "bedrock:CreateProject", "bedrock:ArchiveProject"], Resource: "*" }] },
  null,
  2,
);

function cli(id: string, active: boolean): ProjectCliCommand[] {
  const commands: ProjectCliCommand[] = [{ action: "get", command: `aws bedrock get-project --project-identifier ${id}` }];
  if (active && id !== "default") {
    commands.push({ action: "rename", command: `aws bedrock update-project --project-identifier ${id} --name x` });
    commands.push({ action: "archive", command: `aws bedrock archive-project --project-identifier ${id}` });
  }
  return commands;
}

function project(id: string, name: string, extra: Partial<Project> = {}): Project {
  return {
    id,
    arn: `arn:aws:bedrock:us-east-1:${ACCOUNT}:project/${id}`,
    name,
    status: "active",
    createdAt: "2026-11-30T10:00:00Z",
    archivedAt: null,
    dataRetention: "default",
    tags: [],
    default: id === "default",
    cli: cli(id, true),
    ...extra,
  };
}

/** The catalogue's fake, answering the project commands as Rust does (rules included). */
class FakeProjects extends FakeCatalog {
  list: Project[] = [project("default", "default"), project("p-1", "Finance", { tags: [{ key: "Department", value: "Finance" }], dataRetention: "none" })];

  static nameRule(name: string): FieldError[] {
    if (name === "") return [{ field: "name", rule: { code: "projectNameEmpty" }, message: "Enter a name" }];
    if (name.trim() === "") return [{ field: "name", rule: { code: "projectNameBlank" }, message: "Only spaces" }];
    if ([...name].length > 127) return [{ field: "name", rule: { code: "projectNameTooLong", length: [...name].length, max: 127 }, message: "Too long" }];
    return [];
  }

  protected override handle(cmd: string, args: Record<string, unknown>): unknown {
    if (!cmd.startsWith("project")) return super.handle(cmd, args);
    this.sent.push({ cmd, args: structuredClone(args) });
    const override = this.overrides[cmd];
    if (override) return override(args);
    switch (cmd) {
      case "projects_overview":
        return { projects: structuredClone(this.list), iamPolicy: POLICY };
      case "project_preview": {
        const request = args.request as CreateProject;
        return { errors: FakeProjects.nameRule(request.name), cli: `aws bedrock create-project --name '${request.name}'` };
      }
      case "project_check_name":
        return FakeProjects.nameRule(args.name as string);
      case "project_create": {
        const request = args.request as CreateProject;
        const created = project(`p-${this.list.length}`, request.name, { tags: request.tags, dataRetention: request.dataRetention });
        this.list.push(created);
        return structuredClone(created);
      }
      case "project_rename": {
        const found = this.list.find((p) => p.id === args.id)!;
        found.name = args.name as string;
        return structuredClone(found);
      }
      case "project_archive": {
        const found = this.list.find((p) => p.id === args.id)!;
        found.status = "archived";
        found.cli = cli(found.id, false);
        return structuredClone(found);
      }
      default:
        throw `unexpected command ${cmd}`;
    }
  }
}

beforeEach(() => {
  connections.reset();
  catalog.reset();
  selection.reset();
  projects.reset();
  navigation.go("models");
  i18n.set("en");
  presenter.on = false;
});

async function openProjects(backend = new FakeProjects({ connections: [LOCAL, WORK], activeId: "local" })) {
  backend.install();
  const user = userEvent.setup();
  render(ModelsPage);
  await waitFor(() => expect(catalog.catalog).not.toBeNull());
  await user.click(document.querySelector<HTMLElement>('[data-tab="projects"]')!);
  await screen.findByTestId("project-list");
  return { user, backend };
}

function row(id: string): HTMLElement {
  const found = document.querySelector<HTMLElement>(`[data-testid="project-row"][data-project-id="${id}"]`);
  if (!found) throw new Error(`no project row ${id}`);
  return found;
}

describe("Models & profiles: the Projects tab", () => {
  it("lists each project with its ID, status, data retention, creation and tags, and the IAM actions", async () => {
    await openProjects();
    const finance = row("p-1");
    expect(within(finance).getByTestId("project-name").textContent).toBe("Finance");
    expect(within(finance).getByTestId("project-id").textContent).toBe("p-1");
    expect(within(finance).getByTestId("project-status").textContent).toBe("Active");
    expect(within(finance).getByTestId("project-retention-value").textContent).toBe("None");
    expect(within(finance).getByTestId("project-tags").textContent?.trim()).toBe("Department=Finance");
    // The default project can be neither renamed nor archived.
    expect(within(row("default")).queryByTestId("archive-project")).toBeNull();
    expect(within(row("default")).queryByTestId("rename-project")).toBeNull();
    expect(within(row("default")).getByTestId("project-default")).toBeTruthy();
    const actions = screen.getByTestId("projects-iam-actions").textContent ?? "";
    expect(actions).toContain("bedrock:CreateProject");
    expect(actions).toContain("bedrock:ArchiveProject");
    expect(document.querySelector('[data-tab="projects"] .tab-count')?.textContent).toBe("2");
  });

  it("creates a project with tags and a retention mode, checking the name as the person types", async () => {
    const { user, backend } = await openProjects();
    await user.click(screen.getByTestId("create-project"));
    const form = screen.getByTestId("create-project-form");
    const name = within(form).getByLabelText("Name");
    await user.type(name, "   ");
    await waitFor(() => expect(form.querySelector('[data-error-for="name"], .field-error')?.textContent).toContain("only spaces"));
    expect(within(form).getByTestId<HTMLButtonElement>("submit-project").disabled).toBe(true);
    await user.clear(name);
    await user.type(name, "Team A");
    await user.selectOptions(within(form).getByTestId("project-retention"), "aws_review");
    await waitFor(() => expect(within(form).getByTestId("create-project-cli").textContent).toContain("--name 'Team A'"));
    await waitFor(() => expect(within(form).getByTestId<HTMLButtonElement>("submit-project").disabled).toBe(false));
    await user.click(within(form).getByTestId("submit-project"));
    await waitFor(() => expect(screen.queryByTestId("create-project-form")).toBeNull());
    const sent = backend.sent.find((s) => s.cmd === "project_create")!;
    expect(sent.args).toEqual({ request: { name: "Team A", tags: [], dataRetention: "aws_review" } });
    expect(within(row("p-2")).getByTestId("project-retention-value").textContent).toBe("AWS review");
  });

  it("renames a project, refusing an empty name by rule before sending", async () => {
    const { user, backend } = await openProjects();
    await user.click(within(row("p-1")).getByTestId("rename-project"));
    const input = within(row("p-1")).getByTestId("rename-project-input");
    await user.clear(input);
    await waitFor(() => expect(within(row("p-1")).getByTestId("rename-project-rule").textContent).toBe("Enter a name (1–127 characters)"));
    expect(within(row("p-1")).getByTestId<HTMLButtonElement>("save-project-name").disabled).toBe(true);
    await user.type(input, "Finance EU");
    await waitFor(() => expect(within(row("p-1")).queryByTestId("rename-project-rule")).toBeNull());
    await user.click(within(row("p-1")).getByTestId("save-project-name"));
    await waitFor(() => expect(within(row("p-1")).getByTestId("project-name").textContent).toBe("Finance EU"));
    expect(backend.sent.filter((s) => s.cmd === "project_rename")).toEqual([{ cmd: "project_rename", args: { id: "p-1", name: "Finance EU" } }]);
  });

  it("asks before archiving, says it is final, focuses Keep, and archives on confirm", async () => {
    const { user, backend } = await openProjects();
    await user.click(within(row("p-1")).getByTestId("archive-project"));
    const confirm = within(row("p-1")).getByTestId("confirm-archive");
    expect(confirm.textContent).toContain("This is final");
    expect(document.activeElement).toBe(within(confirm).getByTestId("keep-project"));
    await user.click(within(confirm).getByTestId("keep-project"));
    expect(backend.sent.some((s) => s.cmd === "project_archive")).toBe(false);
    await user.click(within(row("p-1")).getByTestId("archive-project"));
    await user.click(within(row("p-1")).getByTestId("confirm-archive-project"));
    await waitFor(() => expect(within(row("p-1")).getByTestId("project-status").textContent).toBe("Archived"));
    expect(within(row("p-1")).queryByTestId("archive-project")).toBeNull();
  });

  it("names the IAM action a refusal lacks", async () => {
    const backend = new FakeProjects({ connections: [LOCAL, WORK], activeId: "local" });
    backend.overrides.projects_overview = () => {
      throw failure("access_denied", "Access denied", null, [], {
        kind: "missingIamAction",
        action: "bedrock:ListProjects",
        awsMessage: "not authorized to perform: bedrock:ListProjects",
      });
    };
    backend.install();
    const user = userEvent.setup();
    render(ModelsPage);
    await waitFor(() => expect(catalog.catalog).not.toBeNull());
    await user.click(document.querySelector<HTMLElement>('[data-tab="projects"]')!);
    const error = await screen.findByTestId("projects-error");
    expect(error.getAttribute("data-code")).toBe("access_denied");
    expect(error.textContent).toContain("bedrock:ListProjects");
  });

  it("shows the tab in Japanese, with the rules worded in Japanese", async () => {
    i18n.set("ja");
    const { user } = await openProjects();
    expect(document.querySelector('[data-tab="projects"]')?.textContent).toContain("プロジェクト");
    expect(within(row("p-1")).getByTestId("project-status").textContent).toBe("有効");
    expect(within(row("p-1")).getByTestId("project-retention-value").textContent).toBe("保持しない");
    await user.click(within(row("p-1")).getByTestId("archive-project"));
    expect(within(row("p-1")).getByTestId("confirm-archive").textContent).toContain("元に戻せません");
    await user.click(within(row("p-1")).getByTestId("keep-project"));
    await user.click(within(row("p-1")).getByTestId("rename-project"));
    await user.clear(within(row("p-1")).getByTestId("rename-project-input"));
    await waitFor(() => expect(within(row("p-1")).getByTestId("rename-project-rule").textContent).toBe("名前を入力してください (1〜127 文字)"));
    const text = screen.getByTestId("projects-tab").textContent ?? "";
    expect(text.match(/\bprojects\.[a-z][\w.]*/g)).toBeNull();
  });

  it("hides the account in project ARNs while presenting", async () => {
    await openProjects();
    presenter.on = true;
    await waitFor(() => expect(within(row("p-1")).getByTestId("project-arn").textContent).toBe("…/p-1"));
    expect(screen.getByTestId("projects-tab").textContent).not.toContain(ACCOUNT);
  });
});
