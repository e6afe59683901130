//! What a person types to set up a connection, checked before anything is stored or sent: each rule has a
//! message that names the field and says what to do.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use crate::field_rule::Rule;

/// A rule a field breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldError {
    /// The field, as the form names it (`region`, `accessKeyId`, …).
    pub field: String,
    /// The rule broken, as a code with its parameters: what the UI words in the person's language.
    pub rule: Rule,
    /// The rule in English, for logs and for a UI that does not know the code.
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, rule: Rule, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            rule,
            message: message.into(),
        }
    }
}

fn error(field: &str, rule: Rule, message: impl Into<String>) -> FieldError {
    FieldError::new(field, rule, message)
}

/// Regions where Amazon Bedrock runs (AWS Regional Services list, November 2026). A Region outside the list
/// is still accepted — AWS adds Regions — but the form says it is not known to have Bedrock.
pub const BEDROCK_REGIONS: &[&str] = &[
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ca-central-1",
    "ca-west-1",
    "sa-east-1",
    "mx-central-1",
    "eu-central-1",
    "eu-central-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-7",
    "ap-east-2",
    "me-central-1",
    "me-south-1",
    "il-central-1",
    "af-south-1",
    "us-gov-west-1",
    "us-gov-east-1",
];

pub fn is_known_bedrock_region(region: &str) -> bool {
    BEDROCK_REGIONS.contains(&region)
}

/// `us-east-1`, `us-gov-west-1`, `ap-southeast-4`: letters, dashes, a number at the end.
pub fn check_region(region: &str) -> Option<FieldError> {
    let parts: Vec<&str> = region.split('-').collect();
    let well_formed = parts.len() >= 3
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts
            .last()
            .is_some_and(|n| (1..=2).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()));
    (!well_formed).then(|| {
        error(
            "region",
            Rule::RegionFormat {
                region: region.to_owned(),
            },
            format!("“{region}” is not a Region code; write it like us-east-1 or eu-central-1"),
        )
    })
}

pub fn check_name(name: &str) -> Option<FieldError> {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        Some(error(
            "name",
            Rule::ConnectionNameEmpty,
            "Give the connection a name, such as “Work account” or “Sandbox”",
        ))
    } else if trimmed.chars().count() > 64 {
        Some(error(
            "name",
            Rule::ConnectionNameTooLong { max: 64 },
            "A connection name has at most 64 characters",
        ))
    } else {
        None
    }
}

/// True for this machine: `localhost`, 127.0.0.0/8 and `::1`.
fn is_loopback(host: &url::Host<&str>) -> bool {
    match host {
        url::Host::Domain(name) => name.eq_ignore_ascii_case("localhost"),
        url::Host::Ipv4(ip) => ip.is_loopback(),
        url::Host::Ipv6(ip) => ip.is_loopback(),
    }
}

/// Whether an endpoint override points at this machine (a local emulator or a test server).
pub fn is_loopback_url(url: &str) -> bool {
    url::Url::parse(url)
        .ok()
        .and_then(|parsed| parsed.host().map(|host| is_loopback(&host)))
        .unwrap_or(false)
}

