import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { catalog } from "../../lib/catalog.svelte";
import { connections } from "../../lib/connections.svelte";
import { i18n } from "../../lib/i18n/index.svelte";
import type { Catalog, SavedConnection } from "../../lib/ipc/bindings";
import { navigation } from "../../lib/navigation.svelte";
import { FakeConnections, WORK, failure } from "../../test-support/fake-connections";
import { button, renderPage, row } from "./test-page";

/** A short-term Bedrock API key issued in us-east-1, valid for hours yet. */
const SHORT_KEY: SavedConnection = {
  id: "short",
  name: "Short key",
  source: { kind: "apiKey", expiresAt: Date.now() / 1000 + 6 * 3600, keyRegion: "us-east-1", longTerm: false },
  region: "us-east-1",
  endpointUrl: null,
  runtimeEndpointUrl: null,
  messagesEndpoint: "runtime",
};

const LONG_KEY: SavedConnection = {
  id: "long",
  name: "Long key",
  source: { kind: "apiKey", expiresAt: null, keyRegion: null, longTerm: true },
  region: "us-east-1",
  endpointUrl: null,
  runtimeEndpointUrl: null,
  messagesEndpoint: "runtime",
};

beforeEach(() => {
  connections.reset();
  catalog.reset();
  navigation.go("connections");
});


function regionInput(scope: HTMLElement): HTMLInputElement {
  const found = scope.querySelector<HTMLInputElement>('[data-testid="region-change"] input[name="region"]');
  if (!found) throw new Error("no Region field");
  return found;
}

function warning(scope: HTMLElement): HTMLElement | null {
  return scope.querySelector<HTMLElement>('[data-testid="region-warning"]');
}

