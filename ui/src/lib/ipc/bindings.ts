// Generated from Outcrop's Rust types. Do not edit: change the Rust, then run
//   OUTCROP_UPDATE_BINDINGS=1 cargo test -p outcrop --lib bindings
// A test fails while this file differs from what the Rust would generate.

import type { Channel } from "@tauri-apps/api/core";

/**
 * A moment of the start the webview reports.
 */
export type StartupPhase = "painted" | "interactive";

/**
 * What kind of failure happened, in terms a user can act on.
 */
export type ErrorCode = "validation" | "needs_inference_profile" | "access_denied" | "expired_credentials" | "missing_credentials" | "throttled" | "not_found" | "conflict" | "network" | "keychain" | "internal";

/**
 * Why an AWS call failed. `awsMessage` is AWS's own text, shown as AWS wrote it.
 */
export type AwsReason = { "kind": "ssoSessionExpired", profile: string, loginCommand: string, } | { "kind": "ssoRoleRefused", profile: string, awsMessage: string, } | { "kind": "credentialProcessMissing", profile: string | null, program: string, } | { "kind": "credentialsUnreachable", profile: string | null, cause: string, } | { "kind": "credentialsTimedOut", profile: string | null, } | { "kind": "profileWithoutCredentials", profile: string, } | { "kind": "noCredentials" } | { "kind": "unrecognisedAccessKey" } | { "kind": "apiKeyNotAccepted" } | { "kind": "signatureMismatch" } | { "kind": "missingIamAction", action: string, awsMessage: string, } | { "kind": "credentialsExpired", awsMessage: string, } | { "kind": "apiKeyExpired" } | { "kind": "apiKeyWrongRegion", keyRegion: string, region: string, } | { "kind": "throttled", awsMessage: string, } | { "kind": "needsInferenceProfile", awsMessage: string, } | { "kind": "tierNotSupported", awsMessage: string, } | { "kind": "refused", operation: string, awsCode: string, awsMessage: string, } | { "kind": "timedOut", operation: string, } | { "kind": "unreachable", operation: string, } | { "kind": "noAnswer", operation: string, } | { "kind": "regionWithoutBedrock", region: string, } | { "kind": "bedrockUnreachable", region: string, endpointUrl: string | null, };

/**
 * A failure as the webview receives it. `message` is written for the user and says what to do;
 * `detail` carries the cause chain for the "details" disclosure, or `null`; `fields` the rules a `validation`
 * failure broke, one per field, as codes with parameters the UI words (empty for any other failure).
 * `reason` says why an AWS call failed,
 * with its parameters, for the UI to word in the person's language (`message` is the English fallback).
 */
export type IpcError = { code: ErrorCode, message: string, detail: string | null, fields: Array<FieldError>, reason: AwsReason | null, };

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
export type SavedSource = { "kind": "awsProfile", profile: string, } | { "kind": "accessKeys", accessKeyIdMasked: string, temporary: boolean, } | { "kind": "apiKey", expiresAt: number | null, keyRegion: string | null, longTerm: boolean, } | { "kind": "localBedrock" };

/**
 * A connection as saved and as the UI sees it.
 */
export type SavedConnection = { id: string, name: string, source: SavedSource, region: string, 
/**
 * The endpoint override for the control plane (`bedrock`), and for bedrock-runtime too unless
 * `runtime_endpoint_url` names its own.
 */
endpointUrl: string | null, 
/**
 * bedrock-runtime's own endpoint override (VPC interface endpoints differ per service); connections saved
 * before it existed have none.
 */
runtimeEndpointUrl: string | null, 
/**
 * Where the playground sends Anthropic's Messages API; connections saved before the choice existed send
 * it to bedrock-runtime.
 */
messagesEndpoint: MessagesEndpoint, };

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
notice: string | null, 
/**
 * The API-key variables set in Outcrop's environment (`AWS_BEARER_TOKEN_BEDROCK`, `AWS_BEARER_TOKEN`): named
 * (never their values) so the page can say they are present and that connections ignore them.
 */
apiKeyVariables: Array<string>, };

/**
 * What a person typed to add a connection. Secrets arrive here once and go straight to the keychain.
 */
export type NewSource = { "kind": "awsProfile", profile: string, } | { "kind": "accessKeys", accessKeyId: string, secretAccessKey: string, sessionToken: string | null, } | { "kind": "apiKey", apiKey: string, } | { "kind": "localBedrock" };

export type NewConnection = { name: string, region: string, endpointUrl: string | null, 
/**
 * bedrock-runtime's own endpoint, when it differs from `endpoint_url`.
 */
runtimeEndpointUrl?: string, source: NewSource, 
/**
 * Where the Messages API goes; bedrock-runtime when the form does not say.
 */
messagesEndpoint?: MessagesEndpoint, };

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
 * What is wrong in a profile name or description, character by character.
 */
export type TextProblem = { "kind": "startsWithSeparator", character: string, } | { "kind": "doubledSeparator", character: string, position: number, } | { "kind": "notAllowed", character: string, position: number, };

/**
 * The rule a field breaks, with its parameters.
 */
export type Rule = { "code": "regionFormat", region: string, } | { "code": "connectionNameEmpty" } | { "code": "connectionNameTooLong", max: number, } | { "code": "connectionNameTaken", name: string, } | { "code": "endpointUrlSpaces" } | { "code": "endpointUrlScheme" } | { "code": "endpointUrlNoHost" } | { "code": "endpointUrlPlainHttp", host: string, } | { "code": "endpointUrlLocalBedrock" } | { "code": "endpointUrlUserInfo" } | { "code": "accessKeyIdEmpty" } | { "code": "accessKeyIdFormat" } | { "code": "secretAccessKeyEmpty" } | { "code": "secretAccessKeyFormat" } | { "code": "sessionTokenNeeded" } | { "code": "sessionTokenSpaces" } | { "code": "apiKeyEmpty" } | { "code": "apiKeySpaces" } | { "code": "apiKeyPrefix" } | { "code": "apiKeyRegion", keyRegion: string, region: string, } | { "code": "awsProfileEmpty" } | { "code": "awsProfileUnknown", profile: string, config: string, credentials: string, } | { "code": "profileNameEmpty" } | { "code": "profileNameTooLong", length: number, max: number, } | { "code": "profileNameCharacters", problem: TextProblem, } | { "code": "descriptionTooLong", length: number, max: number, } | { "code": "descriptionCharacters", problem: TextProblem, } | { "code": "tooManyTags", count: number, max: number, } | { "code": "tagKeyEmpty" } | { "code": "tagKeyTooLong", length: number, max: number, } | { "code": "tagKeyCharacter", character: string, } | { "code": "tagKeyReserved" } | { "code": "tagValueTooLong", length: number, max: number, } | { "code": "tagValueCharacter", character: string, } | { "code": "tagKeyDuplicate", key: string, } | { "code": "copyFromArn" } | { "code": "tagTargetArn" } | { "code": "projectNameEmpty" } | { "code": "projectNameTooLong", length: number, max: number, } | { "code": "projectNameBlank" } | { "code": "projectWithApplicationProfile", project: string, } | { "code": "projectNotOnMessagesApi", project: string, } | { "code": "usagePeriodForRange", periodSeconds: number, allowed: Array<number>, } | { "code": "dashboardNameEmpty" } | { "code": "dashboardNameTooLong", length: number, max: number, } | { "code": "dashboardNameCharacter", character: string, position: number, } | { "code": "dashboardNoTargets" } | { "code": "usageNeedsAwsCredentials" } | { "code": "toolNameFormat" } | { "code": "toolNameDuplicate", name: string, } | { "code": "inputSchemaNotObject" } | { "code": "inputSchemaInvalidJson", line: number, column: number, error: string, } | { "code": "noMessages" } | { "code": "roleOrder", message: number, expected: Role, } | { "code": "contentOnlyCachePoints" } | { "code": "tooManyDocuments", count: number, max: number, } | { "code": "tooManyDocumentsInRequest", count: number, max: number, } | { "code": "documentTooLarge", bytes: number, maxBytes: number, } | { "code": "emptyText" } | { "code": "toolInputInvalidJson", line: number, column: number, error: string, } | { "code": "documentName" } | { "code": "lastMessageNotUser" } | { "code": "temperatureRange" } | { "code": "topPRange" } | { "code": "maxTokensZero" } | { "code": "tooManyStopSequences", max: number, } | { "code": "imageUnreadable", name: string, } | { "code": "imageFormatMismatch", declared: ImageFormat, actual: ImageFormat, } | { "code": "imageTooLarge", bytes: number, maxBytes: number, } | { "code": "imageTooWide", width: number, height: number, max: number, } | { "code": "tooManyImagesInRequest", count: number, max: number, } | { "code": "topKRange", max: number, } | { "code": "parameterRefused", param: SamplingParam, model: string, } | { "code": "temperatureOrTopP", model: string, } | { "code": "thinkingNotOffered", mode: ThinkingMode, model: string, offered: Array<ThinkingMode>, } | { "code": "thinkingBudgetTooSmall", min: number, } | { "code": "thinkingBudgetNotBelowMaxTokens", budgetTokens: number, maxTokens: number | null, } | { "code": "samplingWithThinking", param: SamplingParam, } | { "code": "overContextWindow", totalTokens: number, contextTokens: number, largestTokens: number, model: string, estimated: boolean, } | { "code": "cachePoint", point: number, problem: PointProblem, } | { "code": "chooseModel" } | { "code": "apiNotServed", api: ModelApi, model: string, instead: ModelApi | null, } | { "code": "automaticCacheMessagesOnly", api: ModelApi, } | { "code": "apiNotOnMantle", model: string, onRuntime: boolean, } | { "code": "anthropicBodyOnly", model: string, } | { "code": "tierNotOffered", tier: ServiceTier, model: string, offered: Array<ServiceTier>, } | { "code": "requestBody", error: string, } | { "code": "priceTableInvalid", error: string, } | { "code": "priceTableEmpty" } | { "code": "placementCount", min: number, max: number, } | { "code": "bakeoffRunCount", transports: number, maxPlacements: number, maxRuns: number, } | { "code": "tooManyFollowUps", max: number, } | { "code": "followUpEmpty" } | { "code": "sessionTitleEmpty" } | { "code": "notSessionExport", line: number, column: number, error: string, } | { "code": "sessionExportVersion", format: string, version: number, } | { "code": "runIdLength", max: number, } | { "code": "runLabelTooLong", max: number, } | { "code": "notRunExport", line: number, column: number, error: string, } | { "code": "runExportVersion", version: number, } | { "code": "runExportEmpty" } | { "code": "notDemo", line: number, column: number, error: string, } | { "code": "demoVersion", format: string, version: number, } | { "code": "demoId", max: number, } | { "code": "demoTitleEmpty" } | { "code": "demoIdShipped", id: string, } | { "code": "demoQuestionCount", max: number, } | { "code": "demoQuestionEmpty" } | { "code": "demoToolResultMissing", tool: string, } | { "code": "whatIfModelUnknown", model: string, } | { "code": "whatIfTokens", min: number, max: number, } | { "code": "whatIfOverContext", totalTokens: number, contextTokens: number, model: string, } | { "code": "whatIfRate", max: number, } | { "code": "whatIfBurstSize", min: number, max: number, };

