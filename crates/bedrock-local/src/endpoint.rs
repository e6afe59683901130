//! Which AWS endpoint a request on the shared port is meant for. bedrock-runtime and bedrock-mantle both serve
//! Anthropic's Messages API at `/anthropic/v1/messages`, so the path cannot tell them apart; what the client
//! already sends can: the SigV4 signing name (`bedrock-mantle`), or — for an API key, which is not signed — the
//! `Host` the client addressed (`bedrock-mantle.<region>.api.aws`, as the real endpoint is named).

use axum::http::{HeaderMap, Uri};

/// The path prefix of Anthropic's Messages API on both endpoints.
pub const ANTHROPIC_PREFIX: &str = "/anthropic/";

/// An endpoint served on the shared port.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// `bedrock` and `bedrock-runtime` (SigV4 signing name `bedrock`).
    Runtime,
    /// `bedrock-mantle.<region>.api.aws` (SigV4 signing name `bedrock-mantle`).
    Mantle,
}

/// The service name in a SigV4 `Authorization` header's credential scope (`AKID/date/region/service/aws4_request`).
pub fn signing_service(headers: &HeaderMap) -> Option<&str> {
    let authorization = headers.get("authorization")?.to_str().ok()?;
    let fields = authorization.strip_prefix("AWS4-HMAC-SHA256")?;
    let credential = fields
        .split(',')
        .map(str::trim)
        .find_map(|field| field.strip_prefix("Credential="))?;
    credential.split('/').nth(3)
}

impl Endpoint {
    /// The endpoint a request is for: bedrock-mantle when it is signed for `bedrock-mantle` or addressed to a
    /// `bedrock-mantle.` host (the `Host` header, or the URI's authority over HTTP/2); bedrock-runtime otherwise.
    pub fn of(uri: &Uri, headers: &HeaderMap) -> Self {
        let host = headers
            .get("host")
            .and_then(|v| v.to_str().ok())
            .or_else(|| uri.host());
        let mantle_host = host.is_some_and(|host| host.starts_with("bedrock-mantle."));
        if signing_service(headers) == Some("bedrock-mantle") || mantle_host {
            Self::Mantle
        } else {
            Self::Runtime
        }
    }

    /// Whether errors for this request go in Anthropic's envelope before its handler runs (authentication):
    /// bedrock-mantle answers everything in it; bedrock-runtime's front door answers in AWS's.
    pub fn anthropic_envelope_at_the_door(uri: &Uri, headers: &HeaderMap) -> bool {
        uri.path().starts_with(ANTHROPIC_PREFIX) && Self::of(uri, headers) == Self::Mantle
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn by_signing_name_or_host() {
        let uri: Uri = "/anthropic/v1/messages".parse().unwrap();
        let signed = |service: &str| {
            headers(&[(
                "authorization",
                &format!(
                    "AWS4-HMAC-SHA256 Credential=AKID/20261201/us-east-1/{service}/aws4_request, SignedHeaders=host, Signature=00"
                ),
            )])
        };
        assert_eq!(Endpoint::of(&uri, &signed("bedrock-mantle")), Endpoint::Mantle);
        assert_eq!(Endpoint::of(&uri, &signed("bedrock")), Endpoint::Runtime);
        assert_eq!(signing_service(&signed("bedrock")), Some("bedrock"));
        assert_eq!(
            Endpoint::of(&uri, &headers(&[("host", "bedrock-mantle.us-east-1.api.aws")])),
            Endpoint::Mantle
        );
        assert_eq!(
            Endpoint::of(&uri, &headers(&[("host", "127.0.0.1:4599")])),
            Endpoint::Runtime
        );
        let h2: Uri = "http://bedrock-mantle.us-east-1.api.aws/anthropic/v1/messages"
            .parse()
            .unwrap();
        assert_eq!(Endpoint::of(&h2, &HeaderMap::new()), Endpoint::Mantle);
    }
}
