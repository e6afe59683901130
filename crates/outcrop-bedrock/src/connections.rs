//! Saved connections: their non-secret parts in `connections.json` in the app's data directory, their
//! secrets in the OS keychain, the active one remembered across restarts.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use outcrop_core::aws_profiles::{self, AwsProfile};
use outcrop_core::connection_input::{self, FieldError};
use outcrop_core::{ErrorCode, Secret};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::connection::{AwsFiles, Connection, CredentialSource};
use crate::connection_kind::{ConnectionKind, ConnectionTarget};
use crate::error::BedrockError;
use crate::keychain::SecretStore;

const FILE_NAME: &str = "connections.json";

/// How a saved connection gets its credentials. Only non-secret facts: the keychain holds the secrets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum SavedSource {
    AwsProfile {
        profile: String,
    },
    /// Access keys in the keychain; the ID is kept masked (`AKIA…WXYZ`) for display.
    AccessKeys {
        access_key_id_masked: String,
        temporary: bool,
    },
    /// A Bedrock API key in the keychain; when it expires, if the key says (seconds since the epoch).
    ApiKey {
        #[ts(type = "number | null")]
        expires_at: Option<u64>,
    },
    /// The local Bedrock inside Outcrop: simulated, offline.
    LocalBedrock,
}

/// A connection as saved and as the UI sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SavedConnection {
    pub id: String,
    pub name: String,
    pub source: SavedSource,
    pub region: String,
    pub endpoint_url: Option<String>,
}

impl SavedConnection {
    pub fn simulated(&self) -> bool {
        self.source == SavedSource::LocalBedrock
    }
}

impl<'a> From<&'a SavedConnection> for ConnectionTarget<'a> {
    fn from(saved: &'a SavedConnection) -> Self {
        Self {
            kind: match saved.source {
                SavedSource::AwsProfile { .. } => ConnectionKind::AwsProfile,
                SavedSource::AccessKeys { .. } => ConnectionKind::AccessKeys,
                SavedSource::ApiKey { .. } => ConnectionKind::ApiKey,
                SavedSource::LocalBedrock => ConnectionKind::LocalBedrock,
            },
            region: &saved.region,
            endpoint_url: saved.endpoint_url.as_deref(),
        }
    }
}

/// What a person typed to add a connection. Secrets arrive here once and go straight to the keychain.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum NewSource {
    AwsProfile {
        profile: String,
    },
    AccessKeys {
        access_key_id: String,
        #[ts(type = "string")]
        secret_access_key: Secret,
        #[ts(type = "string | null")]
        session_token: Option<Secret>,
    },
    ApiKey {
        #[ts(type = "string")]
        api_key: Secret,
    },
    LocalBedrock,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewConnection {
    pub name: String,
    pub region: String,
    pub endpoint_url: Option<String>,
    pub source: NewSource,
}

/// Everything the Connections page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionsOverview {
    pub connections: Vec<SavedConnection>,
    pub active_id: Option<String>,
    /// True until the person has chosen how to connect on first run.
    pub show_welcome: bool,
    /// Set when `connections.json` could not be read and was kept aside.
    pub notice: Option<String>,
}

/// The result of a successful connection test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionReport {
    pub region: String,
    /// The caller's ARN from STS, when it could be asked (API keys cannot call STS).
    pub identity: Option<String>,
    pub account: Option<String>,
    pub foundation_models: u32,
    pub simulated: bool,
    #[ts(type = "number")]
    pub latency_ms: u64,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ConnectionsFile {
    connections: Vec<SavedConnection>,
    active_id: Option<String>,
    welcome_done: bool,
}

/// Saved connections and their secrets.
#[derive(Debug)]
pub struct ConnectionService {
    path: PathBuf,
    secrets: Arc<dyn SecretStore>,
    aws_files: AwsFiles,
    state: Mutex<ConnectionsFile>,
    notice: Option<String>,
    /// The file on disk could not be read or kept aside: saving would overwrite it.
    read_only: bool,
}

