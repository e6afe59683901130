import { mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, it } from "vitest";
import { asOutcropError, call, fieldErrorsOf, OutcropError } from "./index";
import type { AppInfo, FieldError, IpcError } from "./bindings";

const INFO: AppInfo = {
  name: "Outcrop",
  version: "0.1.0",
  build: { profile: "debug", target: "linux-x86_64", commit: "abc1234567" },
  dataDir: "/home/u/.local/share/app.outcrop.desktop",
};

describe("call", () => {
  it("returns the command's typed result", async () => {
    const seen: string[] = [];
    mockIPC((cmd) => {
      seen.push(cmd);
      if (cmd === "app_info") return INFO;
      throw new Error(`unexpected ${cmd}`);
    });
    await expect(call("app_info")).resolves.toEqual(INFO);
    expect(seen).toEqual(["app_info"]);
  });

  it("turns a classified Rust error into an OutcropError with code and detail", async () => {
    const wire: IpcError = {
      code: "needs_inference_profile",
      message: "Use us.anthropic.claude-3-7-sonnet-20250219-v1:0",
      detail: "Converse: ValidationException: … isn’t supported",
      fields: [],
      reason: { kind: "needsInferenceProfile", awsMessage: "… isn’t supported" },
    };
    mockIPC(() => {
      throw wire;
    });
    const error = await call("app_info").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutcropError);
    expect(error).toMatchObject({ code: "needs_inference_profile", message: wire.message, detail: wire.detail, reason: wire.reason });
  });

  it("classifies Tauri's own string rejections as internal, keeping the text as detail", async () => {
    mockIPC(() => {
      throw "command app_info not allowed by ACL";
    });
    const error = (await call("app_info").catch((e: unknown) => e)) as OutcropError;
    expect(error.code).toBe("internal");
    expect(error.detail).toBe("command app_info not allowed by ACL");
    expect(error.message).toContain("app_info");
  });

  it("does not trust an object with an unknown code", async () => {
    mockIPC(() => {
      throw { code: "teapot", message: "short and stout", detail: null };
    });
    const error = (await call("app_info").catch((e: unknown) => e)) as OutcropError;
    expect(error.code).toBe("internal");
  });
});

describe("asOutcropError", () => {
  it("knows every error code the Rust side sends, missing_credentials included", () => {
    const error = asOutcropError({ code: "missing_credentials", message: "No credentials", detail: null }, "connection_test");
    expect(error.code).toBe("missing_credentials");
    expect(error.message).toBe("No credentials");
  });
});

describe("asOutcropError, the one conversion of a thrown value", () => {
  it("keeps an OutcropError as it is", () => {
    const original = new OutcropError({ code: "throttled", message: "Slow down", detail: "429" });
    expect(asOutcropError(original, "playground_send")).toBe(original);
  });

  it("makes anything else an internal fault of the command named, keeping what was thrown as the detail", () => {
    const fromString = asOutcropError("command not allowed", "prices_save");
    expect(fromString.code).toBe("internal");
    expect(fromString.message).toContain("prices_save");
    expect(fromString.detail).toBe("command not allowed");
    expect(asOutcropError(new Error("boom"), "app_info").detail).toBe("boom");
    expect(asOutcropError({ code: "teapot" }, "app_info").detail).toBe('{"code":"teapot"}');
  });
});

describe("fieldErrorsOf", () => {
  const nameEmpty: FieldError = { field: "name", rule: { code: "connectionNameEmpty" }, message: "Give the connection a name" };

  it("reads the typed field errors of a validation failure; its detail is only the cause chain", async () => {
    mockIPC(() => {
      throw { code: "validation", message: "Give the connection a name", detail: null, fields: [nameEmpty, { field: "x" }] };
    });
    const error = asOutcropError(await call("app_info").catch((e: unknown) => e), "app_info");
    expect(fieldErrorsOf(error)).toEqual([nameEmpty]);
    expect(error.detail).toBeNull();
    expect(fieldErrorsOf(new OutcropError({ code: "validation", message: "m", detail: null }))).toEqual([]);
  });

  it("finds none in another kind of failure", () => {
    expect(fieldErrorsOf(new OutcropError({ code: "conflict", message: "Taken", detail: null, fields: [nameEmpty] }))).toEqual([]);
  });
});
