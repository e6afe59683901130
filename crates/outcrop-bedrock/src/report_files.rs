//! Saving a report: `<name>.html` and `<name>.pdf` side by side in a folder the person picked, never over files
//! already there (`<name> (2).html` and so on), each readable by its owner only.

use std::path::{Path, PathBuf};

use outcrop_core::ErrorCode;

use crate::OutcropError;
use crate::file_names::file_stem;

/// Where a report's two files go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportPaths {
    pub html: PathBuf,
    pub pdf: PathBuf,
    /// This save's number, naming its PDF while it is printed.
    ticket: u64,
}

impl ReportPaths {
    /// Where the PDF is printed before it takes its name (the printer writes it with the system's defaults): a
    /// short name of its own in the same folder, so a name near the 255-byte limit still has room.
    pub fn pdf_in_progress(&self) -> PathBuf {
        self.pdf.with_file_name(format!(
            ".outcrop-report-{}-{}.pdf.tmp",
            std::process::id(),
            self.ticket
        ))
    }
}

/// Tells apart the PDFs printed at once by one Outcrop.
static TICKETS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

fn io_error(message: String, error: &std::io::Error) -> OutcropError {
    OutcropError {
        code: ErrorCode::Internal,
        message,
        detail: error.to_string(),
        fields: Vec::new(),
        aws: None,
    }
}

fn refused(code: ErrorCode, message: String, detail: &str) -> OutcropError {
    OutcropError {
        code,
        message,
        detail: detail.into(),
        fields: Vec::new(),
        aws: None,
    }
}

/// The folder reports go to unless the person picks another: "Outcrop reports" in `documents` (their Documents
/// folder, or their home when the system names none).
pub fn default_report_folder(documents: &Path) -> PathBuf {
    documents.join("Outcrop reports")
}

/// Writes the report's HTML into `folder` under a name made from `name` that neither an `.html` nor a `.pdf`
/// file there already has, and returns both paths (the PDF is the caller's to print). `folder` must be an
/// absolute path; it is created (private) when missing, and keeps its permissions when it exists.
pub fn save_report_html(folder: &Path, name: &str, html: &str) -> Result<ReportPaths, OutcropError> {
    if !folder.is_absolute() {
        return Err(refused(
            ErrorCode::Validation,
            format!(
                "Pick a folder to save the report in (“{}” is not a full path).",
                folder.display()
            ),
            "the folder is not an absolute path",
        ));
    }
    let stem = file_stem(name, " (999).html".len());
    if stem.is_empty() {
        return Err(refused(
            ErrorCode::Validation,
            "Give the report a file name.".into(),
            "the file name is empty",
        ));
    }
    if !folder.exists() {
        crate::private_files::create_private_dir(folder).map_err(|e| {
            io_error(
                format!("The folder {} could not be created.", folder.display()),
                &e,
            )
        })?;
    } else if !folder.is_dir() {
        return Err(refused(
            ErrorCode::Validation,
            format!("{} is a file, not a folder.", folder.display()),
            "not a directory",
        ));
    }
    for n in 1..1000 {
        let stem = if n == 1 {
            stem.clone()
        } else {
            format!("{stem} ({n})")
        };
        let paths = ReportPaths {
            html: folder.join(format!("{stem}.html")),
            pdf: folder.join(format!("{stem}.pdf")),
            ticket: TICKETS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        };
        if paths.pdf.exists() {
            continue;
        }
        // The name is claimed (an empty private file nobody else can take), then the report replaces it whole.
        match crate::private_files::create_new_private(&paths.html) {
            Ok(claimed) => {
                drop(claimed);
                if let Err(error) = write_whole(&paths, html.as_bytes()) {
                    let _ = std::fs::remove_file(&paths.html);
                    return Err(io_error(
                        format!("The report could not be saved to {}.", paths.html.display()),
                        &error,
                    ));
                }
                return Ok(paths);
            }
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => {
                return Err(io_error(
                    format!("The report could not be saved to {}.", paths.html.display()),
                    &error,
                ));
            }
        }
    }
    Err(refused(
        ErrorCode::Conflict,
        format!(
            "{} already holds a thousand reports named “{name}”; pick another name.",
            folder.display()
        ),
        "no free file name",
    ))
}

