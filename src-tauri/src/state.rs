//! What the commands share: saved connections, and the embedded Local Bedrock.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bedrock_local::{BedrockLocal, Config, LatencyModel};
use outcrop_bedrock::playground::{Backoff, PlaygroundService, SystemClock};
use outcrop_bedrock::profiles::Catalog;
use outcrop_bedrock::{AwsFiles, CatalogCache, Clients, ConnectionService, SavedConnection, SecretStore};
use outcrop_core::ErrorCode;
use tokio::sync::Mutex;

use crate::IpcError;
use crate::blocking::blocking;

/// The Local Bedrock inside the app: started on first use on a free loopback port, restarted when the
/// connection's Region changes (the Region decides its catalogue of profiles). What it is asked to make —
/// application profiles and their tags — is kept in its state file, so their ARNs outlive a restart.
#[derive(Debug, Default)]
pub struct LocalBedrockHost {
    running: Mutex<Option<(String, BedrockLocal)>>,
    state_file: Option<PathBuf>,
}

impl LocalBedrockHost {
    /// A Local Bedrock that keeps what it makes in `state_file` (one file for every Region).
    pub fn new(state_file: PathBuf) -> Self {
        Self {
            running: Mutex::default(),
            state_file: Some(state_file),
        }
    }

    /// Forgets every application profile made on Local Bedrock, in every Region: a running server is reset
    /// in place (its address stays), and the state file is deleted.
    pub async fn reset(&self) -> Result<(), IpcError> {
        let running = self.running.lock().await;
        let reset = match (running.as_ref(), &self.state_file) {
            (Some((_, server)), _) => server.reset(),
            (None, Some(path)) => bedrock_local::remove_state_file(path),
            (None, None) => Ok(()),
        };
        reset.map_err(|error| {
            IpcError::new(
                ErrorCode::Internal,
                "Local Bedrock's saved application profiles could not be deleted",
            )
            .with_source(&error)
        })?;
        tracing::info!("Local Bedrock reset: its application profiles are forgotten");
        Ok(())
    }
    /// The endpoint URL of a Local Bedrock answering as `region`.
    pub async fn endpoint(&self, region: &str) -> Result<String, IpcError> {
        let mut running = self.running.lock().await;
        if let Some((current, server)) = running.as_ref()
            && current == region
        {
            return Ok(server.url());
        }
        if let Some((_, server)) = running.take() {
            server.shutdown().await;
        }
        let server = BedrockLocal::start(Config {
            region: region.to_owned(),
            latency: LatencyModel::realistic(1.0),
            state_file: self.state_file.clone(),
            ..Config::default()
        })
        .await
        .map_err(|error| {
            IpcError::new(
                ErrorCode::Internal,
                "Local Bedrock could not start on this machine's loopback interface",
            )
            .with_source(&error)
        })?;
        let url = server.url();
        tracing::info!(%url, %region, "Local Bedrock started");
        *running = Some((region.to_owned(), server));
        Ok(url)
    }
}

/// The app's shared state, managed by Tauri.
#[derive(Debug)]
pub struct AppState {
    pub connections: Arc<ConnectionService>,
    pub local: LocalBedrockHost,
    /// The active connection's catalogue, once loaded: the resolver works from it.
    catalogs: CatalogCache,
    /// The playground engine, or why its session database could not be opened.
    playground: Result<Arc<PlaygroundService>, String>,
    /// The active connection's clients, with what they were built for: kept while the connection stays as it
    /// is, so credentials are read from the keychain and resolved (credential_process, SSO, AssumeRole) once.
    clients: Mutex<Option<(String, Clients)>>,
    /// Where exported sessions are saved: the Downloads folder in the app, the data folder's `exports` otherwise.
    pub exports_dir: PathBuf,
}

impl AppState {
    /// Opens the saved connections in `data_dir` and, on a first run without AWS credentials, makes Local
    /// Bedrock the active connection.
    pub fn open(
        data_dir: &Path,
        secrets: Arc<dyn SecretStore>,
        aws_files: AwsFiles,
        env_has_aws_keys: bool,
    ) -> Self {
        let connections = ConnectionService::open(data_dir, secrets, aws_files);
        match connections.ensure_first_run_default(env_has_aws_keys) {
            Ok(Some(created)) => {
                tracing::info!(id = %created.id, "first run without AWS credentials: Local Bedrock is active")
            }
            Ok(None) => {}
            Err(error) => tracing::warn!(%error, "could not set up the Local Bedrock default"),
        }
        let playground = PlaygroundService::open(data_dir, Arc::new(SystemClock), Backoff::default())
            .map(Arc::new)
            .map_err(|error| {
                tracing::error!(%error, detail = %error.detail, "the playground's session database could not be opened");
                format!("{error} ({})", error.detail)
            });
        Self {
            connections: Arc::new(connections),
            local: LocalBedrockHost::new(data_dir.join("local-bedrock").join("world.json")),
            catalogs: CatalogCache::default(),
            playground,
            clients: Mutex::default(),
            exports_dir: data_dir.join("exports"),
        }
    }

