//! Saved connections: their non-secret parts in `connections.json` in the app's data directory, their
//! secrets in the OS keychain, the active one remembered across restarts. This file is the service; the wire
//! types, the file and the connection test live in the children.

mod check_connection;
mod store;
mod types;

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use outcrop_core::aws_profiles::{self, AwsProfile};
use outcrop_core::connection_input::{self, FieldError, Rule};
use outcrop_core::{ErrorCode, MessagesEndpoint, Secret};
use serde::{Deserialize, Serialize};

pub use check_connection::test_connection;
use store::{ConnectionsFile, ConnectionsStore, internal};
pub use types::{
    API_KEY_VARIABLES, ConnectionReport, ConnectionsOverview, LocalEndpoint, NewConnection, NewSource,
    SavedConnection, SavedSource,
};

use crate::connection::{AwsFiles, Connection, CredentialSource};
use crate::error::OutcropError;
use crate::keychain::SecretStore;

/// Saved connections and their secrets.
#[derive(Debug)]
pub struct ConnectionService {
    store: ConnectionsStore,
    secrets: Arc<dyn SecretStore>,
    aws_files: AwsFiles,
    state: Mutex<ConnectionsFile>,
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

fn not_found(id: &str) -> OutcropError {
    OutcropError {
        code: ErrorCode::NotFound,
        message: "That connection no longer exists; the list has been refreshed".into(),
        detail: format!("no saved connection with id {id}"),
        fields: Vec::new(),
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
        let (store, file) = ConnectionsStore::open(data_dir);
        Self {
            store,
            secrets,
            aws_files,
            state: Mutex::new(file),
        }
    }

    fn state(&self) -> MutexGuard<'_, ConnectionsFile> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn save(&self, file: &ConnectionsFile) -> Result<(), OutcropError> {
        self.store.save(file)
    }

