//! No command blocks the window. Tauri runs a synchronous command on the main thread, so a command that
//! touches the disk, the keychain or the network must be `async fn` (or `#[tauri::command(async)]`). This
//! reads the source of every command module and checks each command of the one list (`ipc.rs`): only the
//! ones below, which work in memory alone, may be synchronous.

#![allow(clippy::unwrap_used)] // a test fails loudly

use std::path::Path;

/// The commands allowed to run on the main thread, and why each may: none does I/O.
const SYNCHRONOUS: &[(&str, &str)] = &[
    (
        "app_info",
        "works out the data directory from the environment; reads no file",
    ),
    ("playground_cancel", "cancels a running turn's token, in memory"),
    (
        "playground_bakeoff_cancel",
        "cancels the bake-off's token, in memory",
    ),
    ("floor_probe_stop", "cancels the floor probe's token, in memory"),
];

/// A `#[tauri::command…]` function as the source declares it.
#[derive(Debug, PartialEq, Eq)]
struct Declared {
    name: String,
    /// `async fn`, or `#[tauri::command(async)]`: it runs off the main thread.
    off_main_thread: bool,
    file: String,
}

/// Every command function declared in `source` (the file `file`).
fn declared_in(file: &str, source: &str) -> Vec<Declared> {
    let lines: Vec<&str> = source.lines().map(str::trim).collect();
    let mut declared = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        if !line.starts_with("#[tauri::command") {
            continue;
        }
        let attribute_async = line.contains("async");
        // The signature: the first line after the attribute that is no comment or other attribute, up to
        // its name.
        let signature = lines[at + 1..]
            .iter()
            .find(|l| !(l.is_empty() || l.starts_with("//") || l.starts_with("#[")))
            .copied()
            .unwrap_or_default();
        let words: Vec<&str> = signature
            .split(|c: char| c.is_whitespace() || c == '(' || c == '<')
            .collect();
        let Some(fn_at) = words.iter().position(|w| *w == "fn") else {
            panic!("{file}: no `fn` follows the command attribute on line {}", at + 1);
        };
        declared.push(Declared {
            name: words.get(fn_at + 1).copied().unwrap_or_default().to_owned(),
            off_main_thread: attribute_async || words[..fn_at].contains(&"async"),
            file: file.to_owned(),
        });
    }
    declared
}

/// What breaks the rule: commands that may block the window, and commands the sources or the table do
/// not account for.
fn problems(sources: &[(String, String)], commands: &[&str]) -> Vec<String> {
    let declared: Vec<Declared> = sources
        .iter()
        .flat_map(|(file, source)| declared_in(file, source))
        .collect();
    let mut problems = Vec::new();
    for command in commands {
        let found: Vec<&Declared> = declared.iter().filter(|d| d.name == *command).collect();
        let [declaration] = found.as_slice() else {
            problems.push(format!(
                "{command} is declared {} times in src/commands/ (expected once)",
                found.len()
            ));
            continue;
        };
        let allowed = SYNCHRONOUS.iter().any(|(name, _)| name == command);
        if !declaration.off_main_thread && !allowed {
            problems.push(format!(
                "{command} ({}) is synchronous, so it runs on the main thread: make it `async fn` and put \
                 its blocking work in `blocking(…)`; or, if it truly does no I/O, add it to SYNCHRONOUS",
                declaration.file
            ));
        }
    }
    for (name, _) in SYNCHRONOUS {
        if !commands.contains(name) {
            problems.push(format!("SYNCHRONOUS names {name}, which is no command"));
        }
    }
    problems
}

fn command_sources() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/commands");
    let mut sources: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect();
    sources.sort();
    sources
}

fn command_names() -> Vec<&'static str> {
    outcrop_app::ipc::signatures(&ts_rs::Config::new())
        .into_iter()
        .map(|s| s.name)
        .collect()
}

#[test]
fn every_command_doing_io_is_async() {
    let sources = command_sources();
    let commands = command_names();
    assert!(commands.len() > 30, "the command list is read whole");
    let problems = problems(&sources, &commands);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_command_doing_io_declared_synchronous_is_caught() {
    let commands = command_names();
    let mut sources = command_sources();
    let playground = sources
        .iter_mut()
        .find(|(file, _)| file == "playground.rs")
        .unwrap();
    assert!(playground.1.contains("pub async fn session_save_draft("));
    playground.1 = playground
        .1
        .replace("pub async fn session_save_draft(", "pub fn session_save_draft(");
    let problems = problems(&sources, &commands);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("session_save_draft (playground.rs) is synchronous"),
        "{problems:?}"
    );
}

#[test]
fn the_attribute_form_counts_and_comments_do_not() {
    let source = "\
/// Mentions #[tauri::command] in a comment.
#[tauri::command(async)]
/// Saves it.
#[allow(clippy::needless_pass_by_value)]
pub fn saves(state: State<'_, AppState>) -> Result<(), IpcError> {}

#[tauri::command]
pub fn computes<R: tauri::Runtime>(app: AppHandle<R>) -> u32 {}

#[tauri::command]
pub(crate) async fn waits() {}
";
    assert_eq!(
        declared_in("x.rs", source),
        [
            Declared {
                name: "saves".into(),
                off_main_thread: true,
                file: "x.rs".into()
            },
            Declared {
                name: "computes".into(),
                off_main_thread: false,
                file: "x.rs".into()
            },
            Declared {
                name: "waits".into(),
                off_main_thread: true,
                file: "x.rs".into()
            },
        ]
    );
}

#[test]
fn a_command_missing_from_the_sources_or_a_stale_allowance_is_reported() {
    let sources = vec![(
        "x.rs".to_owned(),
        "#[tauri::command]\npub async fn present() {}\n".to_owned(),
    )];
    let problems = problems(&sources, &["present", "absent"]);
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("absent is declared 0 times")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("SYNCHRONOUS names app_info")),
        "{problems:?}"
    );
}
