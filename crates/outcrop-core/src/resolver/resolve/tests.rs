use super::*;
use crate::model_id::ModelRefError;
use crate::resolver::Verdict;
use crate::resolver::fixture::{APAC, GLOBAL, NOVA_LITE, SONNET_37, fm, models, system};
/// For each geography: the profiles a Region of it lists, and the one a bare profile-only ID becomes.
#[test]
fn every_geography_resolves_a_profile_only_model_to_its_own_profile() {
    let cases: [(&str, Vec<ProfileInfo>, &str); 7] = [
        (
            "us-east-1",
            vec![
                system(
                    "us",
                    SONNET_37,
                    "us-east-1",
                    &["us-east-1", "us-east-2", "us-west-2"],
                ),
                system("global", SONNET_37, "us-east-1", GLOBAL),
            ],
            "us",
        ),
        (
            "eu-central-1",
            vec![
                system("global", SONNET_37, "eu-central-1", GLOBAL),
                system(
                    "eu",
                    SONNET_37,
                    "eu-central-1",
                    &["eu-central-1", "eu-west-1", "eu-west-3"],
                ),
            ],
            "eu",
        ),
        (
            "ap-northeast-1",
            vec![
                system("apac", SONNET_37, "ap-northeast-1", APAC),
                system(
                    "jp",
                    SONNET_37,
                    "ap-northeast-1",
                    &["ap-northeast-1", "ap-northeast-3"],
                ),
            ],
            "jp",
        ),
        (
            "ap-southeast-2",
            vec![
                system("apac", SONNET_37, "ap-southeast-2", APAC),
                system(
                    "au",
                    SONNET_37,
                    "ap-southeast-2",
                    &["ap-southeast-2", "ap-southeast-4"],
                ),
            ],
            "au",
        ),
        (
            "ca-central-1",
            vec![system(
                "ca",
                SONNET_37,
                "ca-central-1",
                &["ca-central-1", "ca-west-1"],
            )],
            "ca",
        ),
        (
            "us-gov-west-1",
            vec![system(
                "us-gov",
                SONNET_37,
                "us-gov-west-1",
                &["us-gov-west-1", "us-gov-east-1"],
            )],
            "us-gov",
        ),
        (
            "sa-east-1",
            vec![system("global", SONNET_37, "sa-east-1", GLOBAL)],
            "global",
        ),
    ];
    for (region, profiles, geography) in cases {
        let resolution = resolve(SONNET_37, region, &models(), &profiles).unwrap();
        assert_eq!(
            resolution.invoke_id,
            format!("{geography}.{SONNET_37}"),
            "{region}"
        );
        assert_eq!(resolution.route, Route::SystemProfile, "{region}");
        assert_eq!(resolution.foundation_model_id.as_deref(), Some(SONNET_37));
        assert!(
            matches!(&resolution.reason, ResolutionReason::ProfileOnly { model_id, profile_id, .. }
                if model_id == SONNET_37 && *profile_id == resolution.invoke_id),
            "{:?}",
            resolution.reason
        );
        assert_eq!(resolution.alternatives.len(), profiles.len() - 1, "{region}");
    }
}

#[test]
fn on_demand_models_stay_on_demand_with_their_profiles_as_alternatives() {
    let profiles = vec![system(
        "us",
        NOVA_LITE,
        "us-east-1",
        &["us-east-1", "us-east-2", "us-west-2"],
    )];
    let resolution = resolve(NOVA_LITE, "us-east-1", &models(), &profiles).unwrap();
    assert_eq!(
        (resolution.invoke_id.as_str(), resolution.route),
        (NOVA_LITE, Route::OnDemand)
    );
    assert_eq!(resolution.alternatives, [format!("us.{NOVA_LITE}")]);
    assert_eq!(
        resolution.reason,
        ResolutionReason::OnDemand {
            model_id: NOVA_LITE.into(),
            region: "us-east-1".into()
        }
    );
}

#[test]
fn no_profile_in_the_region_is_an_error_that_says_so() {
    let error = resolve(SONNET_37, "me-south-1", &models(), &[]).unwrap_err();
    assert!(
        error.to_string().contains("no profile in me-south-1 contains it"),
        "{error}"
    );
}

#[test]
fn profile_ids_of_a_geography_listed_here_pass_through() {
    let profiles = vec![system(
        "us",
        SONNET_37,
        "us-east-1",
        &["us-east-1", "us-east-2", "us-west-2"],
    )];
    let known = resolve(&format!("us.{SONNET_37}"), "us-east-1", &models(), &profiles).unwrap();
    assert_eq!(known.route, Route::SystemProfile);
    assert_eq!(
        known.reason,
        ResolutionReason::SystemProfile {
            profile_id: format!("us.{SONNET_37}"),
            destinations: vec!["us-east-1".into(), "us-east-2".into(), "us-west-2".into()],
        }
    );
    // A geography AWS adds later is listed by the Regions that can call it, whatever its spelling.
    let future = vec![system("mars", NOVA_LITE, "us-east-1", &["us-east-1"])];
    let unlisted_model = resolve(&format!("mars.{SONNET_37}"), "us-east-1", &models(), &future).unwrap();
    assert_eq!(unlisted_model.invoke_id, format!("mars.{SONNET_37}"));
    assert_eq!(unlisted_model.route, Route::Unverified);
    assert_eq!(unlisted_model.foundation_model_id.as_deref(), Some(SONNET_37));
    assert_eq!(
        unlisted_model.reason,
        ResolutionReason::ProfileNotListed {
            profile_id: format!("mars.{SONNET_37}"),
            region: "us-east-1".into()
        }
    );
}

