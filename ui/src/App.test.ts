import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it } from "vitest";
import App from "./App.svelte";
import { connections } from "./lib/connections.svelte";
import { navigation } from "./lib/navigation.svelte";
import { FakeConnections, LOCAL, WORK } from "./test-support/fake-connections";

/** The Rust side as a fresh install sees it: app_info, and no connections yet. */
function mockAppInfo(fake = new FakeConnections()) {
  fake.install();
  return fake;
}

beforeEach(() => {
  connections.reset();
});

describe("App shell", () => {
  it("shows the three pages in the navigation, Connections first", async () => {
    navigation.go("connections");
    mockAppInfo();
    render(App);
    const nav = screen.getByRole("navigation", { name: "Main" });
    const links = nav.querySelectorAll("a[data-page]");
    expect([...links].map((a) => a.getAttribute("data-page"))).toEqual(["connections", "models", "playground"]);
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Connections");
    expect(nav.querySelector("[aria-current='page']")?.getAttribute("data-page")).toBe("connections");
  });

  it("switches pages on click and updates the hash", async () => {
    navigation.go("connections");
    mockAppInfo();
    render(App);
    await fireEvent.click(screen.getByText("Models & profiles"));
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Models & profiles");
    expect(window.location.hash).toBe("#/models");
  });

  it("opens a page with Ctrl+digit and moves focus to its heading", async () => {
    navigation.go("connections");
    mockAppInfo();
    render(App);
    await fireEvent.keyDown(window, { key: "3", ctrlKey: true });
    await waitFor(() => expect(document.activeElement?.textContent).toBe("Playground"));
    expect(document.activeElement?.tagName).toBe("H1");
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
