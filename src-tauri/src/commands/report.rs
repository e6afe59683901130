//! Reports to hand out: where they go by default, the folder picker, and saving one as HTML and PDF.

use std::path::PathBuf;

use outcrop_core::report::{ReportInput, ReportLabels, render_html};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::IpcError;
use crate::blocking::blocking;
use crate::report_pdf::PdfProblem;
use crate::state::AppState;

/// What became of the PDF; the UI words each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase", tag = "outcome")]
pub enum PdfOutcome {
    Saved {
        path: String,
    },
    /// This platform cannot print to PDF in this version (Linux can): the HTML can be printed from a browser.
    Unsupported,
    /// The web engine failed; `detail` is its own message.
    Failed {
        detail: String,
    },
    /// The web engine did not finish in time.
    TimedOut {
        seconds: u32,
    },
}

/// A saved report: the HTML always, the PDF when it could be printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportSaved {
    pub folder: String,
    pub html: String,
    pub pdf: PdfOutcome,
}

/// The folder reports are saved in unless the person picks another.
#[tauri::command]
pub async fn report_default_folder(state: State<'_, AppState>) -> Result<String, IpcError> {
    Ok(state.reports_dir.display().to_string())
}

/// Opens the system's folder picker at `start` (titled `title`, worded by the UI); the folder chosen, or `null`
/// when the person cancelled.
#[tauri::command]
pub async fn report_pick_folder<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    window: tauri::WebviewWindow<R>,
    title: String,
    start: String,
) -> Result<Option<String>, IpcError> {
    use tauri::Manager;
    let Some(dialog) = app.try_state::<tauri_plugin_dialog::Dialog<R>>() else {
        return Err(IpcError::new(
            outcrop_core::ErrorCode::Internal,
            "The folder picker is not available here.",
        ));
    };
    let (chosen, picked) = tokio::sync::oneshot::channel();
    let mut picker = dialog.file().set_title(title).set_parent(&window);
    // The folder shown, or the nearest folder above it that exists (the default one is made on the first save).
    if let Some(existing) = std::path::Path::new(&start)
        .ancestors()
        .find(|p| p.is_absolute() && p.is_dir())
    {
        picker = picker.set_directory(existing);
    }
    picker.pick_folder(move |folder| {
        let _ = chosen.send(folder);
    });
    let folder = picked.await.ok().flatten();
    folder
        .map(|f| {
            f.into_path().map(|p| p.display().to_string()).map_err(|e| {
                IpcError::new(
                    outcrop_core::ErrorCode::Internal,
                    "The folder picked could not be read.",
                )
                .with_source(&e)
            })
        })
        .transpose()
}

/// Saves the report as `<name>.html` and `<name>.pdf` in `folder` (neither over an existing file), and says
/// where. The HTML is kept even when the PDF cannot be made.
#[tauri::command]
pub async fn report_save(
    state: State<'_, AppState>,
    input: ReportInput,
    labels: ReportLabels,
    folder: String,
    name: String,
) -> Result<ReportSaved, IpcError> {
    blocking(state.pdf_printer.clone(), move |printer| {
        let html = render_html(&input, &labels);
        let folder = PathBuf::from(folder);
        let paths = outcrop_bedrock::report_files::save_report_html(&folder, &name, &html)?;
        let printing = paths.pdf_in_progress();
        let pdf = match printer.print(&html, &printing) {
            Ok(()) => match outcrop_bedrock::report_files::finish_pdf(&paths) {
                Ok(()) => PdfOutcome::Saved {
                    path: paths.pdf.display().to_string(),
                },
                Err(error) => PdfOutcome::Failed {
                    detail: format!("{}: {}", error.message, error.detail),
                },
            },
            Err(problem) => {
                let _ = std::fs::remove_file(&printing);
                match problem {
                    PdfProblem::Unsupported => PdfOutcome::Unsupported,
                    PdfProblem::Failed(detail) => PdfOutcome::Failed { detail },
                    PdfProblem::TimedOut(after) => PdfOutcome::TimedOut {
                        seconds: after.as_secs() as u32,
                    },
                }
            }
        };
        if let PdfOutcome::Failed { detail } = &pdf {
            tracing::warn!(%detail, "the report's PDF could not be printed");
        }
        Ok::<_, IpcError>(ReportSaved {
            folder: folder.display().to_string(),
            html: paths.html.display().to_string(),
            pdf,
        })
    })
    .await
}
