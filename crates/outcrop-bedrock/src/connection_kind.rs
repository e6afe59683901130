//! What the error classification needs to know of a connection — how it gets its credentials, its Region, its
//! endpoint — and nothing else, so errors and saved connections each depend on this, not on each other.

/// How a connection gets its credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectionKind {
    AwsProfile,
    AccessKeys,
    ApiKey,
    LocalBedrock,
}

/// The connection a failed call used, as [`crate::OutcropError::for_connection`] reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionTarget<'a> {
    pub kind: ConnectionKind,
    pub region: &'a str,
    pub endpoint_url: Option<&'a str>,
    /// The Region that issued the connection's short-term Bedrock API key, the only one it works in.
    pub api_key_region: Option<&'a str>,
}
