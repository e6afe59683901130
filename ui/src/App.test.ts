import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import App from "./App.svelte";
import { connections } from "./lib/connections.svelte";
import { i18n } from "./lib/i18n/index.svelte";
import { navigation } from "./lib/navigation.svelte";
import { closePalette, palette } from "./lib/palette.svelte";
import { presenter } from "./lib/presenter.svelte";
import { FakeConnections, LOCAL, WORK, failure } from "./test-support/fake-connections";
import type { Draft, Session } from "./lib/ipc/bindings";
import { EXAMPLE_MODEL } from "./features/playground/example";
import { emptyConversation, playground } from "./features/playground/playground.svelte";
import { resetPlayground } from "./features/playground/run/test-ipc";

/** The Rust side as a fresh install sees it: app_info, and no connections yet. */
function mockAppInfo(fake = new FakeConnections()) {
  fake.install();
  return fake;
}

beforeEach(() => {
  connections.reset();
});

afterEach(async () => {
  presenter.on = false;
  await closePalette();
  if (i18n.locale !== "en") i18n.set("en");
});

describe("App shell", () => {
  it("shows the five pages in the navigation, Connections first", async () => {
    navigation.go("connections");
    mockAppInfo();
    render(App);
    const nav = screen.getByRole("navigation", { name: "Main" });
    const links = nav.querySelectorAll("a[data-page]");
    expect([...links].map((a) => a.getAttribute("data-page"))).toEqual(["connections", "models", "playground", "what-if", "usage"]);
    expect((await screen.findByRole("heading", { level: 1 })).textContent).toBe("Connections");
    expect(nav.querySelector("[aria-current='page']")?.getAttribute("data-page")).toBe("connections");
  });

  it("switches pages on click and updates the hash", async () => {
    navigation.go("connections");
    mockAppInfo();
    render(App);
    await fireEvent.click(screen.getByText("Models & profiles"));
    await waitFor(() => expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Models & profiles"));
    expect(window.location.hash).toBe("#/models");
  });

  it("opens a page with Ctrl+digit and moves focus to its heading", async () => {
    navigation.go("connections");
    mockAppInfo();
    render(App);
    await fireEvent.keyDown(window, { key: "3", ctrlKey: true });
    // The page's chunk loads first (the first import of the Playground is slow under vitest).
    await waitFor(() => expect(document.activeElement?.textContent).toBe("Playground"), { timeout: 10_000 });
    expect(document.activeElement?.tagName).toBe("H1");
  });

  it("opens the What-if with Ctrl+4", async () => {
    navigation.go("connections");
    mockAppInfo();
    render(App);
    await fireEvent.keyDown(window, { key: "4", ctrlKey: true });
    await waitFor(() => expect(document.activeElement?.textContent).toBe("What-if: caching at your traffic"));
    expect(window.location.hash).toBe("#/what-if");
  });

  it("shows the version in the status bar, and that nothing is connected yet", async () => {
    navigation.go("connections");
    mockAppInfo();
    render(App);
    await waitFor(() => expect(screen.getByTestId("status-version").textContent).toContain("9.8.7 (release)"));
    expect(screen.getByTestId("status-connection").textContent).toMatch(/Not connected.*Region/);
  });

  it("shows the active connection in the status bar, and a switch on the Connections page at once", async () => {
    navigation.go("connections");
    mockAppInfo(new FakeConnections({ connections: [LOCAL, WORK], activeId: "local" }));
    render(App);
    const status = () => screen.getByTestId("status-connection").textContent ?? "";
    await waitFor(() => expect(status()).toContain("Local Bedrock"));
    expect(screen.getByTestId("status-simulated")).toBeTruthy();
    const use = await waitFor(() => {
      const found = document.querySelector<HTMLButtonElement>('[data-connection-id="work"] button[data-action="use"]');
      expect(found).not.toBeNull();
      return found!;
    });
    await fireEvent.click(use);
    await waitFor(() => expect(status()).toMatch(/Work.*Region eu-west-1/));
    expect(screen.queryByTestId("status-simulated")).toBeNull();
  });

  it("says why when app_info fails", async () => {
    navigation.go("connections");
    mockIPC(() => {
      throw { code: "internal", message: "Outcrop could not work out its data directory", detail: "HOME unset" };
    });
    render(App);
    await waitFor(() => expect(screen.getByRole("alert").textContent).toContain("data directory"));
  });

  it("keeps the skip link first in the focus order, then the navigation in page order", () => {
    navigation.go("connections");
    mockAppInfo();
    const { container } = render(App);
    const focusable = [...container.querySelectorAll<HTMLElement>("a[href], button, [tabindex='0']")];
    expect(focusable[0]?.textContent).toBe("Skip to content");
    expect(focusable.slice(1, 4).map((el) => el.getAttribute("data-page"))).toEqual([
      "connections",
      "models",
      "playground",
    ]);
  });
});

describe("language", () => {
  it("switches the whole shell to Japanese from the sidebar, and back", async () => {
    navigation.go("connections");
    mockAppInfo();
    render(App);
    const user = userEvent.setup();
    const nav = screen.getByRole("navigation", { name: "Main" });
    const switcher = screen.getByTestId("language-switch") as HTMLSelectElement;
    expect(switcher.value).toBe("en");
    await user.selectOptions(switcher, "ja");
    expect(i18n.locale).toBe("ja");
    expect(document.documentElement.lang).toBe("ja");
    expect(screen.getByRole("navigation", { name: "メイン" })).toBe(nav);
    expect(nav.querySelector('[data-page="connections"] span')?.textContent).toBe("接続");
    expect(nav.querySelector('[data-page="models"] span')?.textContent).toBe("モデルとプロファイル");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("接続");
    expect(screen.getByTestId("status-connection").textContent).toContain("未接続");
    i18n.set("en");
    await waitFor(() => expect(nav.querySelector('[data-page="connections"] span')?.textContent).toBe("Connections"));
    expect(switcher.value).toBe("en");
  });
});

describe("presenter mode", () => {
  it("toggles from the sidebar button and with Ctrl+Shift+P, enlarging the shell", async () => {
    navigation.go("connections");
    mockAppInfo();
    const { container } = render(App);
    const shell = container.querySelector(".shell")!;
    const toggle = screen.getByTestId("presenter-toggle");
    expect(toggle.getAttribute("aria-pressed")).toBe("false");
    expect(shell.classList.contains("presenter")).toBe(false);
    await fireEvent.click(toggle);
    expect(toggle.getAttribute("aria-pressed")).toBe("true");
    expect(shell.classList.contains("presenter")).toBe(true);
    await fireEvent.keyDown(window, { key: "P", ctrlKey: true, shiftKey: true });
    expect(presenter.on).toBe(false);
    expect(shell.classList.contains("presenter")).toBe(false);
    await fireEvent.keyDown(window, { key: "p", metaKey: true, shiftKey: true });
    expect(presenter.on).toBe(true);
  });

  it("hides the account and ARN in the status bar and in test results", async () => {
    navigation.go("connections");
    mockAppInfo(new FakeConnections({ connections: [LOCAL, WORK], activeId: "work" }));
    render(App);
    await waitFor(() => expect(screen.getByTestId("status-connection").textContent).toContain("Work"));
    await connections.test("work");
    const identity = await waitFor(() => screen.getByTestId("status-identity"));
    expect(identity.textContent).toContain("Account 123456789012");
    expect(identity.getAttribute("title")).toContain("arn:aws:iam::123456789012:user/dev");
    const result = () => within(document.querySelector<HTMLElement>('[data-connection-id="work"]')!).getByTestId("test-result");
    expect(result().textContent).toContain("arn:aws:iam::123456789012:user/dev");

    await fireEvent.keyDown(window, { key: "P", ctrlKey: true, shiftKey: true });
    expect(identity.textContent).toContain("Account ••••••••••••");
    expect(identity.textContent).not.toContain("123456789012");
    expect(identity.getAttribute("title")).toContain("…/dev");
    expect(screen.getByTestId("status-presenter")).toBeTruthy();
    expect(result().textContent).toContain("as …/dev");
    expect(result().textContent).not.toContain("123456789012");
    // The data directory (which names the home folder) is not shown either.
    expect(screen.getByTestId("status-version").getAttribute("title")).not.toContain("Data directory");
  });
});

describe("command palette", () => {
  it("opens with Ctrl+K, goes to a page and puts the focus on its heading", async () => {
    navigation.go("connections");
    mockAppInfo();
    render(App);
    const user = userEvent.setup();
    await fireEvent.keyDown(window, { key: "k", ctrlKey: true });
    const input = await waitFor(() => screen.getByTestId("palette-input"));
    await waitFor(() => expect(document.activeElement).toBe(input));
    expect(screen.getByRole("dialog", { name: "Command palette" })).toBeTruthy();
    expect(document.querySelector<HTMLElement>(".shell")?.inert).toBe(true);
    await user.keyboard("models");
    expect(within(screen.getByRole("listbox")).getAllByRole("option")[0]?.textContent).toContain("Go to Models & profiles");
    await user.keyboard("{Enter}");
    await waitFor(() => expect(document.activeElement?.textContent).toBe("Models & profiles"));
    expect(document.activeElement?.tagName).toBe("H1");
    expect(navigation.current).toBe("models");
    expect(screen.queryByTestId("command-palette")).toBeNull();
    expect(document.querySelector<HTMLElement>(".shell")?.inert).toBe(false);
  });

  it("lists every page, the language and presenter mode, and runs them", async () => {
    navigation.go("connections");
    mockAppInfo();
    render(App);
    const user = userEvent.setup();
    await fireEvent.keyDown(window, { key: "k", metaKey: true });
    await waitFor(() => screen.getByTestId("palette-input"));
    const options = within(screen.getByTestId("command-palette")).getAllByRole("option");
    expect(options.map((o) => o.querySelector(".palette-label")?.textContent)).toEqual([
      "Go to Connections",
      "Go to Models & profiles",
      "Go to Playground",
      "Go to What-if",
      "Go to Usage & spend",
      "Switch language to 日本語",
      "Turn presenter mode on",
      "About Outcrop",
    ]);
    await user.keyboard("presenter{Enter}");
    expect(presenter.on).toBe(true);

    await fireEvent.keyDown(window, { key: "k", ctrlKey: true });
    await waitFor(() => screen.getByTestId("palette-input"));
    expect(screen.getByText("Turn presenter mode off")).toBeTruthy();
    await user.keyboard("language{Enter}");
    expect(i18n.locale).toBe("ja");
    await fireEvent.keyDown(window, { key: "k", ctrlKey: true });
    await waitFor(() => screen.getByTestId("palette-input"));
    expect(screen.getByRole("dialog", { name: "コマンドパレット" })).toBeTruthy();
    expect(screen.getByText("表示言語をEnglishに切り替える")).toBeTruthy();
  });

  it("closes with Escape and with Ctrl+K again, returning the focus", async () => {
    navigation.go("connections");
    mockAppInfo();
    render(App);
    const user = userEvent.setup();
    const toggle = screen.getByTestId("presenter-toggle");
    toggle.focus();
    await fireEvent.keyDown(window, { key: "k", ctrlKey: true });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("palette-input")));
    await user.keyboard("{Escape}");
    await waitFor(() => expect(document.activeElement).toBe(toggle));
    expect(palette.open).toBe(false);
    await fireEvent.keyDown(window, { key: "k", ctrlKey: true });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("palette-input")));
    await fireEvent.keyDown(window, { key: "k", ctrlKey: true });
    await waitFor(() => expect(document.activeElement).toBe(toggle));
    expect(screen.queryByTestId("command-palette")).toBeNull();
  });
});

