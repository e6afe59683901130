//! The UI's budgets, measured in the built app through WebDriver, as a person meets them:
//!
//! - Models & profiles with 1,000 application profiles on Local Bedrock: the page opened on its Profiles tab (the
//!   catalogue loaded from Local Bedrock on the way, every row rendered), Reload (listed again, rendered again),
//!   and a later visit (rendered from the catalogue kept).
//! - A 200-turn session over a 2 MB document opened from the Playground's session list (the session written as
//!   Outcrop writes it, by the same fixture as `outcrop-bedrock`'s `large_session` benchmark).
//!
//! Each figure is timed inside the page, from the click to the frame after the page shows the result
//! (`performance.now()`, then one animation frame so the frame with the result has been painted). Several app
//! launches, each on a home seeded beforehand: Local Bedrock's state file with the profiles, the Playground's
//! database with the session. Prints the figures and writes them to `$OUTCROP_E2E_OUT/ui-bench.txt` for
//! `cargo xtask bench`'s budgets table, which runs this with the release app.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::unwrap_used,
    clippy::expect_used
)]

use std::path::Path;

use aws_sdk_bedrock::types::{InferenceProfileModelSource, Tag};
use outcrop_e2e::App;

#[path = "../../../crates/outcrop-bedrock/benches/fixtures/large_session.rs"]
mod large_session;

/// How many application profiles Local Bedrock holds (next to its system-defined ones).
const PROFILES: usize = 1_000;
/// App launches, each a fresh home.
const LAUNCHES: usize = 3;
/// Session opens and page revisits per launch.
const ROUNDS: usize = 3;
const SOURCE: &str =
    "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0";

/// Creates the profiles through Local Bedrock's CreateInferenceProfile (aws-sdk-bedrock), with the state file the
/// app's Local Bedrock reads at its start.
async fn seed_profiles(state_file: &Path) {
    let server = bedrock_local::BedrockLocal::start(bedrock_local::Config {
        state_file: Some(state_file.to_path_buf()),
        ..bedrock_local::Config::default()
    })
    .await
    .expect("bedrock-local starts");
    let sdk = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .endpoint_url(server.url())
        .credentials_provider(aws_credential_types::Credentials::new(
            "AKIDBENCH",
            "bench",
            None,
            None,
            "bench",
        ))
        .load()
        .await;
    let client = aws_sdk_bedrock::Client::new(&sdk);
    let departments = ["Sales", "Support", "Research", "Finance"];
    for i in 0..PROFILES {
        client
            .create_inference_profile()
            .inference_profile_name(format!("team-{i:04}"))
            .description(format!("Profile {i} of the UI benchmark"))
            .model_source(InferenceProfileModelSource::CopyFrom(SOURCE.into()))
            .tags(
                Tag::builder()
                    .key("Department")
                    .value(departments[i % departments.len()])
                    .build()
                    .unwrap(),
            )
            .send()
            .await
            .expect("Local Bedrock creates the profile");
    }
    server.shutdown().await;
}

/// A script for `execute_async`: runs `action`, then waits a frame at a time until `ready` is true and returns
/// the milliseconds from before the action to the frame after.
fn timed(action: &str, ready: &str) -> String {
    format!(
        "const done = arguments[arguments.length - 1]; const start = performance.now(); {action}; \
         const check = () => {{ if ({ready}) requestAnimationFrame(() => done(performance.now() - start)); \
         else requestAnimationFrame(check); }}; check();"
    )
}

async fn time(app: &App, what: &str, action: &str, ready: &str) -> f64 {
    match app.client.execute_async(&timed(action, ready), vec![]).await {
        Ok(serde_json::Value::Number(ms)) => ms.as_f64().unwrap(),
        other => panic!("{what}: the page did not answer ({other:?})"),
    }
}

/// Reload on Models & profiles: from the click to the frame after the button is enabled again, which happens in
/// the same update as the list Local Bedrock sent is rendered.
async fn reload(app: &App) -> f64 {
    let script = "const done = arguments[arguments.length - 1]; \
        const button = document.querySelector(\"[data-action='refresh']\"); let busy = false; \
        const start = performance.now(); \
        const observer = new MutationObserver(() => { if (button.disabled) { busy = true; } else if (busy) { \
          observer.disconnect(); requestAnimationFrame(() => done(performance.now() - start)); } }); \
        observer.observe(button, { attributes: true, attributeFilter: ['disabled'] }); button.click();";
    match app.client.execute_async(script, vec![]).await {
        Ok(serde_json::Value::Number(ms)) => ms.as_f64().unwrap(),
        other => panic!("Reload: the page did not answer ({other:?})"),
    }
}

fn click(selector: &str) -> String {
    format!(
        "document.querySelector({}).click()",
        serde_json::Value::from(selector)
    )
}

const PROFILES_SHOWN: &str = "!document.querySelector(\"[data-testid='catalog-loading']\") && \
     document.querySelectorAll('[data-profile-id]').length > 1000";
const SESSION_SHOWN: &str = "document.querySelector(\"[data-testid='turn'][data-seq='200']\")";

#[derive(Default)]
struct Figures {
    models_first: Vec<f64>,
    models_reload: Vec<f64>,
    models_again: Vec<f64>,
    session_open: Vec<f64>,
    session_ipc: Vec<f64>,
}

