//! The steps of `run` and `test`, each printed with its duration.

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::{advisories, bundle, setup, startup_bench};

/// A failed step, with what to do about it.
#[derive(Debug)]
pub struct Error(String);

impl Error {
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Runs a command with inherited stdio; fails with the command line when it exits non-zero.
pub fn run_cmd(mut cmd: Command) -> Result<(), Error> {
    let line = format!(
        "{} {}",
        cmd.get_program().to_string_lossy(),
        cmd.get_args()
            .map(|a| a.to_string_lossy())
            .collect::<Vec<_>>()
            .join(" ")
    );
    println!("$ {line}");
    let status = cmd
        .status()
        .map_err(|e| Error::new(format!("could not start `{line}`: {e}")))?;
    if status.success() {
        Ok(())
    } else {
        Err(Error::new(format!("`{line}` failed ({status})")))
    }
}

/// A cargo command in the repository, building into the shared target directory.
pub fn cargo(root: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.args(args)
        .current_dir(root)
        .env("CARGO_TARGET_DIR", setup::target_dir());
    cmd
}

fn npm(root: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new("npm");
    cmd.args(args).current_dir(root.join("ui"));
    cmd
}

struct Steps {
    started: Instant,
    done: Vec<(String, f64)>,
}

impl Steps {
    fn new() -> Self {
        Self {
            started: Instant::now(),
            done: Vec::new(),
        }
    }

    fn step(&mut self, name: &str, f: impl FnOnce() -> Result<(), Error>) -> Result<(), Error> {
        println!("\n==> {name}");
        let start = Instant::now();
        let result = f();
        let seconds = start.elapsed().as_secs_f64();
        self.done.push((name.to_owned(), seconds));
        result.map_err(|e| Error::new(format!("step \"{name}\" failed after {seconds:.0} s: {e}")))
    }

    fn summary(&self) {
        println!("\n==> summary");
        for (name, seconds) in &self.done {
            println!("  {seconds:>7.1} s  {name}");
        }
        println!("  {:>7.1} s  total", self.started.elapsed().as_secs_f64());
    }
}

fn prepare(steps: &mut Steps, root: &Path, with_test_packages: bool) -> Result<PathBuf, Error> {
    let target = setup::target_dir();
    println!("xtask: cargo target directory {}", target.display());
    steps.step("system packages (apt)", || {
        setup::system_packages(with_test_packages)
    })?;
    steps.step("ui packages (npm ci)", setup::npm_packages)?;
    steps.step("ui build (vite)", || run_cmd(npm(root, &["run", "build"])))?;
    Ok(target)
}

pub fn run(release: bool, app_args: &[String]) -> Result<(), Error> {
    let root = setup::repo_root();
    let mut steps = Steps::new();
    prepare(&mut steps, &root, false)?;
    if cfg!(target_os = "linux")
        && std::env::var_os("DISPLAY").is_none()
        && std::env::var_os("WAYLAND_DISPLAY").is_none()
    {
        println!(
            "xtask: no DISPLAY or WAYLAND_DISPLAY is set; on a headless machine run it under `xvfb-run -a cargo xtask run`"
        );
    }
    let mut args = vec!["run", "--package", "outcrop"];
    if release {
        args.push("--release");
    }
    args.push("--");
    args.extend(app_args.iter().map(String::as_str));
    steps.summary();
    run_cmd(cargo(&root, &args))
}

pub fn test(e2e: bool) -> Result<(), Error> {
    let root = setup::repo_root();
    let mut steps = Steps::new();
    let target = prepare(&mut steps, &root, true)?;

    steps.step("rustfmt", || run_cmd(cargo(&root, &["fmt", "--all", "--check"])))?;
    steps.step("clippy", || {
        run_cmd(cargo(
            &root,
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--locked",
                "--",
                "-D",
                "warnings",
            ],
        ))
    })?;
    steps.step(
        "supply chain (cargo deny: licences, duplicate versions, sources)",
        || {
            setup::cargo_deny()?;
            run_cmd(cargo(
                &root,
                &["deny", "--locked", "check", "licenses", "bans", "sources"],
            ))
        },
    )?;
    steps.step(
        "supply chain (cargo deny: advisories, from the RustSec database or its dated snapshot)",
        || advisories::check(&root, &target),
    )?;
    steps.step("rust tests (with a throw-away Secret Service)", || {
        let tests = cargo(
            &root,
            &["test", "--workspace", "--locked", "--exclude", "outcrop-e2e"],
        );
        run_cmd(with_keyring(tests, &target)?)
    })?;
    let python = steps.step_value(
        "conformance environment (venv: boto3, the AWS CLI, anthropic, Strands Agents, pytest)",
        setup::conformance_venv,
    )?;
    steps.step(
        "conformance (boto3 and the AWS CLI against bedrock-local)",
        || {
            run_cmd(cargo(
                &root,
                &[
                    "build",
                    "--package",
                    "bedrock-local",
                    "--bin",
                    "bedrock-local",
                    "--locked",
                ],
            ))?;
            // "Copy as code", run for real: the conformance suite executes what it prints.
            run_cmd(cargo(
                &root,
                &[
                    "build",
                    "--package",
                    "outcrop-core",
                    "--example",
                    "request_code",
                    "--locked",
                ],
            ))?;
            let mut cmd = Command::new(&python);
            cmd.args([
                "-m",
                "pytest",
                "tests/conformance",
                "-q",
                "-p",
                "no:cacheprovider",
            ])
            .current_dir(&root)
            .env("BEDROCK_LOCAL_BIN", target.join("debug").join("bedrock-local"))
            .env(
                "OUTCROP_REQUEST_CODE_BIN",
                target.join("debug").join("examples").join("request_code"),
            )
            // The AWS CLI the suite runs lives in the same virtualenv as its Python.
            .env("PATH", path_with(python.parent()));
            run_cmd(cmd)
        },
    )?;
    steps.step("svelte-check", || run_cmd(npm(&root, &["run", "check"])))?;
    steps.step("eslint", || run_cmd(npm(&root, &["run", "lint"])))?;
    steps.step("vitest", || run_cmd(npm(&root, &["test"])))?;