/**
 * A rule a field breaks.
 */
export type FieldError = { 
/**
 * The field, as the form names it (`region`, `accessKeyId`, …).
 */
field: string, 
/**
 * The rule broken, as a code with its parameters: what the UI words in the person's language.
 */
rule: Rule, 
/**
 * The rule in English, for logs and for a UI that does not know the code.
 */
message: string, };

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
modelId: string | null, destinationRegions: Array<string>, 
/**
 * An application profile's tags, so a search finds it by a tag; absent for system profiles and when they
 * could not be read.
 */
tags?: Array<Tag>, };

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
 * The ID Outcrop invokes when this model is chosen.
 */
recommended: string | null, 
/**
 * Why: how the resolver calls the model from here, or why Bedrock would refuse it (worded by the UI).
 * Empty only for an ID that is not a model identifier at all.
 */
verdict: Verdict | null, 
/**
 * Prompt caching: minimum tokens per checkpoint (the floor planning uses) and TTLs, when known.
 */
cacheMinTokens: number | null, cacheTtls: Array<string>, 
/**
 * Every published claim of the floor, with its source (they disagree for some models).
 */
cacheFloorClaims: Array<FloorClaim>, 
/**
 * What the cache-floor probe measured for the model, when it has run.
 */
cacheMeasured: MeasuredFloor | null, 
/**
 * The model also caches on its own (implicit caching).
 */
implicitCaching: boolean, 
/**
 * Which APIs serve the model, when Outcrop knows.
 */
apis: ApiFacts | null, 
/**
 * Which service tiers it offers, when Outcrop knows.
 */
serviceTiers: TierFacts | null, };

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
 * Why the resolver chose the ID it did, with the facts that explain it.
 */
export type ResolutionReason = { "kind": "onDemand", modelId: string, region: string, } | { "kind": "profileOnly", modelId: string, profileId: string, 
/**
 * Where that profile sends requests.
 */
destinations: Array<string>, } | { "kind": "modelNotListed", modelId: string, region: string, } | { "kind": "systemProfile", profileId: string, destinations: Array<string>, } | { "kind": "profileNotListed", profileId: string, region: string, } | { "kind": "applicationProfile", profileId: string, modelId: string, } | { "kind": "applicationProfileNotListed", profileId: string, accountId: string, region: string, };

/**
 * The ID to invoke, the model behind it, and why.
 */
export type Resolution = { invokeId: string, 
/**
 * The foundation model behind the ID, when known: caching rules, CountTokens and prices use it.
 */
foundationModelId: string | null, route: Route, 
/**
 * Why, as a code with its figures; the UI words it, `Display` gives the English.
 */
reason: ResolutionReason, 
/**
 * Other system profiles that also contain the model, best first.
 */
alternatives: Array<string>, };

/**
 * Why Bedrock would refuse a choice made in this Region, with what to use instead; the UI words it in the
 * person's language, and `Display` keeps the English for logs and for callers that only refuse.
 */
export type Refusal = { "kind": "notABedrockId", input: string, 
/**
 * IDs of this Region's catalogue that the person probably meant, best first.
 */
suggestions: Array<string>, } | { "kind": "notCallableHere", profileId: string, geography: string, region: string, 
/**
 * The geographies this Region does list.
 */
geographiesHere: Array<string>, 
/**
 * What calls the same model from here, best first.
 */
useInstead: Array<string>, } | { "kind": "noProfileInRegion", modelId: string, region: string, };

/**
 * The resolver's answer for a person: what Outcrop calls, or why Bedrock would refuse it.
 */
export type Verdict = { "verdict": "callable", resolution: Resolution, } | { "verdict": "refused", refusal: Refusal, };

/**
 * What a command does, as a code the UI words in the person's language.
 */
export type CliAction = "get" | "listTags" | "tag" | "delete" | "list";

/**
 * One AWS CLI command and what it does.
 */
export type CliCommand = { action: CliAction, command: string, };

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

/**
 * What Bedrock keeps of a project's requests and responses (`DataRetentionMode`).
 */
export type DataRetentionMode = "default" | "none" | "aws_review" | "provider_data_share" | "inherit";

/**
 * What a project command does, as a code the UI words in the person's language.
 */
export type ProjectCliAction = "create" | "get" | "rename" | "archive" | "list";

/**
 * One AWS CLI command for a project and what it does.
 */
export type ProjectCliCommand = { action: ProjectCliAction, command: string, };

/**
 * A project as the Projects tab shows it.
 */
export type Project = { id: string, arn: string, name: string, 
/**
 * `active` or `archived`, as Bedrock spells it.
 */
status: string, createdAt: string | null, archivedAt: string | null, 
/**
 * The data-retention mode as Bedrock spells it (`default`, `none`, …).
 */
dataRetention: string | null, 
/**
 * The project's tags; the default project has none of yours.
 */
tags: Array<Tag>, 
/**
 * The account's own project, used when a request names none: it cannot be renamed or archived.
 */
default: boolean, 
/**
 * The AWS CLI commands for it.
 */
cli: Array<ProjectCliCommand>, };

/**
 * What the Create form sends.
 */
export type CreateProject = { name: string, tags: Array<Tag>, dataRetention: DataRetentionMode, };

/**
 * The Projects tab: every project of the connection's Region (active and archived), and the least-privilege
 * IAM policy for managing them from Outcrop.
 */
export type ProjectsOverview = { projects: Array<Project>, iamPolicy: string, };

/**
 * The create form, checked: every broken rule, and the AWS CLI command it amounts to.
 */
export type ProjectPreview = { errors: Array<FieldError>, cli: string, };

/**
 * How far back a usage chart looks.
 */
export type UsageRange = "lastHour" | "lastDay" | "lastWeek";

/**
 * The window GetMetricData is asked for: `start` and `end` (seconds since the epoch) fall on period
 * boundaries, and `end` is the boundary after now, so the current (partial) period is shown.
 */
export type UsageWindow = { range: UsageRange, start: number, end: number, periodSeconds: number, };

/**
 * A range and the granularities it offers, as the Usage page lists them.
 */
export type UsageRangeChoice = { range: UsageRange, 
/**
 * Seconds per point, the default first.
 */
periods: Array<number>, };

/**
 * A quantity the Usage page shows.
 */
export type MetricKind = "invocations" | "inputTokens" | "outputTokens" | "cacheReadTokens" | "cacheWriteTokens" | "latency" | "timeToFirstToken" | "clientErrors" | "serverErrors" | "throttles";

/**
 * One quantity over the window: a value per period (`None` where CloudWatch has no data point: no request
 * then, or for a mean, nothing to average).
 */
export type MetricSeries = { kind: MetricKind, 
/**
 * The metric's name as AWS/Bedrock publishes it.
 */
metricName: string, values: Array<number | null>, 
/**
 * The window's sum (counts), or its mean over every request (durations); `None` with no data.
 */
total: number | null, };

/**
 * What the Usage page shows for one target.
 */
export type UsageReport = { modelId: string, window: UsageWindow, 
/**
 * The start of each period (seconds since the epoch), the x axis of every series.
 */
periodStarts: number[], series: Array<MetricSeries>, 
/**
 * The share of input tokens read from the cache per period: cache read / (cache read + cache write +
 * uncached input); `None` where no input was counted.
 */
hitRate: Array<number | null>, 
/**
 * The same over the whole window.
 */
hitRateTotal: number | null, 
/**
 * Metrics published for the target that the page does not know, by name.
 */
otherMetrics: Array<string>, };

/**
 * A model, profile or application profile with metrics in AWS/Bedrock: its `ModelId` value and the metric
 * names ListMetrics found for it.
 */
