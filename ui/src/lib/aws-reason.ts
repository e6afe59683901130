// Words a failure for the person reading it: a classified AWS failure by its typed reason, in the current
// language; anything else (or a reason this UI does not know yet) by Rust's English message.
import "./aws-reason-messages";
import { t } from "./i18n/index.svelte";
import type { AwsReason, FieldError } from "./ipc/bindings";
import { describeFieldError } from "./rules";

const K = "awsError";

/** The reason in the current language; `null` for a kind this UI does not know. */
export function awsReasonText(reason: AwsReason): string | null {
  const who = (profile: string | null) => (profile === null ? "connection" : "profile");
  switch (reason.kind) {
    case "ssoSessionExpired":
      return t(`${K}.ssoSessionExpired`, { profile: reason.profile, loginCommand: reason.loginCommand });
    case "ssoRoleRefused":
      return t(`${K}.ssoRoleRefused`, { profile: reason.profile, awsMessage: reason.awsMessage });
    case "credentialProcessMissing":
      return t(`${K}.credentialProcessMissing.${who(reason.profile)}`, { profile: reason.profile ?? "", program: reason.program });
    case "credentialsUnreachable":
      return t(`${K}.credentialsUnreachable.${who(reason.profile)}`, { profile: reason.profile ?? "", cause: reason.cause });
    case "credentialsTimedOut":
      return t(`${K}.credentialsTimedOut.${who(reason.profile)}`, { profile: reason.profile ?? "" });
    case "profileWithoutCredentials":
      return t(`${K}.profileWithoutCredentials`, { profile: reason.profile });
    case "noCredentials":
    case "unrecognisedAccessKey":
    case "apiKeyNotAccepted":
    case "signatureMismatch":
    case "apiKeyExpired":
      return t(`${K}.${reason.kind}`);
    case "apiKeyWrongRegion":
      return t(`${K}.apiKeyWrongRegion`, { keyRegion: reason.keyRegion, region: reason.region });
    case "missingIamAction":
      return t(`${K}.missingIamAction`, { action: reason.action, awsMessage: reason.awsMessage });
    case "credentialsExpired":
    case "throttled":
    case "needsInferenceProfile":
    case "tierNotSupported":
      return t(`${K}.${reason.kind}`, { awsMessage: reason.awsMessage });
    case "refused":
      return t(`${K}.refused`, { operation: reason.operation, awsCode: reason.awsCode, awsMessage: reason.awsMessage });
    case "timedOut":
    case "unreachable":
    case "noAnswer":
      return t(`${K}.${reason.kind}`, { operation: reason.operation });
    case "regionWithoutBedrock":
      return t(`${K}.regionWithoutBedrock`, { region: reason.region });
    case "bedrockUnreachable":
      return reason.endpointUrl === null
        ? t(`${K}.bedrockUnreachable.plain`, { region: reason.region })
        : t(`${K}.bedrockUnreachable.endpoint`, { region: reason.region, endpointUrl: reason.endpointUrl });
    default: {
      // A new reason on the Rust side fails the type check here until it is worded above.
      const unknown: never = reason;
      void unknown;
      return null;
    }
  }
}

/** What a failure says to the person: its reason worded in their language, else Rust's English `message`. */
export function errorText(error: { message: string; reason?: AwsReason | null; fields?: readonly FieldError[] }): string {
  if (error.fields && error.fields.length > 0) return error.fields.map(describeFieldError).join(" ");
  return (error.reason ? awsReasonText(error.reason) : null) ?? error.message;
}
