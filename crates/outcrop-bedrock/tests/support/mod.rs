//! What the tests and benchmarks against bedrock-local share: a connection to a server with AWS's example keys.

use outcrop_bedrock::{Connection, CredentialSource};

/// A connection to the bedrock-local at `url` in `region`, signing with AWS's documented example keys.
pub fn example_keys_to(url: String, region: &str) -> Connection {
    Connection {
        source: CredentialSource::StaticKeys {
            access_key_id: "AKIAIOSFODNN7EXAMPLE".into(),
            secret_access_key: outcrop_core::Secret::new("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            session_token: None,
        },
        region: region.into(),
        endpoint_url: Some(url),
        simulated: false,
        runtime_endpoint_url: None,
        messages_endpoint: outcrop_core::MessagesEndpoint::Runtime,
    }
}
