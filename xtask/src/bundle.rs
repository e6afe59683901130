//! `cargo xtask bundle`: the release app in the Linux bundles Tauri's bundler makes (.deb and AppImage), and the
//! install test `cargo xtask test` runs on the .deb.
//!
//! The Tauri CLI is the one `npm ci` installs in ui/ (@tauri-apps/cli, its version pinned by
//! ui/package-lock.json, a prebuilt binary for this system): nothing to compile, and the same CLI the UI's scripts
//! name. The .deb is made by the bundler itself; the AppImage needs linuxdeploy and its GTK plugin, which the
//! bundler downloads from github.com — where that is unreachable it cannot be made, and the command says so.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::setup;
use crate::steps::{Error, run_cmd};

/// A Linux bundle Tauri makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Bundle {
    Deb,
    Appimage,
}

impl Bundle {
    fn name(self) -> &'static str {
        match self {
            Self::Deb => "deb",
            Self::Appimage => "appimage",
        }
    }

    /// Where the bundler writes this bundle, under the target directory.
    fn dir(self, target: &Path) -> PathBuf {
        target.join("release").join("bundle").join(self.name())
    }

    fn extension(self) -> &'static str {
        match self {
            Self::Deb => "deb",
            Self::Appimage => "AppImage",
        }
    }
}

/// The Tauri CLI installed by `npm ci` in ui/.
fn tauri(root: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(root.join("ui").join("node_modules").join(".bin").join("tauri"));
    cmd.args(args)
        .current_dir(root)
        .env("CARGO_TARGET_DIR", setup::target_dir())
        // No prompts, and the bundler's own progress in the log.
        .env("CI", "true");
    cmd
}

/// Builds the release app once, then each bundle asked for; returns the bundles made, in the order asked.
pub fn build(root: &Path, bundles: &[Bundle]) -> Result<Vec<PathBuf>, Error> {
    let target = setup::target_dir();
    for bundle in bundles {
        // A bundle of an earlier version must not be taken for this one.
        let _ = std::fs::remove_dir_all(bundle.dir(&target));
    }
    run_cmd(tauri(root, &["build", "--no-bundle"]))?;
    let mut made = Vec::new();
    for &bundle in bundles {
        let result = run_cmd(tauri(root, &["bundle", "--bundles", bundle.name()]));
        if let Err(error) = result {
            return Err(match bundle {
                Bundle::Appimage => Error::new(format!(
                    "{error}\nThe AppImage needs linuxdeploy and its GTK plugin, which Tauri's bundler downloads from \
                     github.com: where that is unreachable, build the .deb alone (`cargo xtask bundle --bundles deb`)."
                )),
                Bundle::Deb => error,
            });
        }
        made.push(find(&bundle.dir(&target), bundle.extension())?);
    }
    Ok(made)
}

/// The one file with `extension` the bundler wrote in `dir`.
fn find(dir: &Path, extension: &str) -> Result<PathBuf, Error> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::new(format!("{}: {e}", dir.display())))?;
    entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|e| e == extension))
        .ok_or_else(|| Error::new(format!("the bundler wrote no .{extension} in {}", dir.display())))
}

/// `dpkg` with `args`, as root (through sudo when not root).
fn dpkg(args: &[&str]) -> Command {
    let mut cmd = if setup::is_root() {
        Command::new("dpkg")
    } else {
        let mut sudo = Command::new("sudo");
        sudo.arg("dpkg");
        sudo
    };
    cmd.args(args);
    cmd
}

