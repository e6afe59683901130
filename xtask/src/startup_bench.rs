//! The start and idle-memory figures of `cargo xtask bench`: the release app started on a virtual display (Xvfb,
//! started once beforehand) with an empty home, several times. From outside, the time from spawning the process to the app's log line saying it is
//! interactive; from inside, the app's own figures (milliseconds since `main`) for its first frame and for
//! answering a click; then, after it has sat idle, the memory of the app and its WebKit processes (PSS, summed,
//! so pages shared between them count once).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::steps::Error;

/// One start of the app.
#[derive(Debug, Clone, PartialEq)]
pub struct Start {
    /// Process spawned → its log says interactive, by this process's clock (ms).
    pub outside_interactive_ms: f64,
    /// The app's own: main → first frame (ms).
    pub painted_ms: f64,
    /// The app's own: main → interactive (ms).
    pub interactive_ms: f64,
    /// PSS of the app and every process under it, after idling (MB, 10⁶ bytes).
    pub idle_pss_mb: f64,
    /// The same by process name (the app, WebKitWebProcess, WebKitNetworkProcess, …), largest first.
    pub pss_by_process: Vec<(String, f64)>,
}

/// How long a start may take before the bench gives up on it (a first start compiles WebKit's caches).
const START_TIMEOUT: Duration = Duration::from_secs(60);
/// How long the app idles before its memory is read.
const IDLE: Duration = Duration::from_secs(5);

