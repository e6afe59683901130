import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { connections } from "../../lib/connections.svelte";
import { i18n } from "../../lib/i18n/index.svelte";
import { FakeConnections, KEYS, LOCAL } from "../../test-support/fake-connections";
import { renderPage, row } from "./test-page";

beforeEach(() => {
  i18n.set("en");
  connections.reset();
});

describe("a connection's endpoints", () => {
  it("are edited in place, bedrock-runtime apart, without the secret, and shown on the row", async () => {
    const fake = new FakeConnections({ connections: [LOCAL, KEYS], activeId: "keys" });
    await renderPage(fake);
    const user = userEvent.setup();
    expect(row("local").querySelector("[data-action='change-endpoints']")).toBeNull();
    await user.click(within(row("keys")).getByRole("button", { name: "Endpoints…" }));
    const form = within(row("keys")).getByTestId("endpoints-change");
    const [control, runtime] = within(form).getAllByRole("textbox") as HTMLInputElement[];
    await user.clear(control!);
    await user.type(control!, "https://vpce-1.bedrock.us-east-1.vpce.amazonaws.com");
    await user.type(runtime!, "https://vpce-2.bedrock-runtime.us-east-1.vpce.amazonaws.com");
    await user.click(within(form).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(fake.commands("connection_set_endpoints")).toHaveLength(1));
    expect(fake.commands("connection_set_endpoints")[0]?.args).toEqual({
      id: "keys",
      endpointUrl: "https://vpce-1.bedrock.us-east-1.vpce.amazonaws.com",
      runtimeEndpointUrl: "https://vpce-2.bedrock-runtime.us-east-1.vpce.amazonaws.com",
    });
    expect(fake.commands("connection_add")).toHaveLength(0);
    await waitFor(() => expect(within(row("keys")).getByTestId("endpoints-saved")).toBeTruthy());
    expect(within(row("keys")).getByTestId("connection-runtime-endpoint").textContent).toContain(
      "bedrock-runtime https://vpce-2.bedrock-runtime.us-east-1.vpce.amazonaws.com",
    );
  });

  it("keeps what was typed and shows the rule under its field when Rust refuses it, in Japanese too", async () => {
    const fake = new FakeConnections({ connections: [KEYS], activeId: "keys" });
    fake.overrides.connection_set_endpoints = () => {
      throw {
        code: "validation",
        message: "plain http",
        detail: null,
        fields: [
          {
            field: "runtimeEndpointUrl",
            rule: { code: "endpointUrlPlainHttp", host: "10.0.0.5" },
            message: "The endpoint URL uses plain http:// for 10.0.0.5",
          },
        ],
      };
    };
    i18n.set("ja");
    await renderPage(fake);
    const user = userEvent.setup();
    await user.click(within(row("keys")).getByRole("button", { name: "エンドポイント…" }));
    const form = within(row("keys")).getByTestId("endpoints-change");
    const runtime = within(form).getAllByRole("textbox")[1] as HTMLInputElement;
    await user.type(runtime, "http://10.0.0.5:4599");
    await user.click(within(form).getByRole("button", { name: "保存" }));
    await waitFor(() => expect(form.textContent).toContain("10.0.0.5 に平文の http://"));
    expect(runtime.value).toBe("http://10.0.0.5:4599");
    expect(screen.getByTestId("endpoints-change")).toBeTruthy();
  });
});