#[test]
fn a_profile_of_a_geography_this_region_does_not_list_cannot_be_called_from_here() {
    let profiles = vec![
        system(
            "us",
            SONNET_37,
            "us-east-1",
            &["us-east-1", "us-east-2", "us-west-2"],
        ),
        system("global", SONNET_37, "us-east-1", GLOBAL),
    ];
    for input in [
        format!("apac.{SONNET_37}"),
        format!("arn:aws:bedrock:ap-northeast-1:111122223333:inference-profile/apac.{SONNET_37}"),
    ] {
        let error = resolve(&input, "us-east-1", &models(), &profiles).unwrap_err();
        assert_eq!(
            error,
            ResolveError::Refused(Refusal::NotCallableHere {
                profile_id: format!("apac.{SONNET_37}"),
                geography: "apac".into(),
                region: "us-east-1".into(),
                geographies_here: vec!["global".into(), "us".into()],
                use_instead: vec![format!("us.{SONNET_37}"), format!("global.{SONNET_37}")],
            }),
            "{input}"
        );
        assert!(
            error.to_string().contains("cannot be called from us-east-1"),
            "{error}"
        );
    }
    // The same rule from the other side: a `us.` profile from Tokyo, where the model also runs on demand.
    let tokyo = vec![system("apac", NOVA_LITE, "ap-northeast-1", APAC)];
    let error = resolve(&format!("us.{NOVA_LITE}"), "ap-northeast-1", &models(), &tokyo).unwrap_err();
    assert!(
        matches!(&error, ResolveError::Refused(Refusal::NotCallableHere { use_instead, .. })
            if *use_instead == [NOVA_LITE.to_owned(), format!("apac.{NOVA_LITE}")]),
        "{error:?}"
    );
}

#[test]
fn an_anthropic_api_name_is_not_a_bedrock_id_and_the_catalogue_says_what_was_meant() {
    let catalogue = [
        "anthropic.claude-sonnet-4-20250514-v1:0",
        "anthropic.claude-sonnet-4-5-20250929-v1:0",
        "anthropic.claude-3-5-sonnet-20240620-v1:0",
        "anthropic.claude-3-5-sonnet-20241022-v2:0",
        NOVA_LITE,
    ];
    let models: Vec<ModelInfo> = catalogue
        .iter()
        .map(|id| ModelInfo {
            model_id: (*id).into(),
            on_demand: true,
        })
        .collect();
    let suggested = |input: &str| match resolve(input, "us-east-1", &models, &[]) {
        Err(ResolveError::Refused(Refusal::NotABedrockId {
            input: given,
            suggestions,
        })) => {
            assert_eq!(given, input);
            suggestions
        }
        other => panic!("{input}: {other:?}"),
    };
    assert_eq!(
        suggested("claude-sonnet-4-20250514"),
        ["anthropic.claude-sonnet-4-20250514-v1:0"]
    );
    // Anthropic's alias for the newest 3.5 Sonnet: both match, the newest first.
    assert_eq!(
        suggested("claude-3-5-sonnet-latest"),
        [
            "anthropic.claude-3-5-sonnet-20241022-v2:0",
            "anthropic.claude-3-5-sonnet-20240620-v1:0"
        ]
    );
    // Fewest extra words first: Sonnet 4 before Sonnet 4.5.
    assert_eq!(
        suggested("claude-sonnet-4")[..2],
        [
            "anthropic.claude-sonnet-4-20250514-v1:0",
            "anthropic.claude-sonnet-4-5-20250929-v1:0"
        ]
    );
    // A catalogue ID without its version suffix.
    assert_eq!(suggested("amazon.nova-lite"), [NOVA_LITE]);
    // Nothing alike: still refused, with nothing to suggest.
    assert!(suggested("gpt-4o").is_empty());
    let message = resolve("gpt-4o", "us-east-1", &models, &[])
        .unwrap_err()
        .to_string();
    assert!(message.contains("not a Bedrock model ID"), "{message}");
}

#[test]
fn an_application_profile_given_by_its_bare_id_suggests_its_arn() {
    let arn = "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3d4e5f6";
    let app = ProfileInfo {
        id: "a1b2c3d4e5f6".into(),
        arn: arn.into(),
        application: true,
        model_arns: vec![fm("us-east-1", SONNET_37)],
    };
    assert_eq!(
        resolve("a1b2c3d4e5f6", "us-east-1", &models(), &[app]),
        Err(ResolveError::Refused(Refusal::NotABedrockId {
            input: "a1b2c3d4e5f6".into(),
            suggestions: vec![arn.into()],
        }))
    );
}

