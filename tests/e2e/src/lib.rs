//! Drives the built Outcrop app through WebDriver: `tauri-driver` in front of WebKitWebDriver, the app under
//! Xvfb. `cargo xtask test` builds the app, installs tauri-driver and sets the variables read here.

#![allow(clippy::print_stderr)] // progress of a long-running test goes to stderr

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::error::NewSessionError;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;

/// What the tests need from their environment, with a message that says how to get it.
fn required_env(name: &str) -> PathBuf {
    std::env::var_os(name).map(PathBuf::from).unwrap_or_else(|| {
        panic!("{name} is not set: run the end-to-end tests through `cargo xtask test`, which builds the app and sets it")
    })
}

/// A bedrock-local that accepts only requests signed with this one access key.
pub async fn verifying_bedrock_local(key_id: &str, secret: &str) -> bedrock_local::BedrockLocal {
    bedrock_local::BedrockLocal::start(bedrock_local::Config {
        auth: bedrock_local::AuthPolicy {
            credentials: vec![(key_id.into(), secret.into())],
            api_keys: vec![],
        },
        ..bedrock_local::Config::default()
    })
    .await
    .unwrap_or_else(|error| panic!("bedrock-local did not start: {error}"))
}

/// `N` distinct free loopback ports. Each listener is held until all are chosen: a port released before the next
/// is asked for can come back as the next one, and tauri-driver given the same port for itself and for
/// WebKitWebDriver fails to open a session.
fn free_ports<const N: usize>() -> [u16; N] {
    let listeners: Vec<TcpListener> = (0..N)
        .map(|_| {
            TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
                .unwrap_or_else(|error| panic!("no free loopback port: {error}"))
        })
        .collect();
    std::array::from_fn(|i| {
        listeners[i]
            .local_addr()
            .map(|addr| addr.port())
            .unwrap_or_else(|error| panic!("no free loopback port: {error}"))
    })
}