/// An endpoint override: an `https://` URL with a host (plain `http://` only to this machine, where Local
/// Bedrock and test servers listen), and no user name or password before the host — in
/// `https://bedrock-runtime.us-east-1.amazonaws.com@evil.example/` the host is `evil.example`.
pub fn check_endpoint_url(url: &str) -> Option<FieldError> {
    const FIELD: &str = "endpointUrl";
    if url.chars().any(char::is_whitespace) {
        return Some(error(
            FIELD,
            Rule::EndpointUrlSpaces,
            "The endpoint URL contains spaces",
        ));
    }
    let scheme = || {
        error(
            FIELD,
            Rule::EndpointUrlScheme,
            "The endpoint URL starts with https:// (or http:// for a local endpoint)",
        )
    };
    let no_host = || {
        error(
            FIELD,
            Rule::EndpointUrlNoHost,
            "The endpoint URL has no host after https://",
        )
    };
    let parsed = match url::Url::parse(url) {
        Ok(parsed) => parsed,
        Err(url::ParseError::EmptyHost) => return Some(no_host()),
        Err(_) => return Some(scheme()),
    };
    if !matches!(parsed.scheme(), "https" | "http") {
        return Some(scheme());
    }
    let Some(host) = parsed.host() else {
        return Some(no_host());
    };
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Some(error(
            FIELD,
            Rule::EndpointUrlUserInfo,
            "The endpoint URL has a user name or password before the host (user@host): remove it; Outcrop signs requests itself",
        ));
    }
    if parsed.scheme() == "http" && !is_loopback(&host) {
        let host = host.to_string();
        return Some(FieldError::new(
            FIELD,
            Rule::EndpointUrlPlainHttp { host: host.clone() },
            format!(
                "The endpoint URL uses plain http:// for {host}, which is not this machine: use https:// (http:// is only for a local endpoint such as 127.0.0.1)"
            ),
        ));
    }
    None
}

/// Access keys as IAM issues them: `AKIA…` (long-term) or `ASIA…` (temporary, with a session token).
pub fn check_access_keys(
    access_key_id: &str,
    secret_access_key: &str,
    session_token: Option<&str>,
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let id = access_key_id.trim();
    if id.is_empty() {
        errors.push(error(
            "accessKeyId",
            Rule::AccessKeyIdEmpty,
            "Enter the access key ID (it starts with AKIA or ASIA)",
        ));
    } else if !(16..=128).contains(&id.len())
        || !id.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
        errors.push(error(
            "accessKeyId",
            Rule::AccessKeyIdFormat,
            "An access key ID has only capital letters and digits, usually 20 of them, starting with AKIA or ASIA",
        ));
    }
    let secret = secret_access_key.trim();
    if secret.is_empty() {
        errors.push(error(
            "secretAccessKey",
            Rule::SecretAccessKeyEmpty,
            "Enter the secret access key shown when the key was created",
        ));
    } else if secret.len() < 16 || secret.chars().any(char::is_whitespace) {
        errors.push(error(
            "secretAccessKey",
            Rule::SecretAccessKeyFormat,
            "A secret access key is about 40 characters with no spaces",
        ));
    }
    let token = session_token.map(str::trim).filter(|t| !t.is_empty());
    if id.starts_with("ASIA") && token.is_none() {
        errors.push(error(
            "sessionToken",
            Rule::SessionTokenNeeded,
            "Keys starting with ASIA are temporary and need their session token; paste it too",
        ));
    }
    if token.is_some_and(|t| t.chars().any(char::is_whitespace)) {
        errors.push(error(
            "sessionToken",
            Rule::SessionTokenSpaces,
            "The session token contains spaces; paste it again as one line",
        ));
    }
    errors
}

/// Bedrock API keys: short-term `bedrock-api-key-…` or long-term `ABSK…`.
pub fn check_api_key(api_key: &str) -> Option<FieldError> {
    let key = api_key.trim();
    if key.is_empty() {
        Some(error("apiKey", Rule::ApiKeyEmpty, "Paste the Bedrock API key"))
    } else if key.chars().any(char::is_whitespace) {
        Some(error(
            "apiKey",
            Rule::ApiKeySpaces,
            "The API key contains spaces; paste it again as one line",
        ))
    } else if !(key.starts_with("bedrock-api-key-") || key.starts_with("ABSK")) {
        Some(error(
            "apiKey",
            Rule::ApiKeyPrefix,
            "A Bedrock API key starts with bedrock-api-key- (short-term) or ABSK (long-term)",
        ))
    } else {
        None
    }
}

/// The query parameter `name` of a short-term Bedrock API key, which is `bedrock-api-key-` and a
/// base64-encoded presigned URL. `None` for a long-term key (`ABSK…`) or a key that does not decode.
fn api_key_param(api_key: &str, name: &str) -> Option<String> {
    let encoded = api_key.trim().strip_prefix("bedrock-api-key-")?;
    let url = String::from_utf8(decode_base64(encoded)?).ok()?;
    let query = url.split_once('?').map_or(url.as_str(), |(_, q)| q);
    query
        .split('&')
        .find_map(|p| p.strip_prefix(name).and_then(|v| v.strip_prefix('=')))
        .map(str::to_owned)
}

