// Where a connection sends the Messages API: chosen in the Add form, shown and changed in the row, in both languages.
import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connections } from "../../lib/connections.svelte";
import { i18n } from "../../lib/i18n/index.svelte";
import { navigation } from "../../lib/navigation.svelte";
import { FakeConnections, KEYS, LOCAL, failure } from "../../test-support/fake-connections";
import { renderPage, row } from "./test-page";

beforeEach(() => {
  connections.reset();
  navigation.go("connections");
});

afterEach(() => {
  i18n.set("en");
});

function endpointSelect(scope: HTMLElement): HTMLSelectElement {
  const found = scope.querySelector<HTMLSelectElement>('select[name="messagesEndpoint"]');
  if (!found) throw new Error("no Messages API endpoint field");
  return found;
}

describe("the Messages API endpoint of a connection", () => {
  it("is chosen when adding a Local Bedrock connection and sent with the draft", async () => {
    const user = userEvent.setup();
    const fake = new FakeConnections({ connections: [KEYS] });
    await renderPage(fake);
    await user.click(screen.getByTestId("add-connection"));
    await user.click(screen.getByLabelText("Local Bedrock"));
    await user.type(document.querySelector<HTMLInputElement>('form [name="name"]')!, "Offline mantle");
    await user.type(document.querySelector<HTMLInputElement>('form [name="region"]')!, "us-east-1");
    const form = screen.getByTestId("add-connection-form");
    await user.click(within(form).getByText("Advanced"));
    const select = within(form).getByLabelText("Messages API endpoint") as HTMLSelectElement;
    expect(select.value).toBe("runtime");
    expect([...select.options].map((o) => o.textContent)).toEqual(["bedrock-runtime (default)", "bedrock-mantle"]);
    await user.selectOptions(select, "mantle");
    await user.click(screen.getByTestId("submit-connection"));

    await waitFor(() => expect(fake.commands("connection_add")).toHaveLength(1));
    expect(fake.commands("connection_add")[0]?.args).toEqual({
      draft: {
        name: "Offline mantle",
        region: "us-east-1",
        endpointUrl: null,
        source: { kind: "localBedrock" },
        messagesEndpoint: "mantle",
      },
    });
    await waitFor(() => expect(endpointSelect(row("c1")).value).toBe("mantle"));
  });

  it("shows on each row and changes a saved connection at once, without asking for its secret", async () => {
    const user = userEvent.setup();
    const fake = new FakeConnections({ connections: [LOCAL, { ...KEYS, messagesEndpoint: "mantle" }] });
    await renderPage(fake);
    expect(endpointSelect(row("local")).value).toBe("runtime");
    expect(endpointSelect(row("keys")).value).toBe("mantle");

    await user.selectOptions(endpointSelect(row("local")), "mantle");
    await waitFor(() => expect(fake.commands("connection_set_messages_endpoint")).toHaveLength(1));
    expect(fake.commands("connection_set_messages_endpoint")[0]?.args).toEqual({ id: "local", endpoint: "mantle" });
    expect(fake.commands("connection_add")).toHaveLength(0);
    await waitFor(() =>
      expect(within(row("local")).getByTestId("messages-endpoint-saved").textContent).toContain(
        "“Local Bedrock” now sends the Messages API to bedrock-mantle.",
      ),
    );
    expect(connections.overview?.connections.find((c) => c.id === "local")?.messagesEndpoint).toBe("mantle");
    expect(row("local").querySelector('input[type="password"]')).toBeNull();
  });

  it("goes back to the saved choice and says why when the change is refused", async () => {
    const user = userEvent.setup();
    const fake = new FakeConnections({ connections: [LOCAL] });
    fake.overrides.connection_set_messages_endpoint = () => {
      throw failure("internal", "Outcrop could not save connections to /data/connections.json; check the folder's permissions");
    };
    await renderPage(fake);
    await user.selectOptions(endpointSelect(row("local")), "mantle");
    await waitFor(() => expect(within(row("local")).getByTestId("messages-endpoint-error").textContent).toContain("was not changed"));
    expect(endpointSelect(row("local")).value).toBe("runtime");
  });

  it("is worded in Japanese", async () => {
    const user = userEvent.setup();
    i18n.set("ja");
    const fake = new FakeConnections({ connections: [LOCAL] });
    await renderPage(fake);
    const select = within(row("local")).getByLabelText("Messages API のエンドポイント") as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(["bedrock-runtime（既定）", "bedrock-mantle"]);
    // On the row the explanation is the select's tooltip; the Add form shows it in full.
    expect(select.title).toContain("bedrock-mantle はプロファイルの接頭辞のないモデル ID を受け付け");
    await user.selectOptions(select, "mantle");
    await waitFor(() =>
      expect(within(row("local")).getByTestId("messages-endpoint-saved").textContent).toContain(
        "「Local Bedrock」は Messages API を bedrock-mantle に送るようになりました。",
      ),
    );
    await user.click(screen.getByTestId("add-connection"));
    const form = screen.getByTestId("add-connection-form");
    expect(within(form).getByLabelText("Messages API のエンドポイント")).toBeTruthy();
  });
});
