// A stand-in for the Rust side of connections, for tests: it keeps connections in memory, checks drafts with a
// few of the real rules, and records every command it was sent.
import { mockIPC } from "@tauri-apps/api/mocks";
import { asSent } from "./sent-turns";
import type {
  AppInfo,
  AwsProfile,
  ConnectionReport,
  ConnectionsOverview,
  FieldError,
  IpcError,
  MessagesEndpoint,
  NewConnection,
  SavedConnection,
  SavedSource,
} from "../lib/ipc/bindings";

export interface SentCommand {
  cmd: string;
  args: Record<string, unknown>;
}

export type Override = (args: Record<string, unknown>) => unknown;

export const APP_INFO: AppInfo = {
  name: "Outcrop",
  version: "9.8.7",
  build: { profile: "release", target: "linux-x86_64", commit: null },
  dataDir: "/data",
};

export const REPORT: ConnectionReport = {
  region: "us-east-1",
  identity: "arn:aws:iam::123456789012:user/dev",
  account: "123456789012",
  foundationModels: 14,
  simulated: false,
  latencyMs: 120,
};

export class FakeConnections {
  connections: SavedConnection[] = [];
  activeId: string | null = null;
  showWelcome = false;
  notice: string | null = null;
  apiKeyVariables: string[] = [];
  profiles: AwsProfile[] = [];
  sent: SentCommand[] = [];
  /** Replaces a command's behaviour; throw an IpcError-shaped object to fail. */
  overrides: Record<string, Override> = {};
  private nextId = 1;

  constructor(init: Partial<Pick<FakeConnections, "connections" | "activeId" | "showWelcome" | "notice" | "profiles" | "apiKeyVariables">> = {}) {
    Object.assign(this, init);
  }

  /** Installs this fake as the IPC handler. */
  install(): this {
    mockIPC((cmd, payload) => asSent(cmd, this.handle(cmd, (payload ?? {}) as Record<string, unknown>)));
    return this;
  }

  commands(name: string): SentCommand[] {
    return this.sent.filter((s) => s.cmd === name);
  }

  overview(): ConnectionsOverview {
    return {
      connections: structuredClone(this.connections),
      activeId: this.activeId,
      showWelcome: this.showWelcome,
      notice: this.notice,
      apiKeyVariables: this.apiKeyVariables,
    };
  }

  check(draft: NewConnection): FieldError[] {
    const errors: FieldError[] = [];
    if (draft.name.trim() === "") errors.push({ field: "name", rule: { code: "connectionNameEmpty" }, message: "Give the connection a name" });
    else if (this.connections.some((c) => c.name.toLowerCase() === draft.name.trim().toLowerCase())) {
      errors.push({
        field: "name",
        rule: { code: "connectionNameTaken", name: draft.name.trim() },
        message: `A connection named “${draft.name.trim()}” exists already`,
      });
    }
    if (!/^[a-z]+(-[a-z]+)+-\d{1,2}$/.test(draft.region)) {
      errors.push({ field: "region", rule: { code: "regionFormat", region: draft.region }, message: `“${draft.region}” is not a Region code` });
    }
    const source = draft.source;
    if (source.kind === "accessKeys") {
      if (!/^[A-Z0-9]{16,128}$/.test(source.accessKeyId.trim())) {
        errors.push({ field: "accessKeyId", rule: { code: "accessKeyIdEmpty" }, message: "Enter the access key ID (it starts with AKIA or ASIA)" });
      }
      if (source.secretAccessKey.trim().length < 16) {
        errors.push({ field: "secretAccessKey", rule: { code: "secretAccessKeyFormat" }, message: "A secret access key is about 40 characters" });
      }
      if (source.accessKeyId.startsWith("ASIA") && !source.sessionToken) {
        errors.push({ field: "sessionToken", rule: { code: "sessionTokenNeeded" }, message: "Keys starting with ASIA need their session token" });
      }
    } else if (source.kind === "apiKey" && !source.apiKey.startsWith("ABSK")) {
      errors.push({ field: "apiKey", rule: { code: "apiKeyEmpty" }, message: "Paste the Bedrock API key" });
    } else if (source.kind === "awsProfile" && !this.profiles.some((p) => p.name === source.profile)) {
      errors.push({ field: "profile", rule: { code: "awsProfileEmpty" }, message: "Choose an AWS profile" });
    }
    return errors;
  }