/// A log line without its terminal colours (`\x1b[…m`).
fn plain(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// `phase=interactive ms=412` in a log line → (`interactive`, 412).
pub fn startup_line(line: &str) -> Option<(String, f64)> {
    let line = plain(line);
    if !line.contains("startup") {
        return None;
    }
    let field = |name: &str| {
        line.split_whitespace()
            .find_map(|word| word.strip_prefix(name))
            .map(|value| value.trim_matches('"'))
    };
    let phase = field("phase=")?.to_owned();
    let ms = field("ms=")?.parse().ok()?;
    Some((phase, ms))
}

/// The PSS (kB) in a `/proc/<pid>/smaps_rollup`.
pub fn pss_kb(smaps_rollup: &str) -> Option<u64> {
    smaps_rollup
        .lines()
        .find_map(|line| line.strip_prefix("Pss:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kb| kb.parse().ok())
}

/// `pid` and every process under it.
fn process_tree(pid: u32) -> Vec<u32> {
    let mut parents: Vec<(u32, u32)> = Vec::new();
    if let Ok(entries) = std::fs::read_dir("/proc") {
        for entry in entries.flatten() {
            let Some(child) = entry.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else {
                continue;
            };
            let Ok(stat) = std::fs::read_to_string(format!("/proc/{child}/stat")) else {
                continue;
            };
            // The command name is in parentheses and may hold spaces: the fields after its ')' are plain.
            let ppid = stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().nth(1))
                .and_then(|p| p.parse::<u32>().ok());
            if let Some(ppid) = ppid {
                parents.push((child, ppid));
            }
        }
    }
    let mut tree = vec![pid];
    let mut i = 0;
    while i < tree.len() {
        let parent = tree[i];
        tree.extend(parents.iter().filter(|(_, p)| *p == parent).map(|(c, _)| *c));
        i += 1;
    }
    tree
}

/// The process under `root` whose executable is `binary`.
fn find_app(root: u32, binary: &Path) -> Option<u32> {
    let wanted = std::fs::canonicalize(binary).ok()?;
    process_tree(root)
        .into_iter()
        .find(|pid| std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == wanted))
}

fn kill_tree(child: &mut Child) {
    for pid in process_tree(child.id()).into_iter().rev() {
        let _ = Command::new("kill").args(["-TERM", &pid.to_string()]).status();
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// A virtual display for the starts: Xvfb on a free display number, started once so that its own start is not
/// counted in the app's.
pub struct Display {
    server: Child,
    pub name: String,
}

impl Display {
    pub fn start() -> Result<Self, Error> {
        let mut server = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x1024x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| Error::new(format!("could not start Xvfb: {e}")))?;
        let stdout = server
            .stdout
            .take()
            .ok_or_else(|| Error::new("Xvfb has no stdout"))?;
        let mut number = String::new();
        BufReader::new(stdout)
            .read_line(&mut number)
            .map_err(|e| Error::new(format!("Xvfb did not name its display: {e}")))?;
        let number = number.trim();
        if number.is_empty() {
            let _ = server.kill();
            return Err(Error::new("Xvfb did not name its display"));
        }
        Ok(Self {
            name: format!(":{number}"),
            server,
        })
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

/// A process's command name (`/proc/<pid>/comm`).
fn comm(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .map(|c| c.trim().to_owned())
        .unwrap_or_else(|_| pid.to_string())
}

/// Starts `binary` on `display` with an empty home and `environment` added to its own, and measures one start.
pub fn measure(
    binary: &Path,
    scratch: &Path,
    display: &Display,
    environment: &[(&str, &str)],
) -> Result<Start, Error> {
    let home = scratch.join(format!("home-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).map_err(|e| Error::new(format!("{}: {e}", home.display())))?;
    let spawned = Instant::now();
    // A D-Bus session of its own (WebKit and the Secret Service look for one) on the virtual display.
    let mut child = Command::new("dbus-run-session")
        .arg("--")
        .arg(binary)
        .env("DISPLAY", &display.name)
        .env("HOME", &home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("AWS_CONFIG_FILE", home.join("aws-config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join("aws-credentials"))
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_PROFILE")
        .env("RUST_LOG", "outcrop_app=info")
        .env("NO_COLOR", "1")
        .envs(environment.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Error::new(format!("could not start xvfb-run {}: {e}", binary.display())))?;
    let stderr = child.stderr.take().ok_or_else(|| Error::new("no stderr"))?;
    let (sender, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if sender.send((Instant::now(), line)).is_err() {
                break;
            }
        }
    });
    let mut painted = None;
    let mut interactive = None;
    let deadline = spawned + START_TIMEOUT;
    // The app says it is interactive only once its first frame is drawn: both lines come, painted first.
    while interactive.is_none() || painted.is_none() {
        let left = deadline.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left) {
            Ok((at, line)) => match startup_line(&line) {
                Some((phase, ms)) if phase == "painted" => painted = Some(ms),
                Some((phase, ms)) if phase == "interactive" => interactive = Some((at, ms)),
                _ => {}
            },
            Err(_) => {
                kill_tree(&mut child);
                return Err(Error::new(format!(
                    "{} did not say it was interactive within {} s",
                    binary.display(),
                    START_TIMEOUT.as_secs()
                )));
            }
        }
    }
    let (seen, interactive_ms) = interactive.unwrap_or((spawned, 0.0));
    std::thread::sleep(IDLE);
    let app = find_app(child.id(), binary);
    let mut by_process: Vec<(String, f64)> = Vec::new();
    for pid in app.map(process_tree).unwrap_or_default() {
        let Some(kb) = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
            .ok()
            .and_then(|rollup| pss_kb(&rollup))
        else {
            continue;
        };
        let name = comm(pid);
        let mb = kb as f64 * 1024.0 / 1e6;
        match by_process.iter_mut().find(|(n, _)| *n == name) {
            Some((_, total)) => *total += mb,
            None => by_process.push((name, mb)),
        }
    }
    by_process.sort_by(|a, b| b.1.total_cmp(&a.1));
    let pss_mb: f64 = by_process.iter().map(|(_, mb)| mb).sum();
    kill_tree(&mut child);
    let _ = std::fs::remove_dir_all(&home);
    if app.is_none() {
        return Err(Error::new(format!(
            "the app process of {} was not found",
            binary.display()
        )));
    }
    Ok(Start {
        outside_interactive_ms: seen.duration_since(spawned).as_secs_f64() * 1000.0,
        painted_ms: painted.unwrap_or(f64::NAN),
        interactive_ms,
        idle_pss_mb: pss_mb,
        pss_by_process: by_process,
    })
}

/// Median and spread (min, max) of some figures.
pub fn median_spread(values: &[f64]) -> (f64, f64, f64) {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    sorted.sort_by(f64::total_cmp);
    if sorted.is_empty() {
        return (f64::NAN, f64::NAN, f64::NAN);
    }
    let middle = sorted.len() / 2;
    let median = if sorted.len().is_multiple_of(2) {
        (sorted[middle - 1] + sorted[middle]) / 2.0
    } else {
        sorted[middle]
    };
    (median, sorted[0], sorted[sorted.len() - 1])
}

/// The UI benchmark's figures (`tests/e2e/benches/ui.rs`), in milliseconds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UiFigures {
    pub models_first: Vec<f64>,
    pub models_reload: Vec<f64>,
    pub models_again: Vec<f64>,
    pub session_open: Vec<f64>,
    pub session_ipc: Vec<f64>,
}

/// Reads the UI benchmark's file: a line per figure, its name and then its samples.
pub fn ui_figures(text: &str) -> UiFigures {
    let mut figures = UiFigures::default();
    for line in text.lines() {
        let mut words = line.split_whitespace();
        let slot = match words.next() {
            Some("models-first") => &mut figures.models_first,
            Some("models-reload") => &mut figures.models_reload,
            Some("models-again") => &mut figures.models_again,
            Some("session-open") => &mut figures.session_open,
            Some("session-ipc") => &mut figures.session_ipc,
            _ => continue,
        };
        slot.extend(words.filter_map(|w| w.parse::<f64>().ok()));
    }
    figures
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_apps_startup_lines_and_pss() {
        let line = "2026-12-01T21:40:00.1Z  INFO outcrop_app::startup: startup phase=\"interactive\" ms=412";
        assert_eq!(startup_line(line), Some(("interactive".to_owned(), 412.0)));
        let coloured = "\x1b[2m2026\x1b[0m \x1b[32m INFO\x1b[0m \x1b[2moutcrop_app::startup\x1b[0m: startup \x1b[3mphase\x1b[0m\x1b[2m=\x1b[0m\"painted\" \x1b[3mms\x1b[0m\x1b[2m=\x1b[0m97";
        assert_eq!(startup_line(coloured), Some(("painted".to_owned(), 97.0)));
        assert_eq!(startup_line("INFO outcrop_app: Local Bedrock started"), None);
        let rollup = "00400000-7ffc [rollup]\nRss:              123456 kB\nPss:               98765 kB\n";
        assert_eq!(pss_kb(rollup), Some(98_765));
        assert_eq!(median_spread(&[3.0, 1.0, 2.0]), (2.0, 1.0, 3.0));
        assert_eq!(median_spread(&[4.0, 1.0, 2.0, 3.0]), (2.5, 1.0, 4.0));
        assert!(process_tree(std::process::id()).contains(&std::process::id()));
    }

    #[test]
    fn reads_the_ui_benchmarks_figures() {
        let figures = ui_figures("models-first 204.1 393.0\nsession-open 12.5\nsomething-else 1\n");
        assert_eq!(figures.models_first, vec![204.1, 393.0]);
        assert_eq!(figures.session_open, vec![12.5]);
        assert!(figures.models_reload.is_empty());
    }
}