/// What `dpkg` prints for `args` (run as the user: queries need no root).
fn dpkg_output(args: &[&str]) -> Result<String, Error> {
    let out = Command::new("dpkg")
        .args(args)
        .output()
        .map_err(|e| Error::new(format!("could not run dpkg: {e}")))?;
    if !out.status.success() {
        return Err(Error::new(format!(
            "dpkg {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The install test: installs `deb` with dpkg, runs `first_start` on the binary it installed (the app started
/// with an empty home), then purges the package and checks that no file it installed is left. What the app
/// wrote in the person's home is theirs: dpkg never touches it.
pub fn install_test(deb: &Path, first_start: impl FnOnce(&Path) -> Result<(), Error>) -> Result<(), Error> {
    let deb_path = deb.to_string_lossy();
    let out = Command::new("dpkg-deb")
        .args(["--field", &deb_path, "Package"])
        .output()
        .map_err(|e| Error::new(format!("could not run dpkg-deb: {e}")))?;
    let package = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    if package.is_empty() {
        return Err(Error::new(format!("{deb_path} names no package")));
    }
    // The directories the package brings that are not on the system yet must go with it.
    let contents = dpkg_output(&["--contents", &deb_path])?;
    let new_dirs: Vec<PathBuf> = packaged_dirs(&contents)
        .into_iter()
        .filter(|dir| !dir.exists())
        .collect();
    run_cmd(dpkg(&["--install", &deb_path]))?;
    let installed: Vec<PathBuf> = dpkg_output(&["--listfiles", &package])?
        .lines()
        .map(PathBuf::from)
        .filter(|path| path.is_file())
        .collect();
    let binary = installed
        .iter()
        .find(|path| path.parent() == Some(Path::new("/usr/bin")))
        .cloned()
        .ok_or_else(|| Error::new(format!("{package} installs nothing in /usr/bin")))?;
    println!(
        "xtask: {package} installed {} files; starting {}",
        installed.len(),
        binary.display()
    );
    let started = first_start(&binary);
    let purged = run_cmd(dpkg(&["--purge", &package]));
    started?;
    purged?;
    let left: Vec<String> = installed
        .iter()
        .chain(&new_dirs)
        .filter(|path| path.exists())
        .map(|path| path.display().to_string())
        .collect();
    if left.is_empty() {
        println!(
            "xtask: {package} removed; none of its {} files is left",
            installed.len()
        );
        Ok(())
    } else {
        Err(Error::new(format!(
            "removing {package} left these files behind:\n  {}",
            left.join("\n  ")
        )))
    }
}

/// The directories in `dpkg-deb --contents` output (`drwxr-xr-x 0/0 0 2026-12-01 21:34 ./usr/share/`), as
/// absolute paths.
fn packaged_dirs(contents: &str) -> Vec<PathBuf> {
    contents
        .lines()
        .filter(|line| line.starts_with('d'))
        .filter_map(|line| line.split_whitespace().last())
        .map(|path| Path::new("/").join(path.trim_start_matches("./").trim_end_matches('/')))
        .filter(|path| path != Path::new("/"))
        .collect()
}

/// A file's size in megabytes (10⁶ bytes), as the bundle table prints it.
pub fn megabytes(path: &Path) -> f64 {
    std::fs::metadata(path).map_or(0.0, |m| m.len() as f64 / 1e6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_bundle_is_looked_for_where_the_bundler_writes_it() {
        let target = Path::new("/t");
        assert_eq!(Bundle::Deb.dir(target), Path::new("/t/release/bundle/deb"));
        assert_eq!(
            Bundle::Appimage.dir(target),
            Path::new("/t/release/bundle/appimage")
        );
        let dir = std::env::temp_dir().join(format!("xtask-bundle-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("Outcrop_0.1.0_amd64.deb"), b"x").unwrap();
        assert_eq!(find(&dir, "deb").unwrap(), dir.join("Outcrop_0.1.0_amd64.deb"));
        assert!(find(&dir, "AppImage").is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_packaged_directories_are_read_from_dpkg_debs_listing() {
        let listing = "drwxr-xr-x 0/0               0 2026-12-01 21:34 ./\n\
                       drwxr-xr-x 0/0               0 2026-12-01 21:34 ./usr/share/icons/hicolor/256x256@2/\n\
                       -rwxr-xr-x 0/0        36939416 2026-12-01 21:34 ./usr/bin/outcrop\n";
        assert_eq!(
            packaged_dirs(listing),
            [PathBuf::from("/usr/share/icons/hicolor/256x256@2")]
        );
    }
}
