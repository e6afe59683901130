import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { catalog } from "../../lib/catalog.svelte";
import { connections } from "../../lib/connections.svelte";
import { i18n } from "../../lib/i18n/index.svelte";
import type { Catalog } from "../../lib/ipc/bindings";
import { navigation } from "../../lib/navigation.svelte";
import { presenter } from "../../lib/presenter.svelte";
import { selection } from "../../lib/selection.svelte";
import {
  EU_SONNET_35,
  FINANCE,
  FakeCatalog,
  NOVA_LITE,
  SD_LARGE,
  SONNET_35,
  SONNET_4,
  TITAN_EMBED,
  US_SONNET_35,
  foundationModel,
} from "../../test-support/fake-catalog";
import { LOCAL, WORK, failure } from "../../test-support/fake-connections";
import ModelsPage from "./ModelsPage.svelte";

beforeEach(() => {
  connections.reset();
  catalog.reset();
  selection.reset();
  navigation.go("models");
});

function fake(init: Partial<Pick<FakeCatalog, "connections" | "activeId">> = {}): FakeCatalog {
  return new FakeCatalog({ connections: [LOCAL, WORK], activeId: "local", ...init });
}

async function renderPage(backend: FakeCatalog = fake()) {
  backend.install();
  const view = render(ModelsPage);
  await waitFor(() => expect(catalog.catalog).not.toBeNull());
  return { view, backend };
}

function modelRow(id: string): HTMLElement {
  const found = document.querySelector<HTMLElement>(`[data-model-id="${id}"]`);
  if (!found) throw new Error(`no row for ${id}`);
  return found;
}

function shownModels(): string[] {
  return [...document.querySelectorAll("[data-model-id]")].map((el) => el.getAttribute("data-model-id") ?? "");
}

function shownProfiles(): string[] {
  return [...document.querySelectorAll("li[data-profile-id]")].map((el) => el.getAttribute("data-profile-id") ?? "");
}

function profileRow(id: string): HTMLElement {
  const found = document.querySelector<HTMLElement>(`li[data-profile-id="${id}"]`);
  if (!found) throw new Error(`no profile row for ${id}`);
  return found;
}

function control<T extends HTMLElement = HTMLInputElement>(name: string, scope: ParentNode = document): T {
  const found = scope.querySelector<T>(`[name="${name}"]`);
  if (!found) throw new Error(`no control ${name}`);
  return found;
}

function action(name: string, scope: ParentNode = document): HTMLButtonElement {
  const found = scope.querySelector<HTMLButtonElement>(`button[data-action="${name}"]`);
  if (!found) throw new Error(`no button ${name}`);
  return found;
}

function errorFor(field: string, scope: ParentNode = document): string | null {
  return scope.querySelector(`[data-error-for="${field}"]`)?.textContent?.trim() ?? null;
}

function panel(): HTMLElement {
  return screen.getByTestId("profile-details");
}