fn keychain_account(id: &str, what: &str) -> String {
    format!("connection/{id}/{what}")
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredKeys {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
}

fn internal(message: impl Into<String>, detail: impl Into<String>) -> BedrockError {
    BedrockError {
        code: ErrorCode::Internal,
        message: message.into(),
        detail: detail.into(),
        aws: None,
    }
}

fn not_found(id: &str) -> BedrockError {
    BedrockError {
        code: ErrorCode::NotFound,
        message: "That connection no longer exists; the list has been refreshed".into(),
        detail: format!("no saved connection with id {id}"),
        aws: None,
    }
}

/// A new connection ID: time and a counter, unique within this data directory.
fn new_id(existing: &[SavedConnection]) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let mut n = 0u32;
    loop {
        let id = format!("c{:x}{n:x}", nanos % 0xffff_ffff_ffff);
        if !existing.iter().any(|c| c.id == id) {
            return id;
        }
        n += 1;
    }
}

impl ConnectionService {
    /// Opens the saved connections in `data_dir`. A damaged file is kept aside (never overwritten) and the
    /// overview says so.
    pub fn open(data_dir: &Path, secrets: Arc<dyn SecretStore>, aws_files: AwsFiles) -> Self {
        let path = data_dir.join(FILE_NAME);
        let mut read_only = false;
        let (file, notice) = match std::fs::read(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (ConnectionsFile::default(), None),
            Err(e) => {
                read_only = true;
                let notice = format!(
                    "Saved connections in {} could not be read ({e}); nothing will be saved until that is fixed, so the file is not overwritten.",
                    path.display()
                );
                (ConnectionsFile::default(), Some(notice))
            }
            Ok(bytes) => match serde_json::from_slice::<ConnectionsFile>(&bytes) {
                Ok(file) => (file, None),
                Err(e) => {
                    let kept = data_dir.join(format!("{FILE_NAME}.damaged"));
                    let moved = std::fs::rename(&path, &kept).is_ok();
                    tracing::warn!(error = %e, "connections.json is damaged");
                    let notice = if moved {
                        format!(
                            "Saved connections were damaged and have been kept as {}; add your connections again.",
                            kept.display()
                        )
                    } else {
                        read_only = true;
                        format!(
                            "Saved connections in {} are damaged ({e}) and could not be moved aside; nothing will be saved until that is fixed, so the file is not overwritten.",
                            path.display()
                        )
                    };
                    (ConnectionsFile::default(), Some(notice))
                }
            },
        };
        Self {
            path,
            secrets,
            aws_files,
            state: Mutex::new(file),
            notice,
            read_only,
        }
    }