/// A home of its own for one launch: a first run, its own data directory and no AWS shared files.
pub fn fresh_home() -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let home = std::env::temp_dir().join(format!("outcrop-e2e-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&home).unwrap_or_else(|e| panic!("cannot create {}: {e}", home.display()));
    home
}

/// Where the app started on `home` keeps what it makes (`$XDG_DATA_HOME/<identifier>`).
pub fn data_dir(home: &std::path::Path) -> PathBuf {
    home.join("data").join("app.outcrop.desktop")
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
        Self::launch_with(&[]).await
    }

    /// [`App::launch`] in the desktop's dark theme: GTK's dark Adwaita, which WebKitGTK reports to the page as
    /// `prefers-color-scheme: dark`.
    pub async fn launch_dark() -> Self {
        let app = Self::launch_with(&[("GTK_THEME", "Adwaita:dark")]).await;
        let dark = app
            .client
            .execute(
                "return window.matchMedia('(prefers-color-scheme: dark)').matches;",
                vec![],
            )
            .await
            .unwrap_or_default();
        assert_eq!(
            dark,
            serde_json::Value::Bool(true),
            "the page sees the dark theme"
        );
        app
    }

    /// [`App::launch`] with more environment for the app (it inherits tauri-driver's).
    pub async fn launch_with(environment: &[(&str, &str)]) -> Self {
        Self::launch_in(fresh_home(), environment).await
    }

    /// [`App::launch_with`] on `home`, a [`fresh_home`] the caller has put something in first (what the app
    /// keeps goes in [`data_dir`]).
    pub async fn launch_in(home: PathBuf, environment: &[(&str, &str)]) -> Self {
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

        let [port, native_port] = free_ports::<2>();
        let driver = Command::new(&driver_path)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            // A home of its own: what the app writes for the person (reports) stays in the test's folder.
            .env("HOME", &home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("AWS_CONFIG_FILE", home.join("aws-config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", home.join("aws-credentials"))
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_PROFILE")
            .envs(environment.iter().copied())
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
        // tauri-driver accepts connections before WebKitWebDriver, which it starts for the session, listens: a
        // session asked for in between is dropped without an answer (a transport error, not a WebDriver one).
        // Ask again while that is what happens and tauri-driver is still running; any other answer is final.
        let mut driver = driver;
        let mut dropped = Vec::new();
        let client = loop {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(client) => break client,
                Err(error @ (NewSessionError::Failed(_) | NewSessionError::FailedC(_)))
                    if dropped.len() < 5 && matches!(driver.try_wait(), Ok(None)) =>
                {
                    eprintln!("tauri-driver dropped the session request ({error}); asking again");
                    dropped.push(error.to_string());
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
                Err(error) => panic!(
                    "no WebDriver session on the app: {error} (after {} dropped requests: {dropped:?}; tauri-driver {:?})",
                    dropped.len(),
                    driver.try_wait()
                ),
            }
        };
        Self {
            client,
            driver,
            out_dir,
            home,
        }
    }

    /// Creates an application profile on Models & profiles → Profiles, copied from the system profile `source`
    /// (an ARN), with a Department tag when `department` is given; returns its ARN from the details panel.
    pub async fn create_application_profile(
        &self,
        name: &str,
        source: &str,
        department: Option<&str>,
    ) -> String {
        self.click("a[data-page='models']").await;
        self.click("[data-tab='profiles']").await;
        self.click("[data-testid='create-profile']").await;
        self.fill("[data-testid='create-profile-form'] input[name='name']", name)
            .await;
        self.client
            .execute(
                &format!(
                    "const s = document.querySelector(\"[data-testid='create-profile-form'] select[name='copyFrom']\"); \
                     s.value = '{source}'; s.dispatchEvent(new Event('change', {{bubbles: true}}));"
                ),
                vec![],
            )
            .await
            .unwrap_or_else(|e| panic!("cannot choose {source}: {e}"));
        if let Some(department) = department {
            self.click("[data-testid='create-profile-form'] [data-template='Department']")
                .await;
            self.fill(
                "[data-testid='create-profile-form'] input[name='tag-value-0']",
                department,
            )
            .await;
        }
        self.wait_until(
            "the form to accept the input",
            "!document.querySelector(\"[data-testid='submit-profile']\").disabled",
            10,
        )
        .await;
        self.click("[data-testid='submit-profile']").await;
        self.wait_text("[data-testid='profile-details']", |t| t.contains(name))
            .await;
        let arn = self
            .wait_text("#details-arn", |t| t.contains(":application-inference-profile/"))
            .await;
        arn.trim().to_owned()
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

    /// Clicks the element matching a CSS selector (waiting for it). In presenter mode through the DOM:
    /// presenter mode enlarges the page with CSS `zoom`, which WebKitWebDriver does not account for when it
    /// computes where to click (it answers with an empty error), so the click would miss.
    pub async fn click(&self, selector: &str) {
        let element = self.wait_css(selector).await;
        if self.presenting().await {
            let script = format!(
                "document.querySelector({}).click()",
                serde_json::Value::from(selector)
            );
            self.client
                .execute(&script, vec![])
                .await
                .unwrap_or_else(|e| panic!("cannot click {selector}: {e}"));
            return;
        }
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
    /// Sends the draft once Send is enabled (once the plan of what was typed is back).
    pub async fn send_when_ready(&self) {
        self.wait_until(
            "Send to be enabled",
            "!document.querySelector(\"[data-testid='send-button']\").disabled",
            30,
        )
        .await;
        self.click("[data-testid='send-button']").await;
    }

    /// Runs Compare once its targets are set, and waits for its `columns` columns to finish.
    pub async fn run_compare(&self, columns: usize) {
        self.wait_until(
            "Run to be enabled",
            "!document.querySelector(\"[data-testid='compare-run']\").disabled",
            30,
        )
        .await;
        self.click("[data-testid='compare-run']").await;
        self.wait_until(
            &format!("the {columns} columns to finish"),
            &format!("document.querySelectorAll(\"[data-testid='compare-totals']\").length === {columns}"),
            60,
        )
        .await;
    }

    /// Closes the first-run welcome ("Later") and waits until it is gone: the page moves up under it, so a click
    /// aimed at a button's old place would land elsewhere.
    pub async fn dismiss_welcome(&self) {
        self.click("[data-action='later']").await;
        self.wait_until(
            "the welcome to close",
            "!document.querySelector(\"[data-testid='welcome']\")",
            10,
        )
        .await;
        self.settle().await;
    }

    /// Past the welcome, on the Playground with the long-document example loaded.
    pub async fn open_example(&self) {
        self.dismiss_welcome().await;
        self.click("a[data-page='playground']").await;
        self.wait_text("main h1", |t| t == "Playground").await;
        self.click("[data-testid='load-example']").await;
        self.wait_css("[data-testid='cache-point-marker']").await;
    }

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

    /// What is wrong with the layout of the page as it is now, in words (empty when nothing is): the document or
    /// the main column scrolling sideways, the sidebar overflowing, a table cell cut short (`scrollWidth` over
    /// `clientWidth`), a short table header wrapping onto more than two lines. Only what is displayed counts.
    pub async fn layout_problems(&self) -> Vec<String> {
        self.strings(LAYOUT_CHECK).await
    }

    /// Account IDs and ARNs visible to an audience: in any rendered text, in `title`, `aria-label`,
    /// `placeholder`, `alt` and the value of visible inputs (empty when there are none).
    pub async fn presenter_leaks(&self) -> Vec<String> {
        self.strings(PRESENTER_SCAN).await
    }

    /// The test's own home folder (the app's `HOME`).
    pub fn home(&self) -> &std::path::Path {
        &self.home
    }

    /// Switches the UI language through the sidebar's switch and waits for it to take effect.
    pub async fn set_language(&self, locale: &str) {
        // Right after launch the page may not have rendered the switch yet.
        self.wait_css("[data-testid='language-switch']").await;
        let script = format!(
            "const s = document.querySelector(\"[data-testid='language-switch']\"); s.value = '{locale}'; \
             s.dispatchEvent(new Event('change', {{bubbles: true}}));"
        );
        let _ = self.client.execute(&script, vec![]).await;
        self.wait_until(
            &format!("the language {locale}"),
            &format!("document.documentElement.lang === '{locale}'"),
            10,
        )
        .await;
    }

    /// Whether presenter mode is on.
    pub async fn presenting(&self) -> bool {
        matches!(
            self.client
                .execute(
                    "return Boolean(document.querySelector('.shell.presenter'));",
                    vec![]
                )
                .await,
            Ok(serde_json::Value::Bool(true))
        )
    }

    /// Turns presenter mode on or off (the sidebar's toggle) and waits for the page to follow.
    pub async fn set_presenter(&self, on: bool) {
        let is_on = self.presenting().await;
        if is_on != on {
            // Through the DOM: the sidebar's toggle may sit below the fold of a short window.
            let _ = self
                .client
                .execute(
                    "document.querySelector(\"[data-testid='presenter-toggle']\").click();",
                    vec![],
                )
                .await;
        }
        let want = if on { "" } else { "!" };
        self.wait_until(
            "presenter mode to switch",
            &format!("{want}document.querySelector('.shell.presenter')"),
            10,
        )
        .await;
    }

    /// Waits until the page has laid itself out again after a change: three animation frames (Chart.js resizes on
    /// one after its ResizeObserver fires), then every chart canvas no wider than its box.
    pub async fn settle(&self) {
        let _ = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1]; \
                 requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(() => done(true))));",
                vec![],
            )
            .await;
        self.wait_until(
            "the charts to fit their boxes",
            "[...document.querySelectorAll('canvas')].every(c => !c.parentElement || \
             c.getBoundingClientRect().width <= c.parentElement.getBoundingClientRect().width + 1)",
            10,
        )
        .await;
    }

    /// Opens the Add connection form and fills it in for access keys at `endpoint` (a bedrock-local), without
    /// submitting it.
    pub async fn fill_access_keys_form(
        &self,
        name: &str,
        region: &str,
        endpoint: &str,
        key_id: &str,
        secret: &str,
    ) {
        self.click("[data-testid='add-connection']").await;
        self.fill("input[name='name']", name).await;
        self.click("input[name='source'][value='accessKeys']").await;
        self.fill("input[name='region']", region).await;
        self.click("details.advanced summary").await;
        self.fill("input[name='endpointUrl']", endpoint).await;
        self.fill("input[name='accessKeyId']", key_id).await;
        self.fill("input[name='secretAccessKey']", secret).await;
    }

    /// Runs a script that returns a list of strings.
    async fn strings(&self, script: &str) -> Vec<String> {
        match self.client.execute(script, vec![]).await {
            Ok(serde_json::Value::Array(items)) => items
                .into_iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                .collect(),
            other => vec![format!("the check could not run: {other:?}")],
        }
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

/// The layout check, as a WebDriver script returning a list of problems.
const LAYOUT_CHECK: &str = r#"
const problems = [];
const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
const where = (el) => {
  const id = el.closest('[data-testid]');
  return (id ? id.getAttribute('data-testid') + ' ' : '') + el.tagName.toLowerCase();
};
const doc = document.documentElement;
if (doc.scrollWidth > doc.clientWidth + 1) problems.push(`the document scrolls sideways: ${doc.scrollWidth}px in ${doc.clientWidth}px`);
for (const sel of ['main', '.sidebar', '.work', '.insight']) {
  for (const el of document.querySelectorAll(sel)) {
    if (!shown(el)) continue;
    if (el.scrollWidth > el.clientWidth + 1) {
      // Name what sticks out: the innermost shown element past the container's right edge.
      const edge = el.getBoundingClientRect().right + 1;
      const out = [...el.querySelectorAll('*')].filter((c) => shown(c) && c.getBoundingClientRect().right > edge);
      const inner = out.filter((c) => !out.some((d) => d !== c && c.contains(d)));
      const named = inner.slice(0, 3).map((c) => `${where(c)}${c.className && typeof c.className === 'string' ? '.' + c.className.trim().split(/\s+/).join('.') : ''}`);
      problems.push(`${sel} overflows sideways: ${el.scrollWidth}px in ${el.clientWidth}px${named.length ? ` (past the edge: ${named.join(', ')})` : ''}`);
    }
  }
}
for (const cell of document.querySelectorAll('table td, table th')) {
  if (!shown(cell)) continue;
  const text = cell.textContent.replace(/\s+/g, ' ').trim();
  if (cell.scrollWidth > cell.clientWidth + 1) problems.push(`a cell is cut short in ${where(cell)}: "${text}" needs ${cell.scrollWidth}px, has ${cell.clientWidth}px`);
  if (cell.tagName === 'TH' && text.length >= 2 && text.length <= 24) {
    const range = document.createRange();
    range.selectNodeContents(cell);
    const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
    if (lines > 2) problems.push(`a header wraps onto ${lines} lines in ${where(cell)}: "${text}"`);
  }
}
return problems;
"#;

/// The presenter-mode scan, as a WebDriver script returning what an audience could read that it should not.
const PRESENTER_SCAN: &str = r#"
const found = [];
const leak = /arn:|(?<![A-Za-z0-9])\d{12}(?![A-Za-z0-9])/;
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  const node = walker.currentNode;
  const parent = node.parentElement;
  if (!parent || ['SCRIPT', 'STYLE', 'TEXTAREA'].includes(parent.tagName)) continue;
  if (leak.test(node.nodeValue)) {
    const id = parent.closest('[data-testid]');
    found.push(`text in ${id ? id.getAttribute('data-testid') : parent.tagName.toLowerCase()}: ${node.nodeValue.trim().slice(0, 160)}`);
  }
}
for (const el of document.body.querySelectorAll('*')) {
  for (const name of ['title', 'aria-label', 'aria-description', 'placeholder', 'alt']) {
    const value = el.getAttribute(name);
    if (value && leak.test(value)) found.push(`${name} of ${el.tagName.toLowerCase()}: ${value.slice(0, 160)}`);
  }
  if (el.tagName === 'INPUT' && el.getClientRects().length > 0 && leak.test(el.value)) found.push(`input ${el.name || el.id}: ${el.value.slice(0, 160)}`);
}
return found;
"#;

/// The first formatted figure in a text ("Cache write 6,123 5m 6,123 · 1h 0" → 6123).
pub fn number_in(text: &str) -> u64 {
    let start = text.find(|c: char| c.is_ascii_digit()).unwrap_or(text.len());
    let digits: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',')
        .filter(char::is_ascii_digit)
        .collect();
    digits.parse().unwrap_or(0)
}
