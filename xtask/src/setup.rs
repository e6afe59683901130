//! Installing what the build needs: apt packages, npm packages, tauri-driver; and where artifacts go.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::steps::{Error, run_cmd};

/// What the app needs to build and run on Debian/Ubuntu (Tauri's WebKitGTK 4.1 stack, the Secret Service).
pub const RUN_PACKAGES: &[&str] = &[
    "build-essential",
    "pkg-config",
    "curl",
    "wget",
    "file",
    "libwebkit2gtk-4.1-dev",
    "libjavascriptcoregtk-4.1-dev",
    "libsoup-3.0-dev",
    "libgtk-3-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
    "libxdo-dev",
    "libssl-dev",
    "libdbus-1-dev",
    "gnome-keyring",
    "libsecret-tools",
    "dbus",
    "dbus-x11",
    // The UI speaks Japanese as well as English; a bare Debian has no font with Japanese glyphs.
    "fonts-ipafont-gothic",
];

/// What the tests need on top: a virtual display, the WebKit WebDriver, screenshots, a PDF rasteriser (the
/// end-to-end test looks at an exported report's PDF as an image), and Python with venv for the boto3 conformance
/// suite.
pub const TEST_PACKAGES: &[&str] = &[
    "xvfb",
    "xauth",
    "webkit2gtk-driver",
    "imagemagick",
    "x11-apps",
    "poppler-utils",
    "python3",
    "python3-venv",
];

/// The repository root (xtask lives one level below it).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// `$CARGO_TARGET_DIR`, or a cache directory that outlives any one clone, so a fresh clone on a machine
/// that built Outcrop before does not start cold.
pub fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        // Tests run from their own crate's folder: a relative target dir would point elsewhere there.
        let dir = PathBuf::from(dir);
        return std::path::absolute(&dir).unwrap_or(dir);
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")));
    match cache {
        Some(cache) => cache.join("outcrop").join("target"),
        None => repo_root().join("target"),
    }
}

fn is_installed(package: &str) -> Result<bool, Error> {
    let output = Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output()
        .map_err(|e| Error::new(format!("could not run dpkg-query: {e}")))?;
    Ok(output.status.success() && String::from_utf8_lossy(&output.stdout).contains("install ok installed"))
}

pub fn have(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program} >/dev/null 2>&1")])
        .status()
        .is_ok_and(|s| s.success())
}

pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}