async function openProfilesTab(user: ReturnType<typeof userEvent.setup>) {
  await user.click(document.querySelector<HTMLElement>('[data-tab="profiles"]')!);
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe("Models & profiles: loading", () => {
  it("shows a progress indicator while loading, then the Region, the connection and both tabs", async () => {
    const backend = fake();
    const gate = deferred<Catalog>();
    backend.overrides.models_catalog = () => gate.promise;
    backend.install();
    render(ModelsPage);
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Models & profiles");
    await waitFor(() => expect(screen.getByTestId("catalog-loading")).toBeTruthy());
    gate.resolve(backend.catalog());
    await waitFor(() => expect(screen.queryByTestId("catalog-loading")).toBeNull());
    expect(screen.getByTestId("catalog-context").textContent?.replace(/\s+/g, " ").trim()).toBe(
      "us-east-1 · Local Bedrock (simulated)",
    );
    const tabs = screen.getByRole("tablist");
    expect([...tabs.querySelectorAll("[data-tab]")].map((t) => t.getAttribute("data-tab"))).toEqual(["models", "profiles", "projects"]);
    expect(tabs.querySelector('[data-tab="models"]')?.getAttribute("aria-selected")).toBe("true");
    expect(shownModels()).toHaveLength(6);
  });

  it("says to choose a connection when none is active, with a way there", async () => {
    const backend = fake({ activeId: null });
    backend.install();
    render(ModelsPage);
    const callout = await screen.findByTestId("catalog-error");
    expect(callout.textContent).toContain("Choose a connection first");
    await fireEvent.click(action("go-connections"));
    expect(navigation.current).toBe("connections");
  });

  it("reloads the catalogue when the active connection changes", async () => {
    const { backend } = await renderPage();
    expect(backend.commands("models_catalog")).toHaveLength(1);
    await connections.activate("work");
    await waitFor(() => expect(backend.commands("models_catalog")).toHaveLength(2));
    await waitFor(() => expect(screen.getByTestId("catalog-context").textContent).toContain("Work"));
  });

  it("shows a failed load with Retry, and keeps the filters across the failure and the retry", async () => {
    const user = userEvent.setup();
    const { backend } = await renderPage();
    await user.selectOptions(control("provider"), "Amazon");
    await user.type(control("model-search"), "nova");
    expect(shownModels()).toEqual([NOVA_LITE.modelId]);

    backend.overrides.models_catalog = () => {
      throw failure("throttled", "Bedrock is throttling requests; wait a moment and retry.", "ThrottlingException: Rate exceeded");
    };
    await user.click(action("refresh"));
    const callout = await screen.findByTestId("catalog-error");
    expect(callout.textContent).toContain("throttling");
    expect(callout.querySelector("details")?.textContent).toContain("ThrottlingException");
    expect(control<HTMLSelectElement>("provider").value).toBe("Amazon");
    expect(control("model-search").value).toBe("nova");

    delete backend.overrides.models_catalog;
    await user.click(action("retry"));
    await waitFor(() => expect(screen.queryByTestId("catalog-error")).toBeNull());
    expect(control<HTMLSelectElement>("provider").value).toBe("Amazon");
    expect(control("model-search").value).toBe("nova");
    expect(shownModels()).toEqual([NOVA_LITE.modelId]);
  });

  it("retries a first load that failed, and the filters chosen before survive it", async () => {
    const user = userEvent.setup();
    const backend = fake();
    backend.overrides.models_catalog = () => {
      throw failure("network", "Bedrock could not be reached. Check your network and retry.");
    };
    catalog.modelFilters.invocation = "profile-only";
    backend.install();
    render(ModelsPage);
    await screen.findByTestId("catalog-error");
    expect(screen.queryByRole("tablist")).toBeNull();
    delete backend.overrides.models_catalog;
    await user.click(action("retry"));
    await waitFor(() => expect(shownModels()).toEqual([SONNET_4.modelId]));
    expect(control<HTMLSelectElement>("invocation").value).toBe("profile-only");
  });
});

describe("Models & profiles: the Models tab", () => {
  it("shows how to call each model from here", async () => {
    await renderPage();
    const sonnet = modelRow(SONNET_35.modelId);
    expect(sonnet.textContent).toContain("Anthropic");
    expect(sonnet.textContent).toContain("Claude 3.5 Sonnet");
    expect(sonnet.querySelector("[data-fact=modalities]")?.textContent).toBe("Text, Image → Text");
    expect(sonnet.querySelector("[data-fact=streaming]")?.textContent).toBe("Yes");
    expect(sonnet.querySelector("[data-fact=inference]")?.textContent).toBe("On demand, Inference profile");
    expect(sonnet.querySelector("[data-fact=on-demand]")?.textContent).toContain(SONNET_35.modelId);
    const chips = [...sonnet.querySelectorAll(".route-chips li")].map((li) => li.textContent);
    expect(chips).toEqual(["us. → us-east-1, us-east-2, us-west-2", "eu. → eu-central-1, eu-west-1, eu-west-3"]);
    expect(sonnet.querySelector("[data-fact=cache]")?.textContent).toBe("Caches from 1,024 tokens · 5m");
    expect(sonnet.querySelector('button[data-action="copy-recommended"]')).not.toBeNull();

    const sonnet4 = modelRow(SONNET_4.modelId);
    expect(sonnet4.querySelector("[data-fact=on-demand]")?.textContent).toBe("Profile only");
    expect(sonnet4.querySelector("[data-fact=recommended]")?.textContent).toContain(`us.${SONNET_4.modelId}`);
    expect(sonnet4.querySelector("[data-fact=cache]")?.textContent).toBe("Caches from 1,024 tokens · 5m, 1h");

    const legacy = modelRow("anthropic.claude-v2:1").querySelector(".lifecycle");
    expect(legacy?.classList.contains("legacy")).toBe(true);
    expect(modelRow(TITAN_EMBED.modelId).querySelector("[data-fact=streaming]")?.textContent).toBe("No");
    expect(modelRow(TITAN_EMBED.modelId).querySelector("[data-fact=cache]")).toBeNull();
  });

  it("copies the recommended ID", async () => {
    const user = userEvent.setup();
    await renderPage();
    const button = action("copy-recommended", modelRow(SONNET_4.modelId));
    await user.click(button);
    expect(await navigator.clipboard.readText()).toBe(`us.${SONNET_4.modelId}`);
    expect(button.textContent?.trim()).toBe("Copied");
  });

  it("searches name, ID and provider, and filters by provider, output and invocation", async () => {
    const user = userEvent.setup();
    await renderPage();
    const search = control("model-search");

    await user.type(search, "stability");
    expect(shownModels()).toEqual([SD_LARGE.modelId]);
    await user.clear(search);
    await user.type(search, "titan-embed");
    expect(shownModels()).toEqual([TITAN_EMBED.modelId]);
    await user.clear(search);
    await user.type(search, "SONNET");
    expect(shownModels()).toEqual([SONNET_35.modelId, SONNET_4.modelId]);
    await user.clear(search);

    const providers = [...control<HTMLSelectElement>("provider").options].map((o) => o.value);
    expect(providers).toEqual(["", "Amazon", "Anthropic", "Stability AI"]);
    await user.selectOptions(control("provider"), "Amazon");
    expect(shownModels()).toEqual([NOVA_LITE.modelId, TITAN_EMBED.modelId]);
    await user.selectOptions(control("provider"), "");

    const modalities = [...control<HTMLSelectElement>("modality").options].map((o) => o.value);
    expect(modalities).toEqual(["", "EMBEDDING", "IMAGE", "TEXT"]);
    await user.selectOptions(control("modality"), "IMAGE");
    expect(shownModels()).toEqual([SD_LARGE.modelId]);
    await user.selectOptions(control("modality"), "");

    await user.selectOptions(control("invocation"), "profile-only");
    expect(shownModels()).toEqual([SONNET_4.modelId]);
    await user.selectOptions(control("invocation"), "on-demand");
    expect(shownModels()).not.toContain(SONNET_4.modelId);
    expect(shownModels()).toHaveLength(5);

    await user.type(search, "nothing like this");
    expect(screen.getByTestId("no-models").textContent).toContain("No model matches");
    await user.click(action("clear-model-filters"));
    expect(shownModels()).toHaveLength(6);
    expect(control<HTMLSelectElement>("invocation").value).toBe("all");
  });

  it("filters hundreds of models without asking Rust for anything per row", async () => {
    const user = userEvent.setup();
    const backend = fake();
    const many = Array.from({ length: 400 }, (_, i) =>
      foundationModel(`vendor${i % 4}.model-${i}-v1:0`, `Model ${i}`, `Vendor ${i % 4}`),
    );
    backend.models = many.map((model) => ({
      model,
      onDemandId: model.modelId,
      profiles: [],
      recommended: model.modelId,
      verdict: null,
      cacheMinTokens: null,
      cacheTtls: [],
      cacheFloorClaims: [],
      cacheMeasured: null,
      implicitCaching: false,
      apis: null,
      serviceTiers: null,
    }));
    await renderPage(backend);
    expect(shownModels()).toHaveLength(400);
    await user.selectOptions(control("provider"), "Vendor 2");
    expect(shownModels()).toHaveLength(100);
    await user.type(control("model-search"), "model-10");
    // model-10, model-102, model-106 … (every one of Vendor 2).
    expect(shownModels().every((id) => id.startsWith("vendor2.model-10"))).toBe(true);
    const catalogCommands = backend.sent.filter((s) => s.cmd.startsWith("model") || s.cmd.startsWith("profile_"));
    expect(catalogCommands.map((s) => s.cmd)).toEqual(["models_catalog"]);
  });

  it("resolves an ID on request", async () => {
    const user = userEvent.setup();
    const { backend } = await renderPage();
    await user.click(screen.getByText("Which ID would Outcrop call?"));
    await user.type(control("resolve-input"), SONNET_4.modelId);
    await user.click(action("resolve"));
    const result = await screen.findByTestId("resolve-result");
    expect(result.textContent).toContain(`us.${SONNET_4.modelId}`);
    expect(result.getAttribute("data-route")).toBe("systemProfile");
    expect(screen.getByTestId("resolve-why").textContent).toContain("runs only through an inference profile here");
    expect(screen.getByTestId("resolve-why").textContent).toContain("us-east-1, us-east-2, us-west-2");
    expect(backend.commands("model_verdict")[0]?.args).toEqual({ input: SONNET_4.modelId });
  });

  it("takes the answer away when the box is emptied or edited", async () => {
    const user = userEvent.setup();
    await renderPage();
    await user.click(screen.getByText("Which ID would Outcrop call?"));
    await user.type(control("resolve-input"), NOVA_LITE.modelId);
    await user.click(action("resolve"));
    await screen.findByTestId("resolve-result");
    await user.type(control("resolve-input"), "x");
    expect(screen.queryByTestId("resolve-result")).toBeNull();
    await user.type(control("resolve-input"), "{Backspace}");
    expect(screen.getByTestId("resolve-result")).toBeTruthy();
    await user.clear(control("resolve-input"));
    expect(screen.queryByTestId("resolve-result")).toBeNull();
    expect(screen.queryByTestId("resolve-refusal")).toBeNull();
    expect(action("resolve").disabled).toBe(true);
  });

  it("says Bedrock will refuse an Anthropic API name, and offers the catalogue's ID", async () => {
    const user = userEvent.setup();
    const { backend } = await renderPage();
    await user.click(screen.getByText("Which ID would Outcrop call?"));
    await user.type(control("resolve-input"), "claude-sonnet-4-20250514");
    await user.click(action("resolve"));
    const refusal = await screen.findByTestId("resolve-refusal");
    expect(refusal.getAttribute("data-kind")).toBe("notABedrockId");
    expect(refusal.textContent).toContain("Bedrock will refuse “claude-sonnet-4-20250514”");
    expect(refusal.textContent).not.toContain("Outcrop calls");
    await user.click(action("use-suggestion", refusal));
    expect(control("resolve-input").value).toBe(SONNET_4.modelId);
    expect((await screen.findByTestId("resolve-result")).textContent).toContain(`us.${SONNET_4.modelId}`);
    expect(backend.commands("model_verdict").map((c) => c.args.input)).toEqual(["claude-sonnet-4-20250514", SONNET_4.modelId]);
  });

  it("says a profile of another geography cannot be called from this Region, in Japanese too", async () => {
    const user = userEvent.setup();
    await renderPage();
    await user.click(screen.getByText("Which ID would Outcrop call?"));
    await user.type(control("resolve-input"), `apac.${SONNET_4.modelId}`);
    await user.click(action("resolve"));
    const refusal = await screen.findByTestId("resolve-refusal");
    expect(refusal.getAttribute("data-kind")).toBe("notCallableHere");
    expect(refusal.textContent).toContain(`apac.${SONNET_4.modelId} cannot be called from us-east-1`);
    expect(refusal.textContent).toContain(`global.${SONNET_4.modelId}`);
    i18n.set("ja");
    try {
      await waitFor(() => expect(screen.getByTestId("resolve-refusal").textContent).toContain("us-east-1 から呼び出せません"));
    } finally {
      i18n.set("en");
    }
  });

  it("hides an account ID pasted into the box while presenting", async () => {
    const user = userEvent.setup();
    await renderPage();
    presenter.on = true;
    try {
      await user.click(screen.getByText("Which ID would Outcrop call?"));
      await user.type(control("resolve-input"), "123456789012");
      await user.click(action("resolve"));
      const refusal = await screen.findByTestId("resolve-refusal");
      expect(refusal.textContent).not.toContain("123456789012");
    } finally {
      presenter.on = false;
    }
  });

  it("says 'as given' once for an ID the catalogue does not know", async () => {
    const user = userEvent.setup();
    await renderPage();
    await user.click(screen.getByText("Which ID would Outcrop call?"));
    await user.type(control("resolve-input"), "acme.brand-new-v1:0");
    await user.click(action("resolve"));
    const result = await screen.findByTestId("resolve-result");
    expect(result.getAttribute("data-route")).toBe("unverified");
    expect(result.textContent).not.toContain("Outcrop calls");
    expect(result.textContent?.match(/as given/g)).toHaveLength(1);
  });

  it("wraps a very long input inside the answer instead of running off the page", async () => {
    const user = userEvent.setup();
    await renderPage();
    await user.click(screen.getByText("Which ID would Outcrop call?"));
    const long = "a".repeat(2000);
    await fireEvent.input(control("resolve-input"), { target: { value: long } });
    await user.click(action("resolve"));
    const refusal = await screen.findByTestId("resolve-refusal");
    expect(refusal.textContent).toContain(long);
    // The answer box is the one that wraps anywhere (app.css), and the long text sits inside it.
    expect(refusal.classList.contains("resolve-answer")).toBe(true);
    const css = readFileSync(join(process.cwd(), "src/styles/app.css"), "utf8");
    expect(css).toMatch(/\.resolve-answer,\s*\.resolve-answer code\s*\{[^}]*overflow-wrap:\s*anywhere/);
  });

  it("hands the recommended ID to the playground", async () => {
    const user = userEvent.setup();
    await renderPage();
    await user.click(action("use-in-playground", modelRow(SONNET_4.modelId)));
    expect(selection.modelId).toBe(`us.${SONNET_4.modelId}`);
    expect(navigation.current).toBe("playground");
  });
});

describe("Models & profiles: tabs", () => {
  it("switches with a click and with the arrow keys, keeping one tab in the focus order", async () => {
    const user = userEvent.setup();
    await renderPage();
    const models = document.querySelector<HTMLElement>('[data-tab="models"]')!;
    const profiles = document.querySelector<HTMLElement>('[data-tab="profiles"]')!;
    expect(models.tabIndex).toBe(0);
    expect(profiles.tabIndex).toBe(-1);
    models.focus();
    await user.keyboard("{ArrowRight}");
    expect(profiles.getAttribute("aria-selected")).toBe("true");
    expect(document.activeElement).toBe(profiles);
    expect(shownProfiles().length).toBeGreaterThan(0);
    await user.keyboard("{ArrowLeft}");
    expect(models.getAttribute("aria-selected")).toBe("true");
    expect(document.activeElement).toBe(models);
    await user.click(profiles);
    expect(screen.getByRole("tabpanel").getAttribute("aria-labelledby")).toBe("tab-profiles");
  });
});

describe("Models & profiles: the Inference profiles tab", () => {
  it("builds the geography and model filters from the data, and filters by type, geography, model and text", async () => {
    const user = userEvent.setup();
    await renderPage();
    await openProfilesTab(user);
    expect(shownProfiles()).toHaveLength(6);

    const geographies = [...control<HTMLSelectElement>("geography").options].map((o) => o.value);
    expect(geographies).toEqual(["", "us", "eu", "global", "application"]);
    const models = [...control<HTMLSelectElement>("profile-model").options].map((o) => o.value);
    expect(models).toEqual(["", SONNET_35.modelId, SONNET_4.modelId, NOVA_LITE.modelId]);

    await user.selectOptions(control("profile-type"), "application");
    expect(shownProfiles()).toEqual([FINANCE.id]);
    expect(within(profileRow(FINANCE.id)).getByText("Application")).toBeTruthy();
    await user.selectOptions(control("profile-type"), "system");
    expect(shownProfiles()).toHaveLength(5);
    await user.selectOptions(control("profile-type"), "all");

    await user.selectOptions(control("geography"), "eu");
    expect(shownProfiles()).toEqual([EU_SONNET_35.id]);
    await user.selectOptions(control("geography"), "application");
    expect(shownProfiles()).toEqual([FINANCE.id]);
    await user.selectOptions(control("geography"), "");

    await user.selectOptions(control("profile-model"), SONNET_35.modelId);
    expect(shownProfiles()).toEqual([US_SONNET_35.id, EU_SONNET_35.id, FINANCE.id]);
    await user.type(control("profile-search"), "finance");
    expect(shownProfiles()).toEqual([FINANCE.id]);
  });

  it("derives geographies from whatever the Region lists", async () => {
    const user = userEvent.setup();
    const backend = fake();
    backend.catalogProfiles = [
      { ...US_SONNET_35, id: `apac.${SONNET_35.modelId}`, geography: "apac" },
      { ...US_SONNET_35, id: `jp.${SONNET_35.modelId}`, geography: "jp" },
    ];
    await renderPage(backend);
    await openProfilesTab(user);
    const geographies = [...control<HTMLSelectElement>("geography").options].map((o) => o.value);
    expect(geographies).toEqual(["", "apac", "jp"]);
  });

  it("opens a system profile's details: copy buttons, IAM policy, CLI, no delete; Escape closes", async () => {
    const user = userEvent.setup();
    const { backend } = await renderPage();
    await openProfilesTab(user);
    await user.click(within(profileRow(US_SONNET_35.id)).getByText(US_SONNET_35.name));
    await waitFor(() => expect(panel().querySelector('[data-testid="iam-policy"]')).not.toBeNull());
    expect(backend.commands("profile_details")[0]?.args).toEqual({ id: US_SONNET_35.id });
    expect(document.activeElement?.id).toBe("details-title");

    const details = panel();
    expect(details.textContent).toContain(US_SONNET_35.arn);
    expect(details.textContent).toContain("us-east-2");
    expect(details.querySelector('[data-testid="iam-policy"]')?.tagName).toBe("PRE");
    expect(details.querySelector('[data-testid="iam-policy"]')?.textContent).toContain("InvokeThroughTheProfile");
    expect(details.querySelectorAll('button[data-action="copy-cli"]')).toHaveLength(1);
    expect(details.querySelector('button[data-action="delete-profile"]')).toBeNull();
    expect(details.querySelector('button[data-action="edit-tags"]')).toBeNull();

    await user.click(action("copy-arn", details));
    expect(await navigator.clipboard.readText()).toBe(US_SONNET_35.arn);
    await user.click(action("copy-id", details));
    expect(await navigator.clipboard.readText()).toBe(US_SONNET_35.id);
    await user.click(action("copy-cli", details));
    expect(await navigator.clipboard.readText()).toContain("aws bedrock get-inference-profile");

    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("profile-details")).toBeNull();
    expect(document.activeElement).toBe(action("details", profileRow(US_SONNET_35.id)));
  });

  it("closes the panel with Escape from the list too", async () => {
    const user = userEvent.setup();
    await renderPage();
    await openProfilesTab(user);
    await user.click(action("details", profileRow(EU_SONNET_35.id)));
    expect(panel().getAttribute("data-profile-id")).toBe(EU_SONNET_35.id);
    expect(action("details", profileRow(EU_SONNET_35.id)).getAttribute("aria-expanded")).toBe("true");
    action("details", profileRow(US_SONNET_35.id)).focus();
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("profile-details")).toBeNull();
    expect(document.activeElement).toBe(action("details", profileRow(EU_SONNET_35.id)));
  });

  it("hands a profile to the playground: system profiles by ID, application profiles by ARN", async () => {
    const user = userEvent.setup();
    await renderPage();
    await openProfilesTab(user);
    await user.click(action("details", profileRow(FINANCE.id)));
    await waitFor(() => expect(panel().querySelector('[data-testid="profile-tags"]')).not.toBeNull());
    await user.click(action("use-in-playground", panel()));
    expect(selection.modelId).toBe(FINANCE.arn);
    expect(navigation.current).toBe("playground");
  });

  it("edits an application profile's tags and sends exactly the edited tags", async () => {
    const user = userEvent.setup();
    const { backend } = await renderPage();
    await openProfilesTab(user);
    await user.click(action("details", profileRow(FINANCE.id)));
    const tags = await waitFor(() => within(panel()).getByTestId("profile-tags"));
    expect(tags.textContent).toContain("Department");
    expect(tags.textContent).toContain("Finance");

    await user.click(action("edit-tags", panel()));
    const form = within(panel()).getByTestId("tags-form");
    expect(control("tag-key-0", form).value).toBe("Department");
    expect(control("tag-value-1", form).value).toBe("Ledger");
    // Change Project's value, remove Department, add Environment=prod.
    await user.clear(control("tag-value-1", form));
    await user.type(control("tag-value-1", form), "Apollo");
    await user.click(form.querySelectorAll<HTMLButtonElement>('button[data-action="remove-tag"]')[0]!);
    await user.click(action("add-tag", form));
    expect(document.activeElement).toBe(control("tag-key-1", form));
    await user.type(control("tag-key-1", form), "Environment");
    await user.type(control("tag-value-1", form), "prod");
    await user.click(action("save-tags", form));

    await waitFor(() => expect(backend.commands("profile_set_tags")).toHaveLength(1));
    expect(backend.commands("profile_set_tags")[0]?.args).toEqual({
      arn: FINANCE.arn,
      tags: [
        { key: "Project", value: "Apollo" },
        { key: "Environment", value: "prod" },
      ],
    });
    const saved = await within(panel()).findByTestId("tags-saved");
    expect(saved.textContent).toContain("2 tags");
    const shown = within(panel()).getByTestId("profile-tags").textContent ?? "";
    expect(shown).toContain("Apollo");
    expect(shown).toContain("Environment");
    expect(shown).not.toContain("Department");
    // The search finds the profile by a tag value it has just been given.
    await user.type(control("profile-search"), "apollo");
    expect(shownProfiles()).toEqual([FINANCE.id]);
  });

  it("opens each profile's details from the top, not where the last one was scrolled to", async () => {
    const user = userEvent.setup();
    await renderPage();
    await openProfilesTab(user);
    await user.click(action("details", profileRow(FINANCE.id)));
    const first = screen.getByTestId("profile-details-column");
    first.scrollTop = 400;
    await user.click(action("details", profileRow(US_SONNET_35.id)));
    const second = screen.getByTestId("profile-details-column");
    expect(second).not.toBe(first);
    expect(second.scrollTop).toBe(0);
    expect(document.activeElement?.id).toBe("details-title");
  });

  it("keeps the Details button's word on one line, in Japanese too", async () => {
    const user = userEvent.setup();
    await renderPage();
    await openProfilesTab(user);
    const button = action("details", profileRow(US_SONNET_35.id));
    expect(button.classList.contains("details-button")).toBe(true);
    const css = readFileSync(join(process.cwd(), "src/styles/app.css"), "utf8");
    expect(css).toMatch(/\.profile-row \.details-button\s*\{[^}]*flex:\s*none;[^}]*white-space:\s*nowrap/);
  });

  it("finds an application profile by a tag value from the catalogue", async () => {
    const user = userEvent.setup();
    await renderPage();
    await openProfilesTab(user);
    await user.type(control("profile-search"), "ledger");
    expect(shownProfiles()).toEqual([FINANCE.id]);
  });

  it("checks tags as the person types, by the rules creation uses, under one 'Tags' label", async () => {
    const user = userEvent.setup();
    const { backend } = await renderPage();
    await openProfilesTab(user);
    await user.click(action("details", profileRow(FINANCE.id)));
    await waitFor(() => within(panel()).getByTestId("profile-tags"));
    await user.click(action("edit-tags", panel()));
    const form = within(panel()).getByTestId("tags-form");
    // The section's heading names the editor; no second "Tags (optional)" legend.
    expect(form.querySelector("legend")).toBeNull();
    expect(form.querySelector("fieldset")?.getAttribute("aria-labelledby")).toBe("details-tags-title");
    expect(panel().textContent).not.toContain("(optional)");
    await user.clear(control("tag-key-0", form));
    await user.type(control("tag-key-0", form), "aws:team");
    // No click on Save: the check runs as the person types.
    await waitFor(() => expect(errorFor("tags.0.key", form)).toContain("reserved"));
    expect(backend.commands("profile_check_tags").at(-1)?.args).toEqual({
      tags: [
        { key: "aws:team", value: "Finance" },
        { key: "Project", value: "Ledger" },
      ],
    });
    // An empty key just added is not an error until it is left or a save is tried.
    await user.click(action("add-tag", form));
    await waitFor(() => expect(backend.commands("profile_check_tags").at(-1)?.args.tags).toHaveLength(3));
    expect(errorFor("tags.2.key", form)).toBeNull();
    // A set the rules refuse is not sent.
    await user.click(action("save-tags", form));
    expect(within(panel()).getByTestId("tags-fix").textContent).toContain("Fix the marked tags");
    expect(errorFor("tags.2.key", form)).toContain("cannot be empty");
    expect(backend.commands("profile_set_tags")).toHaveLength(0);
    // Fixing them clears the messages, and the set is saved.
    await user.click(form.querySelectorAll<HTMLButtonElement>('button[data-action="remove-tag"]')[2]!);
    await user.clear(control("tag-key-0", form));
    await user.type(control("tag-key-0", form), "Team");
    await waitFor(() => expect(errorFor("tags.0.key", form)).toBeNull());
    expect(within(panel()).queryByTestId("tags-fix")).toBeNull();
    await user.click(action("save-tags", form));
    await waitFor(() => expect(backend.commands("profile_set_tags")).toHaveLength(1));
  });

  it("shows a tag the Region refuses under its field, and keeps the edit", async () => {
    const user = userEvent.setup();
    const { backend } = await renderPage();
    // A rule only the Region knows: the check as you type passes, the save is refused.
    backend.overrides["profile_check_tags"] = () => [];
    await openProfilesTab(user);
    await user.click(action("details", profileRow(FINANCE.id)));
    await waitFor(() => within(panel()).getByTestId("profile-tags"));
    await user.click(action("edit-tags", panel()));
    const form = within(panel()).getByTestId("tags-form");
    await user.clear(control("tag-key-0", form));
    await user.type(control("tag-key-0", form), "aws:team");
    await user.click(action("save-tags", form));
    await waitFor(() => expect(errorFor("tags.0.key", form)).toContain("reserved"));
    expect(within(panel()).getByTestId("tags-error").textContent).toContain("not saved");
    expect(control("tag-key-0", form).value).toBe("aws:team");
    expect(backend.tags[FINANCE.arn]).toEqual([
      { key: "Department", value: "Finance" },
      { key: "Project", value: "Ledger" },
    ]);
    // Escape leaves the editor first, then the panel.
    await user.keyboard("{Escape}");
    expect(within(panel()).queryByTestId("tags-form")).toBeNull();
  });

  it("asks before deleting an application profile, focusing Keep, and deletes on confirm", async () => {
    const user = userEvent.setup();
    const { backend } = await renderPage();
    await openProfilesTab(user);
    await user.click(action("details", profileRow(FINANCE.id)));
    await waitFor(() => within(panel()).getByTestId("profile-tags"));

    await user.click(action("delete-profile", panel()));
    expect(backend.commands("profile_delete")).toHaveLength(0);
    const confirm = within(panel()).getByTestId("confirm-delete");
    expect(confirm.textContent).toContain("stops working for anyone using it");
    expect(document.activeElement?.getAttribute("data-action")).toBe("cancel-delete");

    await user.keyboard("{Escape}");
    expect(within(panel()).queryByTestId("confirm-delete")).toBeNull();
    expect(document.activeElement?.getAttribute("data-action")).toBe("delete-profile");

    await user.click(action("delete-profile", panel()));
    await user.click(action("confirm-delete", panel()));
    await waitFor(() => expect(backend.commands("profile_delete")).toHaveLength(1));
    expect(backend.commands("profile_delete")[0]?.args).toEqual({ id: FINANCE.id });
    await waitFor(() => expect(screen.queryByTestId("profile-details")).toBeNull());
    expect(shownProfiles()).not.toContain(FINANCE.id);
    expect(screen.getByTestId("deleted-note").textContent).toContain("finance-assistant");
    expect(backend.commands("models_catalog")).toHaveLength(2);
  });
});