describe("Start with Local Bedrock", () => {
  function session(id: string, draft: Draft): Session {
    const usage = { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0 , implicitReadTokens: 0};
    return { id, title: "", draft, turns: [], earlierTurns: 0, damagedTurns: [], totals: { turns: 0, usage, cost: 0, withoutCache: 0, saved: 0, implicitSaved: 0 }, cache: [], nowMs: Date.now() };
  }

  /** The first run without AWS credentials: Local Bedrock is active already and the welcome is showing. */
  function firstRun(sessions: Session[] = []): FakeConnections {
    const fake = new FakeConnections({ connections: [LOCAL], activeId: "local", showWelcome: true });
    fake.overrides.sessions_list = () =>
      sessions.map((s) => ({ id: s.id, title: s.title, createdAtMs: 0, updatedAtMs: 0, modelChoice: s.draft.modelChoice, turns: 0, cost: 0, saved: 0 }));
    fake.overrides.session_get = (args) => sessions.find((s) => s.id === args.id);
    fake.overrides.session_create = (args) => session("s-new", args.draft as Draft);
    fake.overrides.session_save_draft = () => null;
    for (const cmd of ["playground_plan", "playground_count_tokens", "models_catalog", "prices_get"]) {
      fake.overrides[cmd] = () => {
        throw failure("internal", `${cmd} is not part of this test`);
      };
    }
    return fake.install();
  }

  afterEach(() => resetPlayground());

  it("continues with the active Local Bedrock, without adding it again, into a Playground ready to send", async () => {
    navigation.go("connections");
    const fake = firstRun();
    render(App);
    const start = await screen.findByRole("button", { name: "Continue with Local Bedrock" });
    expect(screen.getByTestId("local-active").textContent).toContain("already your active connection");
    await userEvent.click(start);

    await waitFor(() => expect(navigation.current).toBe("playground"));
    await waitFor(() => expect(playground.session?.id).toBe("s-new"));
    await waitFor(() => expect(playground.draft.modelChoice).toBe(EXAMPLE_MODEL));
    expect(playground.sendBlockers).not.toContain("model");
    expect(fake.commands("connection_add")).toHaveLength(0);
    expect(fake.commands("connection_activate")).toHaveLength(0);
    expect(fake.commands("welcome_finish")).toHaveLength(1);
    expect(connections.showWelcome).toBe(false);
  });

  it("keeps the model of the session the Playground opens", async () => {
    navigation.go("connections");
    const kept = session("s-old", { conversation: emptyConversation(), modelChoice: "amazon.nova-lite-v1:0", api: "converse" });
    firstRun([kept]);
    render(App);
    await userEvent.click(await screen.findByRole("button", { name: "Continue with Local Bedrock" }));
    await waitFor(() => expect(playground.session?.id).toBe("s-old"));
    expect(playground.draft.modelChoice).toBe("amazon.nova-lite-v1:0");
  });
});

