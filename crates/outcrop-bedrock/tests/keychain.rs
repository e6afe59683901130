//! The OS keychain itself: on Linux the real Secret Service (gnome-keyring, which `cargo xtask test` starts
//! in its own D-Bus session with a throw-away keyring).

#![allow(clippy::unwrap_used)]

use outcrop_bedrock::{OsKeychain, SecretStore};
use outcrop_core::Secret;

fn keychain() -> OsKeychain {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    OsKeychain::new(format!("app.outcrop.desktop.test-{}-{nanos}", std::process::id()))
}

#[test]
fn stores_reads_and_deletes_a_secret() {
    let keychain = keychain();
    let secret = Secret::new("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    if let Err(error) = keychain.set("connection/c1/access-keys", &secret) {
        panic!(
            "the OS keychain is not usable here ({error:?}); run the tests through `cargo xtask test`, which \
             starts a Secret Service in its own D-Bus session"
        );
    }
    assert_eq!(keychain.get("connection/c1/access-keys").unwrap(), Some(secret));
    keychain
        .set("connection/c1/access-keys", &Secret::new("replaced"))
        .unwrap();
    assert_eq!(
        keychain
            .get("connection/c1/access-keys")
            .unwrap()
            .unwrap()
            .expose(),
        "replaced"
    );
    keychain.delete("connection/c1/access-keys").unwrap();
    assert_eq!(keychain.get("connection/c1/access-keys").unwrap(), None);
    keychain.delete("connection/c1/access-keys").unwrap();
}

#[test]
fn an_unknown_entry_is_absent_not_an_error() {
    assert_eq!(keychain().get("connection/none/api-key").unwrap(), None);
}
