//! Saved connections end to end: each credential source through the real SDK against bedrock-local, the
//! keychain holding every secret, nothing secret on disk.

#![allow(clippy::unwrap_used)] // a test fails loudly; helpers included

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use bedrock_local::{AuthPolicy, BedrockLocal, Config, LaunchKey};
use outcrop_bedrock::AwsReason;
use outcrop_bedrock::connections::{LocalEndpoint, NewConnection, NewSource, SavedSource, test_connection};
use outcrop_bedrock::error::OutcropError;
use outcrop_bedrock::{AwsFiles, ConnectionService, SecretStore};
use outcrop_core::connection_input::Rule;
use outcrop_core::{ErrorCode, MessagesEndpoint, Secret};

const KEY_ID: &str = "AKIAOUTCROPTEST12345";
const SECRET: &str = "outcrop/TEST/secret+access+key+0123456789";
const API_KEY: &str = "ABSKb3V0Y3JvcC10ZXN0LWFwaS1rZXk=";

/// Secrets in memory: the service under test does not need a desktop (the real keychain has its own test).
#[derive(Debug, Default)]
struct MemoryStore(Mutex<HashMap<String, String>>);

impl SecretStore for MemoryStore {
    fn set(&self, account: &str, secret: &Secret) -> Result<(), OutcropError> {
        self.0
            .lock()
            .unwrap()
            .insert(account.to_owned(), secret.expose().to_owned());
        Ok(())
    }
    fn get(&self, account: &str) -> Result<Option<Secret>, OutcropError> {
        Ok(self
            .0
            .lock()
            .unwrap()
            .get(account)
            .map(|s| Secret::new(s.clone())))
    }
    fn delete(&self, account: &str) -> Result<(), OutcropError> {
        self.0.lock().unwrap().remove(account);
        Ok(())
    }
}

struct Fixture {
    dir: tempdir::Dir,
    store: Arc<MemoryStore>,
    service: ConnectionService,
}

mod tempdir {
    /// A directory under the system temp dir, removed on drop.
    pub struct Dir(pub std::path::PathBuf);
    impl Dir {
        pub fn new(label: &str) -> Self {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos();
            let path =
                std::env::temp_dir().join(format!("outcrop-test-{label}-{}-{nanos}", std::process::id()));
            std::fs::create_dir_all(&path).unwrap();
            Self(path)
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

fn aws_files(dir: &Path, config: &str, credentials: &str) -> AwsFiles {
    let files = AwsFiles {
        config: dir.join("aws-config"),
        credentials: dir.join("aws-credentials"),
    };
    std::fs::write(&files.config, config).unwrap();
    std::fs::write(&files.credentials, credentials).unwrap();
    files
}

fn fixture(label: &str, config: &str, credentials: &str) -> Fixture {
    let dir = tempdir::Dir::new(label);
    let store = Arc::new(MemoryStore::default());
    let files = aws_files(&dir.0, config, credentials);
    let service = ConnectionService::open(&dir.0.join("data"), store.clone(), files);
    Fixture { dir, store, service }
}

async fn verifying_server() -> BedrockLocal {
    BedrockLocal::start(Config {
        auth: AuthPolicy {
            credentials: vec![(KEY_ID.into(), SECRET.into())],
            api_keys: vec![API_KEY.into()],
        },
        ..Config::default()
    })
    .await
    .unwrap()
}

/// A Local Bedrock as the app embeds it: a key made for this run, only its own address answered.
async fn private_local_bedrock(region: &str) -> (BedrockLocal, LocalEndpoint) {
    let key = LaunchKey::generate().unwrap();
    let server = BedrockLocal::start(Config {
        region: region.into(),
        ..Config::private(&key)
    })
    .await
    .unwrap();
    let local = LocalEndpoint {
        url: server.url(),
        access_key_id: key.access_key_id().to_owned(),
        secret_access_key: Secret::new(key.secret_access_key()),
    };
    (server, local)
}

fn keys(name: &str, url: &str, secret: &str) -> NewConnection {
    NewConnection {
        name: name.into(),
        region: "us-east-1".into(),
        endpoint_url: Some(url.into()),
        runtime_endpoint_url: None,
        messages_endpoint: None,
        source: NewSource::AccessKeys {
            access_key_id: KEY_ID.into(),
            secret_access_key: Secret::new(secret),
            session_token: None,
        },
    }
}

/// Every file under `dir`, as bytes, must not contain `needle`.
fn assert_not_on_disk(dir: &Path, needle: &str) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            assert_not_on_disk(&path, needle);
        } else {
            let bytes = std::fs::read(&path).unwrap();
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "{} contains a secret",
                path.display()
            );
        }
    }
}