export type PublishedTarget = { modelId: string, metricNames: Array<string>, };

/**
 * A model or profile the dashboard charts, with the label its widgets carry.
 */
export type DashboardTarget = { published: PublishedTarget, label: string, };

/**
 * The dashboard, ready to show and to create.
 */
export type DashboardPlan = { name: string, region: string, 
/**
 * The dashboard body, as pretty JSON (what `dashboard.json` holds).
 */
body: string, 
/**
 * `aws cloudwatch put-dashboard … --dashboard-body file://dashboard.json`.
 */
cli: string, 
/**
 * Where the console shows it.
 */
consoleUrl: string, };

/**
 * One figure and where it comes from.
 */
export type Fact<T> = { value: T, 
/**
 * What the figure means, in a sentence.
 */
what: string, source: string, asOf: string, sure: Sureness, };

export type UsageFacts = { asOf: string, note: string, costExplorerRequestUsd: Fact<number>, costDataDelayHours: Fact<number>, tagActivationDelayHours: Fact<number>, costExplorerEnableDelayHours: Fact<number>, metricsDelayMinutes: Fact<number>, cacheMetricNames: Fact<Array<string>>, modelIdDimension: Fact<string>, costExplorerRegion: Fact<string>, };

/**
 * How far back the Spend page looks, and the granularity that suits it.
 */
export type SpendRange = "last7Days" | "last30Days" | "last3Months";

/**
 * One value per day, or per calendar month.
 */
export type SpendGranularity = "daily" | "monthly";

/**
 * GetCostAndUsage's TimePeriod: `start` inclusive, `end` exclusive (YYYY-MM-DD, UTC), so today is included.
 */
export type SpendWindow = { range: SpendRange, start: string, end: string, granularity: SpendGranularity, };

export type TagCarrierKind = "profile" | "project";

/**
 * What carries a tag value: an application inference profile or a project.
 */
export type TagCarrier = { kind: TagCarrierKind, name: string, };

/**
 * The cost of one tag value over the window.
 */
export type SpendGroup = { 
/**
 * The tag's value; `None` for cost that carries no such tag.
 */
value: string | null, 
/**
 * One amount per period of the report (0 where the group had none).
 */
amounts: Array<number>, total: number, 
/**
 * The profiles and projects Outcrop knows that carry this value.
 */
carriers: Array<TagCarrier>, };

/**
 * One service's share of the report.
 */
export type ServiceSpend = { service: string, total: number, };

/**
 * What the Spend page shows.
 */
export type SpendReport = { tagKey: string, window: SpendWindow, periodStarts: Array<string>, 
/**
 * Tagged values by cost, largest first; the untagged remainder last.
 */
groups: Array<SpendGroup>, total: number, 
/**
 * The currency of every amount (`USD`).
 */
unit: string, 
/**
 * Some period is still Cost Explorer's estimate.
 */
estimated: boolean, 
/**
 * Nothing carried the tag: every cost (if any) is in the untagged group. The page says why that may be.
 */
noTaggedCost: boolean, 
/**
 * The Bedrock services the cost is from, largest first.
 */
services: Array<ServiceSpend>, 
/**
 * The Cost Explorer requests this report took (one per page).
 */
requests: number, };

/**
 * What a `ModelId` value stands for in the connection's Region.
 */
export type UsageTargetKind = "applicationProfile" | "systemProfile" | "model" | "unknown";

/**
 * A model or profile the Usage page offers: what CloudWatch publishes for it, and what Outcrop knows of it.
 */
export type UsageTarget = { published: PublishedTarget, kind: UsageTargetKind, 
/**
 * The profile's or model's name; the ID itself when Outcrop knows neither.
 */
label: string, 
/**
 * An application profile's tags (its cost-allocation tags).
 */
tags: Array<Tag>, 
/**
 * ListMetrics lists it. An application profile it does not list (idle for two weeks, or new: listing
 * takes up to 15 minutes) is still offered, and asked for under the documented names.
 */
listed: boolean, 
/**
 * The name "Create this dashboard" suggests for a dashboard of this target alone.
 */
dashboardName: string, };

/**
 * The Usage page: what has metrics (and every application profile), the facts and permissions it rests on.
 */
export type UsageOverview = { region: string, 
/**
 * Local Bedrock: the metrics and costs are what it served, and there is no console to open.
 */
simulated: boolean, targets: Array<UsageTarget>, 
/**
 * The ranges a chart may cover, each with its granularities.
 */
ranges: Array<UsageRangeChoice>, 
/**
 * The least-privilege IAM policy for the Usage and Spend pages.
 */
iamPolicy: string, facts: UsageFacts, };

/**
 * The dashboard form, checked: the rules broken, or the dashboard as it would be created.
 */
export type DashboardPreview = { errors: Array<FieldError>, plan: DashboardPlan | null, };

/**
 * A dashboard created: what was sent, CloudWatch's validation messages, and where to open it (not on Local
 * Bedrock, which has no console).
 */
export type DashboardCreated = { plan: DashboardPlan, validationMessages: Array<string>, consoleUrl: string | null, };

/**
 * The Spend page before a query: the tag keys Outcrop knows, and what a query costs.
 */
export type SpendOverview = { simulated: boolean, 
/**
 * The tag keys on the Region's application profiles and projects, sorted.
 */
tagKeys: Array<string>, 
/**
 * Cost Explorer requests made since Outcrop started.
 */
requestsThisSession: number, facts: UsageFacts, };

/**
 * A spend query's answer, and the requests made since Outcrop started.
 */
export type SpendAnswer = { report: SpendReport, requestsThisSession: number, };

/**
 * A cache time-to-live Bedrock accepts on a `cachePoint`.
 */
export type CacheTtl = "5m" | "1h";

/**
 * Where in a request a `cachePoint` may stand (and, in the cache plan, where a block stands).
 */
export type CacheField = "tools" | "system" | "messages";

/**
 * One entry of `toolConfig.tools`.
 */
export type ToolItem = { "type": "tool", name: string, description: string, 
/**
 * The JSON Schema of the tool's input, as the person typed it.
 */
inputSchema: string, } | { "type": "cachePoint", ttl: CacheTtl, };

/**
 * One entry of `system`.
 */
export type SystemItem = { "type": "text", text: string, } | { "type": "cachePoint", ttl: CacheTtl, };

/**
 * A document's format, as Converse names it.
 */
export type DocumentFormat = "txt" | "md" | "csv" | "html";

/**
 * One entry of a message's `content`.
 */
export type ContentItem = { "type": "text", text: string, } | { "type": "document", name: string, format: DocumentFormat, text: string, } | { "type": "image", name: string, format: ImageFormat, 
/**
 * The file's bytes, base64 (as JSON carries them).
 */
data: string, } | { "type": "toolUse", toolUseId: string, name: string, 
/**
 * The tool's input as JSON text.
 */
input: string, } | { "type": "toolResult", toolUseId: string, text: string, } | { "type": "reasoning", text: string, signature?: string, } | { "type": "cachePoint", ttl: CacheTtl, };

export type Role = "user" | "assistant";

export type Message = { role: Role, content: Array<ContentItem>, };

/**
 * `inferenceConfig`; `None` leaves the model's default.
 */
export type InferenceParams = { maxTokens?: number, temperature?: number, topP?: number, 
/**
 * Sample from the `top_k` likeliest tokens only. Not a Converse `inferenceConfig` field: it goes in
 * `additionalModelRequestFields`, shaped per model family (`top_k` for Claude, `inferenceConfig.topK` for
 * Nova); the Anthropic body takes `top_k`.
 */
topK?: number, stopSequences: Array<string>, 
/**
 * Extended thinking; `None` leaves it off.
 */
thinking?: Thinking, };

/**
 * The whole conversation.
 */
export type Conversation = { tools: Array<ToolItem>, system: Array<SystemItem>, messages: Array<Message>, inference: InferenceParams, 
/**
 * The service tier asked for (Converse `serviceTier`, InvokeModel `X-Amzn-Bedrock-Service-Tier`); `None`
 * sends no tier and the service serves its default.
 */
serviceTier?: ServiceTier, 
/**
 * The Bedrock project the request runs under (Converse's `projectIdentifier`, InvokeModel's
 * `X-Amzn-Bedrock-ProjectIdentifier`); `None` or `default` is the account's default project.
 */
project?: string, 
/**
 * Automatic placement: the Messages API's top-level `cache_control`, which puts one cache point after the
 * last block of the request (Anthropic's SDK: "applies a cache_control marker to the last cacheable block").
 * It counts against the four points a request may carry; no point is added where one already stands last.
 * Only the Messages API takes it; `None` sends none.
 */
automaticCache?: CacheTtl, };

/**
 * Where a block of the flattened request came from, so the UI can point at it.
 */
export type BlockOrigin = { "section": "tool", item: number, } | { "section": "system", item: number, } | { "section": "message", message: number, item: number, };

/**
 * Something wrong with one cache point.
 */
export type PointProblem = { "kind": "belowMinimum", missingTokens: number, } | { "kind": "ttlNotSupported", ttl: CacheTtl, } | { "kind": "longerTtlAfterShorter" } | { "kind": "sectionNotCacheable", section: CacheField, } | { "kind": "afterReasoning" } | { "kind": "beyondLimit", limit: number, };

/**
 * One cache point, analysed.
 */