#[test]
fn verdicts_carry_refusals_and_keep_malformed_ids_as_errors() {
    let refused = Verdict::of(resolve("claude-sonnet-4-20250514", "us-east-1", &models(), &[]));
    assert!(matches!(
        refused,
        Ok(Verdict::Refused {
            refusal: Refusal::NotABedrockId { .. }
        })
    ));
    let callable = Verdict::of(resolve(NOVA_LITE, "us-east-1", &models(), &[])).unwrap();
    assert!(matches!(callable, Verdict::Callable { ref resolution } if resolution.route == Route::OnDemand));
    assert_eq!(
        Verdict::of(resolve("", "us-east-1", &models(), &[])),
        Err(ModelRefError::Empty)
    );
    let json = serde_json::to_value(
        Verdict::of(resolve(&format!("apac.{SONNET_37}"), "us-east-1", &models(), &[])).unwrap(),
    )
    .unwrap();
    assert_eq!(json["verdict"], "refused");
    assert_eq!(json["refusal"]["kind"], "notCallableHere");
    assert_eq!(json["refusal"]["geographiesHere"], serde_json::json!([]));
}

#[test]
fn application_profile_arns_resolve_to_their_model() {
    let arn = "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3d4e5f6";
    let app = ProfileInfo {
        id: "a1b2c3d4e5f6".into(),
        arn: arn.into(),
        application: true,
        model_arns: vec![fm("us-east-1", SONNET_37), fm("us-west-2", SONNET_37)],
    };
    let resolution = resolve(arn, "us-east-1", &models(), &[app]).unwrap();
    assert_eq!(resolution.route, Route::ApplicationProfile);
    assert_eq!(resolution.invoke_id, arn);
    assert_eq!(resolution.foundation_model_id.as_deref(), Some(SONNET_37));
    assert_eq!(
        resolution.reason,
        ResolutionReason::ApplicationProfile {
            profile_id: "a1b2c3d4e5f6".into(),
            model_id: SONNET_37.into()
        }
    );
    let unknown = resolve(arn, "us-east-1", &models(), &[]).unwrap();
    assert_eq!(
        unknown.reason,
        ResolutionReason::ApplicationProfileNotListed {
            profile_id: "a1b2c3d4e5f6".into(),
            account_id: "111122223333".into(),
            region: "us-east-1".into()
        }
    );
    assert_eq!(
        (unknown.route, unknown.foundation_model_id),
        (Route::Unverified, None)
    );
}

#[test]
fn unknown_models_are_sent_as_given_and_bad_input_is_refused() {
    let resolution = resolve("acme.new-model-v1:0", "us-east-1", &models(), &[]).unwrap();
    assert_eq!(resolution.route, Route::Unverified);
    assert_eq!(
        resolution.reason,
        ResolutionReason::ModelNotListed {
            model_id: "acme.new-model-v1:0".into(),
            region: "us-east-1".into()
        }
    );
    assert!(matches!(
        resolve("not a model", "us-east-1", &models(), &[]),
        Err(ResolveError::Invalid(_))
    ));
}

#[test]
fn suffix_free_ids_resolve_like_dated_ones() {
    const OPUS_47: &str = "anthropic.claude-opus-4-7";
    const OPUS_46: &str = "anthropic.claude-opus-4-6-v1";
    let models = vec![
        ModelInfo {
            model_id: OPUS_47.into(),
            on_demand: false,
        },
        ModelInfo {
            model_id: OPUS_46.into(),
            on_demand: false,
        },
    ];
    let us = &["us-east-1", "us-east-2", "us-west-2"];
    let profiles = vec![
        system("us", OPUS_47, "us-east-1", us),
        system("global", OPUS_47, "us-east-1", GLOBAL),
        system("us", OPUS_46, "us-east-1", us),
    ];
    // A profile-only model by its bare, suffix-free ID goes through the profile serving from here.
    let bare = resolve(OPUS_47, "us-east-1", &models, &profiles).unwrap();
    assert_eq!(
        (
            bare.invoke_id.as_str(),
            bare.route,
            bare.foundation_model_id.as_deref()
        ),
        (
            "us.anthropic.claude-opus-4-7",
            Route::SystemProfile,
            Some(OPUS_47)
        )
    );
    // Its profile ID passes through, naming the model behind it.
    let profile = resolve(
        "global.anthropic.claude-opus-4-7",
        "us-east-1",
        &models,
        &profiles,
    )
    .unwrap();
    assert_eq!(profile.foundation_model_id.as_deref(), Some(OPUS_47));
    assert_eq!(profile.route, Route::SystemProfile);
    // An ID cut short of its `-v1` is not a Bedrock ID, and the catalogue says which one was meant.
    match resolve("anthropic.claude-opus-4-6", "us-east-1", &models, &profiles) {
        Err(ResolveError::Refused(Refusal::NotABedrockId { suggestions, .. })) => {
            assert_eq!(suggestions.first().map(String::as_str), Some(OPUS_46));
        }
        other => panic!("{other:?}"),
    }
}