#[tokio::test]
async fn access_keys_from_the_keychain_sign_requests_the_server_verifies() {
    let server = verifying_server().await;
    let f = fixture("keys", "", "");
    let saved = f.service.add(keys("Work", &server.url(), SECRET)).unwrap();
    assert_eq!(
        saved.source,
        SavedSource::AccessKeys {
            access_key_id_masked: "AKIA…2345".into(),
            temporary: false
        }
    );
    assert_eq!(
        f.store.0.lock().unwrap().len(),
        1,
        "the secret went to the keychain"
    );
    assert_not_on_disk(&f.dir.0, SECRET);
    assert_not_on_disk(&f.dir.0, KEY_ID);

    let connection = f.service.resolve(&saved, None).unwrap();
    let report = test_connection(&saved, &connection).await.unwrap();
    assert!(report.foundation_models > 10);
    assert_eq!(
        report.identity.as_deref(),
        Some("arn:aws:iam::111122223333:user/local-akiaoutcroptest12345")
    );
    assert!(!report.simulated);

    let wrong = f
        .service
        .add(keys(
            "Wrong secret",
            &server.url(),
            "not/the/right/secret/at/all/0123456",
        ))
        .unwrap();
    let error = test_connection(&wrong, &f.service.resolve(&wrong, None).unwrap())
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::AccessDenied);
    assert_eq!(error.reason(), Some(&AwsReason::SignatureMismatch));
    assert!(
        error.message.contains("secret access key does not match"),
        "{}",
        error.message
    );

    f.service.remove(&saved.id).unwrap();
    assert_eq!(
        f.store.0.lock().unwrap().len(),
        1,
        "removing a connection deletes its keychain entry"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn an_aws_profile_from_the_shared_files() {
    let server = verifying_server().await;
    let config = "[profile lab]\nregion = eu-west-1\n";
    let credentials = format!("[lab]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET}\n");
    let f = fixture("profile", config, &credentials);
    let profiles = f.service.aws_profiles();
    assert_eq!(profiles.len(), 1);
    assert_eq!(profiles[0].region.as_deref(), Some("eu-west-1"));
    let saved = f
        .service
        .add(NewConnection {
            name: "Lab".into(),
            region: "us-east-1".into(),
            endpoint_url: Some(server.url()),
            runtime_endpoint_url: None,
            messages_endpoint: None,
            source: NewSource::AwsProfile {
                profile: "lab".into(),
            },
        })
        .unwrap();
    let report = test_connection(&saved, &f.service.resolve(&saved, None).unwrap())
        .await
        .unwrap();
    assert!(report.identity.unwrap().ends_with("local-akiaoutcroptest12345"));
    assert!(
        f.store.0.lock().unwrap().is_empty(),
        "profiles keep their credentials where they are"
    );

    let missing = f.service.check(&NewConnection {
        name: "Other".into(),
        region: "us-east-1".into(),
        endpoint_url: None,
        runtime_endpoint_url: None,
        messages_endpoint: None,
        source: NewSource::AwsProfile {
            profile: "nope".into(),
        },
    });
    assert_eq!(missing[0].field, "profile");
    server.shutdown().await;
}

#[tokio::test]
async fn a_profile_without_credentials_says_what_to_check() {
    let server = verifying_server().await;
    let f = fixture("empty-profile", "[profile empty]\nregion = us-east-1\n", "");
    let saved = f
        .service
        .add(NewConnection {
            name: "Empty".into(),
            region: "us-east-1".into(),
            endpoint_url: Some(server.url()),
            runtime_endpoint_url: None,
            messages_endpoint: None,
            source: NewSource::AwsProfile {
                profile: "empty".into(),
            },
        })
        .unwrap();
    let error = test_connection(&saved, &f.service.resolve(&saved, None).unwrap())
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::MissingCredentials, "{error:?}");
    assert_eq!(
        error.reason(),
        Some(&AwsReason::ProfileWithoutCredentials {
            profile: "empty".into()
        })
    );
    assert!(error.at_credentials_stage());
    assert!(
        error.message.contains("aws configure list --profile empty"),
        "{}",
        error.message
    );
    server.shutdown().await;
}

