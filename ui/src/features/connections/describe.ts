// Plain-text descriptions of connections, profiles and test results, kept apart from the markup so they can
// be tested on their own.
import type { AwsProfile, AwsProfileKind, ConnectionReport, SavedConnection } from "../../lib/ipc/bindings";

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

const PROFILE_KINDS: Record<AwsProfileKind, string> = {
  staticKeys: "access keys",
  sso: "SSO",
  assumeRole: "assume role",
  credentialProcess: "credential_process",
  webIdentity: "web identity",
  other: "no credentials of its own",
};

export function profileKindLabel(kind: AwsProfileKind): string {
  return PROFILE_KINDS[kind];
}

/** "dev (SSO, eu-west-1)", "ci (credential_process, no Region)" */
export function profileLabel(profile: AwsProfile): string {
  return `${profile.name} (${profileKindLabel(profile.kind)}, ${profile.region ?? "no Region"})`;
}

const HOUR_SECONDS = 3600;

export interface SourceDescription {
  text: string;
  /** Something the person should act on: an API key that has expired or expires within the hour. */
  warning: boolean;
}

function formatDate(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
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
      const kind = profile ? ` (${profileKindLabel(profile.kind)})` : "";
      return { text: `AWS profile ${source.profile}${kind}`, warning: false };
    }
    case "accessKeys":
      return {
        text: `Access keys ${source.accessKeyIdMasked}${source.temporary ? " (temporary)" : ""}`,
        warning: false,
      };
    case "apiKey": {
      if (source.expiresAt === null) return { text: "Bedrock API key — expiry unknown", warning: false };
      const left = source.expiresAt - now;
      const when = formatDate(source.expiresAt);
      if (left <= 0) return { text: `Bedrock API key — expired ${when}`, warning: true };
      if (left <= HOUR_SECONDS) {
        const minutes = Math.max(1, Math.round(left / 60));
        return {
          text: `Bedrock API key — expires in ${minutes} minute${minutes === 1 ? "" : "s"} (${when})`,
          warning: true,
        };
      }
      return { text: `Bedrock API key — expires ${when}`, warning: false };
    }
    case "localBedrock":
      return { text: "Local Bedrock — simulated", warning: false };
  }
}

/** "Connected to us-east-1 as arn:aws:iam::…:user/dev — 14 foundation models, 120 ms" */
export function describeReport(report: ConnectionReport): string {
  const who = report.identity ? ` as ${report.identity}` : report.account ? ` with account ${report.account}` : "";
  const count = `${report.foundationModels} foundation model${report.foundationModels === 1 ? "" : "s"}`;
  const simulated = report.simulated ? " (simulated)" : "";
  return `Connected to ${report.region}${who} — ${count}, ${report.latencyMs} ms${simulated}`;
}

export interface TextPart {
  text: string;
  /** Text that was between backticks: a command to run. */
  code: boolean;
}

/** Splits "Run `aws sso login --profile dev` and test again." into plain text and code. */
export function splitCode(message: string): TextPart[] {
  const parts: TextPart[] = [];
  const pieces = message.split("`");
  // An unpaired backtick is left as text.
  const paired = pieces.length % 2 === 1;
  pieces.forEach((text, index) => {
    const code = paired && index % 2 === 1 && text.length > 0;
    if (!code && !paired && index > 0) text = "`" + text;
    if (text.length > 0) parts.push({ text, code });
  });
  return parts;
}
