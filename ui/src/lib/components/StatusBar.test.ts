import { render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it } from "vitest";
import { connections } from "../connections.svelte";
import { FakeConnections, LOCAL, WORK } from "../../test-support/fake-connections";
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
});