    fn state(&self) -> MutexGuard<'_, ConnectionsFile> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Writes the file atomically (a temporary file, then a rename).
    fn save(&self, file: &ConnectionsFile) -> Result<(), BedrockError> {
        if self.read_only {
            return Err(internal(
                format!(
                    "Outcrop will not overwrite {}, which it could not read; move or repair it and restart Outcrop",
                    self.path.display()
                ),
                self.notice.clone().unwrap_or_default(),
            ));
        }
        let fail = |e: std::io::Error| {
            internal(
                format!(
                    "Outcrop could not save connections to {}; check the folder's permissions",
                    self.path.display()
                ),
                e.to_string(),
            )
        };
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(fail)?;
        }
        let json = serde_json::to_vec_pretty(file)
            .map_err(|e| internal("Outcrop could not save connections", e.to_string()))?;
        let tmp = self.path.with_extension("json.tmp");
        let written = (|| {
            use std::io::Write;
            let mut out = std::fs::File::create(&tmp)?;
            out.write_all(&json)?;
            out.sync_all()?;
            std::fs::rename(&tmp, &self.path)
        })();
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        written.map_err(fail)
    }

    pub fn overview(&self) -> ConnectionsOverview {
        let state = self.state();
        ConnectionsOverview {
            connections: state.connections.clone(),
            active_id: state.active_id.clone(),
            show_welcome: !state.welcome_done,
            notice: self.notice.clone(),
        }
    }

    /// The profiles in the AWS shared files (missing files list nothing).
    pub fn aws_profiles(&self) -> Vec<AwsProfile> {
        let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_default();
        aws_profiles::parse(&read(&self.aws_files.config), &read(&self.aws_files.credentials))
    }

    /// Whether any AWS credentials are around: in the environment or as profiles.
    pub fn aws_credentials_present(&self, env_has_keys: bool) -> bool {
        env_has_keys || !self.aws_profiles().is_empty()
    }

    /// On the very first run with no AWS credentials anywhere, Local Bedrock becomes the active connection, so
    /// Outcrop works at once. Returns the connection it created.
    pub fn ensure_first_run_default(
        &self,
        env_has_keys: bool,
    ) -> Result<Option<SavedConnection>, BedrockError> {
        {
            let state = self.state();
            if state.welcome_done || !state.connections.is_empty() || self.notice.is_some() {
                return Ok(None);
            }
        }
        if self.aws_credentials_present(env_has_keys) {
            return Ok(None);
        }
        let created = self.add(NewConnection {
            name: "Local Bedrock".into(),
            region: "us-east-1".into(),
            endpoint_url: None,
            source: NewSource::LocalBedrock,
        })?;
        // Active at once, but the welcome still explains the ways to connect.
        let mut state = self.state();
        state.active_id = Some(created.id.clone());
        if let Err(error) = self.save(&state) {
            state.active_id = None;
            return Err(error);
        }
        Ok(Some(created))
    }

    /// Every rule the draft breaks; empty when it can be added.
    pub fn check(&self, draft: &NewConnection) -> Vec<FieldError> {
        let mut errors = Vec::new();
        errors.extend(connection_input::check_name(&draft.name));
        errors.extend(connection_input::check_region(&draft.region));
        if let Some(url) = draft.endpoint_url.as_deref().filter(|u| !u.trim().is_empty()) {
            errors.extend(connection_input::check_endpoint_url(url.trim()));
        }
        match &draft.source {
            NewSource::AwsProfile { profile } => {
                if profile.trim().is_empty() {
                    errors.push(FieldError {
                        field: "profile".into(),
                        message: "Choose an AWS profile".into(),
                    });
                } else if !self.aws_profiles().iter().any(|p| &p.name == profile) {
                    errors.push(FieldError {
                        field: "profile".into(),
                        message: format!(
                            "There is no profile “{profile}” in {} or {}",
                            self.aws_files.config.display(),
                            self.aws_files.credentials.display()
                        ),
                    });
                }
            }
            NewSource::AccessKeys {
                access_key_id,
                secret_access_key,
                session_token,
            } => errors.extend(connection_input::check_access_keys(
                access_key_id,
                secret_access_key.expose(),
                session_token.as_ref().map(Secret::expose),
            )),
            NewSource::ApiKey { api_key } => errors.extend(connection_input::check_api_key(api_key.expose())),
            NewSource::LocalBedrock => {}
        }
        let state = self.state();
        if state
            .connections
            .iter()
            .any(|c| c.name.trim().eq_ignore_ascii_case(draft.name.trim()))
        {
            errors.push(FieldError {
                field: "name".into(),
                message: format!(
                    "A connection named “{}” exists already; choose another name",
                    draft.name.trim()
                ),
            });
        }
        errors
    }

    /// Saves a connection: its secret into the keychain first, then the rest to disk. Nothing is stored when
    /// a rule is broken; a failed save removes the keychain entry again.
    pub fn add(&self, draft: NewConnection) -> Result<SavedConnection, BedrockError> {
        let errors = self.check(&draft);
        if !errors.is_empty() {
            return Err(BedrockError::from_field_errors(&errors));
        }
        // The keychain may block (D-Bus, an unlock prompt): it is written without holding the state lock.
        let id = new_id(&self.state().connections);
        let (source, keychain_entry) = match draft.source {
            NewSource::AwsProfile { profile } => (SavedSource::AwsProfile { profile }, None),
            NewSource::LocalBedrock => (SavedSource::LocalBedrock, None),
            NewSource::AccessKeys {
                access_key_id,
                secret_access_key,
                session_token,
            } => {
                let access_key_id = access_key_id.trim().to_owned();
                let stored = StoredKeys {
                    access_key_id: access_key_id.clone(),
                    secret_access_key: secret_access_key.expose().trim().to_owned(),
                    session_token: session_token
                        .map(|t| t.expose().trim().to_owned())
                        .filter(|t| !t.is_empty()),
                };
                let json = Secret::new(serde_json::to_string(&stored).unwrap_or_default());
                let account = keychain_account(&id, "access-keys");
                self.secrets.set(&account, &json)?;
                (
                    SavedSource::AccessKeys {
                        access_key_id_masked: outcrop_core::secret::mask_key_id(&access_key_id),
                        temporary: stored.session_token.is_some(),
                    },
                    Some(account),
                )
            }
            NewSource::ApiKey { api_key } => {
                let account = keychain_account(&id, "api-key");
                let trimmed = Secret::new(api_key.expose().trim());
                self.secrets.set(&account, &trimmed)?;
                (
                    SavedSource::ApiKey {
                        expires_at: connection_input::api_key_expiry(trimmed.expose()),
                    },
                    Some(account),
                )
            }
        };
        let connection = SavedConnection {
            id,
            name: draft.name.trim().to_owned(),
            source,
            region: draft.region.trim().to_owned(),
            endpoint_url: draft
                .endpoint_url
                .map(|u| u.trim().to_owned())
                .filter(|u| !u.is_empty()),
        };
        let mut state = self.state();
        let taken = state
            .connections
            .iter()
            .any(|c| c.name.eq_ignore_ascii_case(&connection.name) || c.id == connection.id);
        if taken {
            drop(state);
            if let Some(account) = keychain_entry {
                let _ = self.secrets.delete(&account);
            }
            return Err(BedrockError::from_field_errors(&[FieldError {
                field: "name".into(),
                message: format!(
                    "A connection named “{}” exists already; choose another name",
                    connection.name
                ),
            }]));
        }
        state.connections.push(connection.clone());
        if let Err(error) = self.save(&state) {
            state.connections.pop();
            drop(state);
            if let Some(account) = keychain_entry {
                let _ = self.secrets.delete(&account);
            }
            return Err(error);
        }
        tracing::info!(id = %connection.id, kind = ?connection.source, "connection added");
        Ok(connection)
    }

    /// Removes a connection and its keychain entry.
    pub fn remove(&self, id: &str) -> Result<(), BedrockError> {
        // The file first: if it cannot be saved, the connection and its secret both stay as they were.
        let removed = {
            let mut state = self.state();
            let index = state
                .connections
                .iter()
                .position(|c| c.id == id)
                .ok_or_else(|| not_found(id))?;
            let removed = state.connections.remove(index);
            let was_active = state.active_id.as_deref() == Some(id);
            if was_active {
                state.active_id = None;
            }
            if let Err(error) = self.save(&state) {
                state.connections.insert(index, removed);
                if was_active {
                    state.active_id = Some(id.to_owned());
                }
                return Err(error);
            }
            removed
        };
        let account = match &removed.source {
            SavedSource::AccessKeys { .. } => Some(keychain_account(id, "access-keys")),
            SavedSource::ApiKey { .. } => Some(keychain_account(id, "api-key")),
            SavedSource::AwsProfile { .. } | SavedSource::LocalBedrock => None,
        };
        if let Some(account) = account
            && let Err(mut error) = self.secrets.delete(&account)
        {
            tracing::warn!(%id, "connection removed but its keychain entry could not be deleted");
            error.message = format!(
                "“{}” was removed, but its keychain entry (service app.outcrop.desktop, account {account}) could not be deleted. {}",
                removed.name, error.message
            );
            return Err(error);
        }
        tracing::info!(%id, "connection removed");
        Ok(())
    }

    /// Makes a connection the active one; remembered across restarts.
    pub fn activate(&self, id: &str) -> Result<SavedConnection, BedrockError> {
        let mut state = self.state();
        let connection = state
            .connections
            .iter()
            .find(|c| c.id == id)
            .cloned()
            .ok_or_else(|| not_found(id))?;
        let previous = state.active_id.replace(id.to_owned());
        state.welcome_done = true;
        if let Err(error) = self.save(&state) {
            state.active_id = previous;
            return Err(error);
        }
        Ok(connection)
    }

    /// The person has chosen how to connect; the welcome is not shown again.
    pub fn finish_welcome(&self) -> Result<(), BedrockError> {
        let mut state = self.state();
        state.welcome_done = true;
        self.save(&state)
    }

    pub fn active(&self) -> Option<SavedConnection> {
        let state = self.state();
        let id = state.active_id.as_deref()?;
        state.connections.iter().find(|c| c.id == id).cloned()
    }

    pub fn get(&self, id: &str) -> Result<SavedConnection, BedrockError> {
        self.state()
            .connections
            .iter()
            .find(|c| c.id == id)
            .cloned()
            .ok_or_else(|| not_found(id))
    }

    /// The SDK-level connection, with its secrets read from the keychain. `local_endpoint` is where the
    /// embedded Local Bedrock listens, for Local Bedrock connections.
    pub fn resolve(
        &self,
        saved: &SavedConnection,
        local_endpoint: Option<&str>,
    ) -> Result<Connection, BedrockError> {
        let missing = |what: &str| BedrockError {
            code: ErrorCode::MissingCredentials,
            message: format!(
                "The {what} of “{}” are not in the keychain any more. Remove the connection and add it again.",
                saved.name
            ),
            detail: format!("keychain entry for connection {} is missing", saved.id),
            aws: None,
        };
        let source = match &saved.source {
            SavedSource::AwsProfile { profile } => CredentialSource::Profile {
                name: profile.clone(),
                files: self.aws_files.clone(),
            },
            SavedSource::LocalBedrock => CredentialSource::StaticKeys {
                access_key_id: "AKIALOCALBEDROCK0000".into(),
                secret_access_key: Secret::new("local-bedrock-needs-no-secret"),
                session_token: None,
            },
            SavedSource::AccessKeys { .. } => {
                let json = self
                    .secrets
                    .get(&keychain_account(&saved.id, "access-keys"))?
                    .ok_or_else(|| missing("access keys"))?;
                let keys: StoredKeys =
                    serde_json::from_str(json.expose()).map_err(|_| missing("access keys"))?;
                CredentialSource::StaticKeys {
                    access_key_id: keys.access_key_id,
                    secret_access_key: Secret::new(keys.secret_access_key),
                    session_token: keys.session_token.map(Secret::new),
                }
            }
            SavedSource::ApiKey { .. } => CredentialSource::BearerToken(
                self.secrets
                    .get(&keychain_account(&saved.id, "api-key"))?
                    .ok_or_else(|| missing("API key"))?,
            ),
        };
        let endpoint_url = if saved.simulated() {
            Some(
                local_endpoint
                    .ok_or_else(|| internal("Local Bedrock is not running", "no local endpoint"))?
                    .to_owned(),
            )
        } else {
            saved.endpoint_url.clone()
        };
        Ok(Connection {
            source,
            region: saved.region.clone(),
            endpoint_url,
            simulated: saved.simulated(),
        })
    }
}

