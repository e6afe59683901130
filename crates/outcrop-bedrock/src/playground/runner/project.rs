//! The Bedrock project a turn runs under. The AWS SDK for Rust (aws-sdk-bedrockruntime 1.153.0) has no
//! `projectIdentifier` yet, so an interceptor adds it to the request the SDK built, before it is signed:
//! Converse and ConverseStream carry it in the JSON body, InvokeModel (and its stream) as the
//! `X-Amzn-Bedrock-ProjectIdentifier` header (botocore 1.44.8's `bedrock-runtime` model).

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextMut;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::config_bag::ConfigBag;

/// InvokeModel's header for the project.
pub const PROJECT_HEADER: &str = "x-amzn-bedrock-projectidentifier";

/// Where the project goes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Carried {
    /// `projectIdentifier` in the JSON body (Converse, ConverseStream).
    Body,
    /// The `X-Amzn-Bedrock-ProjectIdentifier` header (InvokeModel, InvokeModelWithResponseStream).
    Header,
}

/// Adds the project to one operation's request before it is signed; set on that operation only.
#[derive(Debug, Clone)]
pub struct ProjectIdentifier {
    pub project: String,
    pub carried: Carried,
}

impl Intercept for ProjectIdentifier {
    fn name(&self) -> &'static str {
        "ProjectIdentifier"
    }

    fn modify_before_signing(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let request = context.request_mut();
        match self.carried {
            Carried::Header => {
                request.headers_mut().insert(PROJECT_HEADER, self.project.clone());
            }
            Carried::Body => {
                let bytes = request
                    .body()
                    .bytes()
                    .ok_or("the request body is streamed: the project cannot be added to it")?;
                let mut body: serde_json::Value = serde_json::from_slice(bytes)?;
                let fields = body
                    .as_object_mut()
                    .ok_or("the request body is not a JSON object")?;
                fields.insert(
                    "projectIdentifier".to_owned(),
                    serde_json::Value::String(self.project.clone()),
                );
                let bytes = serde_json::to_vec(&body)?;
                request
                    .headers_mut()
                    .insert("content-length", bytes.len().to_string());
                *request.body_mut() = SdkBody::from(bytes);
            }
        }
        Ok(())
    }
}
