//! `app_info`: what the status bar and the About view show.

use std::path::Path;

use outcrop_core::ErrorCode;
use serde::Serialize;
use tauri::Manager;
use ts_rs::TS;

use crate::IpcError;

/// The running app: version, build, and where it keeps its data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub name: String,
    pub version: String,
    pub build: BuildInfo,
    /// The directory that holds saved connections and sessions (never secrets: those live in the keychain).
    pub data_dir: String,
}

/// How this binary was built.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BuildInfo {
    /// `debug` or `release`.
    pub profile: String,
    /// Operating system and architecture, e.g. `linux-x86_64`.
    pub target: String,
    /// The short Git commit the binary was built from, when it was built from a Git checkout.
    pub commit: Option<String>,
}

impl AppInfo {
    /// The info for this binary with the given data directory.
    pub fn for_this_build(data_dir: &Path) -> Self {
        let commit = env!("OUTCROP_GIT_COMMIT");
        Self {
            name: "Outcrop".to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            build: BuildInfo {
                profile: if cfg!(debug_assertions) {
                    "debug"
                } else {
                    "release"
                }
                .to_owned(),
                target: format!("{}-{}", std::env::consts::OS, std::env::consts::ARCH),
                commit: (!commit.is_empty()).then(|| commit.to_owned()),
            },
            data_dir: data_dir.display().to_string(),
        }
    }
}

#[tauri::command]
pub fn app_info<R: tauri::Runtime>(app: tauri::AppHandle<R>) -> Result<AppInfo, IpcError> {
    let data_dir = app.path().app_data_dir().map_err(|error| {
        IpcError::new(
            ErrorCode::Internal,
            "Outcrop could not work out its data directory; set HOME (or XDG_DATA_HOME) and restart",
        )
        .with_source(&error)
    })?;
    Ok(AppInfo::for_this_build(&data_dir))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_the_crate_version_and_the_given_data_dir() {
        let info = AppInfo::for_this_build(Path::new("/data/outcrop"));
        assert_eq!(info.version, env!("CARGO_PKG_VERSION"));
        assert_eq!(info.data_dir, "/data/outcrop");
        assert!(info.build.profile == "debug" || info.build.profile == "release");
        assert!(info.build.target.contains('-'));
    }
}