export type PointPlan = { index: number, afterBlocks: number, section: CacheField, ttl: CacheTtl, 
/**
 * The automatic point (top-level `cache_control`) rather than one standing in the conversation.
 */
automatic: boolean, 
/**
 * Cumulative tokens of the prefix this point closes.
 */
prefixTokens: number, 
/**
 * The model's minimum per checkpoint, when known.
 */
minTokens: number | null, 
/**
 * True when this point will cache (reaches the minimum, nothing refused).
 */
caches: boolean, problems: Array<PointProblem>, };

/**
 * What a lint finding is.
 */
export type LintKind = "timestamp" | "date" | "time" | "uuid" | "randomId" | "counter" | "jsonKeyOrder";

/**
 * The move that fixes a lint finding.
 */
export type LintFix = { "code": "moveTimestamp" } | { "code": "moveId" } | { "code": "moveChangingDate" } | { "code": "moveTimeOfDay" } | { "code": "moveGeneratedId" } | { "code": "moveCounter" } | { "code": "sortJsonKeys" };

/**
 * Text in a cached prefix that will change between requests.
 */
export type LintFinding = { block: number, 
/**
 * Byte offsets in the block's text.
 */
start: number, end: number, kind: LintKind, text: string, 
/**
 * The move that fixes it, as a code the UI words.
 */
fix: LintFix, 
/**
 * The move in English, for logs and for a UI that does not know the code.
 */
fixMessage: string, };

/**
 * The whole plan.
 */
export type CachePlan = { totalTokens: number, 
/**
 * Tokens of each block, counted or estimated (the ruler draws them).
 */
blockTokens: Array<number>, 
/**
 * True when any block's size is a local estimate rather than a count from the service.
 */
estimated: boolean, points: Array<PointPlan>, 
/**
 * Findings inside the prefix of the last point that can cache (or of the last point).
 */
lints: Array<LintFinding>, 
/**
 * Known caching rules for the model; `false` means the floors and TTLs could not be checked.
 */
modelKnown: boolean, };

/**
 * A prefix the service holds, as far as this session knows.
 */
export type CachedPrefix = { 
/**
 * The ID invoked and the Region: a cache entry belongs to both.
 */
scope: string, 
/**
 * Blocks in the prefix (tools → system → messages).
 */
boundary: number, 
/**
 * A stable hash of those blocks, in hex.
 */
prefixHash: string, tokens: number, ttl: CacheTtl, writtenAtMs: number, expiresAtMs: number, reads: number, };

/**
 * What the next send does at one cache point.
 */
export type PointAction = { "kind": "read", tokens: number, } | { "kind": "write", tokens: number, ttl: CacheTtl, } | { "kind": "nothing" };

/**
 * A text change inside one block, trimmed to where it differs, with a little context.
 */
export type BlockDiff = { block: number, 
/**
 * Byte offset of the first difference in the current text.
 */
offset: number, before: string, after: string, };

/**
 * Why a prefix that was cached is not (or was not) read.
 */
export type MissCause = { "kind": "prefixChanged", diff: BlockDiff, } | { "kind": "ttlExpired", expiredAtMs: number, agoMs: number, } | { "kind": "scopeChanged", from: string, to: string, } | { "kind": "belowFloor", point: number, missingTokens: number, } | { "kind": "beyondLookback", boundary: number, } | { "kind": "expiredOrEvicted" } | { "kind": "routedToAnotherRegion" } | { "kind": "estimateBelowFloor" } | { "kind": "warmedElsewhere" };

/**
 * "Writes N tokens at checkpoint k, reads M" for the next send.
 */
export type Prediction = { readTokens: number, 
/**
 * Blocks in the prefix read, when one is.
 */
readBoundary: number | null, write5mTokens: number, write1hTokens: number, 
/**
 * Input billed at the plain rate.
 */
uncachedTokens: number, 
/**
 * One action per point of the plan.
 */
points: Array<PointAction>, 
/**
 * Why something cached before will not be read.
 */
misses: Array<MissCause>, 
/**
 * True when the figures rest on local token estimates.
 */
estimated: boolean, };

/**
 * Predicted against actual, after a turn.
 */
export type Reconciliation = { 
/**
 * True when the cache did what was predicted: a read where one was expected, a write where one was
 * expected, and neither where none was.
 */
matches: boolean, 
/**
 * True when the token figures are the predicted ones exactly (they differ by a little when the
 * prediction rested on local estimates).
 */
exact: boolean, predictedRead: number, actualRead: number, 
/**
 * Of `actual_read`, the tokens no cache point accounts for, on a model that caches on its own (implicit
 * caching): read at the read rate, and not a misprediction.
 */
implicitRead: number, predictedWrite: number, actualWrite: number, 
/**
 * The likely causes, most likely first, when they differ or when a read was expected and missed.
 */
causes: Array<MissCause>, };

/**
 * How sure Outcrop is of a figure: what kind of source says it.
 */
export type Sureness = "documented" | "reported" | "measured";

/**
 * One source's claim of a model's minimum tokens per cache checkpoint.
 */
export type FloorClaim = { tokens: number, 
/**
 * Who claims it, in a few words ("AWS table", "AWS toolkit").
 */
by: string, 
/**
 * Where it can be read (a URL, or a repository and path).
 */
source: string, 
/**
 * When the claim was checked (YYYY-MM-DD).
 */
asOf: string, sure: Sureness, };

/**
 * A floor Outcrop measured with the cache-floor probe: the smallest tried prefix that cached.
 */
export type MeasuredFloor = { 
/**
 * The smallest prefix (in tokens) that cached.
 */
tokens: number, 
/**
 * The largest tried prefix that did not cache, when one was tried: the floor lies above it.
 */
notAt: number | null, 
/**
 * The foundation model measured.
 */
modelId: string, 
/**
 * The ID the probe invoked (a profile, or the model itself).
 */
invokedId: string, region: string, 
/**
 * When it was measured (YYYY-MM-DD, UTC).
 */
measuredOn: string, 
/**
 * The requests the probe sent to find it.
 */
requests: number, };

/**
 * What a probe sends and can cost, shown before the person confirms.
 */
export type ProbePlan = { 
/**
 * The prefix sizes it decides between, ascending.
 */
candidates: Array<number>, 
/**
 * The most requests it sends.
 */
maxRequests: number, 
/**
 * The largest prefix it sends (the largest candidate, and a little room while sizes are estimated).
 */
largestPrefixTokens: number, 
/**
 * Output tokens each request asks for at most.
 */
maxOutputTokens: number, 
/**
 * Sizes are counted with CountTokens before sending (else estimated, then corrected from usage).
 */
counted: boolean, 
/**
 * The most it can cost, in USD, at the prices quoted: every request writing its largest prefix and
 * reading it back. `None` without prices.
 */
worstCaseCost: number | null, };

/**
 * Where the floor lies, once the probe is done.
 */
export type FloorOutcome = { "kind": "floor", tokens: number, notAt: number | null, } | { "kind": "atOrBelowSmallest", tokens: number, } | { "kind": "aboveEvery", notAt: number, };

/**
 * What the service reported for one probe request (Converse `usage`).
 */
export type ProbeUsage = { inputTokens: number, cacheReadInputTokens: number, cacheWriteInputTokens: number, };

/**
 * A finished probe as stored: the floor, with each request it made.
 */
export type ProbeRequestLog = { 
/**
 * The candidate the request tested.
 */
candidate: number, 
/**
 * The prefix's size: counted, or as the service's usage told.
 */
tokens: number, 
/**
 * The repeat of a prefix that was written (it should read it back).
 */
repeat: boolean, usage: ProbeUsage, };

/**
 * An API a model may or may not serve.
 */
export type ModelApi = "converse" | "invokeModel" | "countTokens" | "messages";

/**
 * The host the Messages API of a connection is sent to.
 */
export type MessagesEndpoint = "runtime" | "mantle";

/**
 * Which APIs a model serves on bedrock-runtime (an API in neither list is unknown), and on bedrock-mantle.
 */
export type ApiFacts = { 
/**
 * Served on `bedrock-runtime.{region}.amazonaws.com`.
 */
runtime: Array<ModelApi>, 
/**
 * Refused on bedrock-runtime.
 */
notRuntime: Array<ModelApi>, 
/**
 * Served on `bedrock-mantle.{region}.api.aws`.
 */
mantle: Array<ModelApi>, source: string, asOf: string, sure: Sureness, };

/**
 * A Bedrock service tier (Converse `serviceTier.type`, InvokeModel `X-Amzn-Bedrock-Service-Tier`).
 */
export type ServiceTier = "default" | "priority" | "flex" | "reserved";

/**
 * The service tiers a model offers.
 */
export type TierFacts = { tiers: Array<ServiceTier>, source: string, asOf: string, sure: Sureness, };

/**
 * Which inference parameters a model takes, and in which combinations.
 */
export type ParameterFacts = { 
/**
 * Sampling parameters the model refuses outright (Opus 4.7: "`temperature` is deprecated for this model.").
 */
refused: Array<SamplingParam>, 
/**
 * `temperature` and `top_p` may not be sent together ("`temperature` and `top_p` cannot both be specified
 * for this model. Please use only one.").
 */
temperatureOrTopP: boolean, 
/**
 * The thinking modes the model offers; empty when it does not think on request.
 */
thinking: Array<ThinkingMode>, source: string, asOf: string, sure: Sureness, };

/**
 * A sampling parameter a model may refuse.
 */
export type SamplingParam = "temperature" | "topP" | "topK";

