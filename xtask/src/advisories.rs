//! The advisories check: `cargo deny check advisories` against the RustSec advisory database.
//!
//! cargo-deny fetches the database from github.com. Where that is unreachable (a build machine that sees only the
//! package registries), the check runs against the dated snapshot kept in `supply-chain/`, and says how old it is;
//! cargo-deny itself refuses a snapshot older than [`MAX_SNAPSHOT_AGE_DAYS`]. `cargo xtask advisory-db` refreshes the
//! snapshot from a clone of the database.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use crate::setup;
use crate::steps::{Error, cargo, run_cmd};

/// The RustSec advisory database, as cargo-deny fetches it by default.
pub const DATABASE_URL: &str = "https://github.com/rustsec/advisory-db";

/// The snapshot (the database's `crates/` and `rust/` folders) and its manifest (where and when it was taken).
const SNAPSHOT: &str = "supply-chain/rustsec-advisory-db.tar.gz";
const MANIFEST: &str = "supply-chain/rustsec-advisory-db.toml";

/// A snapshot older than this is refused (cargo-deny's `maximum-db-staleness`): refresh it.
const MAX_SNAPSHOT_AGE_DAYS: u64 = 180;

/// The folder cargo-deny opens for [`DATABASE_URL`] under its `db-path`: the URL's last path segment and the
/// XXH64 hash (seed 0xca80de71) of the lower-cased URL (cargo-deny 0.20, `advisories/helpers/db.rs`
/// `url_to_db_path`). Should cargo-deny change that scheme, the check fails saying it cannot open this folder.
const DATABASE_FOLDER: &str = "advisory-db-3157b0e258782691";

/// Where a snapshot came from: the manifest's `key = "value"` lines.
#[derive(Debug, PartialEq, Eq)]
pub struct Manifest {
    pub source: String,
    pub commit: String,
    /// The snapshot commit's date, RFC 3339 (`git show -s --format=%cI`).
    pub committed: String,
}

impl Manifest {
    pub fn parse(text: &str) -> Result<Self, Error> {
        let value = |key: &str| -> Result<String, Error> {
            text.lines()
                .filter_map(|line| line.split_once('='))
                .find(|(k, _)| k.trim() == key)
                .map(|(_, v)| v.trim().trim_matches('"').to_owned())
                .ok_or_else(|| Error::new(format!("{MANIFEST} has no `{key}`")))
        };
        Ok(Self {
            source: value("source")?,
            commit: value("commit")?,
            committed: value("committed")?,
        })
    }

    fn render(&self) -> String {
        format!(
            "# The RustSec advisory database snapshot `cargo xtask test` checks against where github.com is\n\
             # unreachable. Refresh it with `cargo xtask advisory-db`.\n\
             source = \"{}\"\ncommit = \"{}\"\ncommitted = \"{}\"\n",
            self.source, self.commit, self.committed
        )
    }

    /// The commit date as seconds since the Unix epoch (`date -d`, which reads RFC 3339).
    fn committed_at(&self) -> Result<SystemTime, Error> {
        let out = Command::new("date")
            .args(["-d", &self.committed, "+%s"])
            .output()
            .map_err(|e| Error::new(format!("could not run `date`: {e}")))?;
        let seconds: u64 = String::from_utf8_lossy(&out.stdout).trim().parse().map_err(|_| {
            Error::new(format!(
                "{MANIFEST}: `committed = \"{}\"` is not a date",
                self.committed
            ))
        })?;
        Ok(SystemTime::UNIX_EPOCH + Duration::from_secs(seconds))
    }
}

/// `deny.toml` with the database path and staleness limit for the snapshot added to its `[advisories]` table.
pub fn offline_config(deny_toml: &str, db_path: &Path) -> Result<String, Error> {
    let header = "[advisories]\n";
    let at = deny_toml
        .find(header)
        .ok_or_else(|| Error::new("deny.toml has no [advisories] table"))?
        + header.len();
    let db_path = db_path.display().to_string().replace('\\', "/");
    Ok(format!(
        "{}db-path = \"{db_path}\"\nmaximum-db-staleness = \"P{MAX_SNAPSHOT_AGE_DAYS}D\"\n{}",
        &deny_toml[..at],
        &deny_toml[at..]
    ))
}