  protected handle(cmd: string, args: Record<string, unknown>): unknown {
    this.sent.push({ cmd, args: structuredClone(args) });
    const override = this.overrides[cmd];
    if (override) return override(args);
    switch (cmd) {
      case "app_info":
        return APP_INFO;
      case "connections_overview":
        return this.overview();
      case "aws_profiles":
        return this.profiles;
      case "connection_check":
        return this.check(args.draft as NewConnection);
      case "connection_add":
        return this.add(args.draft as NewConnection);
      case "connection_remove": {
        const id = args.id as string;
        this.find(id);
        this.connections = this.connections.filter((c) => c.id !== id);
        if (this.activeId === id) this.activeId = null;
        return this.overview();
      }
      case "connection_activate": {
        const found = this.find(args.id as string);
        this.activeId = found.id;
        this.showWelcome = false;
        return found;
      }
      case "connection_set_region": {
        const region = (args.region as string).trim();
        if (!/^[a-z]+(-[a-z]+)+-\d{1,2}$/.test(region)) {
          const errors: FieldError[] = [
            { field: "region", rule: { code: "regionFormat", region }, message: `“${region}” is not a Region code` },
          ];
          throw failure("validation", errors[0]!.message, null, errors);
        }
        const moved = { ...this.find(args.id as string), region };
        // A new object: the connections a test passed in stay as they were.
        this.connections = this.connections.map((c) => (c.id === moved.id ? moved : c));
        return structuredClone(moved);
      }
      case "connection_set_endpoints": {
        const url = (value: unknown): string | null => (typeof value === "string" && value.trim() !== "" ? value.trim() : null);
        const changed = { ...this.find(args.id as string), endpointUrl: url(args.endpointUrl), runtimeEndpointUrl: url(args.runtimeEndpointUrl) };
        this.connections = this.connections.map((c) => (c.id === changed.id ? changed : c));
        return structuredClone(changed);
      }
      case "connection_set_messages_endpoint": {
        const changed = { ...this.find(args.id as string), messagesEndpoint: args.endpoint as MessagesEndpoint };
        this.connections = this.connections.map((c) => (c.id === changed.id ? changed : c));
        return structuredClone(changed);
      }
      case "connection_test": {
        const found = this.find(args.id as string);
        return { ...REPORT, region: found.region, simulated: found.source.kind === "localBedrock" };
      }
      case "welcome_finish":
        this.showWelcome = false;
        return this.overview();
      default:
        throw `unexpected command ${cmd}`;
    }
  }

  private add(draft: NewConnection): SavedConnection {
    const errors = this.check(draft);
    if (errors.length > 0) {
      throw failure("validation", errors.map((e) => e.message).join(". "), null, errors);
    }
    const source: SavedSource =
      draft.source.kind === "accessKeys"
        ? {
            kind: "accessKeys",
            accessKeyIdMasked: `${draft.source.accessKeyId.slice(0, 4)}…${draft.source.accessKeyId.slice(-4)}`,
            temporary: draft.source.sessionToken !== null,
          }
        : draft.source.kind === "apiKey"
          ? { kind: "apiKey", expiresAt: null, keyRegion: null, longTerm: draft.source.apiKey.startsWith("ABSK") }
          : draft.source;
    const saved: SavedConnection = {
      id: `c${this.nextId++}`,
      name: draft.name.trim(),
      source,
      region: draft.region,
      endpointUrl: draft.endpointUrl,
      runtimeEndpointUrl: draft.runtimeEndpointUrl ?? null,
      messagesEndpoint: draft.messagesEndpoint ?? "runtime",
    };
    this.connections.push(saved);
    return structuredClone(saved);
  }

  private find(id: string): SavedConnection {
    const found = this.connections.find((c) => c.id === id);
    if (!found) throw failure("not_found", `There is no connection ${id}`);
    return structuredClone(found);
  }
}

export function failure(
  code: IpcError["code"],
  message: string,
  detail: string | null = null,
  fields: FieldError[] = [],
  reason: IpcError["reason"] = null,
): IpcError {
  return { code, message, detail, fields, reason };
}

export const LOCAL: SavedConnection = {
  id: "local",
  name: "Local Bedrock",
  source: { kind: "localBedrock" },
  region: "us-east-1",
  endpointUrl: null,
  runtimeEndpointUrl: null,
  messagesEndpoint: "runtime",
};

export const WORK: SavedConnection = {
  id: "work",
  name: "Work",
  source: { kind: "awsProfile", profile: "dev" },
  region: "eu-west-1",
  endpointUrl: null,
  runtimeEndpointUrl: null,
  messagesEndpoint: "runtime",
};

export const KEYS: SavedConnection = {
  id: "keys",
  name: "Sandbox keys",
  source: { kind: "accessKeys", accessKeyIdMasked: "AKIA…WXYZ", temporary: true },
  region: "us-west-2",
  endpointUrl: "https://bedrock.vpce.example.com",
  runtimeEndpointUrl: null,
  messagesEndpoint: "runtime",
};

export const DEV_PROFILE: AwsProfile = { name: "dev", region: "eu-west-1", kind: "sso", loginCommand: "aws sso login --profile dev" };
export const CI_PROFILE: AwsProfile = { name: "ci", region: null, kind: "credentialProcess", loginCommand: null };