/// The longest a presigned SigV4 URL — which a short-term API key is — may live: seven days (AWS's limit on
/// `X-Amz-Expires`).
const MAX_PRESIGNED_SECONDS: u64 = 7 * 24 * 3600;

/// When a short-term Bedrock API key expires, in seconds since the Unix epoch: its `X-Amz-Date` and
/// `X-Amz-Expires` say when. Long-term keys carry no expiry, and neither does a key whose figures no real key
/// has (an expiry past seven days).
pub fn api_key_expiry(api_key: &str) -> Option<u64> {
    let date = api_key_param(api_key, "X-Amz-Date")?;
    let expires: u64 = api_key_param(api_key, "X-Amz-Expires")?.parse().ok()?;
    if expires > MAX_PRESIGNED_SECONDS {
        return None;
    }
    parse_amz_date(&date)?.checked_add(expires)
}

/// The Region that issued a short-term Bedrock API key, the only Region it works in (AWS: it "can be used only
/// in the AWS Region from which you generated it"). Read from the scope of its `X-Amz-Credential`,
/// `<key ID>/<date>/<Region>/bedrock/aws4_request` (URL-encoded). Long-term keys (`ABSK…`) name no Region.
pub fn api_key_region(api_key: &str) -> Option<String> {
    let credential = api_key_param(api_key, "X-Amz-Credential")?;
    let decoded = credential.replace("%2F", "/").replace("%2f", "/");
    let mut scope = decoded.split('/');
    let region = scope.nth(2)?;
    let well_formed = scope.next() == Some("bedrock") && check_region(region).is_none();
    well_formed.then(|| region.to_owned())
}

/// A short-term API key issued in another Region than the connection's: it would be refused there.
pub fn check_api_key_region(api_key: &str, region: &str) -> Option<FieldError> {
    let key_region = api_key_region(api_key)?;
    let region = region.trim();
    (check_region(region).is_none() && key_region != region).then(|| {
        error(
            "region",
            Rule::ApiKeyRegion {
                key_region: key_region.clone(),
                region: region.to_owned(),
            },
            format!(
                "This API key was issued in {key_region} and works only there: set the Region to {key_region}, or create a key in {region}"
            ),
        )
    })
}

