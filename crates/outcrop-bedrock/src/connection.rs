//! From a connection (credential source + Region + optional endpoint) to configured SDK clients.

use std::path::PathBuf;
use std::time::Duration;

use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_runtime::env_config::file::{EnvConfigFileKind, EnvConfigFiles};
use outcrop_core::{MessagesEndpoint, Secret};

/// How a request to the Messages API route proves who sends it.
#[derive(Debug, Clone)]
pub enum MessagesAuth {
    /// SigV4 with the endpoint's signing name, from the connection's credentials ([`CachedCredentials`], shared
    /// with the SDK's clients).
    SigV4(aws_credential_types::provider::SharedCredentialsProvider),
    /// A Bedrock API key, sent as `Authorization: Bearer`.
    ApiKey(Secret),
    /// The chain yields nothing: the request goes unsigned and the service says why.
    None,
}

/// Credentials from a provider, kept until five minutes before they expire (for as long as the clients live
/// when they name no expiry), so a `credential_process`, an SSO role or an AssumeRole does not run for every
/// request. It is the credentials provider of a connection's SDK configuration, so the SDK's clients and the
/// Messages API route (signed by Outcrop) share what it keeps.
#[derive(Debug, Clone)]
pub struct CachedCredentials {
    provider: aws_credential_types::provider::SharedCredentialsProvider,
    kept: std::sync::Arc<tokio::sync::Mutex<Option<Credentials>>>,
}

impl CachedCredentials {
    /// How long before their expiry kept credentials are fetched again.
    const REFRESH_BEFORE: Duration = Duration::from_secs(300);

    pub fn new(provider: aws_credential_types::provider::SharedCredentialsProvider) -> Self {
        Self {
            provider,
            kept: std::sync::Arc::default(),
        }
    }

    /// The kept credentials while they are fresh, else new ones from the provider (one fetch at a time).
    pub async fn get(&self) -> aws_credential_types::provider::Result {
        use aws_credential_types::provider::ProvideCredentials;
        let mut kept = self.kept.lock().await;
        let fresh = |c: &Credentials| {
            c.expiry().is_none_or(|expiry| {
                expiry
                    .duration_since(std::time::SystemTime::now())
                    .is_ok_and(|left| left > Self::REFRESH_BEFORE)
            })
        };
        if let Some(credentials) = kept.as_ref().filter(|c| fresh(c)) {
            return Ok(credentials.clone());
        }
        let credentials = self.provider.provide_credentials().await?;
        *kept = Some(credentials.clone());
        Ok(credentials)
    }
}

impl aws_credential_types::provider::ProvideCredentials for CachedCredentials {
    fn provide_credentials<'a>(&'a self) -> aws_credential_types::provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        aws_credential_types::provider::future::ProvideCredentials::new(self.get())
    }
}

/// Every client a connection needs, sharing one SDK configuration and its identity cache.
#[derive(Debug, Clone)]
pub struct Clients {
    pub bedrock: aws_sdk_bedrock::Client,
    pub runtime: Runtime,
    /// The control plane's project operations, which the SDK lacks: signed by Outcrop.
    pub projects: crate::projects::ProjectsClient,
    /// CloudWatch and Cost Explorer, for the Usage and Spend pages.
    pub usage: crate::usage::UsageClient,
}

/// Anthropic's Messages API (`POST /anthropic/v1/messages`) on the connection's chosen endpoint,
/// bedrock-runtime or bedrock-mantle: the SDK has no operation for it.
#[derive(Debug, Clone)]
pub struct MessagesRoute {
    /// Where the Messages API goes; its signing name is the one every request of this route is signed with.
    pub endpoint: MessagesEndpoint,
    /// The route's URL: on the endpoint override, or on the chosen endpoint's host in the Region.
    pub url: String,
    pub region: String,
    pub auth: MessagesAuth,
    /// bedrock-mantle's `count_tokens` (`bedrock-mantle.{region}.api.aws`, or the endpoint override).
    pub mantle_count_url: String,
    /// The Host to name on an endpoint override, which serves bedrock-runtime and bedrock-mantle on one address.
    pub mantle_host: Option<String>,
    /// One HTTP client per runtime: its connection pool and TLS set-up are shared by every turn.
    pub http: reqwest::Client,
    /// The timeouts the runtime (this route and the SDK client beside it) was built with.
    pub timeouts: Timeouts,
}