/// Installs the missing apt packages, or explains what to install where apt is not available.
pub fn system_packages(with_test_packages: bool) -> Result<(), Error> {
    let wanted: Vec<&str> = RUN_PACKAGES
        .iter()
        .chain(if with_test_packages { TEST_PACKAGES } else { &[] })
        .copied()
        .collect();
    if !cfg!(target_os = "linux") {
        println!(
            "xtask: not Linux; make sure Tauri's prerequisites are installed (https://tauri.app/start/prerequisites/)"
        );
        return Ok(());
    }
    if !have("dpkg-query") || !have("apt-get") {
        return Err(Error::new(format!(
            "apt is not available on this machine, so Outcrop cannot install its system packages itself.\n\
             Install the equivalents of these Debian packages with your distribution's package manager, then run again:\n  {}",
            wanted.join(" ")
        )));
    }
    let mut missing = Vec::new();
    for package in &wanted {
        if !is_installed(package)? {
            missing.push(*package);
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    println!("xtask: installing system packages: {}", missing.join(" "));
    let sudo: &[&str] = if is_root() {
        &[]
    } else if have("sudo") {
        &["sudo"]
    } else {
        return Err(Error::new(format!(
            "these packages are missing and neither root nor sudo is available to install them:\n  \
             apt-get install -y --no-install-recommends {}",
            missing.join(" ")
        )));
    };
    let apt = |args: &[&str]| {
        let mut cmd = Command::new(sudo.first().copied().unwrap_or("apt-get"));
        if !sudo.is_empty() {
            cmd.args(["env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]);
        }
        cmd.env("DEBIAN_FRONTEND", "noninteractive").args(args);
        cmd
    };
    run_cmd(apt(&["update", "-q"]))?;
    let mut install = apt(&["install", "-y", "-q", "--no-install-recommends"]);
    install.args(&missing);
    run_cmd(install)
}

/// `npm ci` in ui/ when node_modules is missing or was installed from another package-lock.json.
pub fn npm_packages() -> Result<(), Error> {
    let ui = repo_root().join("ui");
    let lock = std::fs::read(ui.join("package-lock.json"))
        .map_err(|e| Error::new(format!("ui/package-lock.json is unreadable: {e}")))?;
    let stamp = ui.join("node_modules").join(".outcrop-installed-lock");
    if std::fs::read(&stamp).is_ok_and(|installed| installed == lock) {
        return Ok(());
    }
    if !have("npm") {
        return Err(Error::new(
            "npm is not on the PATH: install Node.js 20.19 or newer (with npm), then run again",
        ));
    }
    let mut cmd = Command::new("npm");
    cmd.args(["ci", "--no-audit", "--no-fund"]).current_dir(&ui);
    run_cmd(cmd)?;
    std::fs::write(&stamp, lock).map_err(|e| Error::new(format!("could not write {}: {e}", stamp.display())))
}

/// The path of `tauri-driver`, installing it from crates.io when it is not on the PATH or in ~/.cargo/bin.
pub fn tauri_driver() -> Result<PathBuf, Error> {
    if have("tauri-driver") {
        return Ok(PathBuf::from("tauri-driver"));
    }
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .ok_or_else(|| Error::new("neither CARGO_HOME nor HOME is set"))?;
    let installed = cargo_home.join("bin").join("tauri-driver");
    if installed.is_file() {
        return Ok(installed);
    }
    println!("xtask: installing tauri-driver from crates.io");
    let mut cmd = Command::new("cargo");
    cmd.args(["install", "tauri-driver", "--locked"]);
    run_cmd(cmd)?;
    Ok(installed)
}

/// `cargo deny`, installed from crates.io when `cargo-deny` is not on the PATH or in ~/.cargo/bin (where
/// `cargo` finds it as a subcommand).
pub fn cargo_deny() -> Result<PathBuf, Error> {
    if have("cargo-deny") {
        return Ok(PathBuf::from("cargo-deny"));
    }
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .ok_or_else(|| Error::new("neither CARGO_HOME nor HOME is set"))?;
    let installed = cargo_home.join("bin").join("cargo-deny");
    if installed.is_file() {
        return Ok(installed);
    }
    println!("xtask: installing cargo-deny from crates.io");
    let mut cmd = Command::new("cargo");
    cmd.args(["install", "cargo-deny", "--locked"]);
    run_cmd(cmd)?;
    Ok(installed)
}

/// A virtualenv with the conformance suite's pinned packages (boto3, pytest), kept beside the target directory
/// and made again when `tests/conformance/requirements.txt`, the system's Python or the venv's own path changes
/// (a venv's scripts name its Python by absolute path, so a moved venv no longer runs). Returns its Python.
pub fn conformance_venv() -> Result<PathBuf, Error> {
    let requirements_path = repo_root()
        .join("tests")
        .join("conformance")
        .join("requirements.txt");
    let requirements = std::fs::read(&requirements_path)
        .map_err(|e| Error::new(format!("{} is unreadable: {e}", requirements_path.display())))?;
    let venv = target_dir().join("conformance-venv");
    let python = venv.join("bin").join("python");
    let stamp_path = venv.join(".outcrop-installed-requirements");
    if !have("python3") {
        return Err(Error::new(
            "python3 is not on the PATH: install python3 and python3-venv, then run again",
        ));
    }
    let system_python = Command::new("python3")
        .arg("--version")
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned())
        .unwrap_or_default();
    let mut stamp = requirements.clone();
    stamp.extend_from_slice(format!("\nvenv: {}\npython: {system_python}\n", venv.display()).as_bytes());
    if python.is_file() && std::fs::read(&stamp_path).is_ok_and(|installed| installed == stamp) {
        return Ok(python);
    }
    let mut create = Command::new("python3");
    create.args(["-m", "venv", "--clear"]).arg(&venv);
    run_cmd(create)?;
    let mut install = Command::new(&python);
    install
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
        ])
        .arg(&requirements_path);
    run_cmd(install)?;
    std::fs::write(&stamp_path, stamp)
        .map_err(|e| Error::new(format!("could not write {}: {e}", stamp_path.display())))?;
    Ok(python)
}
