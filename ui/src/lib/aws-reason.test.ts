import { render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import { awsReasonText, errorText } from "./aws-reason";
import ErrorText from "./components/ErrorText.svelte";
import { i18n } from "./i18n/index.svelte";
import { asOutcropError, type AwsReason } from "./ipc";

afterEach(() => i18n.set("en"));

/** One of every reason Rust sends: a kind added on the Rust side is a compile error here until listed. */
const EVERY: Record<AwsReason["kind"], AwsReason> = {
  ssoSessionExpired: { kind: "ssoSessionExpired", profile: "dev", loginCommand: "aws sso login --profile dev" },
  ssoRoleRefused: { kind: "ssoRoleRefused", profile: "dev", awsMessage: "No access" },
  credentialProcessMissing: { kind: "credentialProcessMissing", profile: "vault", program: "/opt/vault-aws" },
  credentialsUnreachable: { kind: "credentialsUnreachable", profile: null, cause: "Connection refused" },
  credentialsTimedOut: { kind: "credentialsTimedOut", profile: "lab" },
  profileWithoutCredentials: { kind: "profileWithoutCredentials", profile: "empty" },
  noCredentials: { kind: "noCredentials" },
  unrecognisedAccessKey: { kind: "unrecognisedAccessKey" },
  apiKeyNotAccepted: { kind: "apiKeyNotAccepted" },
  signatureMismatch: { kind: "signatureMismatch" },
  missingIamAction: { kind: "missingIamAction", action: "bedrock:ListFoundationModels", awsMessage: "not authorized" },
  credentialsExpired: { kind: "credentialsExpired", awsMessage: "The security token included in the request is expired" },
  apiKeyExpired: { kind: "apiKeyExpired" },
  apiKeyWrongRegion: { kind: "apiKeyWrongRegion", keyRegion: "us-east-1", region: "us-west-2" },
  throttled: { kind: "throttled", awsMessage: "Too many requests" },
  needsInferenceProfile: { kind: "needsInferenceProfile", awsMessage: "on-demand throughput isn’t supported" },
  tierNotSupported: { kind: "tierNotSupported", awsMessage: "The provided service tier is not supported for this model." },
  refused: { kind: "refused", operation: "GetInferenceProfile", awsCode: "ResourceNotFoundException", awsMessage: "not found" },
  timedOut: { kind: "timedOut", operation: "ListFoundationModels" },
  unreachable: { kind: "unreachable", operation: "ListFoundationModels" },
  noAnswer: { kind: "noAnswer", operation: "ListFoundationModels" },
  regionWithoutBedrock: { kind: "regionWithoutBedrock", region: "eu-nowhere-7" },
  bedrockUnreachable: { kind: "bedrockUnreachable", region: "us-east-1", endpointUrl: "https://vpce.example" },
};

/** The IPC error Rust sends for an expired SSO session (English message as the fallback). */
const SSO_EXPIRED = {
  code: "expired_credentials",
  message: "The IAM Identity Center (SSO) session of profile “dev” has expired or was never started. Run `aws sso login --profile dev` and test again.",
  detail: "ListFoundationModels, while getting credentials: the SSO token has expired and cannot be refreshed",
  reason: EVERY.ssoSessionExpired,
};

describe("AWS errors in the person's language", () => {
  it("shows an AWS error in Japanese, its command still copyable", () => {
    i18n.set("ja");
    render(ErrorText, { error: asOutcropError(SSO_EXPIRED, "connection_test") });
    const message = document.querySelector(".error-message")!;
    expect(message.textContent).toContain("プロファイル「dev」の IAM Identity Center (SSO) セッションは期限切れ");
    expect(message.textContent).not.toContain("has expired");
    expect(screen.getByText("aws sso login --profile dev").tagName).toBe("CODE");
  });

  it("words every reason in both languages, never showing a key or English in Japanese", () => {
    for (const reason of Object.values(EVERY)) {
      i18n.set("en");
      const english = awsReasonText(reason);
      i18n.set("ja");
      const japanese = awsReasonText(reason);
      expect(english, reason.kind).not.toContain("awsError.");
      expect(japanese, reason.kind).not.toContain("awsError.");
      expect(japanese, reason.kind).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      expect(japanese, reason.kind).not.toBe(english);
    }
  });

  it("falls back to Rust's English for an unknown or absent reason", () => {
    i18n.set("ja");
    const unknown = asOutcropError({ ...SSO_EXPIRED, reason: { kind: "somethingNew", x: 1 } }, "connection_test");
    expect(errorText(unknown)).toBe(SSO_EXPIRED.message);
    const absent = asOutcropError({ code: "internal", message: "Local Bedrock is not running", detail: null }, "x");
    expect(absent.reason).toBeNull();
    expect(errorText(absent)).toBe("Local Bedrock is not running");
    const damaged = asOutcropError({ ...SSO_EXPIRED, reason: "ssoSessionExpired" }, "connection_test");
    expect(damaged.code).toBe("expired_credentials");
    expect(errorText(damaged)).toBe(SSO_EXPIRED.message);
  });

  it("names both Regions when a short-term API key is used outside the one that issued it", () => {
    expect(awsReasonText(EVERY.apiKeyWrongRegion)).toBe(
      "This connection's API key was issued in us-east-1 and works only in that Region, but the connection is set to us-west-2. Set its Region back to us-east-1, or create a key in us-west-2 and add it as a new connection.",
    );
    i18n.set("ja");
    expect(awsReasonText(EVERY.apiKeyWrongRegion)).toContain("us-east-1 で発行された");
  });

  it("names the endpoint only when there is one", () => {
    expect(awsReasonText({ kind: "bedrockUnreachable", region: "eu-west-1", endpointUrl: null })).toBe(
      "Could not reach Bedrock in eu-west-1. Check your network connection.",
    );
    expect(awsReasonText(EVERY.bedrockUnreachable)).toContain("at https://vpce.example");
  });
});