/// What sends to bedrock-runtime: the SDK client (Converse, InvokeModel, CountTokens), and the Messages API
/// route beside it. Dereferences to the SDK client.
#[derive(Debug, Clone)]
pub struct Runtime {
    pub client: aws_sdk_bedrockruntime::Client,
    pub messages: MessagesRoute,
}

impl std::ops::Deref for Runtime {
    type Target = aws_sdk_bedrockruntime::Client;

    fn deref(&self) -> &Self::Target {
        &self.client
    }
}

/// The two AWS shared files, where aws-config would look for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsFiles {
    pub config: PathBuf,
    pub credentials: PathBuf,
}

impl AwsFiles {
    /// `$AWS_CONFIG_FILE` / `$AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/config` and `~/.aws/credentials`.
    pub fn from_env() -> Self {
        let home = std::env::var_os("HOME")
            .or_else(|| std::env::var_os("USERPROFILE"))
            .map(PathBuf::from);
        let aws_dir = home.unwrap_or_default().join(".aws");
        Self {
            config: std::env::var_os("AWS_CONFIG_FILE")
                .map(PathBuf::from)
                .unwrap_or_else(|| aws_dir.join("config")),
            credentials: std::env::var_os("AWS_SHARED_CREDENTIALS_FILE")
                .map(PathBuf::from)
                .unwrap_or_else(|| aws_dir.join("credentials")),
        }
    }

    fn profile_files(&self) -> EnvConfigFiles {
        EnvConfigFiles::builder()
            .with_file(EnvConfigFileKind::Config, &self.config)
            .with_file(EnvConfigFileKind::Credentials, &self.credentials)
            .build()
    }
}

/// Where credentials come from. Secrets are [`Secret`]s: they never show in `Debug` output.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum CredentialSource {
    /// aws-config's standard chain: environment, default profile, SSO, IMDS, …
    DefaultChain,
    /// A named profile from the AWS shared files (static keys, SSO, assume-role, credential_process).
    Profile { name: String, files: AwsFiles },
    /// Keys held in memory, read from the keychain by the caller.
    StaticKeys {
        access_key_id: String,
        secret_access_key: Secret,
        session_token: Option<Secret>,
    },
    /// A Bedrock API key, sent as a bearer token.
    BearerToken(Secret),
}

/// A source, a Region and, for Local Bedrock or a VPC endpoint, an endpoint URL for the Bedrock APIs.
#[derive(Debug, Clone)]
pub struct Connection {
    pub source: CredentialSource,
    pub region: String,
    pub endpoint_url: Option<String>,
    /// bedrock-runtime's endpoint when it differs from `endpoint_url` (VPC interface endpoints are one per
    /// service); `None` sends the runtime to `endpoint_url` too.
    pub runtime_endpoint_url: Option<String>,
    /// Local Bedrock: the endpoint also answers STS, and every result is simulated.
    pub simulated: bool,
    /// Where Anthropic's Messages API is sent: bedrock-runtime (the default) or bedrock-mantle.
    pub messages_endpoint: MessagesEndpoint,
}

/// Log directives that hold back the AWS SDK's and the HTTP stack's signing and wire logging at every level
/// `RUST_LOG` may ask for, so no log line carries a signature, a credential, an API key or a request body.
/// The app adds them to its log filter after `RUST_LOG`'s own.
pub const QUIET_LOG_DIRECTIVES: &[&str] = &[
    "aws_sigv4=warn",
    "aws_smithy_runtime=info",
    "aws_smithy_runtime_api=info",
    "aws_smithy_http_client=info",
    "aws_config=info",
    // `aws_runtime::env_config` prints every environment setting it reads at TRACE, AWS_BEARER_TOKEN_BEDROCK's
    // value included.
    "aws_runtime=info",
    "aws_credential_types=info",
    "aws_types=info",
    "hyper=info",
    "hyper_util=info",
    "h2=info",
    "reqwest=info",
    "rustls=info",
    "eventsource_stream=info",
];