#[tokio::test]
async fn a_bedrock_api_key_as_a_bearer_token() {
    let server = verifying_server().await;
    let f = fixture("api-key", "", "");
    let add = |name: &str, key: &str| {
        f.service.add(NewConnection {
            name: name.into(),
            region: "us-east-1".into(),
            endpoint_url: Some(server.url()),
            runtime_endpoint_url: None,
            messages_endpoint: None,
            source: NewSource::ApiKey {
                api_key: Secret::new(key),
            },
        })
    };
    let good = add("Key", API_KEY).unwrap();
    let report = test_connection(&good, &f.service.resolve(&good, None).unwrap())
        .await
        .unwrap();
    assert_eq!(report.identity, None, "API keys cannot ask STS");
    let bad = add("Old key", "ABSKb2xkLWtleQ==").unwrap();
    let error = test_connection(&bad, &f.service.resolve(&bad, None).unwrap())
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::AccessDenied);
    assert_eq!(error.reason(), Some(&AwsReason::ApiKeyNotAccepted));
    assert!(error.message.contains("API key"), "{}", error.message);
    assert_not_on_disk(&f.dir.0, API_KEY);
    server.shutdown().await;
}

#[tokio::test]
async fn local_bedrock_is_the_first_run_default_without_aws_credentials() {
    let (server, local) = private_local_bedrock("us-east-1").await;
    let f = fixture("first-run", "", "");
    let created = f.service.ensure_first_run_default(false).unwrap().unwrap();
    assert_eq!(created.source, SavedSource::LocalBedrock);
    let overview = f.service.overview();
    assert_eq!(overview.active_id.as_deref(), Some(created.id.as_str()));
    assert!(
        overview.show_welcome,
        "the welcome still explains the other ways to connect"
    );
    let report = test_connection(&created, &f.service.resolve(&created, Some(&local)).unwrap())
        .await
        .unwrap();
    assert!(report.simulated);
    assert!(
        f.service.ensure_first_run_default(false).unwrap().is_none(),
        "only once"
    );

    let with_profiles = fixture("first-run-aws", "[default]\nregion = us-east-1\n", "");
    assert!(
        with_profiles
            .service
            .ensure_first_run_default(false)
            .unwrap()
            .is_none()
    );
    assert!(
        with_profiles.service.overview().show_welcome,
        "people with AWS profiles choose on the welcome"
    );
    server.shutdown().await;
}

#[test]
fn bad_input_is_refused_with_every_rule_and_stores_nothing() {
    let f = fixture("invalid", "", "");
    let error = f
        .service
        .add(NewConnection {
            name: " ".into(),
            region: "us east".into(),
            endpoint_url: Some("localhost:4599".into()),
            runtime_endpoint_url: None,
            messages_endpoint: None,
            source: NewSource::AccessKeys {
                access_key_id: "akia".into(),
                secret_access_key: Secret::new(""),
                session_token: None,
            },
        })
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::Validation);
    let fields: Vec<String> = error.field_errors().into_iter().map(|e| e.field).collect();
    assert_eq!(
        fields,
        ["name", "region", "endpointUrl", "accessKeyId", "secretAccessKey"]
    );
    assert!(f.store.0.lock().unwrap().is_empty());
    assert!(!f.dir.0.join("data").join("connections.json").exists());
}

#[test]
fn the_active_connection_survives_a_restart_and_a_damaged_file_is_kept() {
    let f = fixture("restart", "", "");
    let a = f
        .service
        .add(NewConnection {
            name: "A".into(),
            region: "eu-central-1".into(),
            endpoint_url: None,
            runtime_endpoint_url: None,
            messages_endpoint: None,
            source: NewSource::LocalBedrock,
        })
        .unwrap();
    f.service.activate(&a.id).unwrap();
    let files = aws_files(&f.dir.0, "", "");
    let reopened = ConnectionService::open(&f.dir.0.join("data"), f.store.clone(), files.clone());
    assert_eq!(reopened.active().unwrap().id, a.id);
    assert_eq!(reopened.active().unwrap().region, "eu-central-1");

    std::fs::write(f.dir.0.join("data").join("connections.json"), b"{ not json").unwrap();
    let damaged = ConnectionService::open(&f.dir.0.join("data"), f.store.clone(), files);
    assert!(damaged.overview().notice.unwrap().contains("damaged"));
    assert_eq!(
        std::fs::read(f.dir.0.join("data").join("connections.json.damaged")).unwrap(),
        b"{ not json"
    );
    assert!(
        damaged.ensure_first_run_default(false).unwrap().is_none(),
        "a damaged file is not a first run"
    );
}