    if e2e {
        let driver = steps.step_value("tauri-driver", setup::tauri_driver)?;
        steps.step("app build", || {
            run_cmd(cargo(&root, &["build", "--package", "outcrop", "--locked"]))
        })?;
        let screenshots = root.join("target").join("e2e");
        steps.step("end-to-end (Xvfb + WebDriver)", || {
            std::fs::create_dir_all(&screenshots)
                .map_err(|e| Error::new(format!("could not create {}: {e}", screenshots.display())))?;
            let mut cmd = e2e_command(
                &root,
                &target,
                &target.join("debug").join("outcrop"),
                &driver,
                &screenshots,
            );
            cmd.args([
                "test",
                "--package",
                "outcrop-e2e",
                "--locked",
                "--",
                "--test-threads=1",
            ]);
            run_cmd(with_keyring(cmd, &target)?)
        })?;
        // The install test: the .deb a person would install, installed, started with an empty home, removed.
        let debs = steps.step_value("bundle (release app, .deb)", || {
            bundle::build(&root, &[bundle::Bundle::Deb])
        })?;
        steps.step("install test (dpkg: install, first start, purge)", || {
            let deb = debs.first().ok_or_else(|| Error::new("no .deb was made"))?;
            bundle::install_test(deb, |binary| {
                let mut cmd = e2e_command(&root, &target, binary, &driver, &screenshots);
                cmd.args([
                    "test",
                    "--package",
                    "outcrop-e2e",
                    "--locked",
                    "--test",
                    "installed",
                ]);
                run_cmd(with_keyring(cmd, &target)?)
            })
        })?;
        println!("xtask: screenshots in {}", screenshots.display());
    }
    steps.summary();
    Ok(())
}

/// `cargo xtask bundle`.
pub fn bundle(bundles: &[bundle::Bundle]) -> Result<(), Error> {
    let root = setup::repo_root();
    let mut steps = Steps::new();
    prepare(&mut steps, &root, false)?;
    let made = steps.step_value("bundles (Tauri)", || bundle::build(&root, bundles))?;
    steps.summary();
    for path in made {
        println!("  {:>6.1} MB  {}", bundle::megabytes(&path), path.display());
    }
    Ok(())
}

/// Cargo under Xvfb with what the end-to-end crate reads set: `binary` to drive, tauri-driver, the folder for
/// screenshots; the caller adds Cargo's arguments (`test …` or `bench …`) and the keyring.
fn e2e_command(root: &Path, target: &Path, binary: &Path, driver: &Path, screenshots: &Path) -> Command {
    let mut cmd = Command::new("xvfb-run");
    cmd.args(["-a", "-s", "-screen 0 1280x1024x24"])
        .arg(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target)
        .env("OUTCROP_APP_BINARY", binary)
        .env("OUTCROP_TAURI_DRIVER", driver)
        .env("OUTCROP_E2E_OUT", screenshots);
    cmd
}

impl Steps {
    fn step_value<T>(&mut self, name: &str, f: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
        let mut value = None;
        self.step(name, || {
            value = Some(f()?);
            Ok(())
        })?;
        value.ok_or_else(|| Error::new(format!("step \"{name}\" produced nothing")))
    }
}