    pub fn overview(&self) -> ConnectionsOverview {
        let state = self.state();
        ConnectionsOverview {
            connections: state.connections.clone(),
            active_id: state.active_id.clone(),
            show_welcome: !state.welcome_done,
            notice: self.store.notice.clone(),
            api_key_variables: Vec::new(),
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
    ) -> Result<Option<SavedConnection>, OutcropError> {
        {
            let state = self.state();
            if state.welcome_done || !state.connections.is_empty() || self.store.notice.is_some() {
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
            runtime_endpoint_url: None,
            source: NewSource::LocalBedrock,
            messages_endpoint: None,
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
        errors.extend(check_endpoints(
            draft.endpoint_url.as_deref(),
            draft.runtime_endpoint_url.as_deref(),
        ));
        match &draft.source {
            NewSource::AwsProfile { profile } => {
                if profile.trim().is_empty() {
                    errors.push(FieldError::new(
                        "profile",
                        Rule::AwsProfileEmpty,
                        "Choose an AWS profile",
                    ));
                } else if !self.aws_profiles().iter().any(|p| &p.name == profile) {
                    let config = self.aws_files.config.display().to_string();
                    let credentials = self.aws_files.credentials.display().to_string();
                    errors.push(FieldError::new(
                        "profile",
                        Rule::AwsProfileUnknown {
                            profile: profile.clone(),
                            config: config.clone(),
                            credentials: credentials.clone(),
                        },
                        format!("There is no profile “{profile}” in {config} or {credentials}"),
                    ));
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
            NewSource::ApiKey { api_key } => {
                let format = connection_input::check_api_key(api_key.expose());
                let region = format
                    .is_none()
                    .then(|| connection_input::check_api_key_region(api_key.expose(), &draft.region))
                    .flatten();
                errors.extend(format.into_iter().chain(region));
            }
            NewSource::LocalBedrock => {}
        }
        let state = self.state();
        if state
            .connections
            .iter()
            .any(|c| c.name.trim().eq_ignore_ascii_case(draft.name.trim()))
        {
            errors.push(FieldError::new(
                "name",
                Rule::ConnectionNameTaken {
                    name: draft.name.trim().to_owned(),
                },
                format!(
                    "A connection named “{}” exists already; choose another name",
                    draft.name.trim()
                ),
            ));
        }
        errors
    }

    /// Saves a connection: its secret into the keychain first, then the rest to disk. Nothing is stored when
    /// a rule is broken; a failed save removes the keychain entry again.
    pub fn add(&self, draft: NewConnection) -> Result<SavedConnection, OutcropError> {
        let errors = self.check(&draft);
        if !errors.is_empty() {
            return Err(OutcropError::from_field_errors(&errors));
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
                        key_region: connection_input::api_key_region(trimmed.expose()),
                        long_term: trimmed.expose().starts_with("ABSK"),
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
            endpoint_url: trimmed(draft.endpoint_url),
            runtime_endpoint_url: trimmed(draft.runtime_endpoint_url),
            messages_endpoint: draft.messages_endpoint.unwrap_or_default(),
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
            return Err(OutcropError::from_field_errors(&[FieldError::new(
                "name",
                Rule::ConnectionNameTaken {
                    name: connection.name.clone(),
                },
                format!(
                    "A connection named “{}” exists already; choose another name",
                    connection.name
                ),
            )]));
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
    pub fn remove(&self, id: &str) -> Result<(), OutcropError> {
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
    pub fn activate(&self, id: &str) -> Result<SavedConnection, OutcropError> {
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

    /// Moves a connection to another Region. Its credentials stay as they are (in the keychain too): a
    /// short-term API key issued in another Region is the caller's to warn about, since it will be refused
    /// there — and the errors of such calls then say so.
    pub fn set_region(&self, id: &str, region: &str) -> Result<SavedConnection, OutcropError> {
        let region = region.trim();
        if let Some(error) = connection_input::check_region(region) {
            return Err(OutcropError::from_field_errors(&[error]));
        }
        let mut previous = String::new();
        let saved = self.update(id, |c| {
            previous = std::mem::replace(&mut c.region, region.to_owned())
        })?;
        tracing::info!(%id, from = %previous, to = %region, "connection Region changed");
        Ok(saved)
    }

    /// Changes one saved connection in place and saves the file; when the file cannot be saved (or `change`
    /// refuses), the connection is left as it was. Its secret is never touched.
    fn update(
        &self,
        id: &str,
        change: impl FnOnce(&mut SavedConnection),
    ) -> Result<SavedConnection, OutcropError> {
        let mut state = self.state();
        let index = state
            .connections
            .iter()
            .position(|c| c.id == id)
            .ok_or_else(|| not_found(id))?;
        let before = state.connections[index].clone();
        change(&mut state.connections[index]);
        if let Err(error) = self.save(&state) {
            state.connections[index] = before;
            return Err(error);
        }
        Ok(state.connections[index].clone())
    }

    /// Sends the connection's Messages API to `endpoint` from now on. Its credentials stay as they are: a
    /// signature is made for the endpoint's signing name, and an API key works on both.
    pub fn set_messages_endpoint(
        &self,
        id: &str,
        endpoint: MessagesEndpoint,
    ) -> Result<SavedConnection, OutcropError> {
        let mut previous = MessagesEndpoint::default();
        let saved = self.update(id, |c| {
            previous = std::mem::replace(&mut c.messages_endpoint, endpoint)
        })?;
        tracing::info!(%id, from = previous.as_str(), to = endpoint.as_str(), "Messages API endpoint changed");
        Ok(saved)
    }

    /// Sets a saved connection's endpoint overrides (the control plane's, and bedrock-runtime's when it differs)
    /// without touching its secret; checked by the same rules as the Add form. Local Bedrock's address is the
    /// app's to choose.
    pub fn set_endpoints(
        &self,
        id: &str,
        endpoint_url: Option<String>,
        runtime_endpoint_url: Option<String>,
    ) -> Result<SavedConnection, OutcropError> {
        let errors = check_endpoints(endpoint_url.as_deref(), runtime_endpoint_url.as_deref());
        if !errors.is_empty() {
            return Err(OutcropError::from_field_errors(&errors));
        }
        if self.get(id).is_ok_and(|c| c.simulated()) {
            return Err(OutcropError::from_field_errors(&[FieldError::new(
                "endpointUrl",
                Rule::EndpointUrlLocalBedrock,
                "Local Bedrock runs inside Outcrop at an address Outcrop chooses; it takes no endpoint override",
            )]));
        }
        let saved = self.update(id, |c| {
            c.endpoint_url = trimmed(endpoint_url);
            c.runtime_endpoint_url = trimmed(runtime_endpoint_url);
        })?;
        tracing::info!(%id, "endpoint overrides changed");
        Ok(saved)
    }

    /// The person has chosen how to connect; the welcome is not shown again.
    pub fn finish_welcome(&self) -> Result<(), OutcropError> {
        let mut state = self.state();
        state.welcome_done = true;
        self.save(&state)
    }

    pub fn active(&self) -> Option<SavedConnection> {
        let state = self.state();
        let id = state.active_id.as_deref()?;
        state.connections.iter().find(|c| c.id == id).cloned()
    }

    pub fn get(&self, id: &str) -> Result<SavedConnection, OutcropError> {
        self.state()
            .connections
            .iter()
            .find(|c| c.id == id)
            .cloned()
            .ok_or_else(|| not_found(id))
    }

    /// The SDK-level connection, with its secrets read from the keychain. `local` is where the embedded
    /// Local Bedrock listens and the key it accepts, for Local Bedrock connections.
    pub fn resolve(
        &self,
        saved: &SavedConnection,
        local: Option<&LocalEndpoint>,
    ) -> Result<Connection, OutcropError> {
        let local_missing = || internal("Local Bedrock is not running", "no local endpoint");
        let missing = |what: &str| OutcropError {
            code: ErrorCode::MissingCredentials,
            message: format!(
                "The {what} of “{}” are not in the keychain any more. Remove the connection and add it again.",
                saved.name
            ),
            detail: format!("keychain entry for connection {} is missing", saved.id),
            fields: Vec::new(),
            aws: None,
        };
        let source = match &saved.source {
            SavedSource::AwsProfile { profile } => CredentialSource::Profile {
                name: profile.clone(),
                files: self.aws_files.clone(),
            },
            // The key Local Bedrock was started with for this run of the app: the only one it accepts.
            SavedSource::LocalBedrock => {
                let local = local.ok_or_else(local_missing)?;
                CredentialSource::StaticKeys {
                    access_key_id: local.access_key_id.clone(),
                    secret_access_key: local.secret_access_key.clone(),
                    session_token: None,
                }
            }
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
        let (endpoint_url, runtime_endpoint_url) = if saved.simulated() {
            (Some(local.ok_or_else(local_missing)?.url.clone()), None)
        } else {
            (saved.endpoint_url.clone(), saved.runtime_endpoint_url.clone())
        };
        Ok(Connection {
            source,
            region: saved.region.clone(),
            endpoint_url,
            runtime_endpoint_url,
            simulated: saved.simulated(),
            messages_endpoint: saved.messages_endpoint,
        })
    }
}

/// A URL field as saved: trimmed, and `None` when blank.
fn trimmed(url: Option<String>) -> Option<String> {
    url.map(|u| u.trim().to_owned()).filter(|u| !u.is_empty())
}

/// The endpoint overrides' rules: each one given is a URL `check_endpoint_url` accepts (the runtime's is
/// named `runtimeEndpointUrl`).
fn check_endpoints(endpoint_url: Option<&str>, runtime_endpoint_url: Option<&str>) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if let Some(url) = endpoint_url.map(str::trim).filter(|u| !u.is_empty()) {
        errors.extend(connection_input::check_endpoint_url(url));
    }
    if let Some(url) = runtime_endpoint_url.map(str::trim).filter(|u| !u.is_empty()) {
        errors.extend(connection_input::check_endpoint_url(url).map(|mut error| {
            error.field = "runtimeEndpointUrl".into();
            error
        }));
    }
    errors
}
