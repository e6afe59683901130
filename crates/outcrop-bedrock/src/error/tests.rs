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

fn target(kind: ConnectionKind, region: &str) -> ConnectionTarget<'_> {
    ConnectionTarget {
        kind,
        region,
        endpoint_url: None,
        api_key_region: None,
    }
}

type ListError = aws_sdk_bedrock::operation::list_foundation_models::ListFoundationModelsError;

/// A failure to get credentials as the SDK reports it: the provider's error, wrapped by the profile.
fn credentials_failure(kind: Option<AwsProfileKind>, inner: CredentialsError) -> OutcropError {
    let explained = ProfileCredentialsError {
        profile: "dev-sso".into(),
        missing_program: None,
        kind,
        source: inner,
    };
    let error = SdkError::<ListError, ()>::construction_failure(CredentialsError::provider_error(explained));
    OutcropError::from_sdk("ListFoundationModels", error)
}

/// A service error with AWS's shape name and message.
fn service_failure(shape: &str, message: &str) -> OutcropError {
    let meta = aws_sdk_bedrock::error::ErrorMetadata::builder()
        .code(shape)
        .message(message)
        .build();
    let error = SdkError::<ListError, ()>::service_error(ListError::generic(meta), ());
    OutcropError::from_sdk("ListFoundationModels", error)
}

#[test]
fn an_sso_profile_that_gets_no_credentials_names_the_login_to_run() {
    let refined = credentials_failure(
        Some(AwsProfileKind::Sso),
        CredentialsError::provider_error("the SSO token has expired and cannot be refreshed"),
    )
    .for_connection(target(ConnectionKind::AwsProfile, "eu-west-1"));
    assert_eq!(refined.code, ErrorCode::ExpiredCredentials);
    assert_eq!(
        refined.reason(),
        Some(&AwsReason::SsoSessionExpired {
            profile: "dev-sso".into(),
            login_command: "aws sso login --profile dev-sso".into(),
        })
    );
    assert!(refined.at_credentials_stage());
    assert!(
        refined.message.contains("`aws sso login --profile dev-sso`"),
        "{}",
        refined.message
    );
}

#[test]
fn an_sso_portal_that_refuses_the_role_is_not_an_expired_session() {
    use aws_sdk_sso::types::error::{ResourceNotFoundException, UnauthorizedException};
    use aws_smithy_runtime_api::http::StatusCode;
    use aws_smithy_types::body::SdkBody;
    let portal = |error: GetRoleCredentialsError, status: u16| {
        let response = HttpResponse::new(
            StatusCode::try_from(status).unwrap_or_else(|e| panic!("{e}")),
            SdkBody::empty(),
        );
        CredentialsError::provider_error(SdkError::service_error(error, response))
    };
    let missing_role = credentials_failure(
        Some(AwsProfileKind::Sso),
        portal(
            GetRoleCredentialsError::ResourceNotFoundException(
                // As the SDK reads it from the answer: the message in the error's metadata too.
                ResourceNotFoundException::builder()
                    .message("No access")
                    .meta(
                        aws_sdk_bedrock::error::ErrorMetadata::builder()
                            .code("ResourceNotFoundException")
                            .message("No access")
                            .build(),
                    )
                    .build(),
            ),
            404,
        ),
    );
    assert_eq!(missing_role.code, ErrorCode::AccessDenied);
    assert_eq!(
        missing_role.reason(),
        Some(&AwsReason::SsoRoleRefused {
            profile: "dev-sso".into(),
            aws_message: "No access".into()
        })
    );
    let stale_token = credentials_failure(
        Some(AwsProfileKind::Sso),
        portal(
            GetRoleCredentialsError::UnauthorizedException(
                UnauthorizedException::builder()
                    .message("Session token not found or invalid")
                    .build(),
            ),
            401,
        ),
    );
    assert!(
        matches!(stale_token.reason(), Some(AwsReason::SsoSessionExpired { .. })),
        "{stale_token:?}"
    );
}

