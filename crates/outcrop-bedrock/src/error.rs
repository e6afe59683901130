//! Every failure from Bedrock, classified into an [`ErrorCode`] with a message a person can act on, and — for
//! AWS failures — an [`AwsReason`] the UI words in the person's language. Classified by the types in the cause
//! chain and by AWS's error shapes, never by the words of a message.

use std::error::Error;

use aws_config::profile::credentials::ProfileFileError;
use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_bedrock::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_sso::operation::get_role_credentials::GetRoleCredentialsError;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::ConnectorError;
use outcrop_core::ErrorCode;
use outcrop_core::aws_profiles::AwsProfileKind;

pub use crate::aws_reason::{AwsFailure, AwsReason, Stage};
use crate::connection_kind::{ConnectionKind, ConnectionTarget};
use crate::profile_credentials::ProfileCredentialsError;

/// A classified failure of anything Outcrop's services do: an AWS call or getting its credentials, the keychain,
/// the session database (SQLite), saved files, and input refused by a rule before anything is sent. `Display` is
/// the message only; [`OutcropError::detail`] holds the full cause chain for logs and the UI's "details" disclosure,
/// `fields` the rules broken, `aws` the typed reason of an AWS failure.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct OutcropError {
    pub code: ErrorCode,
    pub message: String,
    pub detail: String,
    /// The rules broken, one per field, for a `validation` failure of input checked before anything was sent;
    /// empty otherwise.
    pub fields: Vec<outcrop_core::connection_input::FieldError>,
    /// Why AWS (or getting its credentials) failed, and at which stage; `None` for Outcrop's own failures.
    pub aws: Option<Box<AwsFailure>>,
}

impl OutcropError {
    /// An AWS failure: its message is the reason's English sentence.
    fn classified(code: ErrorCode, stage: Stage, reason: AwsReason, detail: String) -> Self {
        Self {
            code,
            message: reason.sentence(),
            detail,
            fields: Vec::new(),
            aws: Some(Box::new(AwsFailure { stage, reason })),
        }
    }

    /// The reason of a classified AWS failure.
    pub fn reason(&self) -> Option<&AwsReason> {
        self.aws.as_ref().map(|a| &a.reason)
    }

    /// Classifies an SDK error of any Bedrock operation.
    /// A service's refusal that came without the SDK (the Messages API route): its AWS error shape and message,
    /// classified as [`OutcropError::from_sdk`] classifies them.
    pub fn from_service(operation: &str, aws_code: &str, aws_message: String) -> Self {
        let detail = format!("{operation}: {aws_code}: {aws_message}");
        let (code, reason) = classify_service_failure(operation, aws_code, aws_message);
        Self::classified(code, Stage::Call, reason, detail)
    }

    /// A request that never reached the service (connection refused, DNS, TLS, a timeout).
    pub fn unreachable(operation: &str, cause: &dyn std::fmt::Display) -> Self {
        let reason = AwsReason::Unreachable {
            operation: operation.to_owned(),
        };
        Self::classified(
            ErrorCode::Network,
            Stage::Call,
            reason,
            format!("{operation}: {cause}"),
        )
    }

    /// A call that had no answer within its timeout: the network, or a connection that went silent.
    pub fn timed_out(operation: &str, cause: &dyn std::fmt::Display) -> Self {
        Self::classified(
            ErrorCode::Network,
            Stage::Call,
            AwsReason::TimedOut {
                operation: operation.to_owned(),
            },
            format!("{operation}: {cause}"),
        )
    }

    /// A request of the HTTP client beside the SDK that failed before an answer: timed out, or unreachable.
    pub fn from_http(operation: &str, error: &reqwest::Error) -> Self {
        if error.is_timeout() {
            Self::timed_out(operation, error)
        } else {
            Self::unreachable(operation, error)
        }
    }

    /// Credentials the connection's chain could not give (for a request the SDK does not send).
    pub fn credentials_unavailable(operation: &str, cause: &dyn std::fmt::Display) -> Self {
        Self::classified(
            ErrorCode::MissingCredentials,
            Stage::Credentials,
            AwsReason::NoCredentials,
            format!("{operation}, while getting credentials: {cause}"),
        )
    }

