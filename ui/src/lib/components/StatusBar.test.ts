import { render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it } from "vitest";
import { connections } from "../connections.svelte";
import { presenter } from "../presenter.svelte";
import { FakeConnections, LOCAL, WORK, failure } from "../../test-support/fake-connections";
import StatusBar from "./StatusBar.svelte";

beforeEach(() => {
  connections.reset();
});

describe("status bar", () => {
  it("says Not connected when no connection is active", async () => {
    new FakeConnections({ connections: [LOCAL] }).install();
    await connections.load();
    render(StatusBar);
    const status = screen.getByTestId("status-connection");
    expect(status.textContent).toMatch(/Not connected\s*·\s*Region —/);
    expect(status.querySelector(".dot.offline")).not.toBeNull();
    expect(screen.queryByTestId("status-simulated")).toBeNull();
  });

  it("shows the active connection, its Region and the Simulated badge for Local Bedrock", async () => {
    new FakeConnections({ connections: [LOCAL, WORK], activeId: "local" }).install();
    await connections.load();
    render(StatusBar);
    const status = screen.getByTestId("status-connection");
    expect(status.textContent).toContain("Local Bedrock");
    expect(status.textContent).toContain("Region us-east-1");
    expect(status.querySelector(".dot.online")).not.toBeNull();
    expect(screen.getByTestId("status-simulated").textContent?.trim()).toBe("Simulated");
  });

  it("follows a switch at once, without the badge for a real connection", async () => {
    new FakeConnections({ connections: [LOCAL, WORK], activeId: "local" }).install();
    await connections.load();
    render(StatusBar);
    await connections.activate("work");
    await waitFor(() => expect(screen.getByTestId("status-connection").textContent).toContain("Work"));
    expect(screen.getByTestId("status-connection").textContent).toContain("Region eu-west-1");
    expect(screen.queryByTestId("status-simulated")).toBeNull();
  });

  it("turns the dot red, saying why, when the active connection's last test failed, and green once one passes", async () => {
    const fake = new FakeConnections({ connections: [LOCAL, WORK], activeId: "work" }).install();
    let failing = true;
    fake.overrides.connection_test = () => {
      if (failing) {
        throw failure(
          "access_denied",
          "Access denied: User: arn:aws:iam::123456789012:user/dev may not call bedrock:ListFoundationModels",
        );
      }
      return { region: "eu-west-1", identity: null, account: null, foundationModels: 3, simulated: false, latencyMs: 9 };
    };
    await connections.load();
    render(StatusBar);
    const dot = () => screen.getByTestId("status-dot");
    expect(dot().classList.contains("online")).toBe(true);

    await connections.test("work");
    await waitFor(() => expect(dot().classList.contains("failing")).toBe(true));
    expect(dot().classList.contains("online")).toBe(false);
    expect(dot().getAttribute("title")).toBe(
      "The last test of Work failed: Access denied: User: arn:aws:iam::123456789012:user/dev may not call bedrock:ListFoundationModels",
    );
    expect(dot().getAttribute("aria-label")).toBe(dot().getAttribute("title"));

    presenter.toggle();
    try {
      await waitFor(() => expect(dot().getAttribute("title")).not.toContain("123456789012"));
    } finally {
      presenter.toggle();
    }

    // A test of another connection says nothing about the active one.
    await connections.test("local");
    expect(dot().classList.contains("failing")).toBe(true);

    failing = false;
    await connections.test("work");
    await waitFor(() => expect(dot().classList.contains("online")).toBe(true));
    expect(dot().classList.contains("failing")).toBe(false);
    expect(dot().getAttribute("title")).toBe("Active connection: Work");
  });
});
