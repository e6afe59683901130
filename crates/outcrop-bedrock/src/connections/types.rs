//! The saved connections as the UI sees them, and what a person types to add one.

use outcrop_core::{MessagesEndpoint, Secret};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::connection_kind::{ConnectionKind, ConnectionTarget};

/// How a saved connection gets its credentials. Only non-secret facts: the keychain holds the secrets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum SavedSource {
    AwsProfile {
        profile: String,
    },
    /// Access keys in the keychain; the ID is kept masked (`AKIA…WXYZ`) for display.
    AccessKeys {
        access_key_id_masked: String,
        temporary: bool,
    },
    /// A Bedrock API key in the keychain; when it expires, if the key says (seconds since the epoch). A
    /// short-term key works only in the Region that issued it, `key_region`; a long-term key (`ABSK…`) names no
    /// Region. Connections saved before Outcrop kept these read as an unknown Region and not long-term.
    ApiKey {
        #[ts(type = "number | null")]
        expires_at: Option<u64>,
        #[serde(default)]
        #[ts(type = "string | null")]
        key_region: Option<String>,
        #[serde(default)]
        long_term: bool,
    },
    /// The local Bedrock inside Outcrop: simulated, offline.
    LocalBedrock,
}

/// Where the app's own Local Bedrock listens, and the key it was started with: made at random for this run of
/// the app, it is what a Local Bedrock connection signs with, and the only key that server accepts. It stays in
/// Rust: not serialisable, and its secret prints redacted.
#[derive(Debug, Clone)]
pub struct LocalEndpoint {
    /// `http://127.0.0.1:<port>`: the server answers only requests addressed to this address.
    pub url: String,
    pub access_key_id: String,
    pub secret_access_key: Secret,
}

/// A connection as saved and as the UI sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SavedConnection {
    pub id: String,
    pub name: String,
    pub source: SavedSource,
    pub region: String,
    /// The endpoint override for the control plane (`bedrock`), and for bedrock-runtime too unless
    /// `runtime_endpoint_url` names its own.
    pub endpoint_url: Option<String>,
    /// bedrock-runtime's own endpoint override (VPC interface endpoints differ per service); connections saved
    /// before it existed have none.
    #[serde(default)]
    pub runtime_endpoint_url: Option<String>,
    /// Where the playground sends Anthropic's Messages API; connections saved before the choice existed send
    /// it to bedrock-runtime.
    #[serde(default)]
    pub messages_endpoint: MessagesEndpoint,
}

impl SavedConnection {
    pub fn simulated(&self) -> bool {
        self.source == SavedSource::LocalBedrock
    }
}

impl<'a> From<&'a SavedConnection> for ConnectionTarget<'a> {
    fn from(saved: &'a SavedConnection) -> Self {
        Self {
            kind: match saved.source {
                SavedSource::AwsProfile { .. } => ConnectionKind::AwsProfile,
                SavedSource::AccessKeys { .. } => ConnectionKind::AccessKeys,
                SavedSource::ApiKey { .. } => ConnectionKind::ApiKey,
                SavedSource::LocalBedrock => ConnectionKind::LocalBedrock,
            },
            region: &saved.region,
            endpoint_url: saved.endpoint_url.as_deref(),
            api_key_region: match &saved.source {
                SavedSource::ApiKey { key_region, .. } => key_region.as_deref(),
                _ => None,
            },
        }
    }
}

/// What a person typed to add a connection. Secrets arrive here once and go straight to the keychain.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum NewSource {
    AwsProfile {
        profile: String,
    },
    AccessKeys {
        access_key_id: String,
        #[ts(type = "string")]
        secret_access_key: Secret,
        #[ts(type = "string | null")]
        session_token: Option<Secret>,
    },
    ApiKey {
        #[ts(type = "string")]
        api_key: Secret,
    },
    LocalBedrock,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewConnection {
    pub name: String,
    pub region: String,
    pub endpoint_url: Option<String>,
    /// bedrock-runtime's own endpoint, when it differs from `endpoint_url`.
    #[serde(default)]
    #[ts(optional)]
    pub runtime_endpoint_url: Option<String>,
    pub source: NewSource,
    /// Where the Messages API goes; bedrock-runtime when the form does not say.
    #[serde(default)]
    #[ts(optional)]
    pub messages_endpoint: Option<MessagesEndpoint>,
}

/// Everything the Connections page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionsOverview {
    pub connections: Vec<SavedConnection>,
    pub active_id: Option<String>,
    /// True until the person has chosen how to connect on first run.
    pub show_welcome: bool,
    /// Set when `connections.json` could not be read and was kept aside.
    pub notice: Option<String>,
    /// The API-key variables set in Outcrop's environment (`AWS_BEARER_TOKEN_BEDROCK`, `AWS_BEARER_TOKEN`): named
    /// (never their values) so the page can say they are present and that connections ignore them.
    #[serde(default)]
    pub api_key_variables: Vec<String>,
}

/// The environment variables an AWS SDK reads a Bedrock API key from.
pub const API_KEY_VARIABLES: [&str; 2] = ["AWS_BEARER_TOKEN_BEDROCK", "AWS_BEARER_TOKEN"];

/// The result of a successful connection test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionReport {
    pub region: String,
    /// The caller's ARN from STS, when it could be asked (API keys cannot call STS).
    pub identity: Option<String>,
    pub account: Option<String>,
    pub foundation_models: u32,
    pub simulated: bool,
    #[ts(type = "number")]
    pub latency_ms: u64,
}