/// A profile connection to `server`, added and tested; the test's error.
async fn test_profile(f: &Fixture, server: &BedrockLocal, profile: &str) -> OutcropError {
    let saved = f
        .service
        .add(NewConnection {
            name: profile.into(),
            region: "us-east-1".into(),
            endpoint_url: Some(server.url()),
            runtime_endpoint_url: None,
            messages_endpoint: None,
            source: NewSource::AwsProfile {
                profile: profile.into(),
            },
        })
        .unwrap();
    test_connection(&saved, &f.service.resolve(&saved, None).unwrap())
        .await
        .unwrap_err()
}

#[tokio::test]
async fn an_assume_role_profile_whose_sts_cannot_be_reached_is_a_network_failure() {
    let server = verifying_server().await;
    // A loopback port nobody listens on: the connection is refused.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let refused = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let config = format!(
        "[profile base]\nregion = us-east-1\n\n\
         [profile no-dns]\nrole_arn = arn:aws:iam::111122223333:role/Analyst\nsource_profile = base\nservices = no-dns\n\n\
         [services no-dns]\nsts =\n  endpoint_url = http://sts.nonexistent.invalid\n\n\
         [profile refused]\nrole_arn = arn:aws:iam::111122223333:role/Analyst\nsource_profile = base\nservices = refused\n\n\
         [services refused]\nsts =\n  endpoint_url = {refused}\n"
    );
    let credentials = format!("[base]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET}\n");
    let f = fixture("assume-role-offline", &config, &credentials);
    for profile in ["no-dns", "refused"] {
        let error = test_profile(&f, &server, profile).await;
        assert_eq!(error.code, ErrorCode::Network, "{profile}: {error:?}");
        assert!(
            matches!(
                error.reason(),
                Some(AwsReason::CredentialsUnreachable { profile: Some(p), cause }) if p == profile && !cause.is_empty()
            ),
            "{error:?}"
        );
        assert!(
            error.message.starts_with(&format!(
                "Profile “{profile}” could not get credentials: AWS could not be reached"
            )),
            "{}",
            error.message
        );
        assert!(!error.message.contains("did not yield"), "{}", error.message);
        assert!(error.at_credentials_stage(), "{}", error.detail);
    }
    server.shutdown().await;
}

#[tokio::test]
async fn a_credential_process_whose_program_does_not_exist_names_it() {
    let server = verifying_server().await;
    let config = "[profile vault]\ncredential_process = /nonexistent/outcrop-vault --token s3cr3t-arg\n\n\
                  [profile bare]\ncredential_process = outcrop-no-such-helper-7f3a --json\n\n\
                  [profile role-on-vault]\nrole_arn = arn:aws:iam::111122223333:role/Analyst\nsource_profile = vault\n\n\
                  [profile failing]\ncredential_process = false\n";
    let f = fixture("credential-process", config, "");
    for (profile, program) in [
        ("vault", "/nonexistent/outcrop-vault"),
        ("bare", "outcrop-no-such-helper-7f3a"),
        ("role-on-vault", "/nonexistent/outcrop-vault"),
    ] {
        let error = test_profile(&f, &server, profile).await;
        assert_eq!(error.code, ErrorCode::MissingCredentials, "{profile}: {error:?}");
        assert_eq!(
            error.reason(),
            Some(&AwsReason::CredentialProcessMissing {
                profile: Some(profile.into()),
                program: program.into()
            })
        );
        assert!(
            error.message.contains(&format!("“{program}”")) && error.message.contains("no such program"),
            "{}",
            error.message
        );
        assert!(
            !error.message.contains("s3cr3t-arg"),
            "arguments may be secret: {}",
            error.message
        );
    }
    // A program that exists but fails is not called missing.
    if cfg!(unix) {
        let error = test_profile(&f, &server, "failing").await;
        assert_eq!(error.code, ErrorCode::MissingCredentials, "{error:?}");
        assert_eq!(
            error.reason(),
            Some(&AwsReason::ProfileWithoutCredentials {
                profile: "failing".into()
            })
        );
        assert!(
            error.message.contains("did not yield credentials"),
            "{}",
            error.message
        );
    }
    server.shutdown().await;
}