/// Writes `bytes` over the claimed HTML file whole or not at all: a private temporary file with a short name in the
/// same folder, flushed, renamed over it.
fn write_whole(paths: &ReportPaths, bytes: &[u8]) -> std::io::Result<()> {
    let temporary = paths.html.with_file_name(format!(
        ".outcrop-report-{}-{}.html.tmp",
        std::process::id(),
        paths.ticket
    ));
    let written = (|| {
        let mut file = crate::private_files::create_new_private(&temporary)?;
        std::io::Write::write_all(&mut file, bytes)?;
        file.sync_all()?;
        std::fs::rename(&temporary, &paths.html)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

/// Gives the printed PDF its name, readable by its owner only.
pub fn finish_pdf(paths: &ReportPaths) -> Result<(), OutcropError> {
    let printed = paths.pdf_in_progress();
    let done =
        crate::private_files::make_private(&printed).and_then(|()| std::fs::rename(&printed, &paths.pdf));
    done.map_err(|e| {
        let _ = std::fs::remove_file(&printed);
        io_error(
            format!("The PDF could not be saved to {}.", paths.pdf.display()),
            &e,
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_never_replaces_an_earlier_one() {
        let dir = tempfile::tempdir().unwrap();
        let first = save_report_html(dir.path(), "Field guide: Q&A", "<p>1</p>").unwrap();
        assert_eq!(first.html, dir.path().join("Field guide- Q-A.html"));
        assert_ne!(
            first.pdf_in_progress(),
            save_report_html(dir.path(), "other", "")
                .unwrap()
                .pdf_in_progress()
        );
        assert_eq!(first.pdf, dir.path().join("Field guide- Q-A.pdf"));
        // A PDF left by itself also holds its name.
        std::fs::write(dir.path().join("Field guide- Q-A (2).pdf"), b"%PDF").unwrap();
        let second = save_report_html(dir.path(), "Field guide: Q&A", "<p>2</p>").unwrap();
        assert_eq!(second.html, dir.path().join("Field guide- Q-A (3).html"));
        assert_eq!(std::fs::read_to_string(&first.html).unwrap(), "<p>1</p>");
        assert_eq!(std::fs::read_to_string(&second.html).unwrap(), "<p>2</p>");
    }

    #[test]
    fn a_long_japanese_name_fits_a_file_name() {
        let dir = tempfile::tempdir().unwrap();
        let paths = save_report_html(dir.path(), &"長い文書についての質問".repeat(10), "x").unwrap();
        for path in [&paths.html, &paths.pdf] {
            let name = path.file_name().unwrap().to_str().unwrap();
            assert!(name.len() <= 255, "{} bytes", name.len());
            assert!(name.starts_with("長い文書"), "{name}");
        }
        // The printer's file fits too, and is a file the folder takes.
        std::fs::write(paths.pdf_in_progress(), b"%PDF").unwrap();
        finish_pdf(&paths).unwrap();
        assert_eq!(std::fs::read(&paths.pdf).unwrap(), b"%PDF");
    }

    #[test]
    fn a_missing_folder_is_made_and_bad_input_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let folder = default_report_folder(dir.path());
        let paths = save_report_html(&folder, "report", "x").unwrap();
        assert!(paths.html.starts_with(&folder));
        assert_eq!(
            save_report_html(&folder, " / ", "x").map(|_| ()),
            Ok(()),
            "punctuation alone still makes a name"
        );
        assert_eq!(
            save_report_html(&folder, "   ", "x").unwrap_err().code,
            ErrorCode::Validation
        );
        assert_eq!(
            save_report_html(Path::new("relative/folder"), "report", "x")
                .unwrap_err()
                .code,
            ErrorCode::Validation
        );
        let file = folder.join("report.html");
        assert_eq!(
            save_report_html(&file, "report", "x").unwrap_err().code,
            ErrorCode::Validation
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_files_are_private_and_a_picked_folder_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let paths = save_report_html(dir.path(), "report", "x").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&paths.html), 0o600);
        assert_eq!(mode(dir.path()), 0o755, "the person's folder is left as it was");
        std::fs::write(paths.pdf_in_progress(), b"%PDF-1.5").unwrap();
        std::fs::set_permissions(paths.pdf_in_progress(), std::fs::Permissions::from_mode(0o644)).unwrap();
        finish_pdf(&paths).unwrap();
        assert_eq!(mode(&paths.pdf), 0o600);
        assert!(!paths.pdf_in_progress().exists());
        // Nothing but the report's two files is left behind.
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["report.html", "report.pdf"]);
        let made = default_report_folder(dir.path());
        save_report_html(&made, "report", "x").unwrap();
        assert_eq!(mode(&made), 0o700, "a folder Outcrop makes is private");
    }
}
