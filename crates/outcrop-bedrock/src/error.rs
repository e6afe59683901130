//! Every failure from Bedrock, classified into an [`ErrorCode`] with a message a person can act on.

use std::error::Error;

use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_bedrock::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::result::ConnectorError;
use outcrop_core::ErrorCode;

use crate::profile_credentials::ProfileCredentialsError;

/// How `detail` names the stage of a failure that happened while the SDK was getting the connection's
/// credentials, before anything was sent: "ListFoundationModels, while getting credentials: …".
const CREDENTIALS_STAGE: &str = "while getting credentials";

/// A classified failure of a Bedrock call. `Display` is the message only; [`BedrockError::detail`] holds the full
/// cause chain for logs and the UI's "details" disclosure.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct BedrockError {
    pub code: ErrorCode,
    pub message: String,
    pub detail: String,
    /// The rules broken, one per field, for a `validation` failure of input checked before anything was sent;
    /// empty otherwise.
    pub fields: Vec<outcrop_core::connection_input::FieldError>,
}

impl BedrockError {
    /// Classifies an SDK error of any Bedrock operation.
    pub fn from_sdk<E, R>(operation: &'static str, error: SdkError<E, R>) -> Self
    where
        E: ProvideErrorMetadata + Error + Send + Sync + 'static,
        R: std::fmt::Debug + Send + Sync + 'static,
    {
        if let Some((code, message)) = classify_credentials_failure(&error) {
            let detail = format!(
                "{operation}, {CREDENTIALS_STAGE}: {}",
                DisplayErrorContext(&error)
            );
            tracing::debug!(code = %code, %detail, "getting credentials failed");
            return Self {
                code,
                message,
                detail,
                fields: Vec::new(),
            };
        }
        let detail = format!("{operation}: {}", DisplayErrorContext(&error));
        let (code, message) = match &error {
            SdkError::ServiceError(service) => {
                let err = service.err();
                let message = err.message().unwrap_or("the service gave no message").to_owned();
                (
                    classify_service_error(err.code().unwrap_or_default(), &message),
                    message,
                )
            }
            SdkError::TimeoutError(_) => (
                ErrorCode::Network,
                format!("{operation} timed out before Bedrock answered; check the network and try again"),
            ),
            SdkError::DispatchFailure(failure) if failure.is_io() || failure.is_timeout() => (
                ErrorCode::Network,
                format!(
                    "{operation} could not reach Bedrock; check the network, the Region and the endpoint URL"
                ),
            ),
            _ => (
                ErrorCode::Internal,
                format!("{operation} failed before Bedrock could answer"),
            ),
        };
        tracing::debug!(code = %code, %detail, "bedrock call failed");
        Self {
            code,
            message,
            detail,
            fields: Vec::new(),
        }
    }
}

impl BedrockError {
    /// A `validation` error for rules broken before anything was sent: the messages joined (for logs), and
    /// the field errors in `fields`, which the UI words under each field. There is no cause chain: `detail` is
    /// empty.
    pub fn from_field_errors(errors: &[outcrop_core::connection_input::FieldError]) -> Self {
        Self {
            code: ErrorCode::Validation,
            message: errors
                .iter()
                .map(|e| e.message.as_str())
                .collect::<Vec<_>>()
                .join(". "),
            detail: String::new(),
            fields: errors.to_vec(),
        }
    }

    /// Whether the call failed while the SDK was getting credentials, before anything was sent.
    pub fn at_credentials_stage(&self) -> bool {
        self.detail
            .split_once(": ")
            .is_some_and(|(head, _)| head.ends_with(CREDENTIALS_STAGE))
    }

    /// The field errors of a [`BedrockError::from_field_errors`] error; empty for any other.
    pub fn field_errors(&self) -> Vec<outcrop_core::connection_input::FieldError> {
        self.fields.clone()
    }