#[test]
fn words_in_a_message_do_not_classify_it() {
    // A static-keys profile whose failure happens to mention SSO and expiry is not an SSO session.
    let other = credentials_failure(
        Some(AwsProfileKind::StaticKeys),
        CredentialsError::provider_error("sso token expired"),
    );
    assert_eq!(other.code, ErrorCode::MissingCredentials);
    assert_eq!(
        other.reason(),
        Some(&AwsReason::ProfileWithoutCredentials {
            profile: "dev-sso".into()
        })
    );
    // "inference profile" is everyday Bedrock text: an internal error that says it stays internal.
    let internal = OutcropError {
        code: ErrorCode::Internal,
        message: "the inference profile list could not be read".into(),
        detail: "profile credentials expired sso".into(),
        fields: Vec::new(),
        aws: None,
    }
    .for_connection(target(ConnectionKind::AwsProfile, "us-east-1"));
    assert_eq!(internal.code, ErrorCode::Internal);
    assert_eq!(internal.reason(), None);
}

#[test]
fn access_denied_names_the_missing_action() {
    let refined = service_failure(
        "AccessDeniedException",
        "User: arn:aws:iam::111122223333:user/ana is not authorized to perform: bedrock:ListFoundationModels because no identity-based policy allows the bedrock:ListFoundationModels action",
    )
    .for_connection(target(ConnectionKind::AccessKeys, "us-east-1"));
    assert_eq!(refined.code, ErrorCode::AccessDenied);
    assert!(
        matches!(refined.reason(), Some(AwsReason::MissingIamAction { action, .. }) if action == "bedrock:ListFoundationModels")
    );
    assert!(
        refined
            .message
            .starts_with("Access denied: this identity may not call bedrock:ListFoundationModels."),
        "{}",
        refined.message
    );
    let unnamed = service_failure("AccessDeniedException", "Access denied");
    assert!(
        matches!(unnamed.reason(), Some(AwsReason::MissingIamAction { action, .. }) if action == "bedrock:ListFoundationModels"),
        "the operation's own action when AWS names none"
    );
}

#[test]
fn cloudwatch_and_cost_explorer_refusals_name_their_own_actions() {
    let cloudwatch = OutcropError::from_service("GetMetricData", "AccessDenied", "Access denied".into());
    assert_eq!(cloudwatch.code, ErrorCode::AccessDenied);
    assert!(
        matches!(cloudwatch.reason(), Some(AwsReason::MissingIamAction { action, .. }) if action == "cloudwatch:GetMetricData"),
        "{:?}",
        cloudwatch.reason()
    );
    let spend = OutcropError::from_service(
        "GetCostAndUsage",
        "AccessDeniedException",
        "User: arn:aws:iam::111122223333:user/ana is not authorized to perform: ce:GetCostAndUsage on resource: *".into(),
    );
    assert!(
        matches!(spend.reason(), Some(AwsReason::MissingIamAction { action, .. }) if action == "ce:GetCostAndUsage")
    );
    let dashboard = OutcropError::from_service("PutDashboard", "AccessDenied", String::new());
    assert!(
        matches!(dashboard.reason(), Some(AwsReason::MissingIamAction { action, .. }) if action == "cloudwatch:PutDashboard")
    );
    assert_eq!(
        OutcropError::from_service("GetMetricData", "InvalidParameterValue", "bad period".into()).code,
        ErrorCode::Validation
    );
    assert_eq!(
        OutcropError::from_service("GetMetricData", "Throttling", "Rate exceeded".into()).code,
        ErrorCode::Throttled
    );
    assert_eq!(
        OutcropError::from_service("GetDashboard", "ResourceNotFound", "no dashboard".into()).code,
        ErrorCode::NotFound
    );
}

