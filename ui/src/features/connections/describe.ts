// Plain-text descriptions of connections, profiles and test results, kept apart from the markup so they can
// be tested on their own.
import { formatNumber, i18n, t } from "../../lib/i18n/index.svelte";
import type {
  AwsProfile,
  AwsProfileKind,
  ConnectionReport,
  MessagesEndpoint,
  SavedConnection,
  SavedSource,
} from "../../lib/ipc/bindings";
import "./messages";

/** Where a connection can send Anthropic's Messages API, the default first. */
export const MESSAGES_ENDPOINTS: readonly MessagesEndpoint[] = ["runtime", "mantle"];

/** Regions offered in the Region field's suggestions (any well-formed Region can be typed). */
export const COMMON_REGIONS: readonly string[] = [
  "us-east-1",
  "us-east-2",
  "us-west-2",
  "ca-central-1",
  "eu-central-1",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "eu-north-1",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-south-1",
  "ap-southeast-1",
  "ap-southeast-2",
  "sa-east-1",
  "us-gov-west-1",
];

const PROFILE_KINDS: readonly AwsProfileKind[] = [
  "staticKeys",
  "sso",
  "assumeRole",
  "credentialProcess",
  "webIdentity",
  "other",
];

export function profileKindLabel(kind: AwsProfileKind): string {
  return PROFILE_KINDS.includes(kind) ? t(`connections.describe.kinds.${kind}`) : kind;
}

/** "dev (SSO, eu-west-1)", "ci (credential_process, no Region)" */
export function profileLabel(profile: AwsProfile): string {
  return t("connections.describe.profileLabel", {
    name: profile.name,
    kind: profileKindLabel(profile.kind),
    region: profile.region ?? t("connections.describe.noRegion"),
  });
}

const HOUR_SECONDS = 3600;

export interface SourceDescription {
  text: string;
  /** Something the person should act on: an API key that has expired or expires within the hour. */
  warning: boolean;
}

function formatDate(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toLocaleString(i18n.locale, { dateStyle: "medium", timeStyle: "short" });
}

/** Whether a Bedrock API key is a short-term one, which works only in the Region that issued it. */
export function isShortTermKey(source: Extract<SavedSource, { kind: "apiKey" }>): boolean {
  return !source.longTerm && (source.keyRegion !== null || source.expiresAt !== null);
}

/** "expires …", "expired …", "expires in 35 minutes (…)", with whether it is a warning. */
function describeExpiry(expiresAt: number | null, now: number): SourceDescription {
  if (expiresAt === null) return { text: t("connections.describe.expiry.unknown"), warning: false };
  const left = expiresAt - now;
  const when = formatDate(expiresAt);
  if (left <= 0) return { text: t("connections.describe.expiry.expired", { when }), warning: true };
  if (left <= HOUR_SECONDS) {
    const minutes = Math.max(1, Math.round(left / 60));
    return {
      text:
        minutes === 1
          ? t("connections.describe.expiry.inOne", { when })
          : t("connections.describe.expiry.inMinutes", { minutes, when }),
      warning: true,
    };
  }
  return { text: t("connections.describe.expiry.expires", { when }), warning: false };
}

/**
 * A Bedrock API key: a short-term one names the Region that issued it (the only one it works in) and when it
 * expires, and warns when the connection is set to another Region; a long-term one says what AWS says of it.
 */
function describeApiKey(region: string, source: Extract<SavedSource, { kind: "apiKey" }>, now: number): SourceDescription {
  if (source.longTerm) return { text: t("connections.describe.apiKeyLongTerm"), warning: false };
  if (!isShortTermKey(source)) return { text: t("connections.describe.apiKeyUnknown"), warning: false };
  const expiry = describeExpiry(source.expiresAt, now);
  if (source.keyRegion === null) {
    return { text: t("connections.describe.apiKeyShortTermNoRegion", { expiry: expiry.text }), warning: expiry.warning };
  }
  const elsewhere = source.keyRegion !== region;
  return {
    text: t(elsewhere ? "connections.describe.apiKeyShortTermElsewhere" : "connections.describe.apiKeyShortTerm", {
      keyRegion: source.keyRegion,
      region,
      expiry: expiry.text,
    }),
    warning: expiry.warning || elsewhere,
  };
}

/** How the connection gets its credentials, in a few words. `now` is in seconds since the Unix epoch. */
export function describeSource(
  connection: SavedConnection,
  profiles: readonly AwsProfile[] = [],
  now: number = Date.now() / 1000,
): SourceDescription {
  const source = connection.source;
  switch (source.kind) {
    case "awsProfile": {
      const profile = profiles.find((p) => p.name === source.profile);
      const text = profile
        ? t("connections.describe.awsProfileKind", { profile: source.profile, kind: profileKindLabel(profile.kind) })
        : t("connections.describe.awsProfile", { profile: source.profile });
      return { text, warning: false };
    }
    case "accessKeys":
      return {
        text: t(source.temporary ? "connections.describe.accessKeysTemporary" : "connections.describe.accessKeys", {
          key: source.accessKeyIdMasked,
        }),
        warning: false,
      };
    case "apiKey":
      return describeApiKey(connection.region, source, now);
    case "localBedrock":
      return { text: t("connections.describe.localBedrock"), warning: false };
  }
}

/** "Connected to us-east-1 as arn:aws:iam::…:user/dev — 14 foundation models, 120 ms" */
export function describeReport(report: ConnectionReport): string {
  const who = report.identity
    ? t("connections.describe.report.asIdentity", { identity: report.identity })
    : report.account
      ? t("connections.describe.report.withAccount", { account: report.account })
      : "";
  const models = t(
    report.foundationModels === 1 ? "connections.describe.report.modelsOne" : "connections.describe.report.modelsOther",
    { n: formatNumber(report.foundationModels) },
  );
  return t("connections.describe.report.text", {
    region: report.region,
    who,
    models,
    ms: formatNumber(report.latencyMs),
    simulated: report.simulated ? t("connections.describe.report.simulated") : "",
  });
}
