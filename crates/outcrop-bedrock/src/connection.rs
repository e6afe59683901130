//! From a connection (credential source + Region + optional endpoint) to an SDK configuration.

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;

/// Where credentials come from. Secrets never appear in `Debug` output.
#[derive(Clone)]
#[non_exhaustive]
pub enum CredentialSource {
    /// aws-config's standard chain: environment, `~/.aws/config` default profile, SSO, IMDS, …
    DefaultChain,
    /// A named profile from `~/.aws/config` / `~/.aws/credentials`.
    Profile(String),
    /// Keys held in memory (read from the keychain by the caller).
    StaticKeys {
        access_key_id: String,
        secret_access_key: String,
        session_token: Option<String>,
    },
}

impl std::fmt::Debug for CredentialSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::DefaultChain => f.write_str("DefaultChain"),
            Self::Profile(name) => f.debug_tuple("Profile").field(name).finish(),
            Self::StaticKeys {
                access_key_id,
                session_token,
                ..
            } => f
                .debug_struct("StaticKeys")
                .field("access_key_id", &mask_key_id(access_key_id))
                .field("secret_access_key", &"<redacted>")
                .field("session_token", &session_token.as_ref().map(|_| "<redacted>"))
                .finish(),
        }
    }
}

/// `AKIAIOSFODNN7EXAMPLE` → `AKIA…MPLE`: enough to recognise a key, not enough to use it.
pub fn mask_key_id(key_id: &str) -> String {
    let chars: Vec<char> = key_id.chars().collect();
    if chars.len() <= 8 {
        return "…".to_owned();
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}…{tail}")
}

/// A source, a Region and, for Local Bedrock or a VPC endpoint, an endpoint URL.
#[derive(Debug, Clone)]
pub struct Connection {
    pub source: CredentialSource,
    pub region: String,
    pub endpoint_url: Option<String>,
}

impl Connection {
    /// Builds the SDK configuration. Credentials are resolved lazily by the SDK on first use, and refreshed by it.
    pub async fn sdk_config(&self) -> SdkConfig {
        let mut loader =
            aws_config::defaults(BehaviorVersion::latest()).region(Region::new(self.region.clone()));
        if let Some(url) = &self.endpoint_url {
            loader = loader.endpoint_url(url);
        }
        loader = match &self.source {
            CredentialSource::DefaultChain => loader,
            CredentialSource::Profile(name) => loader.profile_name(name),
            CredentialSource::StaticKeys {
                access_key_id,
                secret_access_key,
                session_token,
            } => loader.credentials_provider(Credentials::new(
                access_key_id,
                secret_access_key,
                session_token.clone(),
                None,
                "outcrop-keychain",
            )),
        };
        loader.load().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_secrets() {
        let source = CredentialSource::StaticKeys {
            access_key_id: "AKIAIOSFODNN7EXAMPLE".into(),
            secret_access_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".into(),
            session_token: Some("FwoGZXIvYXdzEXAMPLETOKEN".into()),
        };
        let debug = format!("{source:?}");
        assert!(debug.contains("AKIA…MPLE"), "{debug}");
        assert!(!debug.contains("wJalrXUtnFEMI"), "{debug}");
        assert!(!debug.contains("FwoGZXIvYXdz"), "{debug}");
        assert!(!debug.contains("AKIAIOSFODNN7EXAMPLE"), "{debug}");
    }

    #[test]
    fn short_key_ids_are_fully_masked() {
        assert_eq!(mask_key_id("AKIA1234"), "…");
        assert_eq!(mask_key_id("ASIAXXXXXXXXWXYZ"), "ASIA…WXYZ");
    }
}
