//! What the commands share: saved connections, and the embedded Local Bedrock.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bedrock_local::{BedrockLocal, Config, LatencyModel, LaunchKey};
use outcrop_bedrock::connections::LocalEndpoint;
use outcrop_bedrock::playground::{Backoff, PlaygroundService, SystemClock};
use outcrop_bedrock::profiles::Catalog;
use outcrop_bedrock::{AwsFiles, CatalogCache, Clients, ConnectionService, SavedConnection, SecretStore};
use outcrop_core::{ErrorCode, Secret};
use tokio::sync::Mutex;

use crate::IpcError;
use crate::blocking::blocking;

/// The Local Bedrock inside the app: started on first use on a free loopback port, restarted when the
/// connection's Region changes (the Region decides its catalogue of profiles). What it is asked to make —
/// application profiles and their tags — is kept in its state file, so their ARNs outlive a restart.
///
/// It is private to this run of the app: it accepts only a key made at random when it first starts (held here,
/// in Rust, never sent to the webview or logged) and only requests addressed to its own `127.0.0.1:<port>` —
/// not another local user's, and not a web page's (a `text/plain` POST needs no preflight; DNS rebinding
/// reads answers).
#[derive(Debug, Default)]
pub struct LocalBedrockHost {
    running: Mutex<Option<(String, BedrockLocal)>>,
    state_file: Option<PathBuf>,
    /// Made on first start, kept for the run (a restart for another Region keeps it).
    key: std::sync::OnceLock<LaunchKey>,
}