/**
 * How a model thinks when asked to.
 */
export type ThinkingMode = "budget" | "adaptive";

/**
 * Extended thinking, as the Anthropic body's `thinking` field (on Converse, in `additionalModelRequestFields`).
 */
export type Thinking = { "type": "enabled", budgetTokens: number, } | { "type": "adaptive" };

/**
 * An image format Bedrock reads.
 */
export type ImageFormat = "png" | "jpeg" | "gif" | "webp";

/**
 * Prices in USD per million tokens.
 */
export type Prices = { input: number, output: number, cacheWrite5m: number, 
/**
 * `None` where the model has no one-hour cache.
 */
cacheWrite1h: number | null, cacheRead: number, };

/**
 * How a request reaches the model, which decides its price row: a global profile, a geographic profile
 * (`us.`, `eu.`, …) or the in-Region model ID. Claude 4.5 and later cost about 10% more off the global route.
 */
export type PriceRoute = "global" | "geographic" | "inRegion";

/**
 * Which row of an entry priced a request.
 */
export type PriceRow = { "kind": "base" } | { "kind": "route", route: PriceRoute, } | { "kind": "geography", geography: string, };

/**
 * A higher rate for requests above a number of input tokens (some models bill the whole request at it).
 */
export type LongContextRate = { 
/**
 * Requests whose total input exceeds this many tokens are billed at the long-context rate.
 */
aboveInputTokens: number, 
/**
 * Multiplies input and every cache price.
 */
inputMultiplier: number, outputMultiplier: number, };

/**
 * What a service tier costs relative to the default tier, where someone published it.
 */
export type TierPrice = { 
/**
 * Multiplies every price; `None` when no source gives it (shown as unknown, never guessed).
 */
multiplier: number | null, source: string, };

/**
 * The prices a request was billed at, and what decided them beyond the quote's row.
 */
export type Billing = { prices: Prices, route: PriceRoute, row: PriceRow, 
/**
 * The total input passed the model's long-context threshold: the long-context rate applied.
 */
longContext: boolean, 
/**
 * The tier the service served (or was asked for, when it reported none).
 */
tier: ServiceTier | null, 
/**
 * The tier's multiplier, when known; `None` with a non-default tier means the tier's price is unknown
 * and the prices are the default tier's.
 */
tierMultiplier: number | null, };

/**
 * The prices for one model and route, with the row that priced it and the date and source of the figures.
 */
export type PriceQuote = { prices: Prices, 
/**
 * The table entry that matched (`anthropic.claude-sonnet-4-5`).
 */
modelIdPrefix: string, 
/**
 * The geography whose row applies, when the entry has one for it.
 */
geography: string | null, 
/**
 * How the request reaches the model.
 */
route: PriceRoute, 
/**
 * Which row of the entry priced it.
 */
row: PriceRow, longContext: LongContextRate | null, 
/**
 * Known and unknown tier multipliers of the entry.
 */
tiers: { [key in ServiceTier]?: TierPrice }, asOf: string, source: string, note: string | null, };

/**
 * Token usage of one turn, as Bedrock reports it (Converse `usage` / ConverseStream `metadata.usage`).
 */
export type Usage = { 
/**
 * Uncached input only.
 */
inputTokens: number, outputTokens: number, cacheReadInputTokens: number, 
/**
 * Cache writes with a 5-minute TTL (`cacheDetails`, or all writes when the service gives no split).
 */
cacheWrite5mTokens: number, cacheWrite1hTokens: number, 
/**
 * Of `cache_read_input_tokens`, the reads no cache point asked for (implicit caching). The service
 * reports one figure; Outcrop splits it by what the cache points predicted.
 */
implicitReadTokens: number, };

/**
 * A turn's cost, and the same turn without prompt caching.
 */
export type TurnCost = { input: number, cacheWrite: number, cacheRead: number, 
/**
 * Of `cache_read`, what implicit reads cost.
 */
implicitRead: number, output: number, total: number, 
/**
 * The same tokens, all billed as plain input.
 */
withoutCache: number, 
/**
 * `without_cache - total`: negative when the writes have not paid back yet.
 */
saved: number, 
/**
 * Of `saved`, what implicit reads saved (no cache point asked for them).
 */
implicitSaved: number, };

/**
 * A session's running totals: every turn's usage and cost added up.
 */
export type SessionTotals = { turns: number, usage: Usage, cost: number, withoutCache: number, saved: number, 
/**
 * Of `saved`, what implicit reads saved.
 */
implicitSaved: number, };

export type CodeFormat = "awsCli" | "boto3" | "rust" | "json" | "curl" | "curlApiKey" | "anthropicPython" | "anthropicTypescript";

/**
 * Which API a turn is sent through: the transport decides the wire shape of the same conversation.
 */
export type Api = "converse" | "invokeModel" | "messages";

/**
 * Timings of one turn.
 */
export type Latency = { 
/**
 * From the request leaving to the first token arriving.
 */
timeToFirstTokenMs: number | null, totalMs: number, 
/**
 * What the service reported (`metrics.latencyMs`).
 */
serviceLatencyMs: number | null, };

/**
 * How a turn ended.
 */
export type TurnStatus = "running" | "complete" | "failed" | "cancelled" | "interrupted";

/**
 * A failure as the turn keeps it.
 */
export type TurnError = { code: ErrorCode, message: string, 
/**
 * Why the AWS call failed, for the UI to word; absent in turns saved before it was kept.
 */
reason?: AwsReason, };

/**
 * What streams to the screen while a turn runs.
 */
export type TurnEvent = { "event": "started", turnId: number, invokeId: string, } | { "event": "attempt", attempt: number, } | { "event": "retrying", attempt: number, delayMs: number, message: string, } | { "event": "textDelta", block: number, text: string, } | { "event": "reasoningDelta", block: number, text: string, } | { "event": "toolUse", block: number, toolUseId: string, name: string, input: string, } | { "event": "stop", reason: string, } | { "event": "usage", usage: Usage, } | { "event": "metrics", latency: Latency, } | { "event": "finished", turn: TurnRecord, };

/**
 * One turn, as kept in the session database.
 */
export type TurnRecord = { id: number, sessionId: string, seq: number, status: TurnStatus, startedAtMs: number, modelChoice: string, 
/**
 * The model ID the request named (through the Messages API on bedrock-mantle, the foundation-model ID
 * without a profile prefix).
 */
invokeId: string, foundationModelId: string | null, region: string, api: Api, 
/**
 * Where a Messages API turn was sent; absent for the other transports, and for turns kept before the
 * choice existed (bedrock-runtime).
 */
messagesEndpoint?: MessagesEndpoint, 
/**
 * The conversation exactly as sent.
 */
request: Conversation, 
/**
 * The assistant's answer (partial when the turn failed or was cancelled).
 */
reply: Array<ContentItem>, stopReason: string | null, error: TurnError | null, usage: Usage | null, 
/**
 * The prices the turn was billed at (kept as sent: a later price edit does not rewrite history).
 */
prices: Prices | null, 
/**
 * Which price row, tier and rate priced the turn.
 */
billing: Billing | null, 
/**
 * The service tier the service reported serving (or the one asked for, when it did not say).
 */
serviceTier: ServiceTier | null, cost: TurnCost | null, prediction: Prediction, reconciliation: Reconciliation | null, latency: Latency, attempts: number, };

/**
 * What the editor holds for a session between turns.
 */
export type Draft = { conversation: Conversation, 
/**
 * What the person picked: a model ID, a profile ID or an application-profile ARN.
 */
modelChoice: string, api: Api, };

/**
 * What a turn's request added to the one it builds on.
 */
export type RequestDelta = { 
/**
 * The turn this request builds on (stored: the one before it; sent: the one before it in the list);
 * `None`: it stands alone.
 */
base?: number, 
/**
 * Whether the kept messages end with the base turn's reply, as the assistant's message.
 */
withReply: boolean, 
/**
 * How many of the built-on messages the request starts with.
 */
keep: number, 
/**
 * The request's messages after those.
 */
messages: Array<Message>, 
/**
 * The system prompt, when it differs from the base's (always, when there is no base).
 */
system?: Array<SystemItem>, 
/**
 * The tools, when they differ from the base's (always, when there is no base).
 */
tools?: Array<ToolItem>, 
/**
 * Everything else about the request (inference settings, tier, automatic cache), whole: its messages,
 * system prompt and tools are empty here.
 */
rest: Conversation, };

/** A turn of a list Rust sends: whole but its request, which builds on the turn before it in the list. */
export type SentTurn = Omit<TurnRecord, "request"> & { request: RequestDelta };

/**
 * A session with everything the screen shows. Its turns are sent as [`RequestDelta`]s (`SentTurn` in
 * TypeScript; the screen's `Session` has them rebuilt).
 *
 * [`RequestDelta`]: super::RequestDelta
 */
export type SentSession = { id: string, title: string, draft: Draft, 
/**
 * The latest turns (up to [`TURN_PAGE`]); earlier ones load on demand (`earlier_turns`).
 */
turns: Array<SentTurn>, 
/**
 * How many turns come before `turns`.
 */
earlierTurns: number, 
/**
 * Saved turns that could not be read back: named, left out of `turns` and the totals, so the rest opens.
 */
damagedTurns: Array<DamagedTurn>, 
/**
 * Every turn's usage and cost, loaded or not.
 */
totals: SessionTotals, 
/**
 * Cached prefixes still alive, soonest to expire first.
 */
cache: Array<CachedPrefix>, nowMs: number, };