/// Runs the advisories check: against the live database when github.com answers, else against the snapshot.
pub fn check(root: &Path, target: &Path) -> Result<(), Error> {
    setup::cargo_deny()?;
    let mut fetch = Command::new("timeout");
    fetch
        .arg("120")
        .arg(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["deny", "--locked", "fetch", "db"])
        .current_dir(root);
    let fetched = fetch.status().is_ok_and(|s| s.success());
    if fetched {
        println!("xtask: advisories: the RustSec database was fetched from {DATABASE_URL}");
        return run_cmd(cargo(root, &["deny", "--locked", "check", "advisories"]));
    }

    let manifest = Manifest::parse(&read(&root.join(MANIFEST))?)?;
    let committed_at = manifest.committed_at()?;
    let age_days = SystemTime::now()
        .duration_since(committed_at)
        .unwrap_or_default()
        .as_secs()
        / 86_400;
    println!(
        "xtask: advisories: {DATABASE_URL} is unreachable; checking against the snapshot in {SNAPSHOT}: commit {} of {} \
         ({age_days} days old; refused after {MAX_SNAPSHOT_AGE_DAYS}: refresh it with `cargo xtask advisory-db`)",
        &manifest.commit[..manifest.commit.len().min(12)],
        manifest.committed
    );

    let db_root = target.join("advisory-db");
    let database = db_root.join(DATABASE_FOLDER);
    unpack(&root.join(SNAPSHOT), &database, &manifest, committed_at)?;
    let config = db_root.join("deny.toml");
    write(
        &config,
        &offline_config(&read(&root.join("deny.toml"))?, &db_root)?,
    )?;
    let mut check = cargo(root, &["deny", "--locked", "--offline", "--config"]);
    check.arg(&config).args(["check", "advisories"]);
    run_cmd(check)
}

/// Unpacks the snapshot as the git repository cargo-deny expects, committed at the snapshot's own date so that
/// cargo-deny's staleness check sees its real age (it takes the later of the HEAD commit's date and HEAD's mtime).
fn unpack(
    snapshot: &Path,
    database: &Path,
    manifest: &Manifest,
    committed_at: SystemTime,
) -> Result<(), Error> {
    let marker = database.join(".outcrop-snapshot");
    let stamp = format!("{} {}", manifest.commit, manifest.committed);
    if fs::read_to_string(&marker).is_ok_and(|c| c.trim() == stamp) {
        return set_head_time(database, committed_at);
    }
    if database.exists() {
        fs::remove_dir_all(database)
            .map_err(|e| Error::new(format!("could not remove {}: {e}", database.display())))?;
    }
    fs::create_dir_all(database)
        .map_err(|e| Error::new(format!("could not create {}: {e}", database.display())))?;
    let mut tar = Command::new("tar");
    tar.arg("-xzf").arg(snapshot).arg("-C").arg(database);
    run_cmd(tar)?;
    let git = |args: &[&str]| {
        let mut cmd = Command::new("git");
        cmd.arg("-C")
            .arg(database)
            .args([
                "-c",
                "user.name=RustSec snapshot",
                "-c",
                "user.email=snapshot@localhost",
            ])
            .args(args)
            .env("GIT_AUTHOR_DATE", &manifest.committed)
            .env("GIT_COMMITTER_DATE", &manifest.committed);
        cmd
    };
    run_quiet(git(&["init", "--quiet"]))?;
    run_quiet(git(&["add", "--all", "crates", "rust"]))?;
    run_quiet(git(&[
        "commit",
        "--quiet",
        "--no-gpg-sign",
        "-m",
        &format!("RustSec advisory-db {}", manifest.commit),
    ]))?;
    write(&marker, &stamp)?;
    set_head_time(database, committed_at)
}

fn set_head_time(database: &Path, at: SystemTime) -> Result<(), Error> {
    let head = database.join(".git").join("HEAD");
    fs::File::options()
        .write(true)
        .open(&head)
        .and_then(|f| f.set_modified(at))
        .map_err(|e| Error::new(format!("could not date {}: {e}", head.display())))
}