/// Benchmarks, each printing its figures: the cache plan, Outcrop's streaming path against the raw SDK, the
/// cache-floor probe's requests per model (its cost), and bedrock-local's Converse requests/s and streamed
/// tokens/s.
/// The libraries' benchmarks: the cache plan, streaming, the floor probe, the large session, bedrock-local.
fn library_benches(steps: &mut Steps, root: &Path) -> Result<(), Error> {
    let root = root.to_path_buf();
    steps.step("cache plan (criterion)", || {
        run_cmd(cargo(
            &root,
            &[
                "bench",
                "--package",
                "outcrop-core",
                "--bench",
                "cache_plan",
                "--locked",
            ],
        ))
    })?;
    steps.step("streaming: Outcrop's runner vs the raw SDK", || {
        run_cmd(cargo(
            &root,
            &[
                "bench",
                "--package",
                "outcrop-bedrock",
                "--bench",
                "streaming",
                "--locked",
            ],
        ))
    })?;
    steps.step("cache-floor probe: requests per model on bedrock-local", || {
        run_cmd(cargo(
            &root,
            &[
                "bench",
                "--package",
                "outcrop-bedrock",
                "--bench",
                "floor_probe",
                "--locked",
            ],
        ))
    })?;
    steps.step(
        "large session: 200 turns over a 2 MB document, opened and searched",
        || {
            run_cmd(cargo(
                &root,
                &[
                    "bench",
                    "--package",
                    "outcrop-bedrock",
                    "--bench",
                    "large_session",
                    "--locked",
                ],
            ))
        },
    )?;
    steps.step("bedrock-local throughput", || {
        run_cmd(cargo(
            &root,
            &[
                "bench",
                "--package",
                "bedrock-local",
                "--bench",
                "throughput",
                "--locked",
            ],
        ))
    })?;
    Ok(())
}

