import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { connections } from "../../lib/connections.svelte";
import { i18n } from "../../lib/i18n/index.svelte";
import { navigation } from "../../lib/navigation.svelte";
import {
  CI_PROFILE,
  DEV_PROFILE,
  FakeConnections,
  KEYS,
  LOCAL,
  WORK,
  failure,
} from "../../test-support/fake-connections";
import { button, renderPage, row } from "./test-page";

beforeEach(() => {
  connections.reset();
  navigation.go("connections");
});


function field(name: string): HTMLInputElement {
  const found = document.querySelector<HTMLInputElement>(`form [name="${name}"]`);
  if (!found) throw new Error(`no field ${name}`);
  return found;
}

function errorFor(name: string): string | null {
  return document.querySelector(`[data-error-for="${name}"]`)?.textContent?.trim() ?? null;
}

function submitButton(): HTMLButtonElement {
  return screen.getByTestId("submit-connection") as HTMLButtonElement;
}

/** Add looks unavailable: the last check found something missing (a click still submits, and checks first). */
function addBlocked(): boolean {
  return submitButton().getAttribute("aria-disabled") === "true";
}

describe("Connections page: the list", () => {
  it("shows each connection with its kind, Region, endpoint and the Active badge", async () => {
    const apiKey = { id: "api", name: "Team key", source: { kind: "apiKey" as const, expiresAt: null, keyRegion: null, longTerm: false }, region: "us-east-1", endpointUrl: null, runtimeEndpointUrl: null, messagesEndpoint: "runtime" as const };
    await renderPage(new FakeConnections({ connections: [LOCAL, WORK, KEYS, apiKey], activeId: "work", profiles: [DEV_PROFILE] }));

    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Connections");
    expect(row("local").textContent).toContain("Local Bedrock — simulated");
    expect(row("work").textContent).toContain("AWS profile dev (SSO)");
    expect(row("work").textContent).toContain("eu-west-1");
    expect(row("keys").textContent).toContain("Access keys AKIA…WXYZ (temporary)");
    expect(row("keys").textContent).toContain("https://bedrock.vpce.example.com");
    expect(row("api").textContent).toContain("Bedrock API key — expiry unknown");

    expect(within(row("work")).getByText("Active")).toBeTruthy();
    expect(within(row("local")).queryByText("Active")).toBeNull();
    expect(button(row("work"), "use")).toBeNull();
    expect(button(row("local"), "use")).not.toBeNull();
    for (const id of ["local", "work", "keys", "api"]) {
      expect(button(row(id), "test")).not.toBeNull();
      expect(button(row(id), "remove")).not.toBeNull();
    }
  });

  it("highlights an API key that expires within the hour", async () => {
    const soon = { id: "soon", name: "Short key", source: { kind: "apiKey" as const, expiresAt: Date.now() / 1000 + 600, keyRegion: "us-east-1", longTerm: false }, region: "us-east-1", endpointUrl: null, runtimeEndpointUrl: null, messagesEndpoint: "runtime" as const };
    await renderPage(new FakeConnections({ connections: [soon] }));
    const kind = row("soon").querySelector(".connection-kind");
    expect(kind?.textContent).toMatch(/expires in 10 minutes/);
    expect(kind?.classList.contains("warning")).toBe(true);
  });

  it("shows the notice when the saved connections could not be read", async () => {
    await renderPage(new FakeConnections({ notice: "connections.json was damaged and kept as connections.json.bad" }));
    expect(screen.getByTestId("connections-notice").textContent).toContain("connections.json.bad");
  });

  it("says when an API key is set in the environment, by name only, and that connections ignore it", async () => {
    await renderPage(new FakeConnections({ connections: [LOCAL] }));
    expect(screen.queryByTestId("connections-env-api-key")).toBeNull();
    cleanup();
    connections.reset();
    await renderPage(new FakeConnections({ connections: [LOCAL], apiKeyVariables: ["AWS_BEARER_TOKEN_BEDROCK"] }));
    const callout = screen.getByTestId("connections-env-api-key");
    expect(callout.textContent).toContain("A Bedrock API key is set in Outcrop's environment (AWS_BEARER_TOKEN_BEDROCK)");
    expect(callout.textContent).toContain("Outcrop's connections ignore it");
  });

  it("switches the active connection with Use", async () => {
    const fake = new FakeConnections({ connections: [LOCAL, WORK], activeId: "local" });
    await renderPage(fake);
    await fireEvent.click(button(row("work"), "use")!);
    await waitFor(() => expect(within(row("work")).queryByText("Active")).not.toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(button(row("work"), "test")));
    expect(within(row("local")).queryByText("Active")).toBeNull();
    expect(button(row("local"), "use")).not.toBeNull();
    expect(fake.commands("connection_activate")[0]?.args).toEqual({ id: "work" });
  });

  it("shows a successful test under the connection", async () => {
    await renderPage(new FakeConnections({ connections: [LOCAL, WORK] }));
    await fireEvent.click(button(row("work"), "test")!);
    const result = await waitFor(() => within(row("work")).getByTestId("test-result"));
    expect(result.classList.contains("ok")).toBe(true);
    expect(result.textContent).toContain(
      "Connected to eu-west-1 as arn:aws:iam::123456789012:user/dev — 14 foundation models, 120 ms",
    );
    expect(within(row("local")).queryByTestId("test-result")).toBeNull();
  });

  it("shows a failed test's message, the command to run with Copy, and the details", async () => {
    const fake = new FakeConnections({ connections: [WORK] });
    fake.overrides.connection_test = () => {
      throw failure(
        "expired_credentials",
        "The IAM Identity Center (SSO) session of profile “dev” has expired. Run `aws sso login --profile dev` and test again.",
        "ExpiredTokenException: Token has expired and refresh failed",
      );
    };
    await renderPage(fake);
    await fireEvent.click(button(row("work"), "test")!);
    const result = await waitFor(() => within(row("work")).getByTestId("test-result"));
    expect(result.classList.contains("error")).toBe(true);
    expect(result.textContent).toContain("has expired");
    expect(result.querySelector("code")?.textContent).toBe("aws sso login --profile dev");
    expect(within(result).getByRole("button", { name: "Copy" })).toBeTruthy();
    const details = result.querySelector("details");
    expect(details?.querySelector("summary")?.textContent).toBe("Details");
    expect(details?.textContent).toContain("ExpiredTokenException");
  });

  it("asks before removing, says the keychain entry goes too, and removes", async () => {
    const fake = new FakeConnections({ connections: [LOCAL, KEYS] });
    await renderPage(fake);
    await fireEvent.click(button(row("keys"), "remove")!);
    expect(fake.commands("connection_remove")).toHaveLength(0);
    expect(row("keys").textContent).toMatch(/keychain/);
    // Focus lands on the safe choice.
    expect(document.activeElement?.getAttribute("data-action")).toBe("cancel-remove");
    await fireEvent.click(button(row("keys"), "confirm-remove")!);
    await waitFor(() => expect(document.querySelector('[data-connection-id="keys"]')).toBeNull());
    await waitFor(() => expect(document.activeElement?.textContent).toBe("Saved connections"));
    expect(fake.commands("connection_remove")[0]?.args).toEqual({ id: "keys" });
  });

  it("keeps the connection when removal is cancelled with Keep or Escape", async () => {
    const fake = new FakeConnections({ connections: [KEYS] });
    await renderPage(fake);
    await fireEvent.click(button(row("keys"), "remove")!);
    await fireEvent.click(button(row("keys"), "cancel-remove")!);
    expect(button(row("keys"), "confirm-remove")).toBeNull();
    await fireEvent.click(button(row("keys"), "remove")!);
    await fireEvent.keyDown(button(row("keys"), "cancel-remove")!, { key: "Escape" });
    expect(button(row("keys"), "confirm-remove")).toBeNull();
    expect(fake.commands("connection_remove")).toHaveLength(0);
  });
});

