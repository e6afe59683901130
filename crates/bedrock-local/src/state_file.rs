//! The state file: what an account made — application profiles and projects with their tags, ARNs and dates,
//! and the idempotency tokens that created profiles — kept on disk so it outlives a restart. One file holds the worlds
//! of every account and Region that used it; the seed (foundation models, system-defined profiles) is never
//! written, and neither are prompt-cache entries, which expire within the hour anyway.
//!
//! Every write replaces the file whole (a temporary file beside it, then a rename), so a crash leaves the
//! previous state or the new one, never half of each. A file that cannot be read is not thrown away: it is
//! moved aside as `<name>.corrupt-<timestamp>` and reported in the log, and the server starts fresh.
//!
//! A state file belongs to one server at a time: each keeps the other Regions' worlds as it read them.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::clock::iso8601;
use crate::world::{
    APPLICATION, AccountState, DataRetention, InferenceProfile, PROJECT_ACTIVE, PROJECT_ARCHIVED,
    ProfileModel, Project, Tag,
};

/// What the file says it is, so another JSON file given by mistake is moved aside, not misread.
const FORMAT: &str = "bedrock-local-state";
const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Document {
    format: String,
    version: u32,
    worlds: Vec<SavedWorld>,
}

/// One account in one Region.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SavedWorld {
    account_id: String,
    region: String,
    next_profile_number: u64,
    application_profiles: Vec<SavedProfile>,
    client_request_tokens: Vec<SavedToken>,
    /// Absent from files written before projects existed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    projects: Vec<SavedProject>,
    #[serde(default)]
    next_project_number: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SavedProject {
    id: String,
    arn: String,
    name: String,
    archived: bool,
    created_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    archived_at: Option<String>,
    data_retention: String,
    tags: Vec<Tag>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SavedProfile {
    inference_profile_id: String,
    inference_profile_name: String,
    inference_profile_arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    created_at: String,
    updated_at: String,
    /// The foundation-model ARNs the profile routes to.
    models: Vec<String>,
    tags: Vec<Tag>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SavedToken {
    client_request_token: String,
    /// What the request that used the token asked for, so a different request with it is still a conflict.
    fingerprint: String,
    inference_profile_arn: String,
}

/// Why a state file could not be opened; the server then runs without one and says so in its log.
#[derive(Debug, thiserror::Error)]
#[error("the state file {path} could not be read, nor moved aside")]
pub struct StateFileError {
    path: PathBuf,
    #[source]
    source: std::io::Error,
}

/// The state file of one account in one Region, open for writing.
#[derive(Debug)]
pub struct StateFile {
    path: PathBuf,
    account_id: String,
    region: String,
    /// The other accounts' and Regions' worlds, written back as they were read.
    others: Mutex<Vec<SavedWorld>>,
}

impl StateFile {
    /// Opens `path` for `account_id` in `region` and returns what that world had made (empty when the file
    /// does not exist yet). A file that cannot be read or understood is moved aside to
    /// `<name>.corrupt-<timestamp>` (`now` names it) with a warning in the log, and the world starts empty.
    pub fn open(
        path: &Path,
        account_id: &str,
        region: &str,
        now: SystemTime,
    ) -> Result<(Self, AccountState), StateFileError> {
        let worlds = match read(path) {
            Ok(worlds) => worlds,
            Err(Unreadable::Missing) => Vec::new(),
            Err(Unreadable::Io(error)) => {
                set_aside(path, now, &error.to_string())?;
                Vec::new()
            }
            Err(Unreadable::Invalid(reason)) => {
                set_aside(path, now, &reason)?;
                Vec::new()
            }
        };
        let (mine, others): (Vec<SavedWorld>, Vec<SavedWorld>) = worlds
            .into_iter()
            .partition(|w| w.account_id == account_id && w.region == region);
        let state = mine.into_iter().next().map(restore).unwrap_or_default();
        let file = Self {
            path: path.to_owned(),
            account_id: account_id.to_owned(),
            region: region.to_owned(),
            others: Mutex::new(others),
        };
        Ok((file, state))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes this world's state, with the other worlds as they were read, replacing the file whole.
    pub fn save(&self, state: &AccountState) -> std::io::Result<()> {
        let others = self.others.lock().unwrap_or_else(PoisonError::into_inner);
        let mut worlds = others.clone();
        worlds.push(snapshot(&self.account_id, &self.region, state));
        worlds.sort_by(|a, b| (&a.account_id, &a.region).cmp(&(&b.account_id, &b.region)));
        let document = Document {
            format: FORMAT.to_owned(),
            version: VERSION,
            worlds,
        };
        let mut bytes = serde_json::to_vec_pretty(&document).map_err(std::io::Error::other)?;
        bytes.push(b'\n');
        write_atomically(&self.path, &bytes)
    }

    /// Forgets every world in the file, this one's and the other Regions' alike, and deletes the file.
    pub fn clear(&self) -> std::io::Result<()> {
        self.others.lock().unwrap_or_else(PoisonError::into_inner).clear();
        remove_state_file(&self.path)
    }
}

/// Deletes a state file and with it every world it held; a file that does not exist is already reset.
pub fn remove_state_file(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}

enum Unreadable {
    Missing,
    Io(std::io::Error),
    Invalid(String),
}

fn read(path: &Path) -> Result<Vec<SavedWorld>, Unreadable> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Err(Unreadable::Missing),
        Err(error) => return Err(Unreadable::Io(error)),
    };
    let document: Document =
        serde_json::from_str(&text).map_err(|error| Unreadable::Invalid(error.to_string()))?;
    if document.format != FORMAT {
        return Err(Unreadable::Invalid(format!(
            "it is not a bedrock-local state file (format {:?})",
            document.format
        )));
    }
    if document.version != VERSION {
        return Err(Unreadable::Invalid(format!(
            "it is version {} of the format; this server reads version {VERSION}",
            document.version
        )));
    }
    Ok(document.worlds)
}

/// Moves an unreadable file to `<name>.corrupt-<timestamp>` beside it, so nothing in it is lost.
fn set_aside(path: &Path, now: SystemTime, reason: &str) -> Result<(), StateFileError> {
    let stamp: String = iso8601(now).chars().filter(|c| !matches!(c, '-' | ':')).collect();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "state".to_owned());
    let mut aside = path.with_file_name(format!("{name}.corrupt-{stamp}"));
    let mut n = 1;
    while aside.exists() {
        n += 1;
        aside = path.with_file_name(format!("{name}.corrupt-{stamp}-{n}"));
    }
    std::fs::rename(path, &aside).map_err(|source| StateFileError {
        path: path.to_owned(),
        source,
    })?;
    tracing::warn!(
        file = %path.display(),
        moved_to = %aside.display(),
        %reason,
        "the state file could not be read; it was moved aside and the server starts with no application profiles"
    );
    Ok(())
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "state".to_owned());
    let temporary = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