/// `20250708T120000Z` → seconds since the Unix epoch.
fn parse_amz_date(date: &str) -> Option<u64> {
    if date.len() != 16 || date.as_bytes()[8] != b'T' || !date.ends_with('Z') {
        return None;
    }
    let num = |range: std::ops::Range<usize>| date.get(range)?.parse::<i64>().ok();
    let (y, m, d) = (num(0..4)?, num(4..6)?, num(6..8)?);
    let (hh, mm, ss) = (num(9..11)?, num(11..13)?, num(13..15)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    // Days from civil (Howard Hinnant).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    u64::try_from(days * 86_400 + hh * 3600 + mm * 60 + ss).ok()
}

fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for byte in text.bytes().filter(|b| *b != b'=') {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(bytes: &[u8]) -> String {
        const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n = chunk.iter().fold(0u32, |a, b| (a << 8) | u32::from(*b)) << (8 * (3 - chunk.len()));
            for i in 0..=chunk.len() {
                out.push(char::from(T[((n >> (18 - 6 * i)) & 63) as usize]));
            }
            out.push_str(&"=".repeat(3 - chunk.len()));
        }
        out
    }

    #[test]
    fn regions() {
        for ok in ["us-east-1", "us-gov-west-1", "ap-southeast-4", "eu-central-2"] {
            assert_eq!(check_region(ok), None, "{ok}");
        }
        for bad in ["", "us-east", "US-EAST-1", "useast1", "us-east-123", "us--1"] {
            assert!(check_region(bad).is_some(), "{bad}");
        }
        assert!(is_known_bedrock_region("eu-west-1"));
        assert!(!is_known_bedrock_region("xx-nowhere-9"));
    }

    #[test]
    fn access_keys() {
        assert!(
            check_access_keys(
                "AKIAIOSFODNN7EXAMPLE",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                None
            )
            .is_empty()
        );
        let temporary = check_access_keys(
            "ASIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            None,
        );
        assert_eq!(temporary.len(), 1);
        assert_eq!(temporary[0].field, "sessionToken");
        assert_eq!(temporary[0].rule, Rule::SessionTokenNeeded);
        let bad = check_access_keys("akia lower", "short", Some("tok en"));
        let fields: Vec<&str> = bad.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["accessKeyId", "secretAccessKey", "sessionToken"]);
    }

    #[test]
    fn a_loopback_url_is_this_machine_only() {
        assert!(is_loopback_url("http://127.0.0.1:4566/"));
        assert!(is_loopback_url("http://localhost:8080"));
        assert!(is_loopback_url("http://[::1]:9000"));
        assert!(!is_loopback_url(
            "https://vpce-0a1b.bedrock.us-east-1.vpce.amazonaws.com"
        ));
        assert!(!is_loopback_url("not a url"));
    }

    #[test]
    fn an_endpoint_override_is_https_except_on_loopback_and_names_no_user() {
        let rule = |url: &str| check_endpoint_url(url).map(|e| e.rule);
        for fine in [
            "https://bedrock-runtime.us-east-1.amazonaws.com",
            "https://vpce-0abc-runtime.bedrock-runtime.us-east-1.vpce.amazonaws.com/",
            "http://127.0.0.1:4599",
            "http://127.8.9.10:80",
            "http://localhost:4599",
            "http://[::1]:4599/",
        ] {
            assert_eq!(rule(fine), None, "{fine}");
        }
        for plain in [
            "http://bedrock-runtime.us-east-1.amazonaws.com",
            "http://10.0.0.5:4599",
            "http://localhost.evil.example",
            "http://127.0.0.1.evil.example",
        ] {
            assert!(
                matches!(rule(plain), Some(Rule::EndpointUrlPlainHttp { .. })),
                "{plain}: {:?}",
                rule(plain)
            );
        }
        for user in [
            "https://bedrock-runtime.us-east-1.amazonaws.com@evil.example/",
            "https://user:pass@bedrock.example.com",
            "http://me@127.0.0.1:4599",
        ] {
            assert_eq!(rule(user), Some(Rule::EndpointUrlUserInfo), "{user}");
        }
        assert_eq!(rule("ftp://bedrock.example.com"), Some(Rule::EndpointUrlScheme));
        assert_eq!(rule("https://exa mple.com"), Some(Rule::EndpointUrlSpaces));
        assert_eq!(
            check_endpoint_url("http://10.0.0.5:4599").unwrap().message,
            "The endpoint URL uses plain http:// for 10.0.0.5, which is not this machine: use https:// (http:// is only for a local endpoint such as 127.0.0.1)"
        );
    }

    #[test]
    fn names_urls_and_api_keys() {
        assert!(check_name("  ").is_some());
        assert!(check_name(&"x".repeat(65)).is_some());
        assert_eq!(check_name("Sandbox"), None);
        assert_eq!(check_endpoint_url("http://127.0.0.1:4599"), None);
        assert_eq!(check_endpoint_url("https://bedrock.vpce.example.com/"), None);
        assert!(
            check_endpoint_url("127.0.0.1:4599")
                .unwrap()
                .message
                .contains("https://")
        );
        assert_eq!(
            check_endpoint_url("https://").map(|e| e.rule),
            Some(Rule::EndpointUrlNoHost)
        );
        assert_eq!(
            check_region("useast1").map(|e| e.rule),
            Some(Rule::RegionFormat {
                region: "useast1".into()
            })
        );
        assert_eq!(check_api_key("ABSKQmVkcm9ja0FQSUtleQ=="), None);
        assert!(
            check_api_key("sk-ant-123")
                .unwrap()
                .message
                .contains("bedrock-api-key-")
        );
    }

    #[test]
    fn short_term_api_key_expiry_is_read_from_the_key() {
        let url = "bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Algorithm=AWS4-HMAC-SHA256\
                   &X-Amz-Credential=ASIAEXAMPLE%2F20250708%2Fus-east-1%2Fbedrock%2Faws4_request\
                   &X-Amz-Date=20250708T120000Z&X-Amz-Expires=43200&X-Amz-SignedHeaders=host&Version=1";
        let key = format!("bedrock-api-key-{}", encode(url.as_bytes()));
        // 2025-07-08T12:00:00Z is 1751976000; twelve hours later:
        assert_eq!(api_key_expiry(&key), Some(1_751_976_000 + 43_200));
        assert_eq!(api_key_expiry("ABSKQmVkcm9ja0FQSUtleQ=="), None);
        assert_eq!(api_key_expiry("bedrock-api-key-!!!"), None);
        // Crafted figures: an expiry that would overflow, and a year no date has.
        for (date, expires) in [
            ("20250708T120000Z", "18446744073709551615"),
            ("20250708T120000Z", "604801"),
            ("99999999T999999Z", "43200"),
        ] {
            let url = format!(
                "bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Date={date}&X-Amz-Expires={expires}"
            );
            let key = format!("bedrock-api-key-{}", encode(url.as_bytes()));
            assert_eq!(api_key_expiry(&key), None, "{date} {expires}");
        }
    }

    fn short_term_key(region: &str) -> String {
        let url = format!(
            "bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Algorithm=AWS4-HMAC-SHA256\
             &X-Amz-Credential=ASIAEXAMPLE%2F20250708%2F{region}%2Fbedrock%2Faws4_request\
             &X-Amz-Date=20250708T120000Z&X-Amz-Expires=43200&X-Amz-SignedHeaders=host&Version=1"
        );
        format!("bedrock-api-key-{}", encode(url.as_bytes()))
    }

    #[test]
    fn short_term_api_key_region_is_read_from_its_credential_scope() {
        assert_eq!(
            api_key_region(&short_term_key("us-west-2")).as_deref(),
            Some("us-west-2")
        );
        assert_eq!(
            api_key_region(&format!("  {}  ", short_term_key("ap-northeast-1"))).as_deref(),
            Some("ap-northeast-1")
        );
        // Long-term keys name no Region; nor does a key that does not decode.
        assert_eq!(api_key_region("ABSKQmVkcm9ja0FQSUtleQ=="), None);
        assert_eq!(api_key_region("bedrock-api-key-!!!"), None);
        // A scope that is not Bedrock's, or no Region where one should be, is not guessed at.
        let url = "x/?X-Amz-Credential=ASIAEXAMPLE%2F20250708%2Fus-east-1%2Fs3%2Faws4_request";
        assert_eq!(
            api_key_region(&format!("bedrock-api-key-{}", encode(url.as_bytes()))),
            None
        );
    }

    #[test]
    fn a_short_term_key_in_another_region_breaks_the_region_rule() {
        let key = short_term_key("us-west-2");
        let error = check_api_key_region(&key, "us-east-1").unwrap();
        assert_eq!(error.field, "region");
        assert_eq!(
            error.rule,
            Rule::ApiKeyRegion {
                key_region: "us-west-2".into(),
                region: "us-east-1".into()
            }
        );
        assert!(
            error.message.contains("set the Region to us-west-2"),
            "{}",
            error.message
        );
        assert!(
            error.message.contains("create a key in us-east-1"),
            "{}",
            error.message
        );
        assert_eq!(check_api_key_region(&key, "us-west-2"), None);
        assert_eq!(check_api_key_region(&key, " us-west-2 "), None);
        // A malformed Region has its own rule; a long-term key has no Region to differ from.
        assert_eq!(check_api_key_region(&key, "us west"), None);
        assert_eq!(
            check_api_key_region("ABSKQmVkcm9ja0FQSUtleQ==", "eu-west-1"),
            None
        );
    }
}