/// `cargo xtask advisory-db`: replaces the snapshot with the database at `from` (a clone of it), or with a fresh
/// clone of [`DATABASE_URL`].
pub fn refresh(from: Option<PathBuf>) -> Result<(), Error> {
    let root = setup::repo_root();
    let clone_dir;
    let repo = match from {
        Some(path) => path,
        None => {
            clone_dir = setup::target_dir().join("advisory-db-clone");
            if clone_dir.exists() {
                fs::remove_dir_all(&clone_dir)
                    .map_err(|e| Error::new(format!("could not remove {}: {e}", clone_dir.display())))?;
            }
            let mut clone = Command::new("git");
            clone
                .args(["clone", "--depth", "1", DATABASE_URL])
                .arg(&clone_dir);
            run_cmd(clone)?;
            clone_dir.clone()
        }
    };
    let git = |args: &[&str]| -> Result<String, Error> {
        let out = Command::new("git")
            .arg("-C")
            .arg(&repo)
            .args(args)
            .output()
            .map_err(|e| Error::new(format!("could not run git: {e}")))?;
        if !out.status.success() {
            return Err(Error::new(format!(
                "git {} in {} failed: {}",
                args.join(" "),
                repo.display(),
                String::from_utf8_lossy(&out.stderr).trim()
            )));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
    };
    let manifest = Manifest {
        source: DATABASE_URL.to_owned(),
        commit: git(&["rev-parse", "HEAD"])?,
        committed: git(&["show", "-s", "--format=%cI", "HEAD"])?,
    };
    let snapshot = root.join(SNAPSHOT);
    if let Some(parent) = snapshot.parent() {
        fs::create_dir_all(parent)
            .map_err(|e| Error::new(format!("could not create {}: {e}", parent.display())))?;
    }
    let mut archive = Command::new("git");
    archive
        .arg("-C")
        .arg(&repo)
        .args(["archive", "--format=tar.gz", "-o"])
        .arg(&snapshot)
        .args(["HEAD", "crates", "rust"]);
    run_cmd(archive)?;
    write(&root.join(MANIFEST), &manifest.render())?;
    println!(
        "xtask: {SNAPSHOT} is now commit {} of {}",
        manifest.commit, manifest.committed
    );
    Ok(())
}

fn run_quiet(mut cmd: Command) -> Result<(), Error> {
    let out = cmd
        .output()
        .map_err(|e| Error::new(format!("could not run {:?}: {e}", cmd.get_program())))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(Error::new(format!(
            "{:?} failed: {}",
            cmd.get_args().collect::<Vec<_>>(),
            String::from_utf8_lossy(&out.stderr).trim()
        )))
    }
}

fn read(path: &Path) -> Result<String, Error> {
    fs::read_to_string(path).map_err(|e| Error::new(format!("could not read {}: {e}", path.display())))
}

fn write(path: &Path, text: &str) -> Result<(), Error> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .map_err(|e| Error::new(format!("could not create {}: {e}", parent.display())))?;
    }
    fs::write(path, text).map_err(|e| Error::new(format!("could not write {}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manifest_reads_back_what_it_writes() {
        let manifest = Manifest {
            source: DATABASE_URL.to_owned(),
            commit: "bf5c0d245a92671908518d7e765914d437954ed6".to_owned(),
            committed: "2026-08-21T08:28:40+02:00".to_owned(),
        };
        assert_eq!(Manifest::parse(&manifest.render()).unwrap(), manifest);
        assert!(Manifest::parse("source = \"x\"").is_err());
    }

    #[test]
    fn the_offline_config_adds_the_path_and_the_age_limit_to_the_advisories_table_only() {
        let deny = "[graph]\nall-features = false\n\n[advisories]\nignore = []\n\n[licenses]\nallow = []\n";
        let config = offline_config(deny, Path::new("/t/advisory-db")).unwrap();
        assert_eq!(
            config,
            "[graph]\nall-features = false\n\n[advisories]\ndb-path = \"/t/advisory-db\"\n\
             maximum-db-staleness = \"P180D\"\nignore = []\n\n[licenses]\nallow = []\n"
        );
        assert!(offline_config("[licenses]\n", Path::new("/t")).is_err());
    }
}