    pub fn from_sdk<E, R>(operation: &'static str, error: SdkError<E, R>) -> Self
    where
        E: ProvideErrorMetadata + Error + Send + Sync + 'static,
        R: std::fmt::Debug + Send + Sync + 'static,
    {
        if let Some((code, reason)) = classify_credentials_failure(&error) {
            let detail = format!(
                "{operation}, while getting credentials: {}",
                DisplayErrorContext(&error)
            );
            tracing::debug!(code = %code, %detail, "getting credentials failed");
            return Self::classified(code, Stage::Credentials, reason, detail);
        }
        let detail = format!("{operation}: {}", DisplayErrorContext(&error));
        let (code, reason) = match &error {
            SdkError::ServiceError(service) => {
                let err = service.err();
                let message = err.message().unwrap_or("the service gave no message").to_owned();
                classify_service_failure(operation, err.code().unwrap_or_default(), message)
            }
            // The operation's timeout, or the connection's (a connection that went silent: the read timeout).
            SdkError::TimeoutError(_) => (
                ErrorCode::Network,
                AwsReason::TimedOut {
                    operation: operation.to_owned(),
                },
            ),
            SdkError::DispatchFailure(failure) if failure.is_timeout() => (
                ErrorCode::Network,
                AwsReason::TimedOut {
                    operation: operation.to_owned(),
                },
            ),
            SdkError::DispatchFailure(failure) if failure.is_io() => (
                ErrorCode::Network,
                AwsReason::Unreachable {
                    operation: operation.to_owned(),
                },
            ),
            _ => (
                ErrorCode::Internal,
                AwsReason::NoAnswer {
                    operation: operation.to_owned(),
                },
            ),
        };
        tracing::debug!(code = %code, %detail, "bedrock call failed");
        Self::classified(code, Stage::Call, reason, detail)
    }
}

impl OutcropError {
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
            aws: None,
        }
    }

    /// The field errors of a [`OutcropError::from_field_errors`] error; empty for any other.
    pub fn field_errors(&self) -> Vec<outcrop_core::connection_input::FieldError> {
        self.fields.clone()
    }
}

impl OutcropError {
    /// Whether the call failed while the SDK was getting credentials, before anything was sent.
    pub fn at_credentials_stage(&self) -> bool {
        self.aws.as_ref().is_some_and(|a| a.stage == Stage::Credentials)
    }

    /// Rewrites the reason for the connection the call used, so it says exactly what to do: an API key is not
    /// an access key, a short-term API key is refused outside the Region that issued it, and a network failure
    /// names the Region and the endpoint.
    pub fn for_connection<'a>(mut self, target: impl Into<ConnectionTarget<'a>>) -> Self {
        let target = target.into();
        if self.at_credentials_stage() {
            // Nothing reached Bedrock: the reason already says what went wrong with the credentials.
            return self;
        }
        let api_key = target.kind == ConnectionKind::ApiKey;
        let key_elsewhere = target
            .api_key_region
            .filter(|key_region| api_key && *key_region != target.region);
        let refined = match (self.reason(), self.code) {
            // Bedrock refuses a short-term key outside the Region that issued it; its words do not say why.
            (_, ErrorCode::AccessDenied) if key_elsewhere.is_some() => AwsReason::ApiKeyWrongRegion {
                key_region: key_elsewhere.unwrap_or_default().to_owned(),
                region: target.region.to_owned(),
            },
            (Some(AwsReason::UnrecognisedAccessKey), _) if api_key => AwsReason::ApiKeyNotAccepted,
            (Some(AwsReason::CredentialsExpired { .. }), _) if api_key => AwsReason::ApiKeyExpired,
            (_, ErrorCode::Network)
                if !outcrop_core::connection_input::is_known_bedrock_region(target.region) =>
            {
                AwsReason::RegionWithoutBedrock {
                    region: target.region.to_owned(),
                }
            }
            (_, ErrorCode::Network) => AwsReason::BedrockUnreachable {
                region: target.region.to_owned(),
                endpoint_url: target.endpoint_url.map(str::to_owned),
            },
            _ => return self,
        };
        self.message = refined.sentence();
        self.aws = Some(Box::new(AwsFailure {
            stage: Stage::Call,
            reason: refined,
        }));
        self
    }
}

