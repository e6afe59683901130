//! Which host names a server answers to. A server on loopback is reachable from every web page the machine
//! opens: a page cannot read a cross-origin answer, but with DNS rebinding (its own name re-pointed at
//! 127.0.0.1) it can — and its requests then name its own host. Refusing every `Host` but the server's own
//! address closes that door; the embedded server turns it on (`Config::own_host_only`).
//!
//! bedrock-mantle is told apart from bedrock-runtime on an endpoint override by the `Host` the client names
//! (`bedrock-mantle.<region>.api.aws`, see `endpoint`), so that name passes too — but only on a request whose
//! SigV4 signature, which covers the `Host` header, verifies (`auth::check` decides). The mantle choice stays in
//! `Host` rather than moving to a header of bedrock-local's own: a client sends to the override exactly what it
//! would send to AWS (the real host's name, signed), so what works here works against the real endpoint.

use std::net::SocketAddr;

use axum::http::{HeaderMap, Uri};

/// The names a server with `own_host_only` answers to.
#[derive(Debug, Clone)]
pub struct OwnHost {
    /// `127.0.0.1:4599`: the address the server is bound to, as a client connecting to its URL names it.
    own: String,
    /// `bedrock-mantle.us-east-1.api.aws`: accepted only on a request whose signature verifies.
    mantle: String,
}

/// What a request's `Host` (and HTTP/2 `:authority`) names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Addressed {
    Own,
    Mantle,
    /// Any other name (or none): the first one that is not the server's.
    Foreign(String),
}

impl OwnHost {
    /// `localhost:<port>` is not among the names: the only client of a server with this check is the
    /// application that started it, which connects to the URL it was given (`http://127.0.0.1:<port>`). A name
    /// no client uses is one more to reason about, and `localhost` is the one name a resolver may be
    /// configured to send elsewhere.
    pub fn new(addr: SocketAddr, region: &str) -> Self {
        Self {
            own: addr.to_string(),
            mantle: format!("bedrock-mantle.{region}.api.aws"),
        }
    }

    /// The server's own name, for the refusal's message.
    pub fn own(&self) -> &str {
        &self.own
    }

    /// bedrock-mantle's name in the server's Region.
    pub fn mantle(&self) -> &str {
        &self.mantle
    }

    /// What the request names: every `Host` header and the URI's authority (HTTP/2's `:authority`, or an
    /// absolute-form HTTP/1.1 target) must agree; a request naming nothing is foreign.
    pub fn judge(&self, uri: &Uri, headers: &HeaderMap) -> Addressed {
        let mut names: Vec<String> = headers
            .get_all("host")
            .iter()
            .map(|value| {
                value
                    .to_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|_| "(not text)".to_owned())
            })
            .collect();
        if let Some(authority) = uri.authority() {
            names.push(authority.as_str().to_owned());
        }
        let Some(first) = names.first() else {
            return Addressed::Foreign("(none)".to_owned());
        };
        let all = |wanted: &str| names.iter().all(|name| name.eq_ignore_ascii_case(wanted));
        if all(&self.own) {
            Addressed::Own
        } else if all(&self.mantle) {
            Addressed::Mantle
        } else {
            let foreign = names
                .iter()
                .find(|name| !name.eq_ignore_ascii_case(&self.own))
                .unwrap_or(first);
            Addressed::Foreign(foreign.clone())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(values: &[&str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for value in values {
            map.append("host", value.parse().unwrap());
        }
        map
    }

    #[test]
    fn only_its_own_address_and_the_mantle_host() {
        let rule = OwnHost::new("127.0.0.1:4599".parse().unwrap(), "us-east-1");
        let path: Uri = "/model/x/converse".parse().unwrap();
        assert_eq!(rule.judge(&path, &host(&["127.0.0.1:4599"])), Addressed::Own);
        assert_eq!(
            rule.judge(&path, &host(&["bedrock-mantle.us-east-1.api.aws"])),
            Addressed::Mantle
        );
        for foreign in [
            "evil.example",
            "evil.example:4599",
            "localhost:4599",
            "127.0.0.1",
            "127.0.0.1:4600",
            "bedrock-mantle.eu-west-1.api.aws",
        ] {
            assert_eq!(
                rule.judge(&path, &host(&[foreign])),
                Addressed::Foreign(foreign.to_owned())
            );
        }
        assert_eq!(
            rule.judge(&path, &host(&["127.0.0.1:4599", "evil.example"])),
            Addressed::Foreign("evil.example".to_owned())
        );
        assert_eq!(
            rule.judge(&path, &HeaderMap::new()),
            Addressed::Foreign("(none)".to_owned())
        );
        // HTTP/2: `:authority` is the URI's authority.
        let h2: Uri = "http://evil.example/model/x/converse".parse().unwrap();
        assert_eq!(
            rule.judge(&h2, &HeaderMap::new()),
            Addressed::Foreign("evil.example".to_owned())
        );
        let own_h2: Uri = "http://127.0.0.1:4599/model/x/converse".parse().unwrap();
        assert_eq!(rule.judge(&own_h2, &HeaderMap::new()), Addressed::Own);
        assert_eq!(
            rule.judge(&own_h2, &host(&["evil.example"])),
            Addressed::Foreign("evil.example".to_owned())
        );
    }
}