    /// The playground engine.
    pub fn playground(&self) -> Result<Arc<PlaygroundService>, IpcError> {
        self.playground.as_ref().map(Arc::clone).map_err(|reason| {
            IpcError::new(
                ErrorCode::Internal,
                format!("The playground is unavailable: {reason}"),
            )
        })
    }
}

impl AppState {
    /// The active connection and a control-plane client for it (starting Local Bedrock when it is the one).
    pub async fn active_bedrock(&self) -> Result<(SavedConnection, aws_sdk_bedrock::Client), IpcError> {
        let (saved, clients) = self.active_clients().await?;
        Ok((saved, clients.bedrock))
    }

    /// The active connection and its clients: the ones kept when the connection (and, for Local Bedrock, its
    /// address) is as it was when they were built, else built afresh from the keychain and kept.
    pub async fn active_clients(&self) -> Result<(SavedConnection, Clients), IpcError> {
        let saved = self.connections.active().ok_or_else(no_active_connection)?;
        let local = if saved.simulated() {
            Some(self.endpoint_for(&saved).await?)
        } else {
            None
        };
        let key = format!(
            "{}|{}",
            serde_json::to_string(&saved).unwrap_or_default(),
            local.as_deref().unwrap_or_default()
        );
        let mut kept = self.clients.lock().await;
        if let Some((built_for, clients)) = kept.as_ref()
            && *built_for == key
        {
            return Ok((saved, clients.clone()));
        }
        let resolve_saved = saved.clone();
        let connection = blocking(Arc::clone(&self.connections), move |service| {
            service.resolve(&resolve_saved, local.as_deref())
        })
        .await?;
        let clients = connection.clients().await;
        *kept = Some((key, clients.clone()));
        Ok((saved, clients))
    }

    /// The catalogue of the saved connection's Region: the one kept, else loaded (and kept).
    pub async fn catalog_for(
        &self,
        saved: &SavedConnection,
        client: &aws_sdk_bedrock::Client,
    ) -> Result<Arc<Catalog>, IpcError> {
        self.catalogs
            .get_or_load(saved, client)
            .await
            .map_err(|e| IpcError::from(e.for_connection(saved)))
    }

    /// The catalogue of the saved connection's Region, loaded afresh (and kept).
    pub async fn reload_catalog(
        &self,
        saved: &SavedConnection,
        client: &aws_sdk_bedrock::Client,
    ) -> Result<Arc<Catalog>, IpcError> {
        self.catalogs
            .load(saved, client)
            .await
            .map_err(|e| IpcError::from(e.for_connection(saved)))
    }

    /// The catalogue kept for the saved connection, without a call to Bedrock.
    pub fn kept_catalog(&self, saved: &SavedConnection) -> Option<Arc<Catalog>> {
        self.catalogs.kept(saved)
    }

    /// The Region's profiles changed (one was created or deleted): the next use loads the catalogue afresh.
    pub fn profiles_changed(&self) {
        self.catalogs.invalidate();
    }

    /// A connection moved to another Region: the catalogue kept (keyed by connection and Region, so never
    /// served for the new one) is dropped as well, with any load of the old Region still running.
    pub fn region_changed(&self) {
        self.catalogs.invalidate();
    }

    /// Resets Local Bedrock (see [`LocalBedrockHost::reset`]) and drops the catalogue kept, which may list
    /// the profiles just forgotten.
    pub async fn reset_local_bedrock(&self) -> Result<(), IpcError> {
        self.local.reset().await?;
        self.profiles_changed();
        Ok(())
    }

    async fn endpoint_for(&self, saved: &SavedConnection) -> Result<String, IpcError> {
        self.local.endpoint(&saved.region).await
    }
}

fn no_active_connection() -> IpcError {
    IpcError::new(
        ErrorCode::MissingCredentials,
        "No connection is active. Choose one on the Connections page (Local Bedrock works without an account).",
    )
}
