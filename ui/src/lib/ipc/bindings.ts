// Generated from Outcrop's Rust types. Do not edit: change the Rust, then run
//   OUTCROP_UPDATE_BINDINGS=1 cargo test -p outcrop --lib bindings
// A test fails while this file differs from what the Rust would generate.

/**
 * What kind of failure happened, in terms a user can act on.
 */
export type ErrorCode = "validation" | "needs_inference_profile" | "access_denied" | "expired_credentials" | "missing_credentials" | "throttled" | "not_found" | "conflict" | "network" | "keychain" | "internal";

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

/**
 * How a saved connection gets its credentials. Only non-secret facts: the keychain holds the secrets.
 */
export type SavedSource = { "kind": "awsProfile", profile: string, } | { "kind": "accessKeys", accessKeyIdMasked: string, temporary: boolean, } | { "kind": "apiKey", expiresAt: number | null, } | { "kind": "localBedrock" };

/**
 * A connection as saved and as the UI sees it.
 */
export type SavedConnection = { id: string, name: string, source: SavedSource, region: string, endpointUrl: string | null, };

/**
 * Everything the Connections page shows.
 */
export type ConnectionsOverview = { connections: Array<SavedConnection>, activeId: string | null, 
/**
 * True until the person has chosen how to connect on first run.
 */
showWelcome: boolean, 
/**
 * Set when `connections.json` could not be read and was kept aside.
 */
notice: string | null, };

/**
 * What a person typed to add a connection. Secrets arrive here once and go straight to the keychain.
 */
export type NewSource = { "kind": "awsProfile", profile: string, } | { "kind": "accessKeys", accessKeyId: string, secretAccessKey: string, sessionToken: string | null, } | { "kind": "apiKey", apiKey: string, } | { "kind": "localBedrock" };

export type NewConnection = { name: string, region: string, endpointUrl: string | null, source: NewSource, };

/**
 * The result of a successful connection test.
 */
export type ConnectionReport = { region: string, 
/**
 * The caller's ARN from STS, when it could be asked (API keys cannot call STS).
 */
identity: string | null, account: string | null, foundationModels: number, simulated: boolean, latencyMs: number, };

/**
 * How a profile obtains credentials.
 */
export type AwsProfileKind = "staticKeys" | "sso" | "assumeRole" | "credentialProcess" | "webIdentity" | "other";

/**
 * A profile as the Connections page lists it.
 */
export type AwsProfile = { name: string, region: string | null, kind: AwsProfileKind, 
/**
 * For SSO profiles, the command that refreshes their token.
 */
loginCommand: string | null, };

/**
 * A rule a field breaks.
 */
export type FieldError = { 
/**
 * The field, as the form names it (`region`, `accessKeyId`, …).
 */
field: string, message: string, };

/** Every Outcrop command: its arguments (as Tauri names them) and its result. */
export interface Commands {
  app_info: { args: Record<string, never>; result: AppInfo };
  connections_overview: { args: Record<string, never>; result: ConnectionsOverview };
  aws_profiles: { args: Record<string, never>; result: Array<AwsProfile> };
  connection_check: { args: { draft: NewConnection }; result: Array<FieldError> };
  connection_add: { args: { draft: NewConnection }; result: SavedConnection };
  connection_remove: { args: { id: string }; result: ConnectionsOverview };
  connection_activate: { args: { id: string }; result: SavedConnection };
  connection_test: { args: { id: string }; result: ConnectionReport };
  welcome_finish: { args: Record<string, never>; result: ConnectionsOverview };
}