fn snapshot(account_id: &str, region: &str, state: &AccountState) -> SavedWorld {
    SavedWorld {
        account_id: account_id.to_owned(),
        region: region.to_owned(),
        next_profile_number: state.next_profile_number,
        application_profiles: state
            .application_profiles
            .iter()
            .map(|p| SavedProfile {
                inference_profile_id: p.inference_profile_id.clone(),
                inference_profile_name: p.inference_profile_name.clone(),
                inference_profile_arn: p.inference_profile_arn.clone(),
                description: p.description.clone(),
                created_at: p.created_at.clone(),
                updated_at: p.updated_at.clone(),
                models: p.models.iter().map(|m| m.model_arn.clone()).collect(),
                tags: state
                    .tags
                    .get(&p.inference_profile_arn)
                    .cloned()
                    .unwrap_or_default(),
            })
            .collect(),
        client_request_tokens: state
            .client_tokens
            .iter()
            .map(|(token, (fingerprint, arn))| SavedToken {
                client_request_token: token.clone(),
                fingerprint: fingerprint.clone(),
                inference_profile_arn: arn.clone(),
            })
            .collect(),
        projects: state
            .projects
            .iter()
            .map(|p| SavedProject {
                id: p.id.clone(),
                arn: p.arn.clone(),
                name: p.name.clone(),
                archived: p.status == PROJECT_ARCHIVED,
                created_at: p.created_at.clone(),
                archived_at: p.archived_at.clone(),
                data_retention: p.data_retention.mode.clone(),
                tags: state.tags.get(&p.arn).cloned().unwrap_or_default(),
            })
            .collect(),
        next_project_number: state.next_project_number,
    }
}