#[tokio::test]
async fn an_sso_profile_without_a_token_names_the_login_to_run() {
    let server = verifying_server().await;
    // A session name no one has logged in to: its token is not in the SSO cache, so nothing reaches the network.
    let session = format!("outcrop-test-{}", std::process::id());
    let config = format!(
        "[profile corp-sso]\nsso_session = {session}\nsso_account_id = 111122223333\nsso_role_name = Developer\nregion = us-east-1\n\n\
         [sso-session {session}]\nsso_start_url = https://outcrop-test.awsapps.com/start\nsso_region = us-east-1\n\n\
         [profile legacy-sso]\nsso_start_url = https://outcrop-test-{session}.awsapps.com/start\nsso_region = us-east-1\n\
         sso_account_id = 111122223333\nsso_role_name = Developer\nregion = us-east-1\n"
    );
    let f = fixture("sso", &config, "");
    for profile in ["corp-sso", "legacy-sso"] {
        let error = test_profile(&f, &server, profile).await;
        assert_eq!(error.code, ErrorCode::ExpiredCredentials, "{profile}: {error:?}");
        assert_eq!(
            error.reason(),
            Some(&AwsReason::SsoSessionExpired {
                profile: profile.into(),
                login_command: format!("aws sso login --profile {profile}"),
            })
        );
        assert!(error.at_credentials_stage(), "{}", error.detail);
        assert!(
            error
                .message
                .contains(&format!("`aws sso login --profile {profile}`")),
            "{}",
            error.message
        );
    }
    server.shutdown().await;
}

/// A short-term Bedrock API key as the console issues one: `bedrock-api-key-` and a presigned URL in base64,
/// whose credential scope names the Region that issued it.
fn short_term_key(region: &str) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let url = format!(
        "bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Algorithm=AWS4-HMAC-SHA256\
         &X-Amz-Credential=ASIAEXAMPLE%2F20261201%2F{region}%2Fbedrock%2Faws4_request\
         &X-Amz-Date=20261201T120000Z&X-Amz-Expires=43200&X-Amz-SignedHeaders=host&Version=1"
    );
    let mut out = String::from("bedrock-api-key-");
    for chunk in url.as_bytes().chunks(3) {
        let n = chunk.iter().fold(0u32, |a, b| (a << 8) | u32::from(*b)) << (8 * (3 - chunk.len()));
        for i in 0..=chunk.len() {
            out.push(char::from(T[((n >> (18 - 6 * i)) & 63) as usize]));
        }
        out.push_str(&"=".repeat(3 - chunk.len()));
    }
    out
}

fn api_key_draft(name: &str, region: &str, key: &str, endpoint_url: Option<String>) -> NewConnection {
    NewConnection {
        name: name.into(),
        region: region.into(),
        endpoint_url,
        runtime_endpoint_url: None,
        messages_endpoint: None,
        source: NewSource::ApiKey {
            api_key: Secret::new(key),
        },
    }
}

#[test]
fn a_short_term_key_is_saved_with_the_region_that_issued_it_and_refused_for_another() {
    let f = fixture("key-region", "", "");
    let key = short_term_key("us-west-2");
    let refused = f
        .service
        .add(api_key_draft("Elsewhere", "us-east-1", &key, None))
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::Validation);
    let rules: Vec<(String, Rule)> = refused
        .field_errors()
        .into_iter()
        .map(|e| (e.field, e.rule))
        .collect();
    assert_eq!(
        rules,
        [(
            "region".to_owned(),
            Rule::ApiKeyRegion {
                key_region: "us-west-2".into(),
                region: "us-east-1".into()
            }
        )]
    );
    assert!(f.store.0.lock().unwrap().is_empty(), "nothing stored");

    let saved = f
        .service
        .add(api_key_draft("Oregon", "us-west-2", &key, None))
        .unwrap();
    assert!(matches!(
        &saved.source,
        SavedSource::ApiKey { key_region: Some(r), long_term: false, expires_at: Some(_) } if r == "us-west-2"
    ));
    let long_term = f
        .service
        .add(api_key_draft("Long", "eu-west-1", API_KEY, None))
        .unwrap();
    assert_eq!(
        long_term.source,
        SavedSource::ApiKey {
            expires_at: None,
            key_region: None,
            long_term: true
        }
    );
}