/// How long Outcrop waits on the network before it reports the network as the problem. Every client of a
/// connection takes them from here ([`Connection::clients_with`]); [`Timeouts::default`] holds the values the app
/// uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// To open a TCP (and TLS) connection.
    pub connect: Duration,
    /// Silence on an open connection: the wait for a response's head, and between two reads of a streamed
    /// answer. A half-open connection (the peer gone without a FIN or RST) trips it instead of hanging.
    pub read: Duration,
    /// A whole call that is not streamed: CountTokens (bedrock-runtime's and bedrock-mantle's) and every
    /// control-plane call.
    pub operation: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(5),
            // A slow model must still fit: the response head of a long prompt comes after its prefill, and a
            // model thinking with its reasoning held back (or a busy cross-Region profile) can stay silent for a
            // minute or more between events. Five minutes of nothing at all is no model working.
            read: Duration::from_secs(300),
            // CountTokens on a prompt near a million tokens, or a control-plane list over a slow link, takes
            // seconds; a minute is far beyond that and still an answer a person waits for.
            operation: Duration::from_secs(60),
        }
    }
}

impl Connection {
    /// The SDK configuration. Credentials are resolved lazily by the SDK on first use, and refreshed by it.
    pub async fn sdk_config(&self) -> SdkConfig {
        self.sdk_config_with(Timeouts::default()).await
    }

