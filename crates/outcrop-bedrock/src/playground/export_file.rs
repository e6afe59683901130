//! Writing an export (a session's or a run's JSON) to a new file, never over an existing one.

use std::path::Path;

use outcrop_core::ErrorCode;

use crate::OutcropError;

/// Writes an export into `dir` as `<title>.<extension>` (never over an existing file: `… (2).<extension>` and
/// so on; `fallback` when the title leaves no usable name) and returns the file's path.
pub(super) fn save_export(
    dir: &Path,
    title: &str,
    fallback: &str,
    extension: &str,
    json: &str,
) -> Result<std::path::PathBuf, OutcropError> {
    let stem = crate::file_names::file_stem(title, " (999).".len() + extension.len());
    let stem = if stem.is_empty() {
        fallback.to_owned()
    } else {
        stem
    };
    let write_error = |error: std::io::Error, path: &Path| OutcropError {
        code: ErrorCode::Internal,
        message: format!("The export could not be saved to {}.", path.display()),
        detail: error.to_string(),
        fields: Vec::new(),
        aws: None,
    };
    std::fs::create_dir_all(dir).map_err(|e| write_error(e, dir))?;
    for n in 1..1000 {
        let name = if n == 1 {
            format!("{stem}.{extension}")
        } else {
            format!("{stem} ({n}).{extension}")
        };
        let path = dir.join(name);
        match crate::private_files::create_new_private(&path) {
            Ok(mut file) => {
                std::io::Write::write_all(&mut file, json.as_bytes()).map_err(|e| write_error(e, &path))?;
                return Ok(path);
            }
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(write_error(error, &path)),
        }
    }
    Err(OutcropError {
        code: ErrorCode::Conflict,
        message: format!(
            "{} already holds a thousand exports of “{title}”; rename it first.",
            dir.display()
        ),
        detail: "no free file name".into(),
        fields: Vec::new(),
        aws: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_japanese_title_makes_a_file_name_the_file_system_takes() {
        let dir = tempfile::tempdir().unwrap();
        // 100 characters of three bytes each: 300 bytes, over the 255 a file name may have.
        let title = "長い文書についての質問".repeat(10);
        for _ in 0..3 {
            let path = save_export(dir.path(), &title, "session", "outcrop-session.json", "{}").unwrap();
            let name = path.file_name().unwrap().to_str().unwrap();
            assert!(name.len() <= 255, "{} bytes: {name}", name.len());
            assert!(name.starts_with("長い文書についての質問"), "{name}");
            assert!(name.ends_with(".outcrop-session.json"), "{name}");
        }
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            3,
            "three exports, none over another"
        );
    }
}