#[test]
fn changing_the_region_persists_and_keeps_the_key_in_the_keychain() {
    let f = fixture("set-region", "", "");
    let key = short_term_key("us-east-1");
    let saved = f
        .service
        .add(api_key_draft("Virginia", "us-east-1", &key, None))
        .unwrap();
    f.service.activate(&saved.id).unwrap();
    let keychain_before = f.store.0.lock().unwrap().clone();

    let bad = f.service.set_region(&saved.id, "us west 2").unwrap_err();
    assert_eq!(bad.code, ErrorCode::Validation);
    assert_eq!(
        bad.field_errors()[0].rule,
        Rule::RegionFormat {
            region: "us west 2".into()
        }
    );
    assert_eq!(
        f.service.get(&saved.id).unwrap().region,
        "us-east-1",
        "nothing changed"
    );
    assert_eq!(
        f.service.set_region("gone", "us-west-2").unwrap_err().code,
        ErrorCode::NotFound
    );

    // Another Region than the key's is allowed (the UI warns first): the key itself stays as it was.
    let moved = f.service.set_region(&saved.id, " us-west-2 ").unwrap();
    assert_eq!(moved.region, "us-west-2");
    assert_eq!(moved.source, saved.source, "the key's own Region is kept");
    assert_eq!(*f.store.0.lock().unwrap(), keychain_before);
    let overview = f.service.overview();
    assert_eq!(overview.connections[0].region, "us-west-2");
    assert_eq!(overview.active_id.as_deref(), Some(saved.id.as_str()));

    let reopened = ConnectionService::open(
        &f.dir.0.join("data"),
        f.store.clone(),
        aws_files(&f.dir.0, "", ""),
    );
    assert_eq!(reopened.active().unwrap().region, "us-west-2");
    assert_eq!(reopened.active().unwrap().source, saved.source);
    assert_not_on_disk(&f.dir.0, &key);
}

#[test]
fn api_key_connections_saved_before_the_key_region_was_kept_still_open() {
    let dir = tempdir::Dir::new("old-api-key");
    let data = dir.0.join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(
        data.join("connections.json"),
        br#"{"connections":[{"id":"c1","name":"Old","source":{"kind":"apiKey","expiresAt":1800000000},"region":"us-east-1","endpointUrl":null}],"activeId":"c1","welcomeDone":true}"#,
    )
    .unwrap();
    let service = ConnectionService::open(&data, Arc::new(MemoryStore::default()), aws_files(&dir.0, "", ""));
    assert!(service.overview().notice.is_none());
    assert_eq!(
        service.active().unwrap().source,
        SavedSource::ApiKey {
            expires_at: Some(1_800_000_000),
            key_region: None,
            long_term: false
        }
    );
}

#[test]
fn connections_saved_before_the_messages_endpoint_choice_send_to_bedrock_runtime() {
    let dir = tempdir::Dir::new("old-endpoint");
    let data = dir.0.join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(
        data.join("connections.json"),
        br#"{"connections":[{"id":"c1","name":"Old","source":{"kind":"localBedrock"},"region":"us-east-1","endpointUrl":null}],"activeId":"c1","welcomeDone":true}"#,
    )
    .unwrap();
    let service = ConnectionService::open(&data, Arc::new(MemoryStore::default()), aws_files(&dir.0, "", ""));
    assert!(service.overview().notice.is_none());
    let old = service.active().unwrap();
    assert_eq!(old.messages_endpoint, MessagesEndpoint::Runtime);
    assert_eq!(
        service
            .resolve(
                &old,
                Some(&LocalEndpoint {
                    url: "http://127.0.0.1:1".into(),
                    access_key_id: "AKIALOCALTEST0000001".into(),
                    secret_access_key: Secret::new("local-test-secret"),
                })
            )
            .unwrap()
            .messages_endpoint,
        MessagesEndpoint::Runtime
    );
}

