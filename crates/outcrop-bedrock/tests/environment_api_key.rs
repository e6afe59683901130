//! A Bedrock API key in the environment (`AWS_BEARER_TOKEN_BEDROCK`, as AWS tells API-key users to set it) must
//! not take over the connections that sign with SigV4, must not reach Local Bedrock or an endpoint override, and
//! must never be logged. The environment is the process's, so the check runs this file's `child` test in a child
//! process with the variables set and `RUST_LOG=trace`, and reads everything it printed.

#![allow(clippy::unwrap_used)]

mod support;

use std::process::Command;

use bedrock_local::{AuthPolicy, BedrockLocal, Config};
use outcrop_bedrock::{Connection, CredentialSource, MessagesAuth};

const ENV_TOKEN: &str = "ABSKZW52aXJvbm1lbnQtdG9rZW4tbXVzdC1ub3QtbGVhaw==";
const OWN_KEY: &str = "ABSKY29ubmVjdGlvbnMtb3duLWtleQ==";

#[test]
fn an_api_key_in_the_environment_takes_over_no_connection_and_is_never_logged() {
    let output = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child", "--ignored", "--nocapture", "--test-threads=1"])
        .env("AWS_BEARER_TOKEN_BEDROCK", ENV_TOKEN)
        .env("AWS_BEARER_TOKEN", ENV_TOKEN)
        .env("RUST_LOG", "trace")
        .output()
        .unwrap();
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "the child failed:\n{printed}");
    assert!(
        printed.contains("1 passed"),
        "the child test did not run:\n{printed}"
    );
    assert!(
        printed.contains("DEBUG Bedrock Runtime.Converse"),
        "the SDK logged in the child (RUST_LOG=trace, less what is held back):\n{printed}"
    );
    for leaked in [ENV_TOKEN, OWN_KEY] {
        assert!(!printed.contains(leaked), "a key was printed:\n{printed}");
    }
}

/// Run by the test above with an API key in the environment; passes on its own as well.
#[test]
#[ignore = "run in a child process by an_api_key_in_the_environment_takes_over_no_connection_and_is_never_logged"]
fn child() {
    let mut filter = tracing_subscriber::EnvFilter::from_default_env();
    for directive in outcrop_bedrock::QUIET_LOG_DIRECTIVES {
        filter = filter.add_directive(directive.parse().unwrap());
    }
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .init();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        // A server that knows the example keys and the connection's own API key, not the environment's.
        let server = BedrockLocal::start(Config {
            auth: AuthPolicy {
                credentials: vec![(
                    "AKIAIOSFODNN7EXAMPLE".into(),
                    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".into(),
                )],
                api_keys: vec![OWN_KEY.into()],
            },
            ..Config::default()
        })
        .await
        .unwrap();
        let keys = support::example_keys_to(server.url(), "us-east-1");
        let local = Connection {
            simulated: true,
            runtime_endpoint_url: None,
            ..keys.clone()
        };
        for connection in [&keys, &local] {
            let models = connection.bedrock().await.list_foundation_models().send().await;
            assert!(
                models.is_ok(),
                "the control plane signs with the keys: {models:?}"
            );
            let runtime = connection.runtime().await;
            assert!(
                matches!(runtime.messages.auth, MessagesAuth::SigV4(_)),
                "the Messages API route signs too"
            );
            let converse = hello(&runtime).await;
            assert!(converse.is_ok(), "the runtime signs with the keys: {converse:?}");
            let who = connection.sts(true).await.get_caller_identity().send().await;
            assert!(who.is_ok(), "STS signs with the keys: {who:?}");
        }
        // An API-key connection sends its own key, not the environment's.
        let keyed = Connection {
            source: CredentialSource::BearerToken(outcrop_core::Secret::new(OWN_KEY)),
            ..keys.clone()
        };
        let converse = hello(&keyed.runtime().await).await;
        assert!(converse.is_ok(), "the connection's own key: {converse:?}");
        server.shutdown().await;
    });
}

/// One Converse call saying hello.
async fn hello(
    runtime: &outcrop_bedrock::Runtime,
) -> Result<
    aws_sdk_bedrockruntime::operation::converse::ConverseOutput,
    aws_sdk_bedrockruntime::error::SdkError<aws_sdk_bedrockruntime::operation::converse::ConverseError>,
> {
    use aws_sdk_bedrockruntime::types::{ContentBlock, ConversationRole, Message};
    runtime
        .converse()
        .model_id("us.anthropic.claude-3-7-sonnet-20250219-v1:0")
        .messages(
            Message::builder()
                .role(ConversationRole::User)
                .content(ContentBlock::Text("Hello".into()))
                .build()
                .unwrap(),
        )
        .send()
        .await
}
