//! Secrets in the OS keychain (macOS Keychain, Windows Credential Manager, the Secret Service on Linux) and
//! nowhere else. A locked or missing keychain is an error that says what to do — never a fallback to disk.

use outcrop_core::{ErrorCode, Secret};

use crate::error::OutcropError;

/// Where Outcrop keeps secrets. The app uses [`OsKeychain`]; the trait lets services run without a desktop.
pub trait SecretStore: Send + Sync + std::fmt::Debug {
    fn set(&self, account: &str, secret: &Secret) -> Result<(), OutcropError>;
    /// `Ok(None)` when there is no such entry.
    fn get(&self, account: &str) -> Result<Option<Secret>, OutcropError>;
    /// Deleting a missing entry is not an error.
    fn delete(&self, account: &str) -> Result<(), OutcropError>;
}

/// The operating system's keychain, through the `keyring` crate, under one service name.
#[derive(Debug, Clone)]
pub struct OsKeychain {
    service: String,
}

impl OsKeychain {
    /// `service` names Outcrop's entries in the keychain (the app uses its bundle identifier).
    pub fn new(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
        }
    }

    fn entry(&self, account: &str) -> Result<keyring::Entry, OutcropError> {
        keyring::Entry::new(&self.service, account).map_err(|e| keychain_error("open", &e))
    }
}

fn keychain_error(action: &str, error: &keyring::Error) -> OutcropError {
    let how_to_fix = if cfg!(target_os = "linux") {
        "Unlock your keyring (GNOME Keyring or KWallet, or KeePassXC with its Secret Service integration) and try \
         again; on a desktop without a Secret Service, install and start gnome-keyring."
    } else if cfg!(target_os = "macos") {
        "Unlock the login keychain in Keychain Access and allow Outcrop to use it, then try again."
    } else {
        "Make sure Windows Credential Manager is available to your account, then try again."
    };
    let reason = match error {
        keyring::Error::NoStorageAccess(_) => "The OS keychain is locked or refused access",
        keyring::Error::PlatformFailure(_) => "The OS keychain is not available",
        _ => "The OS keychain could not store the secret",
    };
    OutcropError {
        code: ErrorCode::Keychain,
        message: format!("{reason}. {how_to_fix} Nothing was written to disk instead."),
        detail: format!("keychain {action}: {error}"),
        fields: Vec::new(),
        aws: None,
    }
}

impl SecretStore for OsKeychain {
    fn set(&self, account: &str, secret: &Secret) -> Result<(), OutcropError> {
        self.entry(account)?
            .set_password(secret.expose())
            .map_err(|e| keychain_error("write", &e))
    }

    fn get(&self, account: &str) -> Result<Option<Secret>, OutcropError> {
        match self.entry(account)?.get_password() {
            Ok(value) => Ok(Some(Secret::new(value))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(keychain_error("read", &e)),
        }
    }

    fn delete(&self, account: &str) -> Result<(), OutcropError> {
        match self.entry(account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(keychain_error("delete", &e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_locked_or_missing_keychain_says_what_to_do_and_that_nothing_went_to_disk() {
        let locked = keychain_error(
            "write",
            &keyring::Error::NoStorageAccess(Box::new(std::io::Error::other("locked"))),
        );
        assert_eq!(locked.code, ErrorCode::Keychain);
        assert!(
            locked
                .message
                .starts_with("The OS keychain is locked or refused access."),
            "{}",
            locked.message
        );
        assert!(locked.message.contains("Nothing was written to disk instead."));
        let missing = keychain_error(
            "read",
            &keyring::Error::PlatformFailure(Box::new(std::io::Error::other(
                "Unable to autolaunch a dbus-daemon",
            ))),
        );
        assert!(
            missing.message.starts_with("The OS keychain is not available."),
            "{}",
            missing.message
        );
        assert!(
            missing.detail.contains("autolaunch"),
            "the cause is kept for the details view"
        );
        if cfg!(target_os = "linux") {
            assert!(missing.message.contains("gnome-keyring"), "{}", missing.message);
        }
    }
}
