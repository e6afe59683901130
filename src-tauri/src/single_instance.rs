//! One Outcrop per data directory. Two copies on the same data would each rewrite `connections.json` from
//! memory (losing the other's connections and orphaning keychain entries), and the second would mark the first's
//! running turns interrupted. The first copy holds a lock on `instance.lock` in the data directory for as long
//! as it runs (the operating system releases it when the process ends, however it ends) and listens on
//! `instance.sock` beside it; a second launch finds the lock taken, asks the first to bring its window forward,
//! and exits before it touches anything. Copies on different data directories (another user, the end-to-end
//! tests' own homes) do not meet. On systems without Unix sockets a second launch exits without the focus.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// What a launch found.
#[derive(Debug)]
pub enum Claim {
    /// This is the only copy on the data: keep the guard for as long as the app runs.
    First(InstanceGuard),
    /// Another copy runs on the data; it was asked to bring its window forward.
    Second,
}

/// Holds the data directory for this copy of Outcrop.
#[derive(Debug)]
pub struct InstanceGuard {
    _lock: File,
    socket: Option<PathBuf>,
}

impl Drop for InstanceGuard {
    fn drop(&mut self) {
        if let Some(socket) = &self.socket {
            let _ = std::fs::remove_file(socket);
        }
    }
}

const FOCUS: &[u8] = b"focus\n";

/// Claims `data_dir` for this copy of Outcrop; `on_focus` runs (on a thread of its own) each time a later
/// launch asks for the window.
pub fn claim(data_dir: &Path, on_focus: impl Fn() + Send + 'static) -> std::io::Result<Claim> {
    outcrop_bedrock::private_files::create_private_dir(data_dir)?;
    let mut options = File::options();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let lock = options.open(data_dir.join("instance.lock"))?;
    let socket = data_dir.join("instance.sock");
    match lock.try_lock() {
        Ok(()) => Ok(Claim::First(InstanceGuard {
            _lock: lock,
            socket: listen(&socket, on_focus),
        })),
        Err(std::fs::TryLockError::WouldBlock) => {
            ask_for_focus(&socket);
            Ok(Claim::Second)
        }
        Err(std::fs::TryLockError::Error(error)) => Err(error),
    }
}

#[cfg(unix)]
fn listen(socket: &Path, on_focus: impl Fn() + Send + 'static) -> Option<PathBuf> {
    // A socket left by a copy that was killed: the lock says no one listens on it any more.
    let _ = std::fs::remove_file(socket);
    let listener = match std::os::unix::net::UnixListener::bind(socket) {
        Ok(listener) => listener,
        Err(error) => {
            tracing::warn!(%error, path = %socket.display(), "a second launch will not be able to bring this window forward");
            return None;
        }
    };
    std::thread::Builder::new()
        .name("outcrop-instance".into())
        .spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut asked = [0u8; FOCUS.len()];
                let mut stream = stream;
                if stream.read_exact(&mut asked).is_ok() && asked == FOCUS {
                    on_focus();
                }
            }
        })
        .ok()?;
    Some(socket.to_owned())
}

#[cfg(not(unix))]
fn listen(_socket: &Path, _on_focus: impl Fn() + Send + 'static) -> Option<PathBuf> {
    None
}

#[cfg(unix)]
fn ask_for_focus(socket: &Path) {
    match std::os::unix::net::UnixStream::connect(socket) {
        Ok(mut stream) => {
            let _ = stream.write_all(FOCUS);
        }
        Err(error) => tracing::warn!(%error, "the running Outcrop could not be asked to show its window"),
    }
}

#[cfg(not(unix))]
fn ask_for_focus(_socket: &Path) {}

#[cfg(all(test, unix))]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::{Duration, Instant};

    use super::*;

    #[test]
    fn a_second_launch_on_the_same_data_brings_the_first_forward_and_exits() {
        let root = std::env::temp_dir().join(format!("outcrop-instance-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let data = root.join("app.outcrop.desktop");
        let focused = Arc::new(AtomicUsize::new(0));
        let seen = Arc::clone(&focused);
        let first = claim(&data, move || {
            seen.fetch_add(1, Ordering::SeqCst);
        })
        .unwrap();
        assert!(matches!(first, Claim::First(_)));

        assert!(matches!(claim(&data, || {}).unwrap(), Claim::Second));
        let deadline = Instant::now() + Duration::from_secs(5);
        while focused.load(Ordering::SeqCst) == 0 {
            assert!(
                Instant::now() < deadline,
                "the first copy was asked to show its window"
            );
            std::thread::sleep(Duration::from_millis(10));
        }

        // Another data directory is another Outcrop.
        assert!(matches!(
            claim(&root.join("other"), || {}).unwrap(),
            Claim::First(_)
        ));

        // Once the first copy ends (its lock released), the next launch is the first again.
        drop(first);
        assert!(matches!(claim(&data, || {}).unwrap(), Claim::First(_)));
        let _ = std::fs::remove_dir_all(&root);
    }
}
