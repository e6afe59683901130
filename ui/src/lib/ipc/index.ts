// The typed way to call Rust. Every command, its arguments and its result come from `bindings.ts`, which is
// generated from the Rust types, so a misspelt command or a wrong argument is a compile error.
import { invoke } from "@tauri-apps/api/core";
import type { AwsReason, Commands, ErrorCode, FieldError, IpcError } from "./bindings";

export type { AwsReason, Commands, ErrorCode, IpcError } from "./bindings";
export type CommandName = keyof Commands;

// A record, so that a code added on the Rust side is a compile error here until it is listed.
const KNOWN_CODES: Record<ErrorCode, true> = {
  validation: true,
  needs_inference_profile: true,
  access_denied: true,
  expired_credentials: true,
  missing_credentials: true,
  throttled: true,
  not_found: true,
  conflict: true,
  network: true,
  keychain: true,
  internal: true,
};
const ERROR_CODES = Object.keys(KNOWN_CODES) as readonly ErrorCode[];

/** What an OutcropError is made from: an IPC error, whose `fields` and `reason` may be left out when empty. */
export type OutcropErrorInit = Omit<IpcError, "fields" | "reason"> & { fields?: readonly FieldError[]; reason?: AwsReason | null };

/**
 * A failed command, classified by the Rust side. Branch on `code`, never on `message`; show it with `errorText`
 * (lib/aws-reason), which words the rules a `validation` failure broke, or an AWS failure's `reason`, in the
 * person's language.
 */
export class OutcropError extends Error {
  readonly code: ErrorCode;
  readonly detail: string | null;
  /** The rules a `validation` failure broke, one per field; empty for any other failure. */
  readonly fields: readonly FieldError[];
  /** Why an AWS call failed, with its parameters; `null` for Outcrop's own failures. */
  readonly reason: AwsReason | null;

  constructor(error: OutcropErrorInit) {
    super(error.message);
    this.name = "OutcropError";
    this.code = error.code;
    this.detail = error.detail;
    this.fields = error.fields ?? [];
    // A reason that is not one (an older or a damaged payload) is dropped: the message still says it.
    const reason: unknown = error.reason;
    this.reason =
      typeof reason === "object" && reason !== null && typeof (reason as { kind?: unknown }).kind === "string"
        ? (reason as AwsReason)
        : null;
  }
}

/**
 * The one way to turn a thrown value into an OutcropError: an OutcropError stays itself, an IPC error from Rust
 * keeps its code, and anything else (Tauri itself rejects with a plain string for an unknown command, a denied
 * permission or bad arguments) is an `internal` fault of the command named.
 */
export function asOutcropError(raw: unknown, command: string): OutcropError {
  if (raw instanceof OutcropError) return raw;
  if (isIpcError(raw)) return new OutcropError({ ...raw, fields: (raw.fields ?? []).filter(isFieldError) });
  const text = typeof raw === "string" ? raw : raw instanceof Error ? raw.message : JSON.stringify(raw);
  return new OutcropError({
    code: "internal",
    message: `Outcrop could not run “${command}”. This is a fault in Outcrop, not in your input.`,
    detail: text ?? null,
  });
}

/** The rules a `validation` failure lists, one per field (its typed `fields`); [] for any other failure. */
export function fieldErrorsOf(error: OutcropError): FieldError[] {
  return error.code === "validation" ? [...error.fields] : [];
}

function isFieldError(value: unknown): value is FieldError {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  const rule = v.rule as Record<string, unknown> | null | undefined;
  return (
    typeof v.field === "string" &&
    typeof v.message === "string" &&
    typeof rule === "object" &&
    rule !== null &&
    typeof rule.code === "string"
  );
}

function isIpcError(value: unknown): value is OutcropErrorInit {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.code === "string" &&
    (ERROR_CODES as readonly string[]).includes(v.code) &&
    typeof v.message === "string" &&
    (v.detail === null || typeof v.detail === "string") &&
    (v.fields === undefined || Array.isArray(v.fields))
  );
}

type ArgsOf<K extends CommandName> = Commands[K]["args"];
type CallArgs<K extends CommandName> =
  ArgsOf<K> extends Record<string, never> ? [args?: ArgsOf<K>] : [args: ArgsOf<K>];

/** Calls a Rust command. Rejects with an {@link OutcropError}. */
export async function call<K extends CommandName>(
  command: K,
  ...[args]: CallArgs<K>
): Promise<Commands[K]["result"]> {
  try {
    return await invoke<Commands[K]["result"]>(command, args ?? {});
  } catch (raw) {
    throw asOutcropError(raw, command);
  }
}
