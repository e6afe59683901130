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

/**
 * A foundation model as Outcrop shows it.
 */
export type FoundationModel = { modelId: string, modelArn: string, modelName: string, providerName: string, inputModalities: Array<string>, outputModalities: Array<string>, responseStreamingSupported: boolean, 
/**
 * `ON_DEMAND`, `PROVISIONED` and `INFERENCE_PROFILE` (which the SDK only knows as an unknown variant).
 */
inferenceTypesSupported: Array<string>, 
/**
 * `ACTIVE` or `LEGACY`.
 */
lifecycleStatus: string | null, };

/**
 * An inference profile as the Profiles page shows it.
 */
export type Profile = { id: string, arn: string, name: string, description: string | null, status: string, application: boolean, 
/**
 * For system profiles, the geography prefix (`us`, `eu`, `global`, …) as the ID spells it.
 */
geography: string | null, createdAt: string | null, updatedAt: string | null, modelArns: Array<string>, 
/**
 * The foundation model behind the profile.
 */
modelId: string | null, destinationRegions: Array<string>, };

/**
 * A system profile that can route a model, for the Models page.
 */
export type ProfileRoute = { profileId: string, geography: string | null, destinationRegions: Array<string>, };

/**
 * A model and how to call it from the connection's Region.
 */
export type CatalogModel = { model: FoundationModel, 
/**
 * The bare ID when the model runs on demand here.
 */
onDemandId: string | null, 
/**
 * The system profiles containing it, best for this Region first.
 */
profiles: Array<ProfileRoute>, 
/**
 * The ID Outcrop invokes when this model is chosen, and why.
 */
recommended: string | null, reason: string, 
/**
 * Prompt caching: minimum tokens per checkpoint and TTLs, when known.
 */
cacheMinTokens: number | null, cacheTtls: Array<string>, };

/**
 * The Region's models and profiles, joined.
 */
export type Catalog = { region: string, models: Array<CatalogModel>, profiles: Array<Profile>, };

/**
 * What the create form sends.
 */
export type CreateProfile = { name: string, description: string | null, 
/**
 * A foundation-model ARN (single Region) or a system profile ARN (multi-Region).
 */
copyFrom: string, tags: Array<Tag>, };

/**
 * A tag as the Bedrock API carries it.
 */
export type Tag = { key: string, value: string, };

/**
 * How a choice will be invoked.
 */
export type Route = "onDemand" | "systemProfile" | "applicationProfile" | "unverified";

/**
 * The ID to invoke, the model behind it, and why.
 */
export type Resolution = { invokeId: string, 
/**
 * The foundation model behind the ID, when known: caching rules, CountTokens and prices use it.
 */
foundationModelId: string | null, route: Route, reason: string, 
/**
 * Other system profiles that also contain the model, best first.
 */
alternatives: Array<string>, };

/**
 * One AWS CLI command, labelled.
 */
export type CliCommand = { label: string, command: string, };

/**
 * Everything the details panel shows about one profile.
 */
export type ProfileDetails = { profile: Profile, 
/**
 * Application profiles only; system profiles carry no tags of yours.
 */
tags: Array<Tag>, 
/**
 * A least-privilege IAM policy for invoking through the profile (pretty JSON).
 */
iamPolicy: string, cli: Array<CliCommand>, };

/**
 * The create form, checked: every broken rule, and the AWS CLI command it amounts to.
 */
export type CreatePreview = { errors: Array<FieldError>, cli: string, };

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
  models_catalog: { args: Record<string, never>; result: Catalog };
  model_resolve: { args: { input: string }; result: Resolution };
  profile_details: { args: { id: string }; result: ProfileDetails };
  profile_preview: { args: { request: CreateProfile }; result: CreatePreview };
  profile_create: { args: { request: CreateProfile }; result: Profile };
  profile_set_tags: { args: { arn: string; tags: Array<Tag> }; result: Array<Tag> };
  profile_delete: { args: { id: string }; result: null };
}