describe("Models & profiles: creating an application profile", () => {
  it("previews as the person types, then sends the request and opens the new profile", async () => {
    const user = userEvent.setup();
    const { backend } = await renderPage();
    await user.click(screen.getByTestId("create-profile"));
    const form = screen.getByTestId("create-profile-form");
    expect(document.activeElement).toBe(control("name", form));

    // The source offers system profiles (by ARN, labelled by ID) and models (by ARN, labelled by name and ID).
    const groups = [...form.querySelectorAll("optgroup")];
    expect(groups.map((g) => g.label)).toEqual(["Multi-Region (system profile)", "Single Region (foundation model)"]);
    const systemOption = [...groups[0]!.querySelectorAll("option")].find((o) => o.value === US_SONNET_35.arn);
    expect(systemOption?.textContent).toBe(US_SONNET_35.id);
    const modelOption = [...groups[1]!.querySelectorAll("option")].find((o) => o.value === NOVA_LITE.modelArn);
    expect(modelOption?.textContent).toBe(`Nova Lite (${NOVA_LITE.modelId})`);
    expect(groups[0]!.querySelector(`option[value="${FINANCE.arn}"]`)).toBeNull();

    const submit = screen.getByTestId("submit-profile") as HTMLButtonElement;
    expect(submit.disabled).toBe(true);

    await user.type(control("name", form), "team-assistant");
    await user.type(control("description", form), "Sonnet for the team");
    await user.selectOptions(control("copyFrom", form), US_SONNET_35.arn);
    await user.click(form.querySelector<HTMLButtonElement>('[data-template="CostCenter"]')!);
    expect(document.activeElement).toBe(control("tag-value-0", form));
    await user.keyboard("4711");
    expect(form.textContent).toContain("Tags show in Cost Explorer only after you activate them under Billing → Cost allocation tags.");

    await waitFor(() => expect(screen.getByTestId("create-cli").textContent).toContain("key=CostCenter,value=4711"));
    const cli = screen.getByTestId("create-cli").textContent ?? "";
    expect(cli).toContain("--inference-profile-name team-assistant");
    expect(cli).toContain(`copyFrom=${US_SONNET_35.arn}`);
    await waitFor(() => expect(submit.disabled).toBe(false));
    const previews = backend.commands("profile_preview");
    expect(previews.at(-1)?.args).toEqual({
      request: {
        name: "team-assistant",
        description: "Sonnet for the team",
        copyFrom: US_SONNET_35.arn,
        tags: [{ key: "CostCenter", value: "4711" }],
      },
    });
    // Debounced: far fewer previews than keystrokes.
    expect(previews.length).toBeLessThan(20);

    await user.click(action("copy-create-cli", form));
    expect(await navigator.clipboard.readText()).toBe(cli);

    await user.click(submit);
    await waitFor(() => expect(backend.commands("profile_create")).toHaveLength(1));
    expect(backend.commands("profile_create")[0]?.args).toEqual({
      request: {
        name: "team-assistant",
        description: "Sonnet for the team",
        copyFrom: US_SONNET_35.arn,
        tags: [{ key: "CostCenter", value: "4711" }],
      },
    });
    await waitFor(() => expect(screen.queryByTestId("create-profile-form")).toBeNull());
    expect(document.querySelector('[data-tab="profiles"]')?.getAttribute("aria-selected")).toBe("true");
    await waitFor(() => expect(panel().getAttribute("data-profile-id")).toBe("new1"));
    await waitFor(() => expect(panel().textContent).toContain("team-assistant"));
    expect(shownProfiles()).toContain("new1");
    expect(backend.commands("models_catalog")).toHaveLength(2);
  });

  it("shows preview errors under their fields and keeps Create disabled", async () => {
    const user = userEvent.setup();
    const { backend } = await renderPage();
    await user.click(screen.getByTestId("create-profile"));
    const form = screen.getByTestId("create-profile-form");
    // Nothing is flagged before the person types.
    await waitFor(() => expect(backend.commands("profile_preview").length).toBeGreaterThan(0));
    expect(errorFor("name", form)).toBeNull();

    await user.type(control("name", form), "bad,name");
    await user.type(control("description", form), "a, b");
    await user.click(action("add-tag", form));
    await user.type(control("tag-key-0", form), "aws:owner");
    await waitFor(() => expect(errorFor("name", form)).toContain("letters and digits"));
    expect(errorFor("description", form)).toContain("no commas");
    await waitFor(() => expect(errorFor("tags.0.key", form)).toContain("reserved"));
    expect(control("name", form).getAttribute("aria-invalid")).toBe("true");
    expect((screen.getByTestId("submit-profile") as HTMLButtonElement).disabled).toBe(true);

    // Enter shows what is still missing (the source), and creates nothing.
    await user.click(control("name", form));
    await user.keyboard("{Enter}");
    await waitFor(() => expect(errorFor("copyFrom", form)).toContain("ARN"));
    expect(backend.commands("profile_create")).toHaveLength(0);
  });

  it("keeps everything typed when Create fails, and closes with Escape", async () => {
    const user = userEvent.setup();
    const backend = fake();
    backend.overrides.profile_create = () => {
      throw failure("access_denied", "Your identity may not call bedrock:CreateInferenceProfile.", "AccessDeniedException");
    };
    await renderPage(backend);
    await user.click(screen.getByTestId("create-profile"));
    const form = screen.getByTestId("create-profile-form");
    await user.type(control("name", form), "mine");
    await user.selectOptions(control("copyFrom", form), SONNET_35.modelArn);
    await user.click(form.querySelector<HTMLButtonElement>('[data-template="Project"]')!);
    await user.keyboard("Apollo");
    await waitFor(() => expect((screen.getByTestId("submit-profile") as HTMLButtonElement).disabled).toBe(false));
    await user.click(screen.getByTestId("submit-profile"));

    const alert = await within(form).findByTestId("create-error");
    expect(alert.textContent).toContain("CreateInferenceProfile");
    expect(control("name", form).value).toBe("mine");
    expect(control<HTMLSelectElement>("copyFrom", form).value).toBe(SONNET_35.modelArn);
    expect(control("tag-key-0", form).value).toBe("Project");
    expect(control("tag-value-0", form).value).toBe("Apollo");

    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("create-profile-form")).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId("create-profile"));
  });
});