#[test]
fn the_messages_endpoint_is_chosen_when_adding_and_changed_without_touching_the_secret() {
    let f = fixture("messages-endpoint", "", "");
    let key = short_term_key("us-east-1");
    let plain = f
        .service
        .add(api_key_draft("Runtime", "us-east-1", &key, None))
        .unwrap();
    assert_eq!(plain.messages_endpoint, MessagesEndpoint::Runtime, "the default");
    let mantle = f
        .service
        .add(NewConnection {
            messages_endpoint: Some(MessagesEndpoint::Mantle),
            ..api_key_draft("Mantle", "us-east-1", &key, None)
        })
        .unwrap();
    assert_eq!(mantle.messages_endpoint, MessagesEndpoint::Mantle);
    let keychain_before = f.store.0.lock().unwrap().clone();

    let switched = f
        .service
        .set_messages_endpoint(&plain.id, MessagesEndpoint::Mantle)
        .unwrap();
    assert_eq!(switched.messages_endpoint, MessagesEndpoint::Mantle);
    assert_eq!(
        (switched.source.clone(), switched.region.clone()),
        (plain.source.clone(), plain.region.clone())
    );
    assert_eq!(
        *f.store.0.lock().unwrap(),
        keychain_before,
        "the key is not re-entered"
    );
    assert_eq!(
        f.service
            .set_messages_endpoint("gone", MessagesEndpoint::Runtime)
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
    let resolved = f.service.resolve(&switched, None).unwrap();
    assert_eq!(resolved.messages_endpoint, MessagesEndpoint::Mantle);

    let reopened = ConnectionService::open(
        &f.dir.0.join("data"),
        f.store.clone(),
        aws_files(&f.dir.0, "", ""),
    );
    assert_eq!(
        reopened.get(&plain.id).unwrap().messages_endpoint,
        MessagesEndpoint::Mantle,
        "the choice is saved"
    );
    let on_disk = std::fs::read_to_string(f.dir.0.join("data").join("connections.json")).unwrap();
    assert!(on_disk.contains(r#""messagesEndpoint": "mantle""#), "{on_disk}");
}

#[tokio::test]
async fn a_refusal_after_switching_a_short_term_key_away_names_the_region_mismatch() {
    // The server does not know the key, as Bedrock does not know it outside the Region that issued it.
    let server = verifying_server().await;
    let f = fixture("key-moved", "", "");
    let saved = f
        .service
        .add(api_key_draft(
            "Key",
            "us-east-1",
            &short_term_key("us-east-1"),
            Some(server.url()),
        ))
        .unwrap();
    let at_home = test_connection(&saved, &f.service.resolve(&saved, None).unwrap())
        .await
        .unwrap_err();
    assert_eq!(at_home.reason(), Some(&AwsReason::ApiKeyNotAccepted));

    let moved = f.service.set_region(&saved.id, "eu-west-1").unwrap();
    let error = test_connection(&moved, &f.service.resolve(&moved, None).unwrap())
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::AccessDenied);
    assert_eq!(
        error.reason(),
        Some(&AwsReason::ApiKeyWrongRegion {
            key_region: "us-east-1".into(),
            region: "eu-west-1".into()
        })
    );
    assert!(error.message.contains("eu-west-1"), "{}", error.message);
    server.shutdown().await;
}

#[tokio::test]
async fn the_local_bedrock_connection_signs_with_the_key_its_server_was_started_with() {
    use outcrop_bedrock::playground::{
        Api, Backoff, Draft, PlaygroundService, SystemClock, Target, TurnStatus,
    };
    use outcrop_core::conversation::Conversation;

    let (server, local) = private_local_bedrock("us-east-1").await;
    let f = fixture("local-private", "", "");
    let saved = f.service.ensure_first_run_default(false).unwrap().unwrap();
    let connection = f.service.resolve(&saved, Some(&local)).unwrap();
    let report = test_connection(&saved, &connection).await.unwrap();
    assert!(report.simulated);

    // Profiles are listed...
    let bedrock = connection.bedrock().await;
    let catalog = outcrop_bedrock::profiles::catalog(&bedrock, "us-east-1")
        .await
        .unwrap();
    let opus = "us.anthropic.claude-opus-4-7";
    let target = Target {
        resolution: catalog.resolve(opus).unwrap(),
        region: "us-east-1".into(),
        messages_endpoint: MessagesEndpoint::Runtime,
    };
    // ...a turn is sent on each transport, and bedrock-mantle (chosen by its Host on the override) counts.
    let runtime = connection.runtime().await;
    let dir = tempfile::tempdir().unwrap();
    let playground = PlaygroundService::open(dir.path(), Arc::new(SystemClock), Backoff::default()).unwrap();
    let conversation = Conversation::simple("Answer briefly", "What is a rock?");
    let counted = playground
        .count_tokens(&runtime, &conversation, Api::Converse, &target)
        .await
        .unwrap();
    assert!(
        counted.counted_blocks > 0 && counted.unavailable.is_none(),
        "{counted:?}"
    );
    for api in [Api::Converse, Api::InvokeModel, Api::Messages] {
        let draft = Draft {
            conversation: conversation.clone(),
            model_choice: opus.into(),
            api,
        };
        let session = playground.create_session("local", draft.clone(), None).unwrap();
        let turn = playground
            .send(&runtime, &session.id, &draft, &target, &|_| {})
            .await
            .unwrap();
        assert_eq!(turn.status, TurnStatus::Complete, "{api:?}: {:?}", turn.error);
    }

    // Another run's key (or any other) is refused.
    let (other_server, other_run) = private_local_bedrock("us-east-1").await;
    let stale = LocalEndpoint {
        url: server.url(),
        ..other_run
    };
    let error = test_connection(&saved, &f.service.resolve(&saved, Some(&stale)).unwrap())
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("security token") || error.detail.contains("UnrecognizedClient"),
        "{error:?}"
    );
    other_server.shutdown().await;
    server.shutdown().await;
}

#[test]
fn endpoints_for_bedrock_and_bedrock_runtime_are_set_apart_and_edited_without_the_secret() {
    let f = fixture("endpoints", "", "");
    let key = short_term_key("us-east-1");
    let vpce = "https://vpce-0a1-bedrock.bedrock.us-east-1.vpce.amazonaws.com";
    let vpce_runtime = "https://vpce-0b2-runtime.bedrock-runtime.us-east-1.vpce.amazonaws.com";
    let added = f
        .service
        .add(NewConnection {
            endpoint_url: Some(vpce.into()),
            runtime_endpoint_url: Some(vpce_runtime.into()),
            ..api_key_draft("VPC", "us-east-1", &key, None)
        })
        .unwrap();
    assert_eq!(added.runtime_endpoint_url.as_deref(), Some(vpce_runtime));
    let resolved = f.service.resolve(&added, None).unwrap();
    assert_eq!(resolved.endpoint_url.as_deref(), Some(vpce));
    assert_eq!(resolved.runtime_endpoint_url.as_deref(), Some(vpce_runtime));

    // Edited in place: the key stays where it is, bad URLs are refused by the same rules as in the form.
    let keychain_before = f.store.0.lock().unwrap().clone();
    let edited = f
        .service
        .set_endpoints(&added.id, Some("https://bedrock.example.com".into()), None)
        .unwrap();
    assert_eq!(
        edited.endpoint_url.as_deref(),
        Some("https://bedrock.example.com")
    );
    assert_eq!(
        edited.runtime_endpoint_url, None,
        "the runtime follows the one override"
    );
    assert_eq!(
        *f.store.0.lock().unwrap(),
        keychain_before,
        "the key is not re-entered"
    );
    let refused = f
        .service
        .set_endpoints(
            &added.id,
            None,
            Some("http://bedrock-runtime.us-east-1.amazonaws.com".into()),
        )
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::Validation);
    assert_eq!(refused.field_errors()[0].field, "runtimeEndpointUrl");
    assert_eq!(
        f.service.get(&added.id).unwrap().endpoint_url.as_deref(),
        Some("https://bedrock.example.com"),
        "nothing was saved"
    );
    // Local Bedrock's address is the app's to choose.
    let local = f
        .service
        .add(NewConnection {
            name: "Local".into(),
            region: "us-east-1".into(),
            endpoint_url: None,
            runtime_endpoint_url: None,
            source: NewSource::LocalBedrock,
            messages_endpoint: None,
        })
        .unwrap();
    assert_eq!(
        f.service
            .set_endpoints(&local.id, Some("https://example.com".into()), None)
            .unwrap_err()
            .code,
        ErrorCode::Validation
    );
}