async fn one_launch(figures: &mut Figures) {
    let home = outcrop_e2e::fresh_home();
    let data = outcrop_e2e::data_dir(&home);
    std::fs::create_dir_all(data.join("local-bedrock")).unwrap();
    seed_profiles(&data.join("local-bedrock").join("world.json")).await;
    large_session::write_current(&data, &large_session::conversation());

    let app = App::launch_in(home, &[]).await;
    app.click("[data-action='start-local']").await;
    app.wait_text("main h1", |t| t == "Playground").await;
    // The Playground opens the latest session: the large one, wholly shown before anything is timed.
    app.wait_until("the large session", SESSION_SHOWN, 60).await;

    // The Profiles tab is clicked as soon as the page shows it (once the catalogue is there).
    figures.models_first.push(
        time(
            &app,
            "Models & profiles",
            &click("a[data-page='models']"),
            &format!(
                "(() => {{ const tab = document.querySelector(\"[data-tab='profiles']\"); \
                 if (tab && tab.getAttribute('aria-selected') !== 'true') tab.click(); \
                 return tab && tab.getAttribute('aria-selected') === 'true'; }})() && {PROFILES_SHOWN}"
            ),
        )
        .await,
    );
    let count = app
        .wait_text("[data-testid='profile-count']", |t| !t.is_empty())
        .await;
    assert!(count.contains("1,0"), "every profile is listed: {count}");
    for _ in 0..ROUNDS {
        figures.models_reload.push(reload(&app).await);
        app.click("a[data-page='playground']").await;
        app.wait_until("the Playground", SESSION_SHOWN, 30).await;
        figures.models_again.push(
            time(
                &app,
                "Models & profiles again",
                &click("a[data-page='models']"),
                PROFILES_SHOWN,
            )
            .await,
        );
    }
    app.screenshot("bench-profiles").await;

    app.click("a[data-page='playground']").await;
    app.wait_until("the Playground", SESSION_SHOWN, 30).await;
    app.click("[data-testid='sessions-toggle']").await;
    for _ in 0..ROUNDS {
        app.click("[data-testid='new-session']").await;
        // The list's buttons stay disabled until the new session is in it too: a click before that is lost.
        app.wait_until(
            "a new session, listed",
            &format!(
                "!document.querySelector(\"[data-testid='turn']\") && \
                 document.querySelector(\"[data-testid='session-item'] [aria-current='true']\") && \
                 !document.querySelector(\"[data-session-id='{}'] [data-action='open-session']:disabled\")",
                large_session::SESSION_ID
            ),
            30,
        )
        .await;
        figures.session_open.push(
            time(
                &app,
                "the large session",
                &click(&format!(
                    "[data-session-id='{}'] [data-action='open-session']",
                    large_session::SESSION_ID
                )),
                SESSION_SHOWN,
            )
            .await,
        );
    }
    // Of that, what Rust and IPC take: the session asked for and received, nothing rendered.
    for _ in 0..ROUNDS {
        let script = format!(
            "const done = arguments[arguments.length - 1]; const start = performance.now(); \
             window.__TAURI_INTERNALS__.invoke('session_get', {{ id: '{}' }}).then(() => done(performance.now() - start));",
            large_session::SESSION_ID
        );
        match app.client.execute_async(&script, vec![]).await {
            Ok(serde_json::Value::Number(ms)) => figures.session_ipc.push(ms.as_f64().unwrap()),
            other => panic!("session_get: the page did not answer ({other:?})"),
        }
    }
    app.screenshot("bench-session").await;
    app.close().await;
}

fn summary(values: &[f64]) -> String {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    format!(
        "{:>7.0} ms  ({:.0}–{:.0}, n={})",
        sorted[sorted.len() / 2],
        sorted[0],
        sorted[sorted.len() - 1],
        sorted.len()
    )
}

fn main() {
    // `cargo bench` passes `--bench`; nothing here takes arguments.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut figures = Figures::default();
    for launch in 0..LAUNCHES {
        eprintln!("ui bench: launch {} of {LAUNCHES}", launch + 1);
        runtime.block_on(one_launch(&mut figures));
    }
    println!(
        "UI: {PROFILES} application profiles on Local Bedrock; a {}-turn session over a {:.0} MB document \
         (median, spread; {LAUNCHES} launches)",
        large_session::TURNS,
        large_session::DOCUMENT_BYTES as f64 / 1e6
    );
    // Printed, and written one line per figure (its name, then its samples) for `cargo xtask bench`'s table.
    let rows = [
        (
            "models-first",
            "Models & profiles → Profiles, first visit",
            &figures.models_first,
        ),
        (
            "models-reload",
            "Models & profiles: Reload",
            &figures.models_reload,
        ),
        (
            "models-again",
            "Models & profiles → Profiles, visited again",
            &figures.models_again,
        ),
        (
            "session-open",
            "the 200-turn session opened",
            &figures.session_open,
        ),
        (
            "session-ipc",
            "  of which Rust + IPC (session_get alone)",
            &figures.session_ipc,
        ),
    ];
    let mut lines = String::new();
    for (name, what, values) in rows {
        println!("  {what:<46} {}", summary(values));
        let samples: Vec<String> = values.iter().map(|v| format!("{v:.1}")).collect();
        lines.push_str(&format!("{name} {}\n", samples.join(" ")));
    }
    let out = std::env::var_os("OUTCROP_E2E_OUT").expect("OUTCROP_E2E_OUT is set");
    std::fs::write(Path::new(&out).join("ui-bench.txt"), lines).unwrap();
}