/// Tests a connection with a cheap read (ListFoundationModels) and asks STS who the caller is.
pub async fn test_connection(
    saved: &SavedConnection,
    connection: &Connection,
) -> Result<ConnectionReport, BedrockError> {
    let started = Instant::now();
    let models = connection
        .bedrock()
        .await
        .list_foundation_models()
        .send()
        .await
        .map_err(|e| BedrockError::from_sdk("ListFoundationModels", e).for_connection(saved))?;
    let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let (identity, account) = if connection.uses_bearer_token() {
        (None, None)
    } else {
        caller_identity(connection).await
    };
    Ok(ConnectionReport {
        region: connection.region.clone(),
        identity,
        account,
        foundation_models: u32::try_from(models.model_summaries().len()).unwrap_or(u32::MAX),
        simulated: connection.simulated,
        latency_ms,
    })
}

/// Who the connection's credentials belong to: asked at the endpoint override first (Local Bedrock answers),
/// then at AWS STS. `None` when neither answers in time — the connection still works.
async fn caller_identity(connection: &Connection) -> (Option<String>, Option<String>) {
    let mut attempts = Vec::new();
    if connection.endpoint_url.is_some() {
        attempts.push(true);
    }
    if !connection.simulated {
        attempts.push(false);
    }
    for at_override in attempts {
        let call = async {
            connection
                .sts(at_override)
                .await
                .get_caller_identity()
                .send()
                .await
        };
        match tokio::time::timeout(Duration::from_secs(10), call).await {
            Ok(Ok(who)) => return (who.arn().map(str::to_owned), who.account().map(str::to_owned)),
            Ok(Err(error)) => {
                tracing::info!(error = %aws_sdk_sts::error::DisplayErrorContext(&error), at_override, "GetCallerIdentity failed");
            }
            Err(_) => tracing::info!(at_override, "GetCallerIdentity timed out"),
        }
    }
    (None, None)
}
