//! The one STS operation a client needs to say who it is connected as: GetCallerIdentity (awsQuery protocol,
//! `POST /` with a form body, XML answer). The identity is derived from the access key that signed the call.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::service::Service;

fn xml_error(status: StatusCode, code: &str, message: &str) -> Response {
    let body = format!(
        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>bedrock-local</RequestId></ErrorResponse>"
    );
    (status, [(header::CONTENT_TYPE, "text/xml")], body).into_response()
}

pub async fn query(State(service): State<Arc<Service>>, headers: HeaderMap, body: Bytes) -> Response {
    let form = String::from_utf8_lossy(&body);
    if !form.split('&').any(|pair| pair == "Action=GetCallerIdentity") {
        return xml_error(
            StatusCode::BAD_REQUEST,
            "InvalidAction",
            "bedrock-local answers only STS GetCallerIdentity here",
        );
    }
    let access_key = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|a| a.split("Credential=").nth(1))
        .and_then(|c| c.split('/').next())
        .unwrap_or("ANONYMOUS");
    let user: String = access_key
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(20)
        .collect::<String>()
        .to_ascii_lowercase();
    let account = &service.world.account_id;
    let body = format!(
        "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
         <GetCallerIdentityResult><Arn>arn:aws:iam::{account}:user/local-{user}</Arn>\
         <UserId>AIDALOCAL{}</UserId><Account>{account}</Account></GetCallerIdentityResult>\
         <ResponseMetadata><RequestId>bl000000-0000-4000-8000-000000000000</RequestId></ResponseMetadata>\
         </GetCallerIdentityResponse>",
        user.to_ascii_uppercase()
    );
    (StatusCode::OK, [(header::CONTENT_TYPE, "text/xml")], body).into_response()
}