    /// Rewrites the message for the connection the call used, so it says exactly what to do: which SSO
    /// login to run, which IAM action is missing, which key is wrong.
    pub fn for_connection(mut self, saved: &crate::connections::SavedConnection) -> Self {
        use crate::connections::SavedSource;
        let detail = self.detail.to_ascii_lowercase();
        let profile = match &saved.source {
            SavedSource::AwsProfile { profile } => Some(profile.as_str()),
            _ => None,
        };
        if let Some(profile) = profile
            && matches!(
                self.code,
                ErrorCode::ExpiredCredentials | ErrorCode::MissingCredentials | ErrorCode::Internal
            )
            && detail.contains("sso")
            && (detail.contains("expired") || detail.contains("token") || detail.contains("refresh"))
        {
            self.code = ErrorCode::ExpiredCredentials;
            self.message = format!(
                "The IAM Identity Center (SSO) session of profile “{profile}” has expired or was never started. Run `{}` and test again.",
                outcrop_core::aws_profiles::sso_login_command(profile)
            );
            return self;
        }
        if self.at_credentials_stage() {
            // Nothing reached Bedrock: the message already says what went wrong with the credentials.
            return self;
        }
        match self.code {
            ErrorCode::AccessDenied
                if detail.contains("unrecognizedclient")
                    || detail.contains("security token included in the request is invalid") =>
            {
                self.message = match &saved.source {
                    SavedSource::ApiKey { .. } => "AWS does not accept this API key. Create a new Bedrock API key and add it again.".into(),
                    _ => "AWS does not recognise this access key ID. Check it, or create a new access key in IAM.".into(),
                };
            }
            ErrorCode::AccessDenied if detail.contains("signature") => {
                self.message =
                    "The secret access key does not match the access key ID. Paste the secret again.".into();
            }
            ErrorCode::AccessDenied => {
                let action = self
                    .message
                    .split("perform: ")
                    .nth(1)
                    .and_then(|rest| rest.split_whitespace().next())
                    .unwrap_or("bedrock:ListFoundationModels")
                    .to_owned();
                self.message = format!(
                    "Access denied: this identity may not call {action}. Ask your administrator to allow {action} (AWS said: {})",
                    self.message
                );
            }
            ErrorCode::ExpiredCredentials => {
                self.message = match &saved.source {
                    SavedSource::ApiKey { .. } => {
                        "This Bedrock API key has expired. Create a new one and add it again.".into()
                    }
                    _ => format!(
                        "These credentials have expired ({}). Renew them and test again.",
                        self.message
                    ),
                };
            }
            ErrorCode::Network if !outcrop_core::connection_input::is_known_bedrock_region(&saved.region) => {
                self.message = format!(
                    "Could not reach Bedrock in “{}”. Amazon Bedrock is not known to run in that Region; check the Region code.",
                    saved.region
                );
            }
            ErrorCode::Network => {
                self.message = format!(
                    "Could not reach Bedrock in {}{}. Check your network connection{}.",
                    saved.region,
                    saved
                        .endpoint_url
                        .as_deref()
                        .map(|u| format!(" at {u}"))
                        .unwrap_or_default(),
                    if saved.endpoint_url.is_some() {
                        " and the endpoint URL"
                    } else {
                        ""
                    }
                );
            }
            _ => {}
        }
        self
    }
}

/// The error and every cause under it, outermost first.
fn causes<'a>(error: &'a (dyn Error + 'static)) -> impl Iterator<Item = &'a (dyn Error + 'static)> {
    std::iter::successors(Some(error), |e: &&'a (dyn Error + 'static)| (*e).source())
}

/// A failure to get credentials, classified by the types in its cause chain: a connection the network refused
/// or could not resolve while asking STS or IAM Identity Center is `network`; a `credential_process` program
/// that does not exist is named. `None` when credentials were not the problem.
fn classify_credentials_failure(error: &(dyn Error + 'static)) -> Option<(ErrorCode, String)> {
    let chain: Vec<&(dyn Error + 'static)> = causes(error).collect();
    let credentials: Vec<&CredentialsError> = chain.iter().filter_map(|e| e.downcast_ref()).collect();
    if credentials.is_empty() {
        return None;
    }
    let profile = chain
        .iter()
        .find_map(|e| e.downcast_ref::<ProfileCredentialsError>());
    let unreachable = chain.iter().any(|e| {
        e.downcast_ref::<ConnectorError>()
            .is_some_and(|c| c.is_io() || c.is_timeout())
    });
    let timed_out = credentials
        .iter()
        .any(|c| matches!(c, CredentialsError::ProviderTimedOut(_)));
    let named = |what: &str| match profile {
        Some(p) => format!("Profile “{}” {what}", p.profile),
        None => format!("This connection {what}"),
    };
    if let Some(program) = profile.and_then(|p| p.missing_program.as_deref()) {
        return Some((
            ErrorCode::MissingCredentials,
            format!(
                "{} by running “{program}” (its credential_process), and there is no such program on this computer. Install it, or correct the path in your AWS config.",
                named("gets its credentials")
            ),
        ));
    }
    if unreachable {
        // The innermost cause is the operating system's own account: "Name or service not known",
        // "Connection refused".
        let reason = chain.last().map(|e| e.to_string()).unwrap_or_default();
        return Some((
            ErrorCode::Network,
            format!(
                "{}: AWS could not be reached ({reason}). Check your network connection and try again; nothing was sent to Bedrock.",
                named("could not get credentials")
            ),
        ));
    }
    if timed_out {
        return Some((
            ErrorCode::Network,
            format!(
                "{} in time. Check your network connection and try again; nothing was sent to Bedrock.",
                named("could not get credentials")
            ),
        ));
    }
    let text = DisplayErrorContext(error).to_string().to_ascii_lowercase();
    if text.contains("sso") && text.contains("expired") {
        return Some((
            ErrorCode::ExpiredCredentials,
            "the AWS SSO session has expired; run `aws sso login` for this profile and try again".to_owned(),
        ));
    }
    Some((
        ErrorCode::MissingCredentials,
        match profile {
            Some(p) => format!(
                "Profile “{0}” did not yield credentials. Check it in your AWS config (`aws configure list --profile {0}`).",
                p.profile
            ),
            None => "This connection did not yield credentials. Check its AWS configuration.".to_owned(),
        },
    ))
}

/// Maps an AWS error shape name (and, where AWS overloads one shape, its message) to an [`ErrorCode`].
/// Event streams name their exceptions in lower camel case (`throttlingException`): both spellings count.
pub fn classify_service_error(aws_code: &str, message: &str) -> ErrorCode {
    let mut chars = aws_code.chars();
    let shape: String = chars
        .next()
        .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default();
    match shape.as_str() {
        "ValidationException"
            if message.contains("with on-demand throughput isn") && message.contains("inference profile") =>
        {
            ErrorCode::NeedsInferenceProfile
        }
        "ValidationException" | "TooManyTagsException" => ErrorCode::Validation,
        "AccessDeniedException" | "UnrecognizedClientException" | "InvalidSignatureException" => {
            ErrorCode::AccessDenied
        }
        "ExpiredTokenException" | "ExpiredToken" => ErrorCode::ExpiredCredentials,
        "ThrottlingException" | "TooManyRequestsException" | "ServiceQuotaExceededException" => {
            ErrorCode::Throttled
        }
        "ResourceNotFoundException" => ErrorCode::NotFound,
        "ConflictException" => ErrorCode::Conflict,
        _ => ErrorCode::Internal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_exceptions_in_lower_camel_case_are_classified_too() {
        assert_eq!(
            classify_service_error("throttlingException", "Too many requests"),
            ErrorCode::Throttled
        );
        assert_eq!(
            classify_service_error("validationException", "bad"),
            ErrorCode::Validation
        );
        assert_eq!(classify_service_error("", ""), ErrorCode::Internal);
    }

    #[test]
    fn on_demand_error_is_recognised_with_its_typographic_apostrophe() {
        let message = "Invocation of model ID anthropic.claude-3-7-sonnet-20250219-v1:0 with on-demand throughput \
                       isn\u{2019}t supported. Retry your request with the ID or ARN of an inference profile that \
                       contains this model.";
        assert_eq!(
            classify_service_error("ValidationException", message),
            ErrorCode::NeedsInferenceProfile
        );
        assert_eq!(
            classify_service_error("ValidationException", "maxTokens too large"),
            ErrorCode::Validation
        );
    }

    fn saved(source: crate::connections::SavedSource, region: &str) -> crate::connections::SavedConnection {
        crate::connections::SavedConnection {
            id: "c1".into(),
            name: "Work".into(),
            source,
            region: region.into(),
            endpoint_url: None,
        }
    }

    fn error(code: ErrorCode, message: &str, detail: &str) -> BedrockError {
        BedrockError {
            code,
            message: message.into(),
            detail: detail.into(),
            fields: Vec::new(),
        }
    }

    #[test]
    fn an_expired_sso_session_names_the_login_to_run() {
        use crate::connections::SavedSource;
        let sso = saved(
            SavedSource::AwsProfile {
                profile: "dev-sso".into(),
            },
            "eu-west-1",
        );
        let refined = error(
            ErrorCode::Internal,
            "ListFoundationModels failed before Bedrock could answer",
            "ListFoundationModels: failed to load credentials: the SSO token for this profile has expired",
        )
        .for_connection(&sso);
        assert_eq!(refined.code, ErrorCode::ExpiredCredentials);
        assert!(
            refined.message.contains("`aws sso login --profile dev-sso`"),
            "{}",
            refined.message
        );
    }

    #[test]
    fn access_denied_names_the_missing_action() {
        use crate::connections::SavedSource;
        let keys = saved(
            SavedSource::AccessKeys {
                access_key_id_masked: "AKIA…WXYZ".into(),
                temporary: false,
            },
            "us-east-1",
        );
        let refined = error(
            ErrorCode::AccessDenied,
            "User: arn:aws:iam::111122223333:user/ana is not authorized to perform: bedrock:ListFoundationModels because no identity-based policy allows the bedrock:ListFoundationModels action",
            "ListFoundationModels: AccessDeniedException",
        )
        .for_connection(&keys);
        assert!(
            refined
                .message
                .starts_with("Access denied: this identity may not call bedrock:ListFoundationModels."),
            "{}",
            refined.message
        );
        assert!(refined.message.contains("allow bedrock:ListFoundationModels"));
    }

    #[test]
    fn network_failures_point_at_the_region_or_the_network() {
        use crate::connections::SavedSource;
        let network = || {
            error(
                ErrorCode::Network,
                "could not reach",
                "dispatch failure: dns error",
            )
        };
        let unknown = network().for_connection(&saved(SavedSource::LocalBedrock, "eu-nowhere-7"));
        assert!(
            unknown.message.contains("not known to run in that Region"),
            "{}",
            unknown.message
        );
        let offline = network().for_connection(&saved(SavedSource::LocalBedrock, "us-east-1"));
        assert!(
            offline.message.contains("Check your network connection"),
            "{}",
            offline.message
        );
    }

    #[test]
    fn shapes_map_to_codes() {
        for (shape, code) in [
            ("AccessDeniedException", ErrorCode::AccessDenied),
            ("ExpiredTokenException", ErrorCode::ExpiredCredentials),
            ("ThrottlingException", ErrorCode::Throttled),
            ("ResourceNotFoundException", ErrorCode::NotFound),
            ("ConflictException", ErrorCode::Conflict),
            ("TooManyTagsException", ErrorCode::Validation),
            ("InternalServerException", ErrorCode::Internal),
        ] {
            assert_eq!(classify_service_error(shape, ""), code, "{shape}");
        }
    }
}