pub fn bench(app_only: bool) -> Result<(), Error> {
    let root = setup::repo_root();
    let mut steps = Steps::new();
    let target = prepare(&mut steps, &root, true)?;
    if !app_only {
        library_benches(&mut steps, &root)?;
    }
    let debs = steps.step_value("release bundle (.deb)", || {
        bundle::build(&root, &[bundle::Bundle::Deb])
    })?;
    let binary = target.join("release").join("outcrop");
    let (starts, uncomposited) = steps.step_value(
        "app start and idle memory (5 starts, then 3 with WebKit's compositing off, under Xvfb)",
        || {
            let scratch = target.join("bench-start");
            let display = startup_bench::Display::start()?;
            let starts = (0..5)
                .map(|_| startup_bench::measure(&binary, &scratch, &display, &[]))
                .collect::<Result<Vec<_>, _>>()?;
            // Side by side: how much of the memory is WebKit's accelerated compositing, drawn by software GL
            // where there is no GPU.
            let uncomposited = (0..3)
                .map(|_| {
                    startup_bench::measure(
                        &binary,
                        &scratch,
                        &display,
                        &[("WEBKIT_DISABLE_COMPOSITING_MODE", "1")],
                    )
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok((starts, uncomposited))
        },
    )?;
    let driver = steps.step_value("tauri-driver", setup::tauri_driver)?;
    let ui = steps.step_value(
        "UI: 1,000 profiles and a 200-turn session in the release app (Xvfb + WebDriver)",
        || {
            let out = target.join("bench-ui");
            std::fs::create_dir_all(&out)
                .map_err(|e| Error::new(format!("could not create {}: {e}", out.display())))?;
            let mut cmd = e2e_command(&root, &target, &binary, &driver, &out);
            cmd.args(["bench", "--package", "outcrop-e2e", "--bench", "ui", "--locked"]);
            run_cmd(cmd)?;
            let figures = out.join("ui-bench.txt");
            std::fs::read_to_string(&figures)
                .map(|text| startup_bench::ui_figures(&text))
                .map_err(|e| Error::new(format!("the UI benchmark wrote no {}: {e}", figures.display())))
        },
    )?;
    steps.summary();
    print_budgets(
        debs.first().map(|deb| bundle::megabytes(deb)),
        &starts,
        &uncomposited,
        &ui,
    );
    Ok(())
}

/// The figures with budgets, as medians with their spread over the runs.
fn print_budgets(
    deb_mb: Option<f64>,
    starts: &[startup_bench::Start],
    uncomposited: &[startup_bench::Start],
    ui: &startup_bench::UiFigures,
) {
    let row = |what: &str, values: &[f64], unit: &str, budget: &str| {
        let (median, low, high) = startup_bench::median_spread(values);
        let within = match budget
            .split_whitespace()
            .nth(1)
            .and_then(|b| b.parse::<f64>().ok())
        {
            Some(limit) if median.is_finite() => {
                if median <= limit {
                    "within"
                } else {
                    "OVER"
                }
            }
            _ => "",
        };
        println!(
            "  {what:<52} {median:>8.1} {unit:<3} ({low:.1}–{high:.1}, n={})  budget {budget:<10} {within}",
            values.len()
        );
    };
    println!("\n==> budgets (median, spread over the runs)");
    row(
        "release .deb size",
        &deb_mb.into_iter().collect::<Vec<_>>(),
        "MB",
        "≤ 15 MB",
    );
    let of = |f: fn(&startup_bench::Start) -> f64| starts.iter().map(f).collect::<Vec<_>>();
    row(
        "start → interactive, from outside (spawn → log line)",
        &of(|s| s.outside_interactive_ms),
        "ms",
        "≤ 500 ms",
    );
    row(
        "start → interactive, the app's own (main → click)",
        &of(|s| s.interactive_ms),
        "ms",
        "≤ 500 ms",
    );
    row(
        "start → first frame, the app's own (main → paint)",
        &of(|s| s.painted_ms),
        "ms",
        "—",
    );
    row(
        "idle memory, app + WebKit processes (PSS)",
        &of(|s| s.idle_pss_mb),
        "MB",
        "≤ 150 MB",
    );
    if let Some(last) = starts.last() {
        let parts: Vec<String> = last
            .pss_by_process
            .iter()
            .map(|(name, mb)| format!("{name} {mb:.1} MB"))
            .collect();
        println!("    of which (last run): {}", parts.join(", "));
    }
    row(
        "  the same with WEBKIT_DISABLE_COMPOSITING_MODE=1",
        &uncomposited.iter().map(|s| s.idle_pss_mb).collect::<Vec<_>>(),
        "MB",
        "—",
    );
    row(
        "1,000 profiles: Models & profiles → Profiles shown",
        &ui.models_first,
        "ms",
        "≤ 300 ms",
    );
    row(
        "1,000 profiles: Reload (listed again, shown)",
        &ui.models_reload,
        "ms",
        "≤ 300 ms",
    );
    row(
        "1,000 profiles: the page visited again",
        &ui.models_again,
        "ms",
        "—",
    );
    row(
        "200-turn session over 2 MB: opened in the Playground",
        &ui.session_open,
        "ms",
        "≤ 100 ms",
    );
    row(
        "  of which Rust + IPC (session_get alone)",
        &ui.session_ipc,
        "ms",
        "—",
    );
    println!("  (the Rust side of that session alone: the \"large session\" figures above)");
}

/// Runs `cmd` inside its own D-Bus session with gnome-keyring unlocked, its keyring in a fresh directory
/// under the target dir: the keychain tests use a real Secret Service and never touch the user's own keyring.
fn with_keyring(cmd: Command, target: &Path) -> Result<Command, Error> {
    // One throw-away keyring at a time: earlier runs' folders go.
    let scratch = target.join("test-keyring").join(std::process::id().to_string());
    let _ = std::fs::remove_dir_all(target.join("test-keyring"));
    std::fs::create_dir_all(&scratch)
        .map_err(|e| Error::new(format!("could not create {}: {e}", scratch.display())))?;
    let runtime_dir = scratch.join("runtime");
    std::fs::create_dir_all(&runtime_dir)
        .map_err(|e| Error::new(format!("could not create {}: {e}", runtime_dir.display())))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&runtime_dir, std::fs::Permissions::from_mode(0o700));
    }
    let mut wrapped = Command::new("dbus-run-session");
    wrapped
        .args([
            "--",
            "sh",
            "-c",
            "printf outcrop | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec \"$@\"",
            "sh",
        ])
        .arg(cmd.get_program())
        .args(cmd.get_args())
        // Its keyring files and its control socket both live in the scratch folder, away from a desktop's own.
        .env("XDG_DATA_HOME", &scratch)
        .env("XDG_RUNTIME_DIR", &runtime_dir)
        .env_remove("GNOME_KEYRING_CONTROL");
    if let Some(dir) = cmd.get_current_dir() {
        wrapped.current_dir(dir);
    }
    for (key, value) in cmd.get_envs() {
        match value {
            Some(value) => wrapped.env(key, value),
            None => wrapped.env_remove(key),
        };
    }
    Ok(wrapped)
}

/// `PATH` with `dir` in front (the process's own `PATH` when there is no directory).
fn path_with(dir: Option<&Path>) -> std::ffi::OsString {
    let current = std::env::var_os("PATH").unwrap_or_default();
    let Some(dir) = dir else { return current };
    let mut paths = vec![dir.to_path_buf()];
    paths.extend(std::env::split_paths(&current));
    std::env::join_paths(paths).unwrap_or(current)
}