/** A session as the screen holds it: its turns' requests rebuilt (`features/playground/sent-turns.ts`). */
export type Session = Omit<SentSession, "turns"> & { turns: Array<TurnRecord> };

/**
 * Turns loaded on demand: those before the ones on screen (sent as [`Session`]'s are).
 */
export type SentEarlierTurns = { 
/**
 * Up to [`TURN_PAGE`] readable turns, in order, ending before the turn asked for.
 */
turns: Array<SentTurn>, 
/**
 * How many turns come before these.
 */
earlierTurns: number, };

/** Earlier turns as the screen holds them: their requests rebuilt. */
export type EarlierTurns = Omit<SentEarlierTurns, "turns"> & { turns: Array<TurnRecord> };

/**
 * A saved turn that could not be read back (a damaged row): its number and why.
 */
export type DamagedTurn = { seq: number, error: string, 
/**
 * The turn whose request this one's builds on, when this one cannot be read because that one cannot.
 */
buildsOn?: number, };

/**
 * Where a session's title comes from.
 */
export type TitleSource = "auto" | "user";

/**
 * What kind of run made a group of sessions.
 */
export type RunKind = "compare" | "bakeoff";

/**
 * The run a session belongs to, and its place in it.
 */
export type SessionRun = { 
/**
 * Shared by every session of the run.
 */
id: string, kind: RunKind, 
/**
 * Compare: the column's target (model ID, profile ID or ARN). Bake-off: the placement and the transport
 * (`systemOnly/invokeModel`; runs kept before there was a transport choice: the placement alone).
 */
label: string, };

/**
 * One line of the session list.
 */
export type SessionSummary = { id: string, 
/**
 * Empty while an automatic title has no question to come from (the UI words "Untitled").
 */
title: string, titleSource: TitleSource, 
/**
 * The Compare or bake-off run the session belongs to; `None` for a session of its own.
 */
run: SessionRun | null, createdAtMs: number, updatedAtMs: number, modelChoice: string, turns: number, cost: number, saved: number, };

/**
 * A model's caching rules, as the picker and the ruler show them.
 */
export type CachingRules = { name: string, 
/**
 * The floor planning uses: measured, else the highest published claim.
 */
minTokens: number, 
/**
 * Every published claim of the floor, with its source (they disagree for some models).
 */
floorClaims: Array<FloorClaim>, 
/**
 * What the cache-floor probe measured, when it has run for this model.
 */
measured: MeasuredFloor | null, ttls: Array<CacheTtl>, fields: Array<CacheField>, 
/**
 * The model also caches on its own: reads can come without a cache point.
 */
implicit: boolean, note: string | null, };

/**
 * Why a block's size is a local estimate rather than a count.
 */
export type EstimateReason = { "reason": "modelNotCountable" } | { "reason": "notCountable" } | { "reason": "notCountedYet", blocks: number, } | { "reason": "blockKindNotCountable", blocks: number, };

/**
 * What the service counts up to a cache point beyond the counted sizes of the blocks before it.
 */
export type PrefixFraming = { 
/**
 * The cache point, from 0.
 */
point: number, 
/**
 * Counted prefix minus the sum of its blocks (negative when the blocks count more alone).
 */
tokens: number, };

/**
 * Where the plan's sizes come from: CountTokens on the wire the send will use, or local estimates and why.
 */
export type SizeBasis = { 
/**
 * The wire the sizes are counted on.
 */
api: Api, countedBlocks: number, estimatedBlocks: number, 
/**
 * Why blocks are still estimates; empty when every block was counted.
 */
reasons: Array<EstimateReason>, 
/**
 * Where a prefix counted whole is larger (or smaller) than its blocks counted one by one: framing the
 * service adds for the request and its sections. The plan's prefix sizes include it.
 */
prefixFraming: Array<PrefixFraming>, };

/**
 * The plan of a conversation on a target: what the editor, the ruler and the Send button show.
 */
export type PlanView = { resolution: Resolution, region: string, 
/**
 * `None` when Outcrop has no caching facts for the model (floors and TTLs cannot be checked).
 */
caching: CachingRules | null, 
/**
 * Which APIs serve the model, when Outcrop knows.
 */
apis: ApiFacts | null, 
/**
 * Where the connection sends the Messages API: the transport's offer is checked against that host's
 * list in `apis`, and bedrock-mantle is sent the foundation-model ID.
 */
messagesEndpoint: MessagesEndpoint, 
/**
 * Which service tiers the model offers, when Outcrop knows.
 */
serviceTiers: TierFacts | null, 
/**
 * Which inference parameters the model takes, when Outcrop knows: the parameters panel disables the
 * others and says why.
 */
parameters: ParameterFacts | null, plan: CachePlan, 
/**
 * Where each block of the plan comes from, by index.
 */
blocks: Array<BlockOrigin>, 
/**
 * Where each cache point stands, by index.
 */
points: Array<BlockOrigin>, prediction: Prediction, 
/**
 * Where the sizes come from (CountTokens on the send's wire, or estimates and why).
 */
sizes: SizeBasis, 
/**
 * Rules the conversation breaks; sending is refused while there are any.
 */
problems: Array<FieldError>, prices: Prices | null, 
/**
 * Where the prices come from: the table entry, its date and source.
 */
priceQuote: PriceQuote | null, 
/**
 * The row, tier and rate the next send would be billed at.
 */
billing: Billing | null, 
/**
 * The predicted input cost of the next send (output not yet known).
 */
predictedCost: TurnCost | null, 
/**
 * How many reads repay a 5-minute write on this model, at these prices.
 */
breakEvenReads: number | null, cache: Array<CachedPrefix>, nowMs: number, };

/**
 * What CountTokens could count.
 */
export type TokenCountReport = { countedBlocks: number, estimatedBlocks: number, 
/**
 * Why the counts are estimates, when they are.
 */
unavailable: string | null, 
/**
 * A newer count of the same session started before this one finished: this one stopped, its requests
 * dropped, and the window goes by the newer one.
 */
superseded: boolean, };

/**
 * The table as the editor shows it.
 */
export type PriceTableText = { 
/**
 * The table's JSON, as saved (or as bundled).
 */
json: string, 
/**
 * True when the person's own copy is in use.
 */
customised: boolean, asOf: string, source: string, 
/**
 * The bundled table, to compare with or go back to.
 */
bundledAsOf: string, };

/**
 * Which request the copied code is.
 */
export type CopiedRequest = { "kind": "lastSent", seq: number, status: TurnStatus, } | { "kind": "nextSend" };

/**
 * The code, and what it is: the request, its transport and destination, and the inference parameters on
 * the wire (InvokeModel's `max_tokens` filled in as sent).
 */
export type CopiedCode = { code: string, request: CopiedRequest, api: Api, 
/**
 * The model ID the request names (on bedrock-mantle, without a profile prefix).
 */
invokeId: string, region: string, inference: InferenceParams, };

/**
 * Where a strategy puts its cache points.
 */
export type Placement = "noCache" | "systemOnly" | "systemAndTools" | "systemAndLastUser" | "perDocument";

/**
 * One turn of one strategy, as the bake-off charts it.
 */
export type StrategyTurn = { turn: number, cost: number, withoutCache: number, inputTokens: number, cacheReadTokens: number, 
/**
 * Of `cache_read_tokens`, the reads no cache point asked for (implicit caching): a placement does not
 * earn them.
 */
implicitReadTokens: number, cacheWriteTokens: number, outputTokens: number, timeToFirstTokenMs: number | null, totalMs: number, };

/**
 * One strategy's run.
 */
export type StrategyResult = { placement: Placement, 
/**
 * The transport the run was sent through (Converse for results written before there was a choice).
 */
api: Api, sessionId: string, turns: Array<StrategyTurn>, 
/**
 * Why the run stopped early, if it did.
 */
error: string | null, };

/**
 * One reason for a recommendation, with its figures; the UI words it in the person's language. A transport
 * (`api`) is named only when the bake-off tried more than one.
 */
export type Reason = { "kind": "cheapest", placement: Placement, api: Api | null, cost: number, turns: number, finished: number, } | { "kind": "savings", withoutCache: number, savedPercent: number, hitRatePercent: number, } | { "kind": "nothingPaid" } | { "kind": "runnerUp", placement: Placement, api: Api | null, cost: number, difference: number, } | { "kind": "writeReadBack", tokens: number, } | { "kind": "writeNeverRead" } | { "kind": "fasterFirstToken", withMs: number, withoutMs: number, } | { "kind": "transportsDiffer", placement: Placement, cheaper: Api, cheaperCost: number, dearer: Api, dearerCost: number, cause: TransportCause, };

/**
 * Why one placement costs differently through two transports, judged from what each reported.
 */
export type TransportCause = { "kind": "implicitReads", api: Api, tokens: number, } | { "kind": "cacheUsage", cheaperRead: number, cheaperWrite: number, dearerRead: number, dearerWrite: number, framing: boolean, } | { "kind": "framing", cheaperInput: number, dearerInput: number, } | { "kind": "output", cheaperOutput: number, dearerOutput: number, };

/**
 * The strategy to use, and why.
 */
export type Recommendation = { placement: Placement, 
/**
 * The transport the recommended run went through.
 */
api: Api, 
/**
 * Most important first.
 */
reasons: Array<Reason>, };

