// Generated from Outcrop's Rust types. Do not edit: change the Rust, then run
//   OUTCROP_UPDATE_BINDINGS=1 cargo test -p outcrop --lib bindings
// A test fails while this file differs from what the Rust would generate.

/**
 * What kind of failure happened, in terms a user can act on.
 */
export type ErrorCode = "validation" | "needs_inference_profile" | "access_denied" | "expired_credentials" | "throttled" | "not_found" | "conflict" | "network" | "keychain" | "internal";

/**
 * A failure as the webview receives it. `message` is written for the user and says what to do;
 * `detail` carries the cause chain for the "details" disclosure, or `null`.
 */
export type IpcError = { code: ErrorCode, message: string, detail: string | null, };

/**
 * The running app: version, build, and where it keeps its data.
 */
export type AppInfo = { name: string, version: string, build: BuildInfo, 
/**
 * The directory that holds saved connections and sessions (never secrets: those live in the keychain).
 */
dataDir: string, };

/**
 * How this binary was built.
 */
export type BuildInfo = { 
/**
 * `debug` or `release`.
 */
profile: string, 
/**
 * Operating system and architecture, e.g. `linux-x86_64`.
 */
target: string, 
/**
 * The short Git commit the binary was built from, when it was built from a Git checkout.
 */
commit: string | null, };

/** Every Outcrop command: its arguments (as Tauri names them) and its result. */
export interface Commands {
  app_info: { args: Record<string, never>; result: AppInfo };
}