impl LocalBedrockHost {
    /// A Local Bedrock that keeps what it makes in `state_file` (one file for every Region).
    pub fn new(state_file: PathBuf) -> Self {
        Self {
            running: Mutex::default(),
            state_file: Some(state_file),
            key: std::sync::OnceLock::new(),
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
    /// Where a Local Bedrock answering as `region` listens, and the key it accepts.
    pub async fn endpoint(&self, region: &str) -> Result<LocalEndpoint, IpcError> {
        let mut running = self.running.lock().await;
        let key = self.key()?;
        let local = |url: String| LocalEndpoint {
            url,
            access_key_id: key.access_key_id().to_owned(),
            secret_access_key: Secret::new(key.secret_access_key()),
        };
        if let Some((current, server)) = running.as_ref()
            && current == region
        {
            return Ok(local(server.url()));
        }
        if let Some((_, server)) = running.take() {
            server.shutdown().await;
        }
        let server = BedrockLocal::start(Config {
            region: region.to_owned(),
            latency: LatencyModel::realistic(1.0),
            state_file: self.state_file.clone(),
            ..Config::private(key)
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
        Ok(local(url))
    }

    /// This run's key, made on first use from the operating system's random number generator.
    fn key(&self) -> Result<&LaunchKey, IpcError> {
        if let Some(key) = self.key.get() {
            return Ok(key);
        }
        let key = LaunchKey::generate().map_err(|error| {
            IpcError::new(
                ErrorCode::Internal,
                "Local Bedrock could not make its key: the operating system's random number generator failed",
            )
            .with_source(&error)
        })?;
        Ok(self.key.get_or_init(|| key))
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
    /// Where reports are saved unless the person picks another folder: "Outcrop reports" in Documents in the
    /// app, the data folder's `reports` otherwise.
    pub reports_dir: PathBuf,
    /// Prints reports to PDF: the platform's web engine in the app, none otherwise.
    pub pdf_printer: Arc<dyn crate::report_pdf::PdfPrinter>,
    /// Cost Explorer requests made since Outcrop started: each is billed, and the Spend page says how many.
    pub spend_requests: std::sync::atomic::AtomicU32,
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
            reports_dir: data_dir.join("reports"),
            pdf_printer: Arc::new(crate::report_pdf::NoPdfPrinter),
            spend_requests: std::sync::atomic::AtomicU32::new(0),
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
            local.as_ref().map(|l| l.url.as_str()).unwrap_or_default()
        );
        let mut kept = self.clients.lock().await;
        if let Some((built_for, clients)) = kept.as_ref()
            && *built_for == key
        {
            return Ok((saved, clients.clone()));
        }
        let resolve_saved = saved.clone();
        let connection = blocking(Arc::clone(&self.connections), move |service| {
            service.resolve(&resolve_saved, local.as_ref())
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

    async fn endpoint_for(&self, saved: &SavedConnection) -> Result<LocalEndpoint, IpcError> {
        self.local.endpoint(&saved.region).await
    }
}

fn no_active_connection() -> IpcError {
    IpcError::new(
        ErrorCode::MissingCredentials,
        "No connection is active. Choose one on the Connections page (Local Bedrock works without an account).",
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use outcrop_bedrock::{Connection, CredentialSource};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;

    /// The status line of an unsigned `text/plain` POST (what any web page may send without a preflight).
    async fn unsigned_post(url: &str) -> String {
        let addr = url.trim_start_matches("http://");
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        let body = r#"{"messages":[{"role":"user","content":[{"text":"hi"}]}]}"#;
        let request = format!(
            "POST /model/amazon.nova-pro-v1:0/converse HTTP/1.1\r\nhost: {addr}\r\ncontent-type: text/plain\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).await.unwrap();
        response.lines().next().unwrap_or_default().to_owned()
    }

    fn signing_with(local: &LocalEndpoint, region: &str) -> Connection {
        Connection {
            source: CredentialSource::StaticKeys {
                access_key_id: local.access_key_id.clone(),
                secret_access_key: local.secret_access_key.clone(),
                session_token: None,
            },
            region: region.into(),
            endpoint_url: Some(local.url.clone()),
            simulated: true,
            runtime_endpoint_url: None,
            messages_endpoint: outcrop_core::MessagesEndpoint::Runtime,
        }
    }

    /// Everything logged on this thread, at every level, into a buffer.
    #[derive(Clone, Default)]
    struct Captured(Arc<std::sync::Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[tokio::test]
    async fn the_embedded_local_bedrock_starts_with_a_key_of_its_own() {
        // A current-thread runtime: the server and the SDK log on this thread, into `captured`.
        let captured = Captured::default();
        let writer = captured.clone();
        let _logging = tracing::subscriber::set_default(
            tracing_subscriber::fmt()
                .with_env_filter("trace")
                .with_writer(move || writer.clone())
                .with_ansi(false)
                .finish(),
        );
        let host = LocalBedrockHost::default();
        let local = host.endpoint("us-east-1").await.unwrap();
        assert!(local.url.starts_with("http://127.0.0.1:"), "{}", local.url);
        assert!(local.access_key_id.starts_with("AKIA") && local.secret_access_key.expose().len() == 40);
        let status = unsigned_post(&local.url).await;
        assert!(status.contains("403"), "{status}");
        let models = signing_with(&local, "us-east-1")
            .bedrock()
            .await
            .list_foundation_models()
            .send()
            .await
            .unwrap();
        assert!(!models.model_summaries().is_empty());

        // The key is the run's: the same for another Region's server, and another run's key is refused.
        let moved = host.endpoint("eu-west-1").await.unwrap();
        assert_eq!(moved.access_key_id, local.access_key_id);
        assert_eq!(moved.secret_access_key, local.secret_access_key);
        let other_run = LocalBedrockHost::default().endpoint("eu-west-1").await.unwrap();
        assert_ne!(other_run.secret_access_key, local.secret_access_key);
        let refused = signing_with(
            &LocalEndpoint {
                url: moved.url.clone(),
                ..other_run
            },
            "eu-west-1",
        )
        .bedrock()
        .await
        .list_foundation_models()
        .send()
        .await;
        assert!(refused.is_err());

        let logged = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        assert!(logged.contains("Local Bedrock started"), "the log was captured");
        assert!(
            !logged.contains(local.secret_access_key.expose()),
            "the key's secret is never logged, even at trace"
        );
    }
}