/**
 * A placement bake-off: the draft's conversation, then each follow-up question, under each placement and
 * through each transport (every placement × every transport, each run in a session of its own).
 */
export type BakeoffRequest = { draft: Draft, followUps: Array<string>, placements: Array<Placement>, 
/**
 * The transports to try; empty sends through the draft's own (`draft.api`).
 */
apis: Array<Api>, ttl: CacheTtl, };

/**
 * Progress of a bake-off, as it runs.
 */
export type BakeoffEvent = { "event": "started", placements: Array<Placement>, 
/**
 * The transports tried, in run order (each placement is sent through each).
 */
apis: Array<Api>, turns: number, } | { "event": "progress", placement: Placement, api: Api, turn: number, of: number, } | { "event": "turnDone", placement: Placement, api: Api, turn: StrategyTurn, } | { "event": "strategyDone", result: StrategyResult, };

/**
 * What a bake-off found.
 */
export type BakeoffReport = { results: Array<StrategyResult>, recommendation: Recommendation | null, cancelled: boolean, };

/**
 * What a probe of a model will send and can cost, for the person to confirm.
 */
export type FloorProbePlan = { 
/**
 * The foundation model measured.
 */
modelId: string, 
/**
 * The ID the probe invokes (the profile the playground would call).
 */
invokedId: string, region: string, 
/**
 * The model's name in Outcrop's facts, when it has them.
 */
modelName: string | null, plan: ProbePlan, 
/**
 * The published claims the probe tests, with their sources.
 */
floorClaims: Array<FloorClaim>, 
/**
 * What an earlier probe measured, when one did.
 */
measured: MeasuredFloor | null, 
/**
 * The date of the prices the worst case is computed from.
 */
pricesAsOf: string | null, };

/**
 * Progress of a probe, one event per request.
 */
export type FloorProbeEvent = { "event": "started", invokedId: string, region: string, maxRequests: number, candidates: Array<number>, 
/**
 * Sizes are counted with CountTokens (else estimated and corrected from usage).
 */
counted: boolean, } | { "event": "request", number: number, log: ProbeRequestLog, 
/**
 * Whether the candidate cached, once this request decided it.
 */
cached: boolean | null, };

/**
 * How a probe ended.
 */
export type FloorProbeReport = { "status": "measured", outcome: FloorOutcome, probe: StoredFloorProbe, } | { "status": "aboveEvery", notAt: number, requests: Array<ProbeRequestLog>, } | { "status": "stopped", requests: Array<ProbeRequestLog>, } | { "status": "undecided", requests: Array<ProbeRequestLog>, } | { "status": "inconsistent", cachedAt: number, missedAt: number, requests: Array<ProbeRequestLog>, };

/**
 * A measured floor as kept: what planning uses, and the requests that proved it.
 */
export type StoredFloorProbe = { id: number, floor: MeasuredFloor, measuredAtMs: number, 
/**
 * Each request: the candidate it tested, the prefix's size, the usage the service reported.
 */
requests: Array<ProbeRequestLog>, };

/**
 * A conversation and the model it would go to; the session gives the cache state to predict from.
 */
export type PlanRequest = { sessionId?: string, conversation: Conversation, 
/**
 * A model ID, a profile ID or an application-profile ARN, resolved on the active connection.
 */
modelChoice: string, 
/**
 * The transport the send will use (Converse when absent): blocks are counted on its wire.
 */
api?: Api, };

/**
 * The next turn of a session.
 */
export type SendRequest = { sessionId: string, draft: Draft, };

/**
 * What Copy as code shows: the session's last request sent, else the draft's next one.
 */
export type CopyRequest = { sessionId?: string, draft: Draft, };

/**
 * How the month's requests arrive.
 */
export type Spread = { "kind": "steady" } | { "kind": "bursts", size: number | null, } | { "kind": "officeHours" };

/**
 * The what-if's inputs.
 */
export type WhatIfInput = { 
/**
 * A foundation-model ID (or its family, `anthropic.claude-sonnet-4-6`).
 */
modelId: string, 
/**
 * The route: `global`, a geography's profiles (`us`, `eu`, `jp`, …), or `None` for the in-Region ID.
 */
geography: string | null, tier: ServiceTier, 
/**
 * Tokens behind the cache point, the same in every request.
 */
prefixTokens: number | null, 
/**
 * Tokens after it (uncached), per request.
 */
questionTokens: number | null, 
/**
 * Output tokens per request.
 */
answerTokens: number | null, 
/**
 * The month's requests over its hours.
 */
requestsPerHour: number | null, spread: Spread, };

/**
 * One month's traffic and what it costs, in USD.
 */
export type MonthlyCost = { requests: number, 
/**
 * Requests that write the prefix to the cache.
 */
writes: number, 
/**
 * Requests that read it.
 */
reads: number, 
/**
 * Plain input: the question, and the prefix when it is not cached.
 */
input: number, cacheWrite: number, cacheRead: number, output: number, total: number, };

/**
 * Whether a TTL can be priced for the model.
 */
export type TtlStatus = { "kind": "caches" } | { "kind": "belowFloor", floor: number, prefixTokens: number, } | { "kind": "notOffered" } | { "kind": "noPrice" };

/**
 * From which rate caching pays, for one TTL.
 */
export type BreakEven = { "kind": "always" } | { "kind": "above", requestsPerHour: number, } | { "kind": "never" };

/**
 * One TTL's month.
 */
export type TtlCost = { ttl: CacheTtl, status: TtlStatus, 
/**
 * The month with this TTL; `None` when the TTL is not offered or not priced.
 */
monthly: MonthlyCost | null, 
/**
 * The month without caching minus the month with it (negative: caching costs more).
 */
saved: number | null, breakEven: BreakEven | null, };

/**
 * One point of the cost-against-traffic chart.
 */
export type SeriesPoint = { requestsPerHour: number, noCache: number, fiveMinutes: number | null, oneHour: number | null, 
/**
 * The rate asked about.
 */
today: boolean, };

/**
 * The what-if's answer: every figure priced by `quote` (its entry, row, date and source) at `billing`.
 */
export type WhatIf = { modelId: string, modelName: string | null, quote: PriceQuote, 
/**
 * The prices applied: the quote's row, the long-context rate when the request is over it, the tier.
 */
billing: Billing, 
/**
 * A tier other than the default was asked for and no multiplier is published for it: priced at the
 * default tier, never guessed.
 */
tierPriceUnknown: boolean, 
/**
 * The minimum tokens per cache point planning uses, and whether it was measured here.
 */
floor: number, floorMeasured: boolean, hoursPerMonth: number, requestsPerMonth: number, noCache: MonthlyCost, fiveMinutes: TtlCost, oneHour: TtlCost, series: Array<SeriesPoint>, };

/**
 * A model the what-if offers, with what its picker needs.
 */
export type WhatIfModel = { 
/**
 * The family's ID prefix (`anthropic.claude-sonnet-4-6`), which prices and facts both match.
 */
modelId: string, name: string, provider: string, ttls: Array<CacheTtl>, 
/**
 * The minimum tokens per cache point planning uses.
 */
floor: number, 
/**
 * The tiers the model offers; `None` when unknown.
 */
tiers: Array<ServiceTier> | null, };

/**
 * Which inputs came from the session.
 */
export type PrefillField = "model" | "route" | "tier" | "prefixTokens" | "questionTokens" | "answerTokens" | "requestsPerHour";

/**
 * The inputs to start from, and which of them the session's turns gave.
 */
export type WhatIfPrefill = { input: WhatIfInput, 
/**
 * The turns the figures come from (0: none, the example's figures).
 */
turns: number, fromSession: Array<PrefillField>, };

/**
 * A scripted demo.
 */
export type Demo = { format: string, version: number, 
/**
 * A stable name: letters, digits, `.`, `-` and `_` (`long-document-qa.en`).
 */
id: string, title: string, description: string, 
/**
 * The language its texts are written in (`en`, `ja`).
 */
lang: string, 
/**
 * The model or profile it is made for; another can be chosen when playing.
 */
modelChoice: string, api: Api, 
/**
 * What is sent before the first question: tools, system prompt, documents, cache points, parameters.
 */
conversation: Conversation, 
/**
 * The questions, in the order they are asked.
 */
questions: Array<string>, 
/**
 * What each tool answers, by tool name; `{field}` is replaced by the call's input field of that name.
 */
toolResults: { [key in string]: string }, };

/**
 * Where a demo came from.
 */
export type DemoSource = "shipped" | "imported";

/**
 * A demo and where it came from.
 */
export type DemoEntry = { demo: Demo, source: DemoSource, };

/**
 * The demos there are, and the kept files that could not be read (named, so they can be looked at).
 */
export type DemoLibrary = { demos: Array<DemoEntry>, unreadable: Array<string>, };

/**
 * What the report is about.
 */
export type ReportKind = "session" | "compare" | "bakeoff";

/**
 * A parameter and its value, both as the person reads them.
 */
export type ReportPair = { name: string, value: string, };

/**
 * Where a group's requests went.
 */
export type ReportTarget = { 
/**
 * What the person picked (a model ID, a profile ID or ARN, a name).
 */
modelChoice: string, 
/**
 * The ID requests were sent to; empty when nothing was resolved.
 */
resolvedId: string, region: string, 
/**
 * The transport, worded (e.g. "Converse").
 */
transport: string, 
/**
 * The service tier, worded; empty for the default.
 */
tier: string, 
/**
 * The inference parameters set (empty: the model's defaults).
 */
parameters: Array<ReportPair>, };

