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
    let stem: String = title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, ' ' | '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect::<String>()
        .trim()
        .to_owned();
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
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
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
