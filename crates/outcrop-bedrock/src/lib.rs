//! The AWS side of Outcrop. Services take a [`Connection`], call Bedrock through the official SDK and return
//! Outcrop's own types; SDK types never leave this crate, and every failure is classified into a
//! [`outcrop_core::ErrorCode`] the UI can explain.

pub mod connection;
pub mod error;
pub mod models;

pub use connection::{Connection, CredentialSource};
pub use error::BedrockError;
pub use models::{FoundationModel, FoundationModelFilter};
