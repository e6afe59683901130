//! The credentials of an AWS profile, with their failures tied to the profile: every failure carries the
//! profile's name, and a `credential_process` whose program does not exist says so by type, so the error
//! classification never has to read the SDK's (or the shell's) words.

use std::fmt;
use std::path::{Path, PathBuf};

use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{self, ProvideCredentials, SharedCredentialsProvider, future};

use outcrop_core::aws_profiles::AwsProfileKind;

use crate::connection::AwsFiles;

/// Why a profile gave no credentials: the SDK's own error, with the profile it was loading.
#[derive(Debug)]
pub struct ProfileCredentialsError {
    pub profile: String,
    /// The profile's `credential_process` program (never its arguments), when it does not exist here.
    pub missing_program: Option<String>,
    /// How the profile gets its credentials, as its section in the AWS config says; `None` when the files
    /// do not list it.
    pub kind: Option<AwsProfileKind>,
    pub(crate) source: CredentialsError,
}

impl fmt::Display for ProfileCredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "profile “{}” gave no credentials", self.profile)?;
        if let Some(program) = &self.missing_program {
            write!(f, ": its credential_process program “{program}” does not exist")?;
        }
        Ok(())
    }
}

impl std::error::Error for ProfileCredentialsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Wraps the SDK's provider for `profile`; its failures become [`ProfileCredentialsError`]s.
pub(crate) fn explained(
    inner: SharedCredentialsProvider,
    profile: &str,
    files: &AwsFiles,
) -> SharedCredentialsProvider {
    SharedCredentialsProvider::new(ExplainedProfile {
        inner,
        profile: profile.to_owned(),
        files: files.clone(),
    })
}

#[derive(Debug)]
struct ExplainedProfile {
    inner: SharedCredentialsProvider,
    profile: String,
    files: AwsFiles,
}

impl ExplainedProfile {
    fn explain(&self, error: CredentialsError) -> CredentialsError {
        if matches!(error, CredentialsError::ProviderTimedOut(_)) {
            return error; // carries no source to wrap; the classification reads its type as it is
        }
        let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_default();
        let (config, credentials) = (read(&self.files.config), read(&self.files.credentials));
        let kind = outcrop_core::aws_profiles::parse(&config, &credentials)
            .into_iter()
            .find(|p| p.name == self.profile)
            .map(|p| p.kind);
        let missing_program =
            outcrop_core::aws_profiles::credential_process_program(&config, &credentials, &self.profile)
                .filter(|program| {
                    program_missing(program, std::env::var_os("PATH"), std::env::var_os("HOME"))
                });
        let not_loaded = matches!(error, CredentialsError::CredentialsNotLoaded(_));
        let wrapped = ProfileCredentialsError {
            profile: self.profile.clone(),
            missing_program,
            kind,
            source: error,
        };
        // Kept "not loaded" when it was: a chain of providers reads that as "try the next one".
        if not_loaded {
            CredentialsError::not_loaded(wrapped)
        } else {
            CredentialsError::provider_error(wrapped)
        }
    }
}

impl ProvideCredentials for ExplainedProfile {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::new(async move {
            let result: provider::Result = self.inner.provide_credentials().await;
            result.map_err(|error| self.explain(error))
        })
    }

    fn fallback_on_interrupt(&self) -> Option<aws_credential_types::Credentials> {
        self.inner.fallback_on_interrupt()
    }
}

/// Whether `program` surely does not exist: a path that names no file, or a bare name found in no directory
/// of `path`. Anything the shell might read otherwise (a variable, an assignment, a builtin) is not claimed
/// missing.
fn program_missing(
    program: &str,
    path: Option<std::ffi::OsString>,
    home: Option<std::ffi::OsString>,
) -> bool {
    if program.contains(['$', '`', '=', '(', ';', '|', '&', '<', '>', '*', '?']) {
        return false;
    }
    let expanded: PathBuf = match (program.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        (Some(_), None) => return false,
        _ => PathBuf::from(program),
    };
    let candidates = |base: &Path| -> Vec<PathBuf> {
        let mut all = vec![base.to_path_buf()];
        if cfg!(windows) {
            all.extend(["exe", "cmd", "bat", "com"].map(|ext| base.with_extension(ext)));
        }
        all
    };
    let is_path = program.contains('/') || (cfg!(windows) && program.contains(['\\', ':']));
    if is_path {
        return !candidates(&expanded).iter().any(|p| p.is_file());
    }
    if is_shell_builtin(program) {
        return false;
    }
    let Some(path) = path else { return false };
    !std::env::split_paths(&path).any(|dir| candidates(&dir.join(program)).iter().any(|p| p.is_file()))
}

/// Commands `sh` (and `cmd.exe`) run without a program on disk.
fn is_shell_builtin(name: &str) -> bool {
    matches!(
        name,
        "echo" | "printf" | "exec" | "eval" | "." | "source" | "type" | "set" | "cd" | "test" | "["
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_program_is_missing_only_when_surely_so() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let tool = dir.path().join("vault-aws");
        std::fs::write(&tool, "#!/bin/sh\n").unwrap_or_else(|e| panic!("{e}"));
        let path = Some(dir.path().as_os_str().to_owned());
        let home = Some(dir.path().as_os_str().to_owned());

        assert!(!program_missing("vault-aws", path.clone(), None), "found on PATH");
        assert!(program_missing("outcrop-no-such-tool", path.clone(), None));
        assert!(
            !program_missing(&tool.display().to_string(), None, None),
            "a path that exists"
        );
        assert!(program_missing("/nonexistent/outcrop-vault", path.clone(), None));
        assert!(
            !program_missing("~/vault-aws", None, home.clone()),
            "~ is the home directory"
        );
        assert!(program_missing("~/outcrop-no-such-tool", None, home));
        assert!(
            !program_missing("$HOME/bin/x", path.clone(), None),
            "the shell expands it: unknown"
        );
        assert!(!program_missing("AWS_PROFILE=x", path.clone(), None));
        assert!(!program_missing("echo", Some("".into()), None), "a builtin");
        assert!(!program_missing("anything", None, None), "no PATH: unknown");
    }
}
