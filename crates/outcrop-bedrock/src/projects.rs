//! Bedrock projects — CreateProject, GetProject, ListProjects, UpdateProject, ArchiveProject — as botocore
//! 1.44.8's `bedrock` model shapes them (rest-json). The AWS SDK for Rust has no operation for them yet, so
//! Outcrop sends them itself to the connection's `bedrock` endpoint (its override included), signed with SigV4
//! and the signing name `bedrock` from the connection's own credentials chain ([`crate::signed_http`], as the
//! Messages API route is); a refusal is classified as the SDK's are. A project's tags are read with the SDK's
//! ListTagsForResource, as a profile's are.

use std::time::Duration;

use outcrop_core::profiles::Tag;
use outcrop_core::projects::{
    DEFAULT_PROJECT, DataRetentionMode, ProjectCliCommand, check_create, check_name,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use ts_rs::TS;

use crate::signed_http::{MAX_JSON_BYTES, Request, authorize, aws_refusal, bounded_text};
use crate::{MessagesAuth, OutcropError};

/// The signing name of the Bedrock control plane.
const SIGNING_NAME: &str = "bedrock";
/// Projects asked for per ListProjects page (the API's maximum).
const PAGE_SIZE: u32 = 100;

/// The control plane's project operations for one connection.
#[derive(Debug, Clone)]
pub struct ProjectsClient {
    /// `https://bedrock.{region}.amazonaws.com`, or the connection's endpoint override, without a trailing `/`.
    pub base_url: String,
    pub region: String,
    pub auth: MessagesAuth,
    pub http: reqwest::Client,
    /// Each call's bound, as the SDK's control-plane client has it.
    pub operation_timeout: Duration,
    /// The SDK's control-plane client, for the tags.
    pub bedrock: aws_sdk_bedrock::Client,
}

/// Which projects ListProjects returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ProjectStatus {
    Active,
    Archived,
}

impl ProjectStatus {
    fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Archived => "archived",
        }
    }
}

/// A project as the Projects tab shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Project {
    pub id: String,
    pub arn: String,
    pub name: String,
    /// `active` or `archived`, as Bedrock spells it.
    pub status: String,
    pub created_at: Option<String>,
    pub archived_at: Option<String>,
    /// The data-retention mode as Bedrock spells it (`default`, `none`, …).
    pub data_retention: Option<String>,
    /// The project's tags; the default project has none of yours.
    pub tags: Vec<Tag>,
    /// The account's own project, used when a request names none: it cannot be renamed or archived.
    pub default: bool,
    /// The AWS CLI commands for it.
    pub cli: Vec<ProjectCliCommand>,
}

impl Project {
    pub fn active(&self) -> bool {
        self.status == ProjectStatus::Active.as_str()
    }
}

/// What the Create form sends.
#[derive(Debug, Clone, Deserialize, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CreateProject {
    pub name: String,
    pub tags: Vec<Tag>,
    pub data_retention: DataRetentionMode,
}

impl ProjectsClient {
    /// Sends one operation and reads its JSON answer; a refusal is classified.
    async fn call(
        &self,
        operation: &'static str,
        method: reqwest::Method,
        url: reqwest::Url,
        body: Option<Value>,
    ) -> Result<Value, OutcropError> {
        let body = body.map(|b| b.to_string().into_bytes()).unwrap_or_default();
        let mut headers = vec![("content-type".to_owned(), "application/json".to_owned())];
        authorize(
            &self.auth,
            &self.region,
            SIGNING_NAME,
            Request {
                operation,
                method: method.as_str(),
                url: url.as_str(),
                body: &body,
            },
            &mut headers,
        )
        .await?;
        let mut request = self
            .http
            .request(method, url)
            .timeout(self.operation_timeout)
            .body(body);
        for (name, value) in &headers {
            request = request.header(name, value);
        }
        let response = request
            .send()
            .await
            .map_err(|e| OutcropError::from_http(operation, &e))?;
        let status = response.status();
        let aws_type = response
            .headers()
            .get("x-amzn-errortype")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let text = bounded_text(response, MAX_JSON_BYTES).await.map_err(|e| {
            if e.kind() == std::io::ErrorKind::TimedOut {
                OutcropError::timed_out(operation, &e)
            } else {
                OutcropError::unreachable(operation, &e)
            }
        })?;
        if !status.is_success() {
            return Err(aws_refusal(
                operation,
                status.as_u16(),
                aws_type.as_deref(),
                &text,
            ));
        }
        serde_json::from_str(&text).map_err(|e| OutcropError {
            code: outcrop_core::ErrorCode::Internal,
            message: format!("{operation} answered with something that is not JSON"),
            detail: format!("{operation}: {e}"),
            fields: Vec::new(),
            aws: None,
        })
    }