describe("Models & profiles: in Japanese and in presenter mode", () => {
  /** Text and labels that show a message key instead of a message (a key missing from `ja`). */
  function untranslated(root: ParentNode): string[] {
    const texts = [root.textContent ?? ""];
    for (const el of root.querySelectorAll("*")) {
      for (const attr of ["aria-label", "placeholder", "title", "label"]) texts.push(el.getAttribute(attr) ?? "");
    }
    return texts.flatMap((text) => text.match(/\b(?:models|resolver)\.[a-z][\w.]*/g) ?? []);
  }

  it("shows every part of the page in Japanese", async () => {
    i18n.set("ja");
    try {
      const user = userEvent.setup();
      const { view } = await renderPage();
      expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("モデルとプロファイル");
      const sonnet = modelRow(SONNET_35.modelId);
      expect(sonnet.querySelector("[data-fact=modalities]")?.textContent).toBe("テキスト、画像 → テキスト");
      expect(sonnet.querySelector("[data-fact=inference]")?.textContent).toBe("オンデマンド、推論プロファイル");
      expect(sonnet.querySelector("[data-fact=cache]")?.textContent).toBe("1,024 トークンからキャッシュ可能 · 5m");
      // Why Outcrop calls what it calls: Rust's code, worded here.
      expect(sonnet.querySelector(".how-reason")?.textContent).toBe(`${SONNET_35.modelId} は us-east-1 でオンデマンドで動きます。`);
      expect(modelRow(SONNET_4.modelId).querySelector(".how-reason")?.textContent).toBe(
        `${SONNET_4.modelId} はここでは推論プロファイル経由でしか動かないため、Outcrop は us.${SONNET_4.modelId} を呼び出します。リクエストは us-east-1、us-east-2、us-west-2 に送られます。`,
      );
      await user.click(screen.getByText("Outcrop はどの ID を呼び出す？"));
      expect(untranslated(view.container)).toEqual([]);

      await openProfilesTab(user);
      await user.click(action("details", profileRow(FINANCE.id)));
      await waitFor(() => within(panel()).getByTestId("profile-tags"));
      await user.click(action("edit-tags", panel()));
      await user.click(action("delete-profile", panel()));
      expect(untranslated(view.container)).toEqual([]);

      await user.click(screen.getByTestId("create-profile"));
      const form = screen.getByTestId("create-profile-form");
      expect(within(form).getByRole("heading", { level: 2 }).textContent).toBe("アプリケーション推論プロファイルを作成");
      await user.click(form.querySelector<HTMLButtonElement>('[data-template="Project"]')!);
      expect(untranslated(view.container)).toEqual([]);
    } finally {
      i18n.set("en");
    }
  });

  it("hides the account ID in the profile's ARN, policy and CLI while presenting, but copies the real ARN", async () => {
    const user = userEvent.setup();
    await renderPage();
    await openProfilesTab(user);
    await user.click(action("details", profileRow(FINANCE.id)));
    await waitFor(() => within(panel()).getByTestId("iam-policy"));
    const account = /\d{12}/.exec(FINANCE.arn)?.[0];
    expect(account).toBeDefined();
    expect(panel().textContent).toContain(account);
    presenter.on = true;
    try {
      await waitFor(() => expect(panel().querySelector("#details-arn")?.textContent).toBe(`…/${FINANCE.id}`));
      expect(panel().textContent).not.toContain(account);
      await user.click(action("copy-arn", panel()));
      expect(await navigator.clipboard.readText()).toBe(FINANCE.arn);
    } finally {
      presenter.on = false;
    }
  });
});