    /// [`Connection::sdk_config`] with the given timeouts: every call it makes is bounded by `operation`, and
    /// each connection by `connect` and `read`.
    pub async fn sdk_config_with(&self, timeouts: Timeouts) -> SdkConfig {
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .region(Region::new(self.region.clone()))
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(timeouts.connect)
                    .read_timeout(timeouts.read)
                    .operation_timeout(timeouts.operation)
                    .build(),
            );
        if self.simulated
            && let Some(url) = &self.endpoint_url
        {
            loader = loader.endpoint_url(url);
        }
        loader = match &self.source {
            CredentialSource::DefaultChain => loader,
            CredentialSource::Profile { name, files } => {
                loader.profile_name(name).profile_files(files.profile_files())
            }
            CredentialSource::StaticKeys {
                access_key_id,
                secret_access_key,
                session_token,
            } => loader.credentials_provider(Credentials::new(
                access_key_id,
                secret_access_key.expose(),
                session_token.as_ref().map(|t| t.expose().to_owned()),
                None,
                "outcrop-keychain",
            )),
            CredentialSource::BearerToken(token) => loader
                .no_credentials()
                .token_provider(aws_credential_types::Token::new(token.expose(), None))
                .auth_scheme_preference([
                    aws_smithy_runtime_api::client::auth::http::HTTP_BEARER_AUTH_SCHEME_ID,
                ]),
        };
        let sdk = loader.load().await;
        let explained = match (&self.source, sdk.credentials_provider()) {
            // A profile's failures name the profile, and a missing credential_process program says so.
            (CredentialSource::Profile { name, files }, Some(inner)) => {
                Some(crate::profile_credentials::explained(inner, name, files))
            }
            (_, inner) => inner,
        };
        match explained {
            Some(provider) => sdk
                .into_builder()
                .credentials_provider(aws_credential_types::provider::SharedCredentialsProvider::new(
                    CachedCredentials::new(provider),
                ))
                .build(),
            None => sdk,
        }
    }

    /// The one auth scheme this connection's clients may use: bearer for an API-key connection, SigV4 for every
    /// other. Set on each client, where it outranks `AWS_BEARER_TOKEN_BEDROCK`: with that variable in the
    /// environment the SDK otherwise switches every Bedrock client that did not pin its scheme to bearer auth
    /// with the variable's key (aws-sdk-bedrockruntime's `config.rs`, "AwsBearerTokenBedrock").
    fn auth_scheme(&self) -> [aws_smithy_runtime_api::client::auth::AuthSchemeId; 1] {
        match self.source {
            CredentialSource::BearerToken(_) => {
                [aws_smithy_runtime_api::client::auth::http::HTTP_BEARER_AUTH_SCHEME_ID]
            }
            _ => [aws_runtime::auth::sigv4::SCHEME_ID],
        }
    }

    /// Every client the connection needs, built from one SDK configuration, so they share one identity cache: a
    /// `credential_process`, an SSO role or an AssumeRole runs once for all of them, until its credentials near
    /// their expiry. Keep it while the connection stays as it is.
    pub async fn clients(&self) -> Clients {
        self.clients_with(Timeouts::default()).await
    }

    /// [`Connection::clients`] with the given timeouts.
    pub async fn clients_with(&self, timeouts: Timeouts) -> Clients {
        let sdk = self.sdk_config_with(timeouts).await;
        let bedrock = self.bedrock_from(&sdk);
        Clients {
            projects: self.projects_from(&sdk, bedrock.clone(), timeouts),
            usage: self.usage_from(&sdk),
            bedrock,
            runtime: self.runtime_from(&sdk, timeouts),
        }
    }

    /// The project operations, at the control plane's endpoint (the override when there is one), signed with
    /// the connection's credentials (or carrying its API key) and bounded by the control plane's timeouts.
    fn projects_from(
        &self,
        sdk: &SdkConfig,
        bedrock: aws_sdk_bedrock::Client,
        timeouts: Timeouts,
    ) -> crate::projects::ProjectsClient {
        crate::projects::ProjectsClient {
            base_url: self
                .endpoint_url
                .as_deref()
                .map(|u| u.trim_end_matches('/').to_owned())
                .unwrap_or_else(|| format!("https://bedrock.{}.amazonaws.com", self.region)),
            region: self.region.clone(),
            auth: self.hand_signed_auth(sdk),
            http: reqwest::Client::builder()
                .connect_timeout(timeouts.connect)
                .read_timeout(timeouts.read)
                .build()
                .unwrap_or_default(),
            operation_timeout: timeouts.operation,
            bedrock,
        }
    }

    /// CloudWatch in the connection's Region and Cost Explorer in us-east-1, signed with the connection's
    /// credentials; at the endpoint override when it is Local Bedrock's or another address on this machine (an
    /// emulator serving every service), at AWS otherwise (see [`crate::usage`]). A connection holding a Bedrock
    /// API key gets none: neither service takes one.
    fn usage_from(&self, sdk: &SdkConfig) -> crate::usage::UsageClient {
        if self.uses_bearer_token() {
            return crate::usage::UsageClient::new(self.region.clone(), None);
        }
        let sigv4 = [aws_runtime::auth::sigv4::SCHEME_ID];
        let mut cloudwatch =
            aws_sdk_cloudwatch::config::Builder::from(sdk).auth_scheme_preference(sigv4.clone());
        let mut cost_explorer = aws_sdk_costexplorer::config::Builder::from(sdk)
            .auth_scheme_preference(sigv4)
            .region(Region::new(crate::usage::COST_EXPLORER_REGION));
        if let Some(url) = &self.endpoint_url
            && (self.simulated || outcrop_core::connection_input::is_loopback_url(url))
        {
            cloudwatch = cloudwatch.endpoint_url(url);
            cost_explorer = cost_explorer.endpoint_url(url);
        }
        crate::usage::UsageClient::new(
            self.region.clone(),
            Some((
                aws_sdk_cloudwatch::Client::from_conf(cloudwatch.build()),
                aws_sdk_costexplorer::Client::from_conf(cost_explorer.build()),
            )),
        )
    }

    /// The Usage and Spend pages' clients alone (for a caller that keeps no [`Clients`]).
    pub async fn usage(&self) -> crate::usage::UsageClient {
        self.usage_from(&self.sdk_config().await)
    }

    /// The project operations alone (for a caller that keeps no [`Clients`]).
    pub async fn projects(&self) -> crate::projects::ProjectsClient {
        let sdk = self.sdk_config().await;
        let bedrock = self.bedrock_from(&sdk);
        self.projects_from(&sdk, bedrock, Timeouts::default())
    }

    /// How a request the SDK does not send proves who sends it: the API key, else SigV4 from the same
    /// credentials provider as the SDK's clients.
    fn hand_signed_auth(&self, sdk: &SdkConfig) -> MessagesAuth {
        match (&self.source, sdk.credentials_provider()) {
            (CredentialSource::BearerToken(token), _) => MessagesAuth::ApiKey(token.clone()),
            (_, Some(provider)) => MessagesAuth::SigV4(provider),
            (_, None) => MessagesAuth::None,
        }
    }

    /// The control-plane client (`bedrock`), pointed at the endpoint override when there is one.
    pub async fn bedrock(&self) -> aws_sdk_bedrock::Client {
        self.bedrock_from(&self.sdk_config().await)
    }

    fn bedrock_from(&self, sdk: &SdkConfig) -> aws_sdk_bedrock::Client {
        let mut config =
            aws_sdk_bedrock::config::Builder::from(sdk).auth_scheme_preference(self.auth_scheme());
        if let Some(url) = &self.endpoint_url {
            config = config.endpoint_url(url);
        }
        aws_sdk_bedrock::Client::from_conf(config.build())
    }

    /// The runtime: the SDK client (`bedrock-runtime`) and the route of Anthropic's Messages API on the
    /// connection's chosen endpoint (an endpoint override serves both hosts on one address, told apart by the
    /// `Host` header and the signing name). The playground retries throttling itself, so it can show each retry, and a streamed answer may
    /// take longer than any fixed operation timeout.
    pub async fn runtime(&self) -> Runtime {
        self.runtime_with(Timeouts::default()).await
    }

    /// [`Connection::runtime`] with the given timeouts.
    pub async fn runtime_with(&self, timeouts: Timeouts) -> Runtime {
        self.runtime_from(&self.sdk_config_with(timeouts).await, timeouts)
    }

    fn runtime_from(&self, sdk: &SdkConfig, timeouts: Timeouts) -> Runtime {
        // No operation timeout here (disabled, not merely unset: an unset one is taken from the SDK configuration's):
        // a stream's head may wait for a long prompt's prefill, and its answer runs as long as the model writes.
        // The read timeout bounds the wait for the head; the runner bounds the silence between events (the SDK's
        // stalled-stream protection does not watch event streams); CountTokens sets its own operation timeout.
        let mut config = aws_sdk_bedrockruntime::config::Builder::from(sdk)
            .auth_scheme_preference(self.auth_scheme())
            .retry_config(aws_sdk_bedrockruntime::config::retry::RetryConfig::disabled())
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(timeouts.connect)
                    .read_timeout(timeouts.read)
                    .disable_operation_timeout()
                    .build(),
            );
        if let Some(url) = self.runtime_endpoint() {
            config = config.endpoint_url(url);
        }
        let auth = self.hand_signed_auth(sdk);
        let url = match self.runtime_endpoint() {
            Some(base) => format!("{}/anthropic/v1/messages", base.trim_end_matches('/')),
            None => self.messages_endpoint.messages_url(&self.region),
        };
        Runtime {
            client: aws_sdk_bedrockruntime::Client::from_conf(config.build()),
            messages: MessagesRoute {
                endpoint: self.messages_endpoint,
                url,
                region: self.region.clone(),
                auth,
                mantle_count_url: format!(
                    "{}/anthropic/v1/messages/count_tokens",
                    self.runtime_endpoint()
                        .map(|u| u.trim_end_matches('/').to_owned())
                        .unwrap_or_else(|| format!(
                            "https://{}",
                            MessagesEndpoint::Mantle.host(&self.region)
                        ))
                ),
                mantle_host: self
                    .runtime_endpoint()
                    .is_some()
                    .then(|| MessagesEndpoint::Mantle.host(&self.region)),
                // `read_timeout` restarts with every read, so it bounds silence, not a long answer; calls that
                // are not streamed add `timeouts.operation` per request.
                http: reqwest::Client::builder()
                    .connect_timeout(timeouts.connect)
                    .read_timeout(timeouts.read)
                    .build()
                    .unwrap_or_default(),
                timeouts,
            },
        }
    }

    /// Where bedrock-runtime (and the Messages API, and bedrock-mantle on an override) is reached: its own
    /// override, else the connection's.
    fn runtime_endpoint(&self) -> Option<&str> {
        self.runtime_endpoint_url
            .as_deref()
            .or(self.endpoint_url.as_deref())
    }

    /// STS, for "who am I": at the endpoint override when `at_override` (Local Bedrock answers it, and so
    /// may a proxy), else the real service.
    pub async fn sts(&self, at_override: bool) -> aws_sdk_sts::Client {
        let sdk = self.sdk_config().await;
        let mut config = aws_sdk_sts::config::Builder::from(&sdk).auth_scheme_preference(self.auth_scheme());
        if at_override && let Some(url) = &self.endpoint_url {
            config = config.endpoint_url(url);
        }
        aws_sdk_sts::Client::from_conf(config.build())
    }

    pub fn uses_bearer_token(&self) -> bool {
        matches!(self.source, CredentialSource::BearerToken(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_secrets() {
        let source = CredentialSource::StaticKeys {
            access_key_id: "AKIAIOSFODNN7EXAMPLE".into(),
            secret_access_key: Secret::new("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            session_token: Some(Secret::new("FwoGZXIvYXdzEXAMPLETOKEN")),
        };
        let debug = format!("{source:?}");
        assert!(!debug.contains("wJalrXUtnFEMI"), "{debug}");
        assert!(!debug.contains("FwoGZXIvYXdz"), "{debug}");
        let bearer = format!(
            "{:?}",
            CredentialSource::BearerToken(Secret::new("bedrock-api-key-abc"))
        );
        assert!(!bearer.contains("bedrock-api-key-abc"), "{bearer}");
    }

    fn keys() -> Connection {
        Connection {
            source: CredentialSource::StaticKeys {
                access_key_id: "AKIAIOSFODNN7EXAMPLE".into(),
                secret_access_key: Secret::new("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
                session_token: None,
            },
            region: "eu-west-1".into(),
            endpoint_url: None,
            simulated: false,
            runtime_endpoint_url: None,
            messages_endpoint: MessagesEndpoint::Runtime,
        }
    }

    #[tokio::test]
    async fn every_client_takes_the_timeouts_it_is_given() {
        let s = Duration::from_secs;
        let timeouts = Timeouts {
            connect: s(1),
            read: s(2),
            operation: s(3),
        };
        let clients = keys().clients_with(timeouts).await;
        let control = clients.bedrock.config().timeout_config().unwrap();
        assert_eq!(
            (
                control.connect_timeout(),
                control.read_timeout(),
                control.operation_timeout()
            ),
            (Some(s(1)), Some(s(2)), Some(s(3)))
        );
        // The runtime streams: no operation timeout, even though the SDK configuration has one.
        let runtime = clients.runtime.client.config().timeout_config().unwrap();
        assert_eq!(
            (
                runtime.connect_timeout(),
                runtime.read_timeout(),
                runtime.operation_timeout()
            ),
            (Some(s(1)), Some(s(2)), None)
        );
        assert_eq!(clients.runtime.messages.timeouts, timeouts);
    }

    #[tokio::test]
    async fn the_messages_route_is_aimed_at_the_chosen_endpoint() {
        let runtime = keys().runtime().await.messages;
        assert_eq!(
            runtime.url,
            "https://bedrock-runtime.eu-west-1.amazonaws.com/anthropic/v1/messages"
        );
        assert_eq!(runtime.endpoint.signing_name(), "bedrock");
        let mantle = Connection {
            messages_endpoint: MessagesEndpoint::Mantle,
            ..keys()
        }
        .runtime()
        .await
        .messages;
        assert_eq!(
            mantle.url,
            "https://bedrock-mantle.eu-west-1.api.aws/anthropic/v1/messages"
        );
        assert_eq!(mantle.endpoint.signing_name(), "bedrock-mantle");
        assert_eq!(mantle.mantle_host, None, "the real host needs no Host header");
        let overridden = Connection {
            messages_endpoint: MessagesEndpoint::Mantle,
            endpoint_url: Some("http://127.0.0.1:4000/".into()),
            ..keys()
        }
        .runtime()
        .await
        .messages;
        assert_eq!(overridden.url, "http://127.0.0.1:4000/anthropic/v1/messages");
        assert_eq!(
            overridden.mantle_host.as_deref(),
            Some("bedrock-mantle.eu-west-1.api.aws")
        );
    }
}