describe("About Outcrop", () => {
  it("opens from the palette and the status bar, names the version and build, and hides the data folder while presenting", async () => {
    navigation.go("connections");
    mockAppInfo();
    const user = userEvent.setup();
    render(App);
    const version = await screen.findByTestId("status-version");
    await user.click(version);
    const dialog = await screen.findByRole("dialog", { name: "About Outcrop" });
    expect(within(dialog).getByTestId("about-version").textContent).toBe("9.8.7");
    expect(within(dialog).getByTestId("about-build").textContent).toBe("release · linux-x86_64");
    expect(within(dialog).getByTestId("about-data")).toBeTruthy();
    expect(document.activeElement).toBe(within(dialog).getByTestId("about-close"));
    presenter.on = true;
    await waitFor(() => expect(within(dialog).queryByTestId("about-data")).toBeNull());
    presenter.on = false;
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("about")).toBeNull();

    await fireEvent.keyDown(window, { key: "k", ctrlKey: true });
    await user.keyboard("about{Enter}");
    expect(await screen.findByTestId("about")).toBeTruthy();
    i18n.set("ja");
    await waitFor(() => expect(screen.getByRole("dialog").getAttribute("aria-labelledby")).toBe("about-title"));
    expect(screen.getByRole("heading", { name: "Outcrop について" })).toBeTruthy();
    await user.click(screen.getByTestId("about-close"));
    i18n.set("en");
  });
});