/**
 * One row: a turn of a session (or of a column or a run).
 */
export type ReportTurn = { 
/**
 * The row's name, worded ("Turn 1").
 */
label: string, 
/**
 * The question sent (redacted when presenting).
 */
question: string, 
/**
 * Uncached input.
 */
inputTokens: number, outputTokens: number, cacheReadTokens: number, cacheWriteTokens: number, 
/**
 * US dollars.
 */
cost: number, costWithoutCache: number, 
/**
 * `cost_without_cache - cost`; negative while cache writes have not paid back.
 */
saved: number, 
/**
 * Time to first token, in milliseconds; `None` when not measured.
 */
firstTokenMs: number | null, };

/**
 * A price list entry the costs come from.
 */
export type ReportPriceSource = { 
/**
 * The entry's date.
 */
asOf: string, 
/**
 * Where the prices come from (a URL or a note), shown as text, never linked.
 */
source: string, };

/**
 * A session, a Compare column or a bake-off run.
 */
export type ReportGroup = { 
/**
 * Its name, worded (the session title, the column's label, the placement).
 */
label: string, target: ReportTarget, turns: Array<ReportTurn>, 
/**
 * The prices used; `None` when the model has no price entry.
 */
price: ReportPriceSource | null, };

/**
 * The bake-off's recommendation, worded.
 */
export type ReportRecommendation = { headline: string, reasons: Array<string>, };

/**
 * Everything a report shows, gathered and worded by the UI.
 */
export type ReportInput = { kind: ReportKind, title: string, 
/**
 * When it was made, as the person reads it (the caller's clock and language).
 */
generatedAt: string, 
/**
 * The texts were redacted for an audience (presenter mode); the report says so.
 */
redacted: boolean, groups: Array<ReportGroup>, recommendation: ReportRecommendation | null, };

/**
 * Every word of the report, in the reader's language.
 */
export type ReportLabels = { 
/**
 * The document's language (`en`, `ja`): its `lang` attribute.
 */
lang: string, 
/**
 * The kind of report, under the title.
 */
kind: string, generatedAt: string, redactedNotice: string, summary: string, modelChoice: string, resolvedId: string, region: string, transport: string, tier: string, defaultTier: string, parameters: string, defaultParameters: string, turn: string, question: string, inputTokens: string, outputTokens: string, cacheReadTokens: string, cacheWriteTokens: string, cost: string, costWithoutCache: string, saved: string, firstToken: string, notMeasured: string, total: string, 
/**
 * Title of the chart of cost per turn, with and without caching.
 */
chartCostPerTurn: string, 
/**
 * Title of the chart of tokens per turn (cache reads, cache writes, uncached input).
 */
chartTokensPerTurn: string, 
/**
 * Title of the Compare chart: a bar per column.
 */
chartCostPerColumn: string, 
/**
 * Title of the bake-off chart: a bar per run.
 */
chartCostPerRun: string, legendWithCache: string, legendWithoutCache: string, legendCacheRead: string, legendCacheWrite: string, legendUncached: string, recommendation: string, prices: string, priceAsOf: string, priceSource: string, noPrice: string, noTurns: string, };

/**
 * What became of the PDF; the UI words each.
 */
export type PdfOutcome = { "outcome": "saved", path: string, } | { "outcome": "unsupported" } | { "outcome": "failed", detail: string, } | { "outcome": "timedOut", seconds: number, };

/**
 * A saved report: the HTML always, the PDF when it could be printed.
 */
export type ReportSaved = { folder: string, html: string, pdf: PdfOutcome, };

/** Every Outcrop command: its arguments (as Tauri names them) and its result. */
export interface Commands {
  app_info: { args: Record<string, never>; result: AppInfo };
  app_started: { args: { phase: StartupPhase }; result: null };
  connections_overview: { args: Record<string, never>; result: ConnectionsOverview };
  aws_profiles: { args: Record<string, never>; result: Array<AwsProfile> };
  connection_check: { args: { draft: NewConnection }; result: Array<FieldError> };
  connection_add: { args: { draft: NewConnection }; result: SavedConnection };
  connection_remove: { args: { id: string }; result: ConnectionsOverview };
  connection_activate: { args: { id: string }; result: SavedConnection };
  connection_set_region: { args: { id: string; region: string }; result: SavedConnection };
  connection_set_messages_endpoint: { args: { id: string; endpoint: MessagesEndpoint }; result: SavedConnection };
  connection_set_endpoints: { args: { id: string; endpointUrl: string | null; runtimeEndpointUrl: string | null }; result: SavedConnection };
  connection_test: { args: { id: string }; result: ConnectionReport };
  welcome_finish: { args: Record<string, never>; result: ConnectionsOverview };
  local_bedrock_reset: { args: Record<string, never>; result: null };
  models_catalog: { args: Record<string, never>; result: Catalog };
  model_resolve: { args: { input: string }; result: Resolution };
  model_verdict: { args: { input: string }; result: Verdict };
  profile_details: { args: { id: string }; result: ProfileDetails };
  profile_preview: { args: { request: CreateProfile }; result: CreatePreview };
  profile_check_tags: { args: { tags: Array<Tag> }; result: Array<FieldError> };
  profile_create: { args: { request: CreateProfile }; result: Profile };
  profile_set_tags: { args: { arn: string; tags: Array<Tag> }; result: Array<Tag> };
  profile_delete: { args: { id: string }; result: null };
  projects_overview: { args: Record<string, never>; result: ProjectsOverview };
  project_preview: { args: { request: CreateProject }; result: ProjectPreview };
  project_check_name: { args: { name: string }; result: Array<FieldError> };
  project_create: { args: { request: CreateProject }; result: Project };
  project_rename: { args: { id: string; name: string }; result: Project };
  project_archive: { args: { id: string }; result: Project };
  usage_overview: { args: Record<string, never>; result: UsageOverview };
  usage_report: { args: { target: PublishedTarget; range: UsageRange; periodSeconds: number }; result: UsageReport };
  usage_dashboard_preview: { args: { name: string; targets: Array<DashboardTarget> }; result: DashboardPreview };
  usage_put_dashboard: { args: { name: string; targets: Array<DashboardTarget> }; result: DashboardCreated };
  spend_overview: { args: Record<string, never>; result: SpendOverview };
  spend_report: { args: { tagKey: string; range: SpendRange }; result: SpendAnswer };
  playground_plan: { args: { request: PlanRequest }; result: PlanView };
  playground_count_tokens: { args: { request: PlanRequest }; result: TokenCountReport };
  playground_send: { args: { request: SendRequest; onEvent: Channel<TurnEvent> }; result: TurnRecord };
  playground_cancel: { args: { sessionId: string }; result: boolean };
  playground_bakeoff: { args: { request: BakeoffRequest; onEvent: Channel<BakeoffEvent> }; result: BakeoffReport };
  playground_bakeoff_cancel: { args: Record<string, never>; result: boolean };
  playground_copy_as_code: { args: { request: CopyRequest; format: CodeFormat }; result: CopiedCode };
  session_create: { args: { title: string; draft: Draft; run: SessionRun | null }; result: SentSession };
  session_get: { args: { id: string }; result: SentSession };
  session_earlier_turns: { args: { id: string; before: number }; result: SentEarlierTurns };
  sessions_list: { args: { query: string }; result: Array<SessionSummary> };
  session_save_draft: { args: { id: string; draft: Draft }; result: string };
  session_rename: { args: { id: string; title: string }; result: null };
  session_delete: { args: { id: string }; result: null };
  session_export: { args: { id: string }; result: string };
  session_save_to_downloads: { args: { id: string }; result: string };
  session_import: { args: { json: string }; result: SentSession };
  session_run_delete: { args: { runId: string }; result: number };
  session_run_export: { args: { runId: string }; result: string };
  session_run_save_to_downloads: { args: { runId: string }; result: string };
  prices_get: { args: Record<string, never>; result: PriceTableText };
  prices_save: { args: { json: string }; result: PriceTableText };
  prices_reset: { args: Record<string, never>; result: PriceTableText };
  floor_probe_plan: { args: { modelChoice: string }; result: FloorProbePlan };
  floor_probe_run: { args: { modelChoice: string; onEvent: Channel<FloorProbeEvent> }; result: FloorProbeReport };
  floor_probe_stop: { args: Record<string, never>; result: boolean };
  floor_probes_list: { args: Record<string, never>; result: Array<StoredFloorProbe> };
  floor_probe_delete: { args: { id: number }; result: null };
  what_if_models: { args: Record<string, never>; result: Array<WhatIfModel> };
  what_if_prefill: { args: { sessionId: string | null }; result: WhatIfPrefill };
  what_if: { args: { input: WhatIfInput }; result: WhatIf };
  demo_list: { args: Record<string, never>; result: DemoLibrary };
  demo_import: { args: { json: string }; result: DemoEntry };
  demo_from_session: { args: { sessionId: string; title: string; lang: string }; result: DemoEntry };
  demo_save_to_downloads: { args: { id: string }; result: string };
  demo_tool_results: { args: { id: string; reply: Array<ContentItem> }; result: Array<ContentItem> };
  demo_delete: { args: { id: string }; result: boolean };
  report_default_folder: { args: Record<string, never>; result: string };
  report_pick_folder: { args: { title: string; start: string }; result: string | null };
  report_save: { args: { input: ReportInput; labels: ReportLabels; folder: string; name: string }; result: ReportSaved };
}
