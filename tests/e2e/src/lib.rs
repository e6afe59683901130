//! Drives the built Outcrop app through WebDriver: `tauri-driver` in front of WebKitWebDriver, the app under
//! Xvfb. `cargo xtask test` builds the app, installs tauri-driver and sets the variables read here.

#![allow(clippy::print_stderr)] // progress of a long-running test goes to stderr

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;

/// What the tests need from their environment, with a message that says how to get it.
fn required_env(name: &str) -> PathBuf {
    std::env::var_os(name).map(PathBuf::from).unwrap_or_else(|| {
        panic!("{name} is not set: run the end-to-end tests through `cargo xtask test`, which builds the app and sets it")
    })
}

fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .unwrap_or_else(|error| panic!("no free loopback port: {error}"))
}

/// A running app with a WebDriver session on it. Dropping it ends the session's driver.
#[derive(Debug)]
pub struct App {
    pub client: Client,
    driver: Child,
    out_dir: PathBuf,
    /// The app's own data directory for this launch (a first run), removed at the end.
    home: PathBuf,
}

impl App {
    /// Starts tauri-driver on free ports and opens a session on the built app.
    pub async fn launch() -> Self {
        let binary = required_env("OUTCROP_APP_BINARY");
        assert!(
            binary.is_file(),
            "the app binary {} does not exist; build it first",
            binary.display()
        );
        let driver_path = required_env("OUTCROP_TAURI_DRIVER");
        let out_dir = required_env("OUTCROP_E2E_OUT");
        std::fs::create_dir_all(&out_dir)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", out_dir.display()));

        // Each launch is a first run: its own data directory and no AWS shared files.
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let home = std::env::temp_dir().join(format!("outcrop-e2e-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&home).unwrap_or_else(|e| panic!("cannot create {}: {e}", home.display()));

        let port = free_port();
        let native_port = free_port();
        let driver = Command::new(&driver_path)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("XDG_DATA_HOME", home.join("data"))
            .env("AWS_CONFIG_FILE", home.join("aws-config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", home.join("aws-credentials"))
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_PROFILE")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", driver_path.display()));

        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "tauri-driver did not listen on port {port} within 30 s"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }

        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": binary.to_string_lossy() }),
        );
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .unwrap_or_else(|e| panic!("no WebDriver session on the app: {e}"));
        Self {
            client,
            driver,
            out_dir,
            home,
        }
    }

    /// Waits (up to 20 s) for an element matching a CSS selector.
    pub async fn wait_css(&self, selector: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(selector))
            .await
            .unwrap_or_else(|e| panic!("{selector} did not appear: {e}"))
    }

    /// Waits (up to 10 s) until the text content of the element matching `selector` satisfies `pred`
    /// (whitespace collapsed); returns the last text seen.
    pub async fn wait_text(&self, selector: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        let script = format!(
            "const e = document.querySelector({}); return e ? e.textContent.replace(/\\s+/g, ' ').trim() : '';",
            serde_json::Value::from(selector)
        );
        loop {
            let text = match self.client.execute(&script, vec![]).await {
                Ok(serde_json::Value::String(text)) => text,
                _ => String::new(),
            };
            if pred(&text) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "{selector} never showed the expected text; last seen {text:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Clicks the element matching a CSS selector (waiting for it).
    pub async fn click(&self, selector: &str) {
        let element = self.wait_css(selector).await;
        // Centre it first: the status bar covers the bottom edge of the scrolling page.
        let script = format!(
            "document.querySelector({}).scrollIntoView({{block: 'center'}})",
            serde_json::Value::from(selector)
        );
        let _ = self.client.execute(&script, vec![]).await;
        element
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot click {selector}: {e}"));
    }

    /// Replaces the text of an input matching a CSS selector.
    pub async fn fill(&self, selector: &str, text: &str) {
        let input = self.wait_css(selector).await;
        input
            .clear()
            .await
            .unwrap_or_else(|e| panic!("cannot clear {selector}: {e}"));
        input
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("cannot type into {selector}: {e}"));
    }

    /// Waits (up to `seconds`) until `script` (a JavaScript expression) is true in the page.
    pub async fn wait_until(&self, what: &str, script: &str, seconds: u64) {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        loop {
            let value = self
                .client
                .execute(&format!("return Boolean({script});"), vec![])
                .await;
            if matches!(value, Ok(serde_json::Value::Bool(true))) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what} ({script})"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Saves a PNG of the app's window content under the output directory.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self
            .client
            .screenshot()
            .await
            .unwrap_or_else(|e| panic!("screenshot failed: {e}"));
        assert!(png.starts_with(b"\x89PNG"), "the screenshot is not a PNG");
        let path = self.out_dir.join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        eprintln!("screenshot: {}", path.display());
        path
    }

    /// Ends the session (which closes the app) and the driver.
    pub async fn close(mut self) {
        let client = self.client.clone();
        if let Err(error) = client.close().await {
            eprintln!("closing the WebDriver session failed: {error}");
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for App {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = std::fs::remove_dir_all(&self.home);
    }
}