fn restore(world: SavedWorld) -> AccountState {
    let mut tags = BTreeMap::new();
    let projects = world
        .projects
        .into_iter()
        .map(|p| {
            if !p.tags.is_empty() {
                tags.insert(p.arn.clone(), p.tags);
            }
            Project {
                id: p.id,
                arn: p.arn,
                name: p.name,
                status: if p.archived {
                    PROJECT_ARCHIVED
                } else {
                    PROJECT_ACTIVE
                },
                created_at: p.created_at,
                archived_at: p.archived_at,
                data_retention: DataRetention {
                    mode: p.data_retention,
                },
            }
        })
        .collect();
    let application_profiles = world
        .application_profiles
        .into_iter()
        .map(|p| {
            if !p.tags.is_empty() {
                tags.insert(p.inference_profile_arn.clone(), p.tags);
            }
            InferenceProfile {
                inference_profile_name: p.inference_profile_name,
                description: p.description,
                created_at: p.created_at,
                updated_at: p.updated_at,
                inference_profile_arn: p.inference_profile_arn,
                models: p
                    .models
                    .into_iter()
                    .map(|model_arn| ProfileModel { model_arn })
                    .collect(),
                inference_profile_id: p.inference_profile_id,
                status: "ACTIVE",
                profile_type: APPLICATION,
            }
        })
        .collect();
    AccountState {
        application_profiles,
        tags,
        client_tokens: world
            .client_request_tokens
            .into_iter()
            .map(|t| (t.client_request_token, (t.fingerprint, t.inference_profile_arn)))
            .collect(),
        next_profile_number: world.next_profile_number,
        projects,
        next_project_number: world.next_project_number,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    fn profile(id: &str) -> InferenceProfile {
        InferenceProfile {
            inference_profile_name: format!("name-{id}"),
            description: Some("kept".to_owned()),
            created_at: "2026-12-01T10:00:00Z".to_owned(),
            updated_at: "2026-12-01T10:00:00Z".to_owned(),
            inference_profile_arn: format!(
                "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/{id}"
            ),
            models: vec![ProfileModel {
                model_arn: "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0".to_owned(),
            }],
            inference_profile_id: id.to_owned(),
            status: "ACTIVE",
            profile_type: APPLICATION,
        }
    }

    const NOW: Duration = Duration::from_secs(1_796_119_200); // 2026-12-01T10:00:00Z

    #[test]
    fn a_world_written_is_the_world_read_back_and_other_regions_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested").join("world.json");
        let now = UNIX_EPOCH + NOW;

        let mut state = AccountState::default();
        state.application_profiles.push(profile("abc123def456"));
        state.tags.insert(
            profile("abc123def456").inference_profile_arn,
            vec![Tag {
                key: "team".to_owned(),
                value: "rocks".to_owned(),
            }],
        );
        state.client_tokens.insert(
            "token-1".to_owned(),
            ("{}".to_owned(), profile("abc123def456").inference_profile_arn),
        );
        state.next_profile_number = 7;
        let project_arn = "arn:aws:bedrock:us-east-1:111122223333:project/proj_abc".to_owned();
        state.projects.push(Project {
            id: "proj_abc".to_owned(),
            arn: project_arn.clone(),
            name: "Support".to_owned(),
            status: PROJECT_ARCHIVED,
            created_at: "2026-12-01T10:00:00Z".to_owned(),
            archived_at: Some("2026-12-01T11:00:00Z".to_owned()),
            data_retention: DataRetention {
                mode: "none".to_owned(),
            },
        });
        state.tags.insert(
            project_arn,
            vec![Tag {
                key: "Department".to_owned(),
                value: "Support".to_owned(),
            }],
        );
        state.next_project_number = 3;
        let (us, empty) = StateFile::open(&path, "111122223333", "us-east-1", now).unwrap();
        assert!(empty.application_profiles.is_empty());
        us.save(&state).unwrap();

        let (eu, eu_state) = StateFile::open(&path, "111122223333", "eu-west-1", now).unwrap();
        assert!(eu_state.application_profiles.is_empty());
        eu.save(&eu_state).unwrap();

        let (_, back) = StateFile::open(&path, "111122223333", "us-east-1", now).unwrap();
        assert_eq!(back.application_profiles, state.application_profiles);
        assert_eq!(back.tags, state.tags);
        assert_eq!(back.client_tokens, state.client_tokens);
        assert_eq!(back.next_profile_number, 7);
        assert_eq!(
            (back.projects.clone(), back.next_project_number),
            (state.projects.clone(), 3)
        );
        let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(leftovers, ["world.json"], "no temporary file is left behind");
    }

    #[test]
    fn an_unreadable_file_is_moved_aside_with_a_timestamp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("world.json");
        for (i, text) in [
            "{ not json",
            r#"{"format":"something-else","version":1,"worlds":[]}"#,
            r#"{"format":"bedrock-local-state","version":99,"worlds":[]}"#,
        ]
        .into_iter()
        .enumerate()
        {
            std::fs::write(&path, text).unwrap();
            let (_, state) = StateFile::open(&path, "111122223333", "us-east-1", UNIX_EPOCH + NOW).unwrap();
            assert!(state.application_profiles.is_empty());
            assert!(!path.exists());
            let suffix = if i == 0 {
                String::new()
            } else {
                format!("-{}", i + 1)
            };
            let aside = dir
                .path()
                .join(format!("world.json.corrupt-20261201T100000Z{suffix}"));
            assert_eq!(
                std::fs::read_to_string(&aside).unwrap(),
                text,
                "{}",
                aside.display()
            );
        }
    }

    #[test]
    fn clear_deletes_the_file_and_a_missing_file_is_already_clear() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("world.json");
        let (file, mut state) =
            StateFile::open(&path, "111122223333", "us-east-1", UNIX_EPOCH + NOW).unwrap();
        state.application_profiles.push(profile("abc123def456"));
        file.save(&state).unwrap();
        assert!(path.exists());
        file.clear().unwrap();
        assert!(!path.exists());
        file.clear().unwrap();
        remove_state_file(&path).unwrap();
    }
}
