//! Why an AWS call failed, as a code with its parameters: the UI words each one in the person's language, and
//! [`AwsReason::sentence`] is Rust's English for logs and the fallback.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where the call was when it failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The SDK was getting the connection's credentials: nothing was sent to Bedrock.
    Credentials,
    /// The request was on its way to Bedrock, or Bedrock answered it.
    Call,
}

/// A classified AWS failure: the reason and the stage it happened at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsFailure {
    pub stage: Stage,
    pub reason: AwsReason,
}

/// Why an AWS call failed. `awsMessage` is AWS's own text, shown as AWS wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
#[non_exhaustive]
pub enum AwsReason {
    /// The IAM Identity Center token of an SSO profile has expired (or the person never logged in).
    SsoSessionExpired { profile: String, login_command: String },
    /// IAM Identity Center refused the profile's account or role (the login itself is fine).
    SsoRoleRefused { profile: String, aws_message: String },
    /// A `credential_process` names a program that does not exist on this computer.
    CredentialProcessMissing {
        profile: Option<String>,
        program: String,
    },
    /// STS or IAM Identity Center could not be reached while getting credentials; `cause` is the operating
    /// system's own account ("Connection refused").
    CredentialsUnreachable { profile: Option<String>, cause: String },
    /// Getting credentials took too long.
    CredentialsTimedOut { profile: Option<String> },
    /// The profile yields no credentials as configured.
    ProfileWithoutCredentials { profile: String },
    /// The connection yields no credentials.
    NoCredentials,
    /// AWS does not know the access key ID.
    UnrecognisedAccessKey,
    /// AWS does not accept the Bedrock API key.
    ApiKeyNotAccepted,
    /// The secret access key does not belong to the access key ID.
    SignatureMismatch,
    /// The identity may not call `action` (e.g. `bedrock:ListFoundationModels`).
    MissingIamAction { action: String, aws_message: String },
    /// Temporary credentials have expired.
    CredentialsExpired { aws_message: String },
    /// The Bedrock API key has expired.
    ApiKeyExpired,
    /// The call was refused, and the connection's short-term Bedrock API key was issued in `key_region`, not
    /// in the connection's `region`: such a key works only in the Region that issued it.
    ApiKeyWrongRegion { key_region: String, region: String },
    /// Bedrock is throttling the requests, or a quota is used up.
    Throttled { aws_message: String },
    /// The model cannot be called on demand by its bare ID: an inference profile is needed.
    NeedsInferenceProfile { aws_message: String },
    /// The model does not offer the service tier the request asked for.
    TierNotSupported { aws_message: String },
    /// Bedrock refused the call for another reason, in its words.
    Refused {
        operation: String,
        aws_code: String,
        aws_message: String,
    },
    /// The call timed out before Bedrock answered.
    TimedOut { operation: String },
    /// The call could not reach Bedrock.
    Unreachable { operation: String },
    /// The call failed before Bedrock could answer, for a reason that is not the network.
    NoAnswer { operation: String },
    /// Bedrock could not be reached, and the Region is not one Bedrock is known to run in.
    RegionWithoutBedrock { region: String },
    /// Bedrock could not be reached in the Region (at the endpoint override, if any).
    BedrockUnreachable {
        region: String,
        endpoint_url: Option<String>,
    },
}

/// "Profile “x” …" or "This connection …".
fn named(profile: Option<&str>, what: &str) -> String {
    match profile {
        Some(p) => format!("Profile “{p}” {what}"),
        None => format!("This connection {what}"),
    }
}

impl AwsReason {
    /// The reason in English, for logs and for a UI that does not know it.
    pub fn sentence(&self) -> String {
        match self {
            Self::SsoSessionExpired {
                profile,
                login_command,
            } => format!(
                "The IAM Identity Center (SSO) session of profile “{profile}” has expired or was never started. Run `{login_command}` and test again."
            ),
            Self::SsoRoleRefused { profile, aws_message } => format!(
                "IAM Identity Center refused the account or role of profile “{profile}” ({aws_message}). Check its sso_account_id and sso_role_name, or ask your administrator for access."
            ),
            Self::CredentialProcessMissing { profile, program } => format!(
                "{} by running “{program}” (its credential_process), and there is no such program on this computer. Install it, or correct the path in your AWS config.",
                named(profile.as_deref(), "gets its credentials")
            ),
            Self::CredentialsUnreachable { profile, cause } => format!(
                "{}: AWS could not be reached ({cause}). Check your network connection and try again; nothing was sent to Bedrock.",
                named(profile.as_deref(), "could not get credentials")
            ),
            Self::CredentialsTimedOut { profile } => format!(
                "{} in time. Check your network connection and try again; nothing was sent to Bedrock.",
                named(profile.as_deref(), "could not get credentials")
            ),
            Self::ProfileWithoutCredentials { profile } => format!(
                "Profile “{profile}” did not yield credentials. Check it in your AWS config (`aws configure list --profile {profile}`)."
            ),
            Self::NoCredentials => {
                "This connection did not yield credentials. Check its AWS configuration.".to_owned()
            }
            Self::UnrecognisedAccessKey => {
                "AWS does not recognise this access key ID. Check it, or create a new access key in IAM."
                    .to_owned()
            }
            Self::ApiKeyNotAccepted => {
                "AWS does not accept this API key. Create a new Bedrock API key and add it again.".to_owned()
            }
            Self::SignatureMismatch => {
                "The secret access key does not match the access key ID. Paste the secret again.".to_owned()
            }
            Self::MissingIamAction { action, aws_message } => format!(
                "Access denied: this identity may not call {action}. Ask your administrator to allow {action} (AWS said: {aws_message})"
            ),
            Self::CredentialsExpired { aws_message } => {
                format!("These credentials have expired ({aws_message}). Renew them and test again.")
            }
            Self::ApiKeyExpired => {
                "This Bedrock API key has expired. Create a new one and add it again.".to_owned()
            }
            Self::ApiKeyWrongRegion { key_region, region } => format!(
                "This connection's API key was issued in {key_region} and works only in that Region, but the connection is set to {region}. Set its Region back to {key_region}, or create a key in {region} and add it as a new connection."
            ),
            Self::Throttled { aws_message }
            | Self::NeedsInferenceProfile { aws_message }
            | Self::TierNotSupported { aws_message }
            | Self::Refused { aws_message, .. } => aws_message.clone(),
            Self::TimedOut { operation } => {
                format!("{operation} timed out before Bedrock answered; check the network and try again")
            }
            Self::Unreachable { operation } => format!(
                "{operation} could not reach Bedrock; check the network, the Region and the endpoint URL"
            ),
            Self::NoAnswer { operation } => format!("{operation} failed before Bedrock could answer"),
            Self::RegionWithoutBedrock { region } => format!(
                "Could not reach Bedrock in “{region}”. Amazon Bedrock is not known to run in that Region; check the Region code."
            ),
            Self::BedrockUnreachable { region, endpoint_url } => format!(
                "Could not reach Bedrock in {region}{}. Check your network connection{}.",
                endpoint_url
                    .as_deref()
                    .map(|u| format!(" at {u}"))
                    .unwrap_or_default(),
                if endpoint_url.is_some() {
                    " and the endpoint URL"
                } else {
                    ""
                }
            ),
        }
    }
}