/// The error and every cause under it, outermost first.
fn causes<'a>(error: &'a (dyn Error + 'static)) -> impl Iterator<Item = &'a (dyn Error + 'static)> {
    std::iter::successors(Some(error), |e: &&'a (dyn Error + 'static)| (*e).source())
}

/// A failure to get credentials, classified by the types in its cause chain: a connection the network refused
/// or could not resolve while asking STS or IAM Identity Center is `network`; a `credential_process` program
/// that does not exist is named; an SSO profile that could not get credentials needs a new login. `None` when
/// credentials were not the problem.
fn classify_credentials_failure(error: &(dyn Error + 'static)) -> Option<(ErrorCode, AwsReason)> {
    let chain: Vec<&(dyn Error + 'static)> = causes(error).collect();
    let credentials: Vec<&CredentialsError> = chain.iter().filter_map(|e| e.downcast_ref()).collect();
    if credentials.is_empty() {
        return None;
    }
    let explained = chain
        .iter()
        .find_map(|e| e.downcast_ref::<ProfileCredentialsError>());
    let profile = explained.map(|p| p.profile.clone());
    let unreachable = chain.iter().any(|e| {
        e.downcast_ref::<ConnectorError>()
            .is_some_and(|c| c.is_io() || c.is_timeout())
    });
    let timed_out = credentials
        .iter()
        .any(|c| matches!(c, CredentialsError::ProviderTimedOut(_)));
    if let Some(program) = explained.and_then(|p| p.missing_program.clone()) {
        return Some((
            ErrorCode::MissingCredentials,
            AwsReason::CredentialProcessMissing { profile, program },
        ));
    }
    if unreachable {
        // The innermost cause is the operating system's own account: "Name or service not known",
        // "Connection refused".
        let cause = chain.last().map(|e| e.to_string()).unwrap_or_default();
        return Some((
            ErrorCode::Network,
            AwsReason::CredentialsUnreachable { profile, cause },
        ));
    }
    if timed_out {
        return Some((ErrorCode::Network, AwsReason::CredentialsTimedOut { profile }));
    }
    if let Some(explained) = explained
        && explained.kind == Some(AwsProfileKind::Sso)
    {
        // The portal's own answer, when the token was good enough to ask it for the role's credentials.
        let portal = chain
            .iter()
            .find_map(|e| e.downcast_ref::<SdkError<GetRoleCredentialsError, HttpResponse>>())
            .and_then(SdkError::as_service_error);
        if let Some(refusal) = portal {
            let aws_message = refusal.message().unwrap_or_default().to_owned();
            if refusal.is_too_many_requests_exception() {
                return Some((ErrorCode::Throttled, AwsReason::Throttled { aws_message }));
            }
            if !refusal.is_unauthorized_exception() {
                // The account or the role: logging in again would not help.
                return Some((
                    ErrorCode::AccessDenied,
                    AwsReason::SsoRoleRefused {
                        profile: explained.profile.clone(),
                        aws_message,
                    },
                ));
            }
        }
        // The token is missing, expired and not refreshable, or refused by the portal: each fixed by logging in
        // again.
        return Some((
            ErrorCode::ExpiredCredentials,
            AwsReason::SsoSessionExpired {
                login_command: outcrop_core::aws_profiles::sso_login_command(&explained.profile),
                profile: explained.profile.clone(),
            },
        ));
    }
    // The SDK names the profile that lacks credentials (a `source_profile` may be the one).
    let lacking = chain
        .iter()
        .find_map(|e| match e.downcast_ref::<ProfileFileError>()? {
            ProfileFileError::ProfileDidNotContainCredentials { profile, .. }
            | ProfileFileError::MissingCredentialSource { profile, .. }
            | ProfileFileError::InvalidCredentialSource { profile, .. }
            | ProfileFileError::MissingProfile { profile, .. } => Some(profile.clone()),
            _ => None,
        });
    let reason = match lacking.or(profile) {
        Some(profile) => AwsReason::ProfileWithoutCredentials { profile },
        None => AwsReason::NoCredentials,
    };
    Some((ErrorCode::MissingCredentials, reason))
}

/// A service error, by its shape: its code and its reason. The IAM action of an access denial is the one AWS
/// names ("… not authorized to perform: bedrock:X …"), else the operation's own.
fn classify_service_failure(operation: &str, aws_code: &str, aws_message: String) -> (ErrorCode, AwsReason) {
    let code = classify_service_error(aws_code, &aws_message);
    let reason = match (code, shape_of(aws_code).as_str()) {
        (_, "UnrecognizedClientException") => AwsReason::UnrecognisedAccessKey,
        (_, "InvalidSignatureException" | "SignatureDoesNotMatch") => AwsReason::SignatureMismatch,
        (ErrorCode::AccessDenied, _) => AwsReason::MissingIamAction {
            action: aws_message
                .split("perform: ")
                .nth(1)
                .and_then(|rest| rest.split_whitespace().next())
                .map(str::to_owned)
                .unwrap_or_else(|| format!("{}:{operation}", service_prefix(operation))),
            aws_message,
        },
        (ErrorCode::ExpiredCredentials, _) => AwsReason::CredentialsExpired { aws_message },
        (ErrorCode::Throttled, _) => AwsReason::Throttled { aws_message },
        (ErrorCode::NeedsInferenceProfile, _) => AwsReason::NeedsInferenceProfile { aws_message },
        // AWS words it "The provided service tier is not supported for this model." (with or without the stop).
        (ErrorCode::Validation, _) if aws_message.contains("service tier is not supported") => {
            AwsReason::TierNotSupported { aws_message }
        }
        _ => AwsReason::Refused {
            operation: operation.to_owned(),
            aws_code: aws_code.to_owned(),
            aws_message,
        },
    };
    (code, reason)
}

/// The IAM service prefix of an operation Outcrop calls: CloudWatch's and Cost Explorer's by name, Bedrock's
/// otherwise.
fn service_prefix(operation: &str) -> &'static str {
    match operation {
        "ListMetrics" | "GetMetricData" | "PutDashboard" | "GetDashboard" | "ListDashboards" => "cloudwatch",
        "GetCostAndUsage" => "ce",
        _ => "bedrock",
    }
}

/// An AWS shape name in upper camel case: event streams name theirs in lower camel case (`throttlingException`).
fn shape_of(aws_code: &str) -> String {
    let mut chars = aws_code.chars();
    chars
        .next()
        .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// Maps an AWS error shape name (and, where AWS overloads one shape, its message) to an [`ErrorCode`].
/// Event streams name their exceptions in lower camel case (`throttlingException`): both spellings count.
pub fn classify_service_error(aws_code: &str, message: &str) -> ErrorCode {
    match shape_of(aws_code).as_str() {
        "ValidationException"
            if message.contains("with on-demand throughput isn") && message.contains("inference profile") =>
        {
            ErrorCode::NeedsInferenceProfile
        }
        // CloudWatch answers with its Query protocol's codes (`InvalidParameterValue`, `AccessDenied`,
        // `Throttling`, `ResourceNotFound`) on every protocol it speaks.
        "ValidationException"
        | "TooManyTagsException"
        | "InvalidParameterValue"
        | "InvalidParameterCombination"
        | "MissingParameter"
        | "InvalidParameterInput"
        | "InvalidParameterValueException" => ErrorCode::Validation,
        "AccessDeniedException"
        | "AccessDenied"
        | "UnrecognizedClientException"
        | "InvalidSignatureException"
        | "SignatureDoesNotMatch" => ErrorCode::AccessDenied,
        "ExpiredTokenException" | "ExpiredToken" => ErrorCode::ExpiredCredentials,
        "ThrottlingException"
        | "Throttling"
        | "TooManyRequestsException"
        | "ServiceQuotaExceededException"
        | "LimitExceededException" => ErrorCode::Throttled,
        "ResourceNotFoundException" | "ResourceNotFound" => ErrorCode::NotFound,
        "ConflictException" => ErrorCode::Conflict,
        _ => ErrorCode::Internal,
    }
}

#[cfg(test)]
mod tests;