#[test]
fn an_unknown_key_is_worded_for_the_kind_of_connection() {
    let unknown = || {
        service_failure(
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
        )
    };
    assert_eq!(
        unknown()
            .for_connection(target(ConnectionKind::AccessKeys, "us-east-1"))
            .reason(),
        Some(&AwsReason::UnrecognisedAccessKey)
    );
    assert_eq!(
        unknown()
            .for_connection(target(ConnectionKind::ApiKey, "us-east-1"))
            .reason(),
        Some(&AwsReason::ApiKeyNotAccepted)
    );
    assert_eq!(
        service_failure("ExpiredTokenException", "expired")
            .for_connection(target(ConnectionKind::ApiKey, "us-east-1"))
            .reason(),
        Some(&AwsReason::ApiKeyExpired)
    );
    // A short-term key used outside the Region that issued it: the refusal names the mismatch.
    let key_from = |key_region| ConnectionTarget {
        api_key_region: Some(key_region),
        ..target(ConnectionKind::ApiKey, "us-east-1")
    };
    let moved = unknown().for_connection(key_from("us-west-2"));
    assert_eq!(moved.code, ErrorCode::AccessDenied);
    assert_eq!(
        moved.reason(),
        Some(&AwsReason::ApiKeyWrongRegion {
            key_region: "us-west-2".into(),
            region: "us-east-1".into()
        })
    );
    assert!(moved.message.contains("issued in us-west-2"), "{}", moved.message);
    assert_eq!(
        service_failure("AccessDeniedException", "Authentication failed")
            .for_connection(key_from("us-west-2"))
            .reason(),
        Some(&AwsReason::ApiKeyWrongRegion {
            key_region: "us-west-2".into(),
            region: "us-east-1".into()
        })
    );
    // In its own Region the key is simply not accepted; an expiry stays an expiry; access keys have no Region.
    assert_eq!(
        unknown().for_connection(key_from("us-east-1")).reason(),
        Some(&AwsReason::ApiKeyNotAccepted)
    );
    assert_eq!(
        service_failure("ExpiredTokenException", "expired")
            .for_connection(key_from("us-west-2"))
            .reason(),
        Some(&AwsReason::ApiKeyExpired)
    );
    assert_eq!(
        unknown()
            .for_connection(ConnectionTarget {
                api_key_region: Some("us-west-2"),
                ..target(ConnectionKind::AccessKeys, "us-east-1")
            })
            .reason(),
        Some(&AwsReason::UnrecognisedAccessKey)
    );
    assert_eq!(
        service_failure(
            "InvalidSignatureException",
            "The request signature we calculated does not match"
        )
        .reason(),
        Some(&AwsReason::SignatureMismatch)
    );
}

#[test]
fn network_failures_point_at_the_region_or_the_network() {
    let network = || {
        OutcropError::from_sdk(
            "ListFoundationModels",
            SdkError::<ListError, ()>::timeout_error("timed out"),
        )
    };
    assert_eq!(network().code, ErrorCode::Network);
    let unknown = network().for_connection(target(ConnectionKind::LocalBedrock, "eu-nowhere-7"));
    assert_eq!(
        unknown.reason(),
        Some(&AwsReason::RegionWithoutBedrock {
            region: "eu-nowhere-7".into()
        })
    );
    assert!(
        unknown.message.contains("not known to run in that Region"),
        "{}",
        unknown.message
    );
    let offline = network().for_connection(ConnectionTarget {
        kind: ConnectionKind::AccessKeys,
        region: "us-east-1",
        endpoint_url: Some("https://vpce.example"),
        api_key_region: None,
    });
    assert_eq!(
        offline.reason(),
        Some(&AwsReason::BedrockUnreachable {
            region: "us-east-1".into(),
            endpoint_url: Some("https://vpce.example".into())
        })
    );
    assert!(
        offline.message.contains("Check your network connection"),
        "{}",
        offline.message
    );
}

#[test]
fn throttling_keeps_the_words_of_aws() {
    let throttled = service_failure("ThrottlingException", "Too many requests, please wait");
    assert_eq!(throttled.code, ErrorCode::Throttled);
    assert_eq!(
        throttled.reason(),
        Some(&AwsReason::Throttled {
            aws_message: "Too many requests, please wait".into()
        })
    );
    assert_eq!(throttled.message, "Too many requests, please wait");
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
