//! What Outcrop keeps on disk — connections, sessions with their prompts and documents, prices, exports — is
//! readable by its owner only: the data directory 0700, its files 0600, whatever the umask.

#![cfg(unix)]
#![allow(clippy::unwrap_used)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::Arc;

use outcrop_bedrock::connections::{NewConnection, NewSource};
use outcrop_bedrock::error::OutcropError;
use outcrop_bedrock::playground::{Backoff, PlaygroundService, SystemClock};
use outcrop_bedrock::{AwsFiles, ConnectionService, SecretStore};
use outcrop_core::Secret;

/// No secrets are needed: a Local Bedrock connection has none.
#[derive(Debug)]
struct NoSecrets;

impl SecretStore for NoSecrets {
    fn set(&self, _: &str, _: &Secret) -> Result<(), OutcropError> {
        Ok(())
    }
    fn get(&self, _: &str) -> Result<Option<Secret>, OutcropError> {
        Ok(None)
    }
    fn delete(&self, _: &str) -> Result<(), OutcropError> {
        Ok(())
    }
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn the_data_directory_and_every_file_in_it_are_the_owners_alone() {
    let root = tempfile::tempdir().unwrap();
    // A data directory that does not exist yet, under a parent anyone may read (as ~/.local/share is).
    std::fs::set_permissions(root.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let data = root.path().join("app.outcrop.desktop");
    let files = AwsFiles {
        config: root.path().join("aws-config"),
        credentials: root.path().join("aws-credentials"),
    };
    let connections = ConnectionService::open(&data, Arc::new(NoSecrets), files);
    connections
        .add(NewConnection {
            name: "Local".into(),
            region: "us-east-1".into(),
            endpoint_url: None,
            runtime_endpoint_url: None,
            source: NewSource::LocalBedrock,
            messages_endpoint: None,
        })
        .unwrap();
    let playground = PlaygroundService::open(&data, Arc::new(SystemClock), Backoff::default()).unwrap();
    let draft = outcrop_bedrock::playground::Draft {
        conversation: outcrop_core::conversation::Conversation::simple("system", "What is in the document?"),
        model_choice: "us.anthropic.claude-sonnet-4-6".into(),
        api: outcrop_core::conversation::Api::Converse,
    };
    let session = playground.create_session("private", draft.clone(), None).unwrap();
    playground.save_draft(&session.id, &draft).unwrap();
    let table = playground.prices().text();
    playground.prices().save(&table.json).unwrap();

    assert_eq!(mode(&data), 0o700, "the data directory");
    assert_eq!(mode(root.path()), 0o755, "its parent is left as it was");
    for entry in std::fs::read_dir(&data).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            assert_eq!(mode(&path), 0o600, "{}", path.display());
        }
    }
    for name in ["connections.json", "playground.sqlite3", "prices.json"] {
        assert!(data.join(name).exists(), "{name} was written");
    }
}