describe("Connections page: adding", () => {
  it("shows rule breaks under their fields as the person types, and keeps Add disabled", async () => {
    const user = userEvent.setup();
    await renderPage(new FakeConnections({ connections: [WORK] }));
    await user.click(screen.getByTestId("add-connection"));
    expect(document.activeElement).toBe(field("name"));
    await waitFor(() => expect(addBlocked()).toBe(true));

    await user.type(field("name"), "Work");
    await waitFor(() => expect(errorFor("name")).toContain("exists already"));
    await user.clear(field("region"));
    await user.type(field("region"), "us-east");
    await waitFor(() => expect(errorFor("region")).toContain("not a Region code"));
    expect(addBlocked()).toBe(true);

    await user.type(field("name"), "2");
    await user.type(field("region"), "-1");
    await user.click(screen.getByLabelText("Access keys"));
    await user.type(field("accessKeyId"), "ASIAIOSFODNN7EXAMPLE");
    // The session token's rule depends on the key ID, so it shows although the token was not touched.
    await waitFor(() => expect(errorFor("sessionToken")).toContain("session token"));
    expect(errorFor("name")).toBeNull();
    expect(errorFor("region")).toBeNull();
    expect(addBlocked()).toBe(true);
  });

  it("adds access keys with the right draft, clears the secrets, closes and tests", async () => {
    const user = userEvent.setup();
    const fake = new FakeConnections({ connections: [LOCAL] });
    await renderPage(fake);
    await user.click(screen.getByTestId("add-connection"));
    await user.type(field("name"), "Sandbox");
    await user.type(field("region"), "us-west-2");
    await user.click(screen.getByLabelText("Access keys"));
    await user.type(field("accessKeyId"), "AKIAIOSFODNN7EXAMPLE");
    await user.type(field("secretAccessKey"), "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    expect(field("secretAccessKey").type).toBe("password");
    expect(field("sessionToken").type).toBe("password");
    expect(screen.getByText(/Stored in your operating system's keychain; Outcrop never shows it again\./)).toBeTruthy();
    await waitFor(() => expect(addBlocked()).toBe(false));
    await user.click(submitButton());

    await waitFor(() => expect(fake.commands("connection_add")).toHaveLength(1));
    expect(fake.commands("connection_add")[0]?.args).toEqual({
      draft: {
        name: "Sandbox",
        region: "us-west-2",
        endpointUrl: null,
        messagesEndpoint: "runtime",
        source: {
          kind: "accessKeys",
          accessKeyId: "AKIAIOSFODNN7EXAMPLE",
          secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
          sessionToken: null,
        },
      },
    });
    await waitFor(() => expect(screen.queryByTestId("add-connection-form")).toBeNull());
    expect(document.activeElement).toBe(screen.getByTestId("add-connection"));
    const added = row("c1");
    expect(added.textContent).toContain("Access keys AKIA…MPLE");
    await waitFor(() => expect(within(added).getByTestId("test-result").classList.contains("ok")).toBe(true));
    expect(fake.commands("connection_test")[0]?.args).toEqual({ id: "c1" });

    // Opening the form again shows no secret.
    await user.click(screen.getByTestId("add-connection"));
    await user.click(screen.getByLabelText("Access keys"));
    expect(field("secretAccessKey").value).toBe("");
    expect(field("sessionToken").value).toBe("");
  });

  it("adds on a click right after the last keystroke, before the debounced check has run", async () => {
    const user = userEvent.setup();
    const fake = new FakeConnections({ connections: [WORK] });
    await renderPage(fake);
    await user.click(screen.getByTestId("add-connection"));
    await user.click(screen.getByLabelText("Local Bedrock"));
    await user.type(field("region"), "us-east-1");
    await user.type(field("name"), "Work");
    await waitFor(() => expect(errorFor("name")).toContain("exists already"));
    expect(addBlocked()).toBe(true);

    // The keystroke that fixes the name, and the click at once: the check of "Work 2" is still waiting.
    const checks = fake.commands("connection_check").length;
    await fireEvent.input(field("name"), { target: { value: "Work 2" } });
    expect(fake.commands("connection_check")).toHaveLength(checks);
    expect(submitButton().disabled).toBe(false);
    await fireEvent.click(submitButton());
    await waitFor(() => expect(fake.commands("connection_add")).toHaveLength(1));
    expect((fake.commands("connection_add")[0]?.args.draft as { name: string }).name).toBe("Work 2");
  });

  it("a click right after a keystroke that breaks a rule shows the rule instead of adding", async () => {
    const user = userEvent.setup();
    const fake = new FakeConnections({ connections: [WORK] });
    await renderPage(fake);
    await user.click(screen.getByTestId("add-connection"));
    await user.click(screen.getByLabelText("Local Bedrock"));
    await user.type(field("region"), "us-east-1");
    await user.type(field("name"), "Lab");
    await waitFor(() => expect(addBlocked()).toBe(false));

    await fireEvent.input(field("name"), { target: { value: "Work" } });
    await fireEvent.click(submitButton());
    await waitFor(() => expect(errorFor("name")).toContain("exists already"));
    expect(fake.commands("connection_add")).toHaveLength(0);
    expect(addBlocked()).toBe(true);
    expect(field("name").value).toBe("Work");
    await waitFor(() => expect(document.activeElement).toBe(field("name")));
  });

  it("submits with Enter and closes with Escape", async () => {
    const user = userEvent.setup();
    const fake = new FakeConnections({ connections: [] });
    await renderPage(fake);
    await user.click(screen.getByTestId("add-connection"));
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("add-connection-form")).toBeNull();

    await user.click(screen.getByTestId("add-connection"));
    await user.click(screen.getByLabelText("Local Bedrock"));
    await user.type(field("name"), "Offline");
    await user.type(field("region"), "eu-central-1{Enter}");
    await waitFor(() => expect(fake.commands("connection_add")).toHaveLength(1));
    expect(fake.commands("connection_add")[0]?.args).toEqual({
      draft: { name: "Offline", region: "eu-central-1", endpointUrl: null, source: { kind: "localBedrock" }, messagesEndpoint: "runtime" },
    });
  });

  it("Enter on an incomplete form shows every rule it breaks instead of adding", async () => {
    const user = userEvent.setup();
    const fake = new FakeConnections({ connections: [] });
    await renderPage(fake);
    await user.click(screen.getByTestId("add-connection"));
    await user.keyboard("{Enter}");
    await waitFor(() => expect(errorFor("name")).toContain("name"));
    expect(errorFor("region")).toContain("Region");
    await waitFor(() => expect(document.activeElement).toBe(field("name")));
    expect(fake.commands("connection_add")).toHaveLength(0);
  });

  it("keeps what was typed and says so when the keychain is locked", async () => {
    const user = userEvent.setup();
    const fake = new FakeConnections({ connections: [] });
    fake.overrides.connection_add = () => {
      throw failure("keychain", "The keychain is locked. Unlock it and try again.", "org.freedesktop.Secret.Error.IsLocked");
    };
    await renderPage(fake);
    await user.click(screen.getByTestId("add-connection"));
    await user.type(field("name"), "Team key");
    await user.type(field("region"), "us-east-1");
    await user.click(screen.getByLabelText("API key"));
    await user.type(field("apiKey"), "ABSKQmVkcm9ja0FQSUtleQ==");
    await waitFor(() => expect(addBlocked()).toBe(false));
    await user.click(submitButton());
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("The keychain is locked");
    expect(field("name").value).toBe("Team key");
    expect(field("apiKey").value).toBe("ABSKQmVkcm9ja0FQSUtleQ==");
    expect(screen.getByTestId("add-connection-form")).toBeTruthy();
  });

  it("shows a validation failure from Add under the fields", async () => {
    const user = userEvent.setup();
    const fake = new FakeConnections({ connections: [] });
    fake.overrides.connection_add = () => {
      throw failure(
        "validation",
        "“xx-nowhere-9” is not known to have Bedrock",
        null,
        [{ field: "region", rule: { code: "regionFormat", region: "xx-nowhere-9" }, message: "“xx-nowhere-9” is not known to have Bedrock" }],
      );
    };
    await renderPage(fake);
    await user.click(screen.getByTestId("add-connection"));
    await user.click(screen.getByLabelText("Local Bedrock"));
    await user.type(field("name"), "Odd");
    await user.type(field("region"), "xx-nowhere-9");
    await waitFor(() => expect(addBlocked()).toBe(false));
    await user.click(submitButton());
    await waitFor(() => expect(errorFor("region")).toContain("“xx-nowhere-9” is not a Region code"));
    expect(field("region").value).toBe("xx-nowhere-9");
  });

  it("lists the AWS profiles with their kind, and fills an empty Region from the chosen one", async () => {
    const user = userEvent.setup();
    const fake = new FakeConnections({ connections: [], profiles: [DEV_PROFILE, CI_PROFILE] });
    await renderPage(fake);
    await user.click(screen.getByTestId("add-connection"));
    await user.click(screen.getByLabelText("AWS profile"));
    const select = field("profile") as unknown as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toContain("dev (SSO, eu-west-1)");
    await user.selectOptions(select, "dev");
    expect(field("region").value).toBe("eu-west-1");
    expect(screen.getByTestId("add-connection-form").textContent).toContain("aws sso login --profile dev");
    await user.type(field("name"), "Dev");
    await waitFor(() => expect(addBlocked()).toBe(false));
    await user.click(submitButton());
    await waitFor(() => expect(fake.commands("connection_add")).toHaveLength(1));
    expect(fake.commands("connection_add")[0]?.args).toEqual({
      draft: { name: "Dev", region: "eu-west-1", endpointUrl: null, source: { kind: "awsProfile", profile: "dev" }, messagesEndpoint: "runtime" },
    });
  });

  it("says when there are no AWS profiles", async () => {
    const user = userEvent.setup();
    await renderPage(new FakeConnections({ connections: [] }));
    await user.click(screen.getByTestId("add-connection"));
    await user.click(screen.getByLabelText("AWS profile"));
    expect(screen.getByText("No profiles found in ~/.aws/config or ~/.aws/credentials")).toBeTruthy();
  });

  it("sends an endpoint URL from Advanced", async () => {
    const user = userEvent.setup();
    const fake = new FakeConnections({ connections: [] });
    await renderPage(fake);
    await user.click(screen.getByTestId("add-connection"));
    await user.click(screen.getByLabelText("Local Bedrock"));
    await user.type(field("name"), "Mine");
    await user.type(field("region"), "us-east-1");
    await user.click(screen.getByText("Advanced"));
    expect(screen.getByText(/for VPC endpoints or a bedrock-local you run yourself/i)).toBeTruthy();
    await user.type(field("endpointUrl"), "http://127.0.0.1:4599");
    await waitFor(() => expect(addBlocked()).toBe(false));
    await user.click(submitButton());
    await waitFor(() => expect(fake.commands("connection_add")).toHaveLength(1));
    expect((fake.commands("connection_add")[0]?.args.draft as { endpointUrl: string }).endpointUrl).toBe(
      "http://127.0.0.1:4599",
    );
  });
});

describe("Connections page: welcome", () => {
  it("starts with Local Bedrock in one click and opens the playground", async () => {
    const user = userEvent.setup();
    const fake = new FakeConnections({ connections: [], showWelcome: true });
    await renderPage(fake);
    expect(screen.getByTestId("welcome").textContent).toContain("Local Bedrock");
    await user.click(screen.getByRole("button", { name: "Start with Local Bedrock" }));
    await waitFor(() => expect(navigation.current).toBe("playground"));
    expect(fake.commands("connection_add")[0]?.args).toEqual({
      draft: { name: "Local Bedrock", region: "us-east-1", endpointUrl: null, source: { kind: "localBedrock" } },
    });
    expect(fake.commands("connection_activate")[0]?.args).toEqual({ id: "c1" });
    expect(fake.commands("welcome_finish")).toHaveLength(1);
    expect(connections.active?.name).toBe("Local Bedrock");
    expect(screen.queryByTestId("welcome")).toBeNull();
  });

  it("uses a profile found in ~/.aws", async () => {
    const user = userEvent.setup();
    const fake = new FakeConnections({ connections: [], showWelcome: true, profiles: [DEV_PROFILE] });
    await renderPage(fake);
    await user.click(screen.getByRole("button", { name: "Use dev" }));
    await waitFor(() => expect(connections.active?.name).toBe("dev"));
    expect(connections.active?.region).toBe("eu-west-1");
    expect(navigation.current).toBe("connections");
    await waitFor(() => expect(within(row("c1")).getByTestId("test-result")).toBeTruthy());
  });

  it("can be put off with Set up later", async () => {
    const user = userEvent.setup();
    const fake = new FakeConnections({ connections: [], showWelcome: true });
    await renderPage(fake);
    await user.click(screen.getByRole("button", { name: "Set up later" }));
    await waitFor(() => expect(screen.queryByTestId("welcome")).toBeNull());
    expect(fake.commands("welcome_finish")).toHaveLength(1);
    expect(fake.commands("connection_add")).toHaveLength(0);
  });
});

describe("Connections page: in Japanese", () => {
  /** Text and labels that show a message key instead of a message (a key missing from `ja`). */
  function untranslated(root: HTMLElement): string[] {
    const texts = [root.textContent ?? ""];
    for (const el of root.querySelectorAll("*")) {
      for (const attr of ["aria-label", "placeholder", "title"]) texts.push(el.getAttribute(attr) ?? "");
    }
    return texts.flatMap((text) => text.match(/\bconnections\.[a-z][\w.]*/g) ?? []);
  }

  it("shows every part of the page in Japanese", async () => {
    i18n.set("ja");
    try {
      const user = userEvent.setup();
      const keys = { ...KEYS, id: "keys" };
      const view = await renderPage(
        new FakeConnections({ connections: [LOCAL, WORK, keys], activeId: "work", showWelcome: true, profiles: [DEV_PROFILE, CI_PROFILE] }),
      );
      expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("接続");
      expect(screen.getByTestId("welcome").textContent).toContain("接続方法を選ぶ");
      expect(row("local").textContent).toContain("Local Bedrock — シミュレーション");
      expect(row("work").textContent).toContain("AWS プロファイル dev（SSO）");
      await user.click(button(row("work"), "test")!);
      await waitFor(() => expect(within(row("work")).getByTestId("test-result").textContent).toContain("に接続しました"));
      await user.click(button(row("keys"), "remove")!);
      expect(row("keys").textContent).toContain("この操作は元に戻せません。");
      await user.click(screen.getByTestId("add-connection"));
      expect(screen.getByRole("heading", { name: "接続を追加" })).toBeTruthy();
      for (const kind of ["アクセスキー", "API キー", "Local Bedrock", "AWS プロファイル"]) {
        await user.click(screen.getByRole("radio", { name: kind }));
        expect(untranslated(view.container)).toEqual([]);
      }
      expect(field("name").placeholder).toBe("業務用アカウント");
    } finally {
      i18n.set("en");
    }
  });
});
