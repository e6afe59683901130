// What identifies an AWS account, hidden for an audience: presenter mode applies `redact` to every text it renders.

export const ACCOUNT_MASK = "••••••••••••";

// An ARN: `arn:<partition>:<service>:<region>:<account>:<resource>`. The resource may hold `/` and `:`
// (`foundation-model/anthropic.claude-…-v1:0`), and IAM wildcards. Commas, quotes and spaces end it.
const ARN = /\barn:aws[a-z-]*:[A-Za-z0-9_.\-:/+=@*]+/g;
// Punctuation that ends a sentence or a list rather than the ARN.
const TRAILING = /[.:]+$/;
const ACCESS_KEY_ID = /(?<![A-Za-z0-9])(AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/g;
const ACCOUNT_ID = /(?<![A-Za-z0-9])\d{12}(?![A-Za-z0-9])/g;

/** `arn:aws:iam::123456789012:user/dev` → `…/dev`; `arn:aws:iam::123456789012:root` → `…:root`. */
function shortArn(arn: string): string {
  const parts = arn.split(":");
  // arn, partition, service, region, account; everything after is the resource.
  const resource = parts.slice(5).join(":");
  if (resource === "") return "…";
  const slash = resource.lastIndexOf("/");
  if (slash >= 0) return `…/${resource.slice(slash + 1)}`;
  const colon = resource.lastIndexOf(":");
  return `…:${colon >= 0 ? resource.slice(colon + 1) : resource}`;
}

/**
 * `text` with what identifies an AWS account hidden: ARNs keep only their resource's short name
 * (`arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123` → `…/abc123`), access key IDs
 * keep their prefix (`AKIA…`, `ASIA…`), and 12-digit account IDs become `••••••••••••`.
 */
export function redact(text: string): string {
  return text
    .replace(ARN, (match) => {
      const trailing = TRAILING.exec(match)?.[0] ?? "";
      const arn = trailing ? match.slice(0, -trailing.length) : match;
      return shortArn(arn) + trailing;
    })
    .replace(ACCESS_KEY_ID, (_match, prefix: string) => `${prefix}…`)
    .replace(ACCOUNT_ID, ACCOUNT_MASK);
}