describe("the model card's cache floor", () => {
  it("shows every claim and the measurement, says when they disagree, and measures through the ID it would call", async () => {
    const user = userEvent.setup();
    const backend = fake();
    const sonnet4 = backend.models.find((m) => m.model.modelId === SONNET_4.modelId)!;
    sonnet4.cacheFloorClaims = [
      { tokens: 1024, by: "AWS table", source: "https://docs.aws.amazon.com/x", asOf: "2026-12-01", sure: "documented" },
      { tokens: 4096, by: "Another table", source: "example/notes", asOf: "2026-12-01", sure: "reported" },
    ];
    sonnet4.cacheMinTokens = 2048;
    sonnet4.cacheMeasured = {
      tokens: 2048,
      notAt: 1536,
      modelId: SONNET_4.modelId,
      invokedId: sonnet4.recommended!,
      region: "us-east-1",
      measuredOn: "2026-12-02",
      requests: 5,
    };
    backend.overrides.floor_probe_plan = () => {
      throw failure("throttled", "Too many requests");
    };
    await renderPage(backend);
    const card = modelRow(SONNET_4.modelId);
    const line = within(card).getByTestId("floor-line");
    expect(within(line).getByTestId("floor-claims").textContent).toContain("AWS table: 1,024 · Another table: 4,096 · measured here: 2,048");
    expect(within(line).getByTestId("floor-uses").textContent).toBe(
      `Planning uses 2,048: measured on 2026-12-02 in us-east-1 through ${sonnet4.recommended}.`,
    );
    expect(within(line).getByTestId("floor-disagrees").textContent).toContain("matches no published claim");
    // A model without a measurement plans on its claim and offers the probe.
    const nova = modelRow(NOVA_LITE.modelId);
    expect(within(nova).getByTestId("floor-uses").textContent).toBe("Planning uses 1,536, the published floor, until measured.");

    await user.click(within(line).getByRole("button", { name: "Measure again" }));
    await waitFor(() => expect(backend.sent.map((s) => s.cmd)).toContain("floor_probe_plan"));
    expect(backend.sent.find((s) => s.cmd === "floor_probe_plan")!.args).toEqual({ modelChoice: sonnet4.recommended });
    expect((await within(line).findByRole("alert")).textContent).toContain("nothing was recorded");
  });
});