describe("Connections page: a Bedrock API key's Region", () => {
  it("says where a short-term key works, and what AWS says of a long-term one", async () => {
    await renderPage(new FakeConnections({ connections: [SHORT_KEY, LONG_KEY] }));
    expect(row("short").textContent).toContain("Bedrock API key — issued in us-east-1; works only in that Region; expires");
    expect(row("long").textContent).toContain("AWS documents long-term keys for exploration and names no Region limit");
  });

  it("warns before a short-term key's connection moves away from the key's Region, and saves with Switch anyway", async () => {
    const user = userEvent.setup();
    const fake = new FakeConnections({ connections: [SHORT_KEY] });
    await renderPage(fake);
    await user.click(button(row("short"), "change-region")!);
    const input = regionInput(row("short"));
    expect(document.activeElement).toBe(input);
    expect(input.value).toBe("us-east-1");
    expect(warning(row("short"))).toBeNull();
    expect(button(row("short"), "save-region")!.textContent?.trim()).toBe("Save");

    await user.clear(input);
    await user.type(input, "us-west-2");
    const shown = warning(row("short"))!;
    expect(shown.textContent).toContain("This API key works only in us-east-1");
    expect(shown.textContent).toContain("“can be used only in the AWS Region from which you generated it”");
    expect(shown.textContent).toContain("in us-west-2 every call will be refused");
    expect(shown.textContent).toContain("“To generate a key for a different Region, switch Regions in the console first.”");
    expect(input.getAttribute("aria-describedby")).toContain(shown.id);
    expect(button(row("short"), "save-region")!.textContent?.trim()).toBe("Switch anyway");
    expect(fake.commands("connection_set_region")).toHaveLength(0);

    // Back to the key's own Region: no warning, a plain Save.
    await user.clear(input);
    await user.type(input, "us-east-1");
    expect(warning(row("short"))).toBeNull();
    expect(button(row("short"), "save-region")!.textContent?.trim()).toBe("Save");

    await user.clear(input);
    await user.type(input, "us-west-2");
    await user.click(button(row("short"), "save-region")!);
    await waitFor(() => expect(row("short").querySelector('[data-testid="region-change"]')).toBeNull());
    expect(fake.commands("connection_set_region")[0]?.args).toEqual({ id: "short", region: "us-west-2" });
    expect(within(row("short")).getByTestId("region-saved").textContent).toContain("“Short key” now uses us-west-2.");
    expect(row("short").querySelector(".connection-facts")?.textContent).toContain("us-west-2");
    // The row keeps saying the key will be refused here.
    const kind = row("short").querySelector(".connection-kind")!;
    expect(kind.textContent).toContain("issued in us-east-1 and works only there, but this connection is set to us-west-2");
    expect(kind.classList.contains("warning")).toBe(true);
    expect(document.activeElement).toBe(button(row("short"), "change-region"));
  });

  it("does not warn for a long-term key or a connection without an API key", async () => {
    const user = userEvent.setup();
    await renderPage(new FakeConnections({ connections: [LONG_KEY, WORK] }));
    for (const id of ["long", "work"]) {
      await user.click(button(row(id), "change-region")!);
      const input = regionInput(row(id));
      await user.clear(input);
      await user.type(input, "ap-northeast-1");
      expect(warning(row(id))).toBeNull();
      expect(button(row(id), "save-region")!.textContent?.trim()).toBe("Save");
      await user.click(button(row(id), "cancel-region")!);
    }
  });

  it("cancels with Escape, saving nothing and giving the focus back", async () => {
    const user = userEvent.setup();
    const fake = new FakeConnections({ connections: [SHORT_KEY] });
    await renderPage(fake);
    await user.click(button(row("short"), "change-region")!);
    const input = regionInput(row("short"));
    await user.clear(input);
    await user.type(input, "eu-west-1");
    await fireEvent.keyDown(input, { key: "Escape" });
    expect(row("short").querySelector('[data-testid="region-change"]')).toBeNull();
    expect(fake.commands("connection_set_region")).toHaveLength(0);
    expect(row("short").querySelector(".connection-facts")?.textContent).toContain("us-east-1");
    expect(document.activeElement).toBe(button(row("short"), "change-region"));
    expect(button(row("short"), "change-region")!.getAttribute("aria-expanded")).toBe("false");
  });

  it("shows a refused Region under the field and keeps what was typed", async () => {
    const user = userEvent.setup();
    await renderPage(new FakeConnections({ connections: [WORK] }));
    await user.click(button(row("work"), "change-region")!);
    const input = regionInput(row("work"));
    await user.clear(input);
    await user.type(input, "eu west 1{Enter}");
    await waitFor(() =>
      expect(row("work").querySelector('[data-error-for="region"]')?.textContent).toContain("“eu west 1” is not a Region code"),
    );
    expect(regionInput(row("work")).value).toBe("eu west 1");
    expect(regionInput(row("work")).getAttribute("aria-invalid")).toBe("true");
    // Typing on hides the refusal of what is no longer there.
    await user.type(regionInput(row("work")), "x");
    expect(row("work").querySelector('[data-error-for="region"]')).toBeNull();
  });

  it("shows any other failure above the field", async () => {
    const user = userEvent.setup();
    const fake = new FakeConnections({ connections: [WORK] });
    fake.overrides.connection_set_region = () => {
      throw failure("internal", "Outcrop could not save connections to /data/connections.json; check the folder's permissions");
    };
    await renderPage(fake);
    await user.click(button(row("work"), "change-region")!);
    await user.clear(regionInput(row("work")));
    await user.type(regionInput(row("work")), "eu-central-1{Enter}");
    await waitFor(() => expect(within(row("work")).getByTestId("region-change-error").textContent).toContain("check the folder's permissions"));
    expect(regionInput(row("work")).value).toBe("eu-central-1");
  });

  it("drops the moved connection's catalogue and its last test, so the old Region's are not shown", async () => {
    const user = userEvent.setup();
    const fake = new FakeConnections({ connections: [WORK], activeId: "work" });
    fake.overrides.models_catalog = (): Catalog => ({ region: "eu-west-1", models: [], profiles: [] });
    await renderPage(fake);
    await catalog.ensure("work");
    expect(catalog.catalog?.region).toBe("eu-west-1");
    await user.click(button(row("work"), "test")!);
    await waitFor(() => expect(within(row("work")).getByTestId("test-result")).toBeTruthy());

    await user.click(button(row("work"), "change-region")!);
    await user.clear(regionInput(row("work")));
    await user.type(regionInput(row("work")), "eu-central-1{Enter}");
    await waitFor(() => expect(fake.commands("connection_set_region")).toHaveLength(1));
    await waitFor(() => expect(catalog.catalog).toBeNull());
    expect(within(row("work")).queryByTestId("test-result")).toBeNull();
    // The next visit to a page that needs it loads it again.
    fake.overrides.models_catalog = (): Catalog => ({ region: "eu-central-1", models: [], profiles: [] });
    await catalog.ensure("work");
    expect(catalog.catalog?.region).toBe("eu-central-1");
  });

  it("shows under the add form's Region field that a short-term key belongs to another Region", async () => {
    const user = userEvent.setup();
    const fake = new FakeConnections({ connections: [] });
    fake.overrides.connection_check = () => [
      {
        field: "region",
        rule: { code: "apiKeyRegion", keyRegion: "us-west-2", region: "us-east-1" },
        message: "This API key was issued in us-west-2 and works only there",
      },
    ];
    await renderPage(fake);
    await user.click(screen.getByTestId("add-connection"));
    await user.click(screen.getByLabelText("API key"));
    await user.type(document.querySelector<HTMLInputElement>('form [name="region"]')!, "us-east-1");
    await waitFor(() =>
      expect(document.querySelector('[data-error-for="region"]')?.textContent).toBe(
        "This key was issued in us-west-2 and works only there: set the Region to us-west-2, or create a key in us-east-1",
      ),
    );
  });

  it("words the warning and the row in Japanese", async () => {
    i18n.set("ja");
    try {
      const user = userEvent.setup();
      await renderPage(new FakeConnections({ connections: [SHORT_KEY, LONG_KEY] }));
      expect(row("short").textContent).toContain("us-east-1 で発行。このリージョンでのみ使えます。");
      expect(row("long").textContent).toContain("リージョンの制限は記載していません");
      await user.click(button(row("short"), "change-region")!);
      const input = regionInput(row("short"));
      await user.clear(input);
      await user.type(input, "us-west-2");
      expect(warning(row("short"))!.textContent).toContain("この API キーは us-east-1 でのみ使えます");
      expect(button(row("short"), "save-region")!.textContent?.trim()).toBe("それでも切り替える");
      const keys = (row("short").textContent ?? "").match(/\bconnections\.[a-z][\w.]*/g) ?? [];
      expect(keys).toEqual([]);
    } finally {
      i18n.set("en");
    }
  });
});
