//! `cargo xtask run` and `cargo xtask test`: the two commands a newcomer needs (and `cargo xtask bench`). Each installs what is
//! missing on a Debian/Ubuntu machine (apt packages, npm packages, tauri-driver) before it builds.

#![allow(clippy::print_stdout, clippy::print_stderr)] // a command-line tool talks on stdout/stderr

mod advisories;
mod bundle;
mod setup;
mod startup_bench;
mod steps;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Outcrop's developer commands.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Install what is missing, build the UI and start the Outcrop app.
    ///
    /// Installs the system packages the app needs (WebKitGTK 4.1, GTK 3, libsoup 3, the Secret Service
    /// client) with apt — through sudo when not root — then `npm ci` in ui/ when its lock file changed,
    /// builds the UI with Vite and runs the app with cargo. Build artifacts go to $CARGO_TARGET_DIR, or to
    /// ~/.cache/outcrop/target when it is not set, so they survive between clones.
    Run {
        /// Build with optimisations (slower to build, faster to use).
        #[arg(long)]
        release: bool,
        /// Arguments passed to the app.
        #[arg(last = true)]
        app_args: Vec<String>,
    },
    /// Install what is missing, then run every check and test Outcrop has.
    ///
    /// In order, stopping at the first failure: rustfmt, clippy (warnings are errors), the Rust tests
    /// (unit, property, the SDK against bedrock-local, IPC on Tauri's mock runtime, the TypeScript
    /// bindings drift check), the boto3 conformance suite against the bedrock-local binary (in a
    /// virtualenv under the target directory), svelte-check, eslint, vitest, and the end-to-end test: the built app under Xvfb,
    /// driven through tauri-driver and WebKitWebDriver, which saves screenshots under target/e2e/.
    /// Installs the apt packages (including Xvfb, webkit2gtk-driver and gnome-keyring), `npm ci`, and
    /// `cargo install tauri-driver --locked` when it is not on the PATH.
    Test {
        /// Skip the end-to-end test and the install test (for a quick local loop; CI always runs them).
        #[arg(long)]
        no_e2e: bool,
    },
    /// Install what is missing, then build the release app and its Linux bundles (.deb and AppImage).
    ///
    /// Tauri's bundler makes them, through the Tauri CLI `npm ci` installs in ui/ (@tauri-apps/cli, pinned by
    /// ui/package-lock.json; a prebuilt binary, nothing to compile). The app is built once in release mode
    /// (into $CARGO_TARGET_DIR/release, or ~/.cache/outcrop/target/release), then each bundle is made under
    /// release/bundle/. The .deb needs nothing from the network; the AppImage needs linuxdeploy and its GTK
    /// plugin, which the bundler downloads from github.com — where that is unreachable, ask for the .deb
    /// alone (`--bundles deb`). Prints each bundle's path and size. macOS and Windows bundles are made by
    /// the release workflow (.github/workflows/release.yml) on those systems.
    Bundle {
        /// The bundles to make.
        #[arg(long, value_enum, value_delimiter = ',', default_values_t = [bundle::Bundle::Deb, bundle::Bundle::Appimage])]
        bundles: Vec<bundle::Bundle>,
    },
    /// Run the benchmarks (optimised build) and print their figures, then the budgets table.
    ///
    /// outcrop-core: the cache plan of a 200k-token conversation with four cache points, from cold and after
    /// a one-block edit (criterion). outcrop-bedrock: the streaming path against the raw SDK, the floor
    /// probe's requests, a 200-turn session over a 2 MB document. bedrock-local: Converse requests per second
    /// and ConverseStream tokens per second over loopback. Then the release .deb is made and the release app is
    /// started five times under Xvfb with an empty home: from outside, spawn to its log saying interactive;
    /// from inside, its own milliseconds since main to the first frame and to answering a click; and after
    /// five idle seconds the PSS of the app and its WebKit processes. The table gives each figure's median and
    /// spread beside its budget.
    Bench {
        /// Only the release app's figures (bundle size, start, idle memory), not the library benchmarks.
        #[arg(long)]
        app_only: bool,
    },
    /// Run the advisories check alone (`cargo deny check advisories`), as `cargo xtask test` runs it.
    ///
    /// Against the RustSec database fetched from github.com, or, where that is unreachable, against the dated
    /// snapshot in supply-chain/ (refused once older than 180 days).
    Advisories,
    /// Refresh the RustSec advisory database snapshot in supply-chain/ (used where github.com is unreachable).
    ///
    /// Takes the `crates/` and `rust/` folders of a clone of https://github.com/rustsec/advisory-db — the one
    /// given with --from, or a fresh shallow clone — and records its commit and date beside it. Commit the two
    /// files in supply-chain/ afterwards.
    AdvisoryDb {
        /// A clone of the advisory database to take the snapshot from.
        #[arg(long)]
        from: Option<std::path::PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run { release, app_args } => steps::run(release, &app_args),
        Command::Test { no_e2e } => steps::test(!no_e2e),
        Command::Bench { app_only } => steps::bench(app_only),
        Command::Bundle { bundles } => steps::bundle(&bundles),
        Command::Advisories => advisories::check(&setup::repo_root(), &setup::target_dir()),
        Command::AdvisoryDb { from } => advisories::refresh(from),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("\nxtask: {error}");
            ExitCode::FAILURE
        }
    }
}
