//! A plain HTTP client for what the SDKs cannot send: any header, any body, HTTP/1.1 or h2c, signed by hand.

use std::time::SystemTime;

use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::{StatusCode, Version};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::Value;

/// What came back.
pub struct Answer {
    pub status: StatusCode,
    pub version: Version,
    pub content_type: String,
    pub error_type_header: String,
    pub text: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("{e}: {}", self.text))
    }

    /// Server-sent events as (name, data).
    pub fn events(&self) -> Vec<(String, Value)> {
        self.text
            .split("\n\n")
            .filter(|e| !e.trim().is_empty())
            .map(|event| {
                let field = |name: &str| {
                    event
                        .lines()
                        .find_map(|l| l.strip_prefix(name))
                        .unwrap_or_default()
                        .to_owned()
                };
                (field("event: "), serde_json::from_str(&field("data: ")).unwrap())
            })
            .collect()
    }

    /// The Anthropic envelope's error type, checking the envelope.
    pub fn anthropic_error(&self) -> (String, String) {
        let body = self.json();
        assert_eq!(body["type"], "error", "{body}");
        (
            body["error"]["type"].as_str().unwrap().to_owned(),
            body["error"]["message"].as_str().unwrap().to_owned(),
        )
    }
}

/// POSTs `body` to `path` with `headers`, over HTTP/1.1 or HTTP/2 only (h2c with prior knowledge).
pub async fn post(url: &str, path: &str, headers: &[(String, String)], body: &str, http2: bool) -> Answer {
    let client = Client::builder(TokioExecutor::new())
        .http2_only(http2)
        .build_http::<Full<Bytes>>();
    let mut request = hyper::Request::post(format!("{url}{path}"));
    for (name, value) in headers {
        request = request.header(name.as_str(), value.as_str());
    }
    let response = client
        .request(request.body(Full::new(Bytes::from(body.to_owned()))).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let version = response.version();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let content_type = header("content-type");
    let error_type_header = header("x-amzn-errortype");
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        version,
        content_type,
        error_type_header,
        text: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

/// The SigV4 headers (`authorization`, `x-amz-date`, ...) for a POST of `body` with `headers` to `url`, signed
/// for `service` at `time` with `settings`, as AWS clients sign.
pub fn signed_with(
    url: &str,
    service: &str,
    (key, secret): (&str, &str),
    body: SignableBody<'_>,
    headers: &[(String, String)],
    time: SystemTime,
    settings: SigningSettings,
) -> Vec<(String, String)> {
    let identity = aws_credential_types::Credentials::new(key, secret, None, None, "test").into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region("us-east-1")
        .name(service)
        .time(time)
        .settings(settings)
        .build()
        .unwrap()
        .into();
    let signable = SignableRequest::new(
        "POST",
        url,
        headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        body,
    )
    .unwrap();
    let (instructions, _) = sign(signable, &params).unwrap().into_parts();
    instructions
        .headers()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

/// The SigV4 headers for a POST of `body` with `headers` to `url`, signed for `service` at `time`.
pub fn signed(
    url: &str,
    service: &str,
    key: &str,
    secret: &str,
    body: &str,
    headers: &[(String, String)],
    time: SystemTime,
) -> Vec<(String, String)> {
    signed_with(
        url,
        service,
        (key, secret),
        SignableBody::Bytes(body.as_bytes()),
        headers,
        time,
        SigningSettings::default(),
    )
}