    /// `{base}/projects` and any further path segments, each percent-encoded (an ARN holds `/` and `:`).
    fn url(&self, segments: &[&str]) -> Result<reqwest::Url, OutcropError> {
        let mut url = reqwest::Url::parse(&format!("{}/projects", self.base_url))
            .map_err(|e| OutcropError::unreachable("Bedrock projects", &e))?;
        url.path_segments_mut()
            .map_err(|()| OutcropError::unreachable("Bedrock projects", &"the endpoint URL has no path"))?
            .extend(segments);
        Ok(url)
    }

    /// A project from an operation's answer, with its tags and CLI commands.
    async fn project(&self, json: &Value) -> Result<Project, OutcropError> {
        let text = |key: &str| json[key].as_str().map(str::to_owned);
        let id = text("id").unwrap_or_default();
        let arn = text("arn").unwrap_or_default();
        let name = text("name").unwrap_or_default();
        let status = text("status").unwrap_or_default();
        let default = id == DEFAULT_PROJECT;
        let tags = if default || arn.is_empty() {
            Vec::new()
        } else {
            crate::profiles::list_tags(&self.bedrock, &arn).await?
        };
        let active = status == ProjectStatus::Active.as_str();
        Ok(Project {
            cli: outcrop_core::projects::cli_for_project(&self.region, &id, &name, active),
            created_at: text("createdAt"),
            archived_at: text("archivedAt"),
            data_retention: json["dataRetention"]["mode"].as_str().map(str::to_owned),
            id,
            arn,
            name,
            status,
            tags,
            default,
        })
    }

    /// Every project, all pages (the default project among them), or only those with `status`.
    pub async fn list(&self, status: Option<ProjectStatus>) -> Result<Vec<Project>, OutcropError> {
        let mut all = Vec::new();
        let mut next: Option<String> = None;
        loop {
            let mut url = self.url(&[])?;
            {
                let mut query = url.query_pairs_mut();
                query.append_pair("maxResults", &PAGE_SIZE.to_string());
                if let Some(status) = status {
                    query.append_pair("statusFilter", status.as_str());
                }
                if let Some(token) = &next {
                    query.append_pair("nextToken", token);
                }
            }
            let page = self.call("ListProjects", reqwest::Method::GET, url, None).await?;
            for summary in page["projectSummaries"].as_array().into_iter().flatten() {
                all.push(self.project(summary).await?);
            }
            next = page["nextToken"]
                .as_str()
                .filter(|t| !t.is_empty())
                .map(str::to_owned);
            if next.is_none() {
                return Ok(all);
            }
        }
    }

    /// The project `identifier` (ID or ARN).
    pub async fn get(&self, identifier: &str) -> Result<Project, OutcropError> {
        let url = self.url(&[identifier])?;
        let json = self.call("GetProject", reqwest::Method::GET, url, None).await?;
        self.project(&json).await
    }

    /// Creates a project; nothing is sent when a rule is broken.
    pub async fn create(&self, request: &CreateProject) -> Result<Project, OutcropError> {
        let errors = check_create(&request.name, &request.tags);
        if !errors.is_empty() {
            return Err(OutcropError::from_field_errors(&errors));
        }
        let mut body = json!({ "name": request.name });
        if !request.tags.is_empty() {
            body["tags"] = json!(request.tags);
        }
        if request.data_retention != DataRetentionMode::Default {
            body["dataRetention"] = json!({ "mode": request.data_retention.as_str() });
        }
        let url = self.url(&[])?;
        let json = self
            .call("CreateProject", reqwest::Method::POST, url, Some(body))
            .await?;
        self.project(&json).await
    }

    /// Renames the project `identifier`; nothing is sent when the name breaks a rule.
    pub async fn rename(&self, identifier: &str, name: &str) -> Result<Project, OutcropError> {
        if let Some(error) = check_name(name) {
            return Err(OutcropError::from_field_errors(&[error]));
        }
        let url = self.url(&[identifier])?;
        let json = self
            .call(
                "UpdateProject",
                reqwest::Method::POST,
                url,
                Some(json!({ "name": name })),
            )
            .await?;
        self.project(&json).await
    }

    /// Archives the project `identifier`: final — an archived project takes no more requests or changes.
    pub async fn archive(&self, identifier: &str) -> Result<Project, OutcropError> {
        let url = self.url(&[identifier, "archive"])?;
        let json = self
            .call("ArchiveProject", reqwest::Method::POST, url, None)
            .await?;
        self.project(&json).await
    }
}
