import { beforeEach, describe, expect, it } from "vitest";
import { connections } from "./connections.svelte";
import { OutcropError } from "./ipc";
import {
  CI_PROFILE,
  DEV_PROFILE,
  FakeConnections,
  KEYS,
  LOCAL,
  WORK,
  failure,
} from "../test-support/fake-connections";

beforeEach(() => {
  connections.reset();
});

describe("connections store", () => {
  it("loads the overview and the AWS profiles", async () => {
    new FakeConnections({ connections: [LOCAL, WORK], activeId: "work", profiles: [DEV_PROFILE] }).install();
    await connections.load();
    expect(connections.connections.map((c) => c.id)).toEqual(["local", "work"]);
    expect(connections.active?.name).toBe("Work");
    expect(connections.profiles).toEqual([DEV_PROFILE]);
    expect(connections.error).toBeNull();
    expect(connections.loading).toBe(false);
  });

  it("has no active connection when none is chosen, or the chosen one is gone", async () => {
    const fake = new FakeConnections({ connections: [LOCAL] }).install();
    await connections.load();
    expect(connections.active).toBeNull();
    fake.activeId = "deleted";
    await connections.refresh();
    expect(connections.active).toBeNull();
  });

  it("keeps a load failure, and a profiles failure apart from it", async () => {
    const fake = new FakeConnections().install();
    fake.overrides.connections_overview = () => {
      throw failure("internal", "Outcrop could not read its data directory", "EACCES");
    };
    fake.overrides.aws_profiles = () => {
      throw failure("internal", "~/.aws/config is not readable");
    };
    await connections.load();
    expect(connections.error).toBeInstanceOf(OutcropError);
    expect(connections.error?.detail).toBe("EACCES");
    expect(connections.profilesError?.message).toContain("~/.aws/config");
    expect(connections.overview).toBeNull();
  });

  it("adds a connection and lists it", async () => {
    const fake = new FakeConnections({ connections: [LOCAL] }).install();
    await connections.load();
    const saved = await connections.add({
      name: "Sandbox",
      region: "us-west-2",
      endpointUrl: null,
      source: { kind: "accessKeys", accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "x".repeat(40), sessionToken: null },
    });
    expect(saved.source).toEqual({ kind: "accessKeys", accessKeyIdMasked: "AKIA…MPLE", temporary: false });
    expect(connections.connections.map((c) => c.name)).toEqual(["Local Bedrock", "Sandbox"]);
    expect(fake.commands("connections_overview")).toHaveLength(2);
  });

  it("throws a classified error when adding fails, and lists nothing new", async () => {
    const fake = new FakeConnections().install();
    fake.overrides.connection_add = () => {
      throw failure("keychain", "The keychain is locked; unlock it and try again");
    };
    await connections.load();
    const error = await connections
      .add({ name: "Sandbox", region: "us-east-1", endpointUrl: null, source: { kind: "apiKey", apiKey: "ABSKxyz" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutcropError);
    expect((error as OutcropError).code).toBe("keychain");
    expect(connections.connections).toEqual([]);
  });

  it("removes a connection, and the active one is no longer active", async () => {
    const fake = new FakeConnections({ connections: [LOCAL, WORK], activeId: "work" }).install();
    await connections.load();
    expect(await connections.remove("work")).toBe(true);
    expect(fake.commands("connection_remove")[0]?.args).toEqual({ id: "work" });
    expect(connections.connections.map((c) => c.id)).toEqual(["local"]);
    expect(connections.active).toBeNull();
  });

  it("keeps the error when removing fails", async () => {
    const fake = new FakeConnections({ connections: [KEYS] }).install();
    fake.overrides.connection_remove = () => {
      throw failure("keychain", "The keychain entry could not be deleted");
    };
    await connections.load();
    expect(await connections.remove("keys")).toBe(false);
    expect(connections.error?.code).toBe("keychain");
    expect(connections.connections).toHaveLength(1);
  });

  it("activating makes a connection the active one at once", async () => {
    const fake = new FakeConnections({ connections: [LOCAL, WORK], activeId: "local" }).install();
    await connections.load();
    expect(connections.active?.id).toBe("local");
    expect(await connections.activate("work")).toBe(true);
    expect(connections.active?.id).toBe("work");
    expect(fake.commands("connection_activate")[0]?.args).toEqual({ id: "work" });
    // No reload was needed.
    expect(fake.commands("connections_overview")).toHaveLength(1);
  });

  it("keeps the last test report or error per connection", async () => {
    const fake = new FakeConnections({ connections: [LOCAL, WORK] }).install();
    fake.overrides.connection_test = (args) => {
      if (args.id === "work") {
        throw failure(
          "expired_credentials",
          "The SSO session of profile “dev” has expired. Run `aws sso login --profile dev` and test again.",
          "ExpiredToken: the token has expired",
        );
      }
      return { region: "us-east-1", identity: null, account: null, foundationModels: 3, simulated: true, latencyMs: 4 };
    };
    await connections.load();
    const pending = connections.test("local");
    expect(connections.tests.local?.running).toBe(true);
    await pending;
    await connections.test("work");
    expect(connections.tests.local).toMatchObject({ running: false, error: null, report: { foundationModels: 3 } });
    expect(connections.tests.work?.report).toBeNull();
    expect(connections.tests.work?.error?.code).toBe("expired_credentials");
    expect(connections.tests.work?.error?.detail).toContain("ExpiredToken");

    // A later success replaces the error.
    delete fake.overrides.connection_test;
    await connections.test("work");
    expect(connections.tests.work?.error).toBeNull();
    expect(connections.tests.work?.report?.identity).toContain("arn:aws:iam");
  });

  it("forgets the tests of removed connections", async () => {
    new FakeConnections({ connections: [LOCAL, WORK] }).install();
    await connections.load();
    await connections.test("work");
    await connections.remove("work");
    expect(connections.tests.work).toBeUndefined();
  });

  it("finishes the welcome", async () => {
    const fake = new FakeConnections({ showWelcome: true }).install();
    await connections.load();
    expect(connections.showWelcome).toBe(true);
    expect(await connections.finishWelcome()).toBe(true);
    expect(connections.showWelcome).toBe(false);
    expect(fake.commands("welcome_finish")).toHaveLength(1);
  });

  it("starts with Local Bedrock: adds it, activates it and finishes the welcome", async () => {
    const fake = new FakeConnections({ showWelcome: true }).install();
    await connections.load();
    const saved = await connections.startWithLocalBedrock();
    expect(fake.commands("connection_add")[0]?.args).toEqual({
      draft: { name: "Local Bedrock", region: "us-east-1", endpointUrl: null, source: { kind: "localBedrock" } },
    });
    expect(connections.active?.id).toBe(saved?.id);
    expect(connections.active?.source.kind).toBe("localBedrock");
    expect(connections.showWelcome).toBe(false);
  });

  it("reuses an existing Local Bedrock connection instead of adding another", async () => {
    const fake = new FakeConnections({ connections: [LOCAL], showWelcome: true }).install();
    await connections.load();
    await connections.startWithLocalBedrock();
    expect(fake.commands("connection_add")).toHaveLength(0);
    expect(connections.active?.id).toBe("local");
  });

  it("starts with a profile, using its Region or us-east-1, under a free name", async () => {
    const taken = { ...LOCAL, id: "x", name: "ci" };
    const fake = new FakeConnections({ connections: [taken], profiles: [DEV_PROFILE, CI_PROFILE], showWelcome: true }).install();
    await connections.load();
    await connections.startWithProfile(DEV_PROFILE);
    await connections.startWithProfile(CI_PROFILE);
    expect(fake.commands("connection_add").map((c) => c.args.draft)).toEqual([
      { name: "dev", region: "eu-west-1", endpointUrl: null, source: { kind: "awsProfile", profile: "dev" } },
      { name: "ci 2", region: "us-east-1", endpointUrl: null, source: { kind: "awsProfile", profile: "ci" } },
    ]);
    expect(connections.active?.name).toBe("ci 2");
  });
});
