//! The AWS side of Outcrop. Services take a [`Connection`], call Bedrock through the official SDK and return
//! Outcrop's own types; SDK types never leave this crate, and every failure is classified into a
//! [`outcrop_core::ErrorCode`] the UI can explain.

pub mod aws_reason;
pub mod catalog_cache;
pub mod connection;
pub mod connection_kind;
pub mod connections;
pub mod error;
pub mod file_names;
pub mod keychain;
pub mod models;
pub mod playground;
pub mod private_files;
pub mod profile_credentials;
pub mod profiles;
pub mod projects;
pub mod report_files;
pub mod signed_http;
pub mod usage;

pub use aws_reason::AwsReason;
pub use catalog_cache::CatalogCache;
pub use connection::{
    AwsFiles, CachedCredentials, Clients, Connection, CredentialSource, MessagesAuth, MessagesRoute,
    QUIET_LOG_DIRECTIVES, Runtime, Timeouts,
};
pub use connections::{ConnectionService, SavedConnection};
pub use error::OutcropError;
pub use keychain::{OsKeychain, SecretStore};
pub use models::{FoundationModel, FoundationModelFilter};
