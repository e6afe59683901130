import { fireEvent, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it } from "vitest";
import { catalog } from "../../lib/catalog.svelte";
import { connections } from "../../lib/connections.svelte";
import { i18n } from "../../lib/i18n/index.svelte";
import type { Catalog } from "../../lib/ipc/bindings";
import { navigation } from "../../lib/navigation.svelte";
import { FakeConnections, LOCAL, WORK, failure } from "../../test-support/fake-connections";
import { button, renderPage, row } from "./test-page";

const EMPTY_CATALOG: Catalog = { region: "us-east-1", models: [], profiles: [] };

beforeEach(() => {
  connections.reset();
  catalog.reset();
  navigation.go("connections");
});


describe("Connections page: Reset Local Bedrock", () => {
  it("is offered on the Local Bedrock row only, and asks first, saying what is deleted", async () => {
    const fake = new FakeConnections({ connections: [LOCAL, WORK], activeId: "local" });
    await renderPage(fake);
    expect(button(row("work"), "reset-local")).toBeNull();
    const reset = button(row("local"), "reset-local")!;
    expect(reset.textContent?.trim()).toBe("Reset Local Bedrock…");
    expect(row("local").textContent).toContain("kept when Outcrop closes");

    await fireEvent.click(reset);
    const confirm = within(row("local")).getByRole("group", { name: "Reset Local Bedrock?" });
    expect(confirm.textContent).toContain("Every application profile made on Local Bedrock is deleted");
    expect(confirm.textContent).toContain("This cannot be undone.");
    expect(reset.getAttribute("aria-expanded")).toBe("true");
    // Focus lands on the safe choice.
    expect(document.activeElement?.getAttribute("data-action")).toBe("cancel-reset-local");

    await fireEvent.click(button(row("local"), "cancel-reset-local")!);
    expect(button(row("local"), "confirm-reset-local")).toBeNull();
    await fireEvent.click(reset);
    await fireEvent.keyDown(button(row("local"), "cancel-reset-local")!, { key: "Escape" });
    expect(button(row("local"), "confirm-reset-local")).toBeNull();
    expect(document.activeElement).toBe(reset);
    expect(fake.commands("local_bedrock_reset")).toHaveLength(0);
  });

  it("resets when confirmed, says so, and reloads the catalogue Local Bedrock showed", async () => {
    const fake = new FakeConnections({ connections: [LOCAL], activeId: "local" });
    fake.overrides.local_bedrock_reset = () => null;
    fake.overrides.models_catalog = () => EMPTY_CATALOG;
    await renderPage(fake);
    await catalog.load("local");
    expect(fake.commands("models_catalog")).toHaveLength(1);

    await fireEvent.click(button(row("local"), "reset-local")!);
    await fireEvent.click(button(row("local"), "confirm-reset-local")!);
    const done = await waitFor(() => within(row("local")).getByTestId("local-reset-done"));
    expect(done.textContent).toContain("Local Bedrock was reset");
    expect(button(row("local"), "confirm-reset-local")).toBeNull();
    expect(fake.commands("local_bedrock_reset")).toHaveLength(1);
    await waitFor(() => expect(fake.commands("models_catalog")).toHaveLength(2));
  });

  it("shows why a reset failed and keeps the question open", async () => {
    const fake = new FakeConnections({ connections: [LOCAL], activeId: "local" });
    fake.overrides.local_bedrock_reset = () => {
      throw failure("internal", "Local Bedrock's saved application profiles could not be deleted", "Permission denied (os error 13)");
    };
    await renderPage(fake);
    await fireEvent.click(button(row("local"), "reset-local")!);
    await fireEvent.click(button(row("local"), "confirm-reset-local")!);
    const error = await waitFor(() => within(row("local")).getByTestId("local-reset-error"));
    expect(error.getAttribute("data-code")).toBe("internal");
    expect(error.textContent).toContain("Local Bedrock was not reset.");
    expect(error.textContent).toContain("Permission denied");
    expect(button(row("local"), "confirm-reset-local")).not.toBeNull();
    expect(within(row("local")).queryByTestId("local-reset-done")).toBeNull();
  });

  it("speaks Japanese", async () => {
    i18n.set("ja");
    try {
      await renderPage(new FakeConnections({ connections: [LOCAL], activeId: "local" }));
      const reset = button(row("local"), "reset-local")!;
      expect(reset.textContent?.trim()).toBe("Local Bedrock をリセット…");
      await fireEvent.click(reset);
      expect(row("local").textContent).toContain("アプリケーション推論プロファイルが、タグも含めてすべてのリージョンで削除されます");
      expect(button(row("local"), "confirm-reset-local")?.textContent?.trim()).toBe("リセット");
    } finally {
      i18n.set("en");
    }
  });
});
