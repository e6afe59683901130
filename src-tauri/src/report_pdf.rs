//! Printing a report's HTML to PDF with the platform's web engine, so the PDF looks exactly like the HTML.
//!
//! On Linux, WebKitGTK (the engine Tauri's window already runs): a web view of its own in an offscreen GTK
//! window, in an ephemeral web context, with JavaScript off and no IPC bridge, loads the report and prints it
//! through GTK's "Print to File" printer, no dialog shown. Elsewhere this version has no printer and says so.

use std::path::Path;
use std::time::Duration;

/// Why a PDF was not made; the UI words each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfProblem {
    /// This platform has no PDF printer in this version.
    Unsupported,
    /// The engine refused or failed; its own words, for the details.
    Failed(String),
    /// The engine did not finish in time.
    TimedOut(Duration),
}

/// Prints HTML to a PDF file. Blocking: call it off the async runtime's workers.
pub trait PdfPrinter: Send + Sync + std::fmt::Debug {
    fn print(&self, html: &str, to: &Path) -> Result<(), PdfProblem>;
}

/// The printer of a platform without one.
#[derive(Debug, Default)]
pub struct NoPdfPrinter;

impl PdfPrinter for NoPdfPrinter {
    fn print(&self, _html: &str, _to: &Path) -> Result<(), PdfProblem> {
        Err(PdfProblem::Unsupported)
    }
}

/// How long printing a report may take before it is given up.
pub const PRINT_TIMEOUT: Duration = Duration::from_secs(60);

#[cfg(target_os = "linux")]
pub use webkit::{WebKitPdfPrinter, print_on_gtk_thread};

#[cfg(target_os = "linux")]
mod webkit {
    use std::cell::{Cell, RefCell};
    use std::path::{Path, PathBuf};
    use std::rc::Rc;
    use std::sync::mpsc;
    use std::time::Duration;

    use gtk::prelude::*;
    use webkit2gtk::{LoadEvent, PrintOperationExt, SettingsExt, WebViewExt};

    use super::{PdfPrinter, PdfProblem};

    /// Prints on the app's main thread (where GTK lives), waiting at most `timeout`.
    pub struct WebKitPdfPrinter<R: tauri::Runtime> {
        app: tauri::AppHandle<R>,
        timeout: Duration,
    }

    impl<R: tauri::Runtime> std::fmt::Debug for WebKitPdfPrinter<R> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("WebKitPdfPrinter")
                .field("timeout", &self.timeout)
                .finish()
        }
    }

    impl<R: tauri::Runtime> WebKitPdfPrinter<R> {
        pub fn new(app: tauri::AppHandle<R>, timeout: Duration) -> Self {
            Self { app, timeout }
        }
    }

    impl<R: tauri::Runtime> PdfPrinter for WebKitPdfPrinter<R> {
        fn print(&self, html: &str, to: &Path) -> Result<(), PdfProblem> {
            let (done, finished) = mpsc::channel();
            let html = html.to_owned();
            let to = to.to_owned();
            self.app
                .run_on_main_thread(move || {
                    print_on_gtk_thread(html, to, move |result| {
                        let _ = done.send(result);
                    })
                })
                .map_err(|e| PdfProblem::Failed(e.to_string()))?;
            match finished.recv_timeout(self.timeout) {
                Ok(result) => result,
                Err(mpsc::RecvTimeoutError::Timeout) => Err(PdfProblem::TimedOut(self.timeout)),
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    Err(PdfProblem::Failed("the printer stopped without an answer".into()))
                }
            }
        }
    }

    /// Who hears how printing ended.
    type OnDone = Box<dyn FnOnce(Result<(), PdfProblem>)>;

    /// One report being printed: who to tell, and what must live until printing is over.
    struct Job {
        on_done: RefCell<Option<OnDone>>,
        window: gtk::OffscreenWindow,
        operation: RefCell<Option<webkit2gtk::PrintOperation>>,
    }

    /// GTK's file printer, by the name GTK gives it in the current language.
    fn file_printer_name() -> String {
        gtk::glib::dgettext(Some("gtk30"), "Print to File").to_string()
    }

    /// Loads `html` in an offscreen web view and prints it to `to` as an A4 PDF; `on_done` is called once, on
    /// this thread, when the file is written or printing failed. Must run on GTK's thread.
    pub fn print_on_gtk_thread(
        html: String,
        to: PathBuf,
        on_done: impl FnOnce(Result<(), PdfProblem>) + 'static,
    ) {
        let uri = match gtk::glib::filename_to_uri(&to, None) {
            Ok(uri) => uri.to_string(),
            Err(error) => {
                on_done(Err(PdfProblem::Failed(error.to_string())));
                return;
            }
        };
        let window = gtk::OffscreenWindow::new();
        // A4 at 96 dpi, so the page lays out at the width it prints at.
        window.set_default_size(794, 1123);
        // A context of its own that keeps nothing on disk: the report (prompts, answers) is never cached, and the
        // app's own web context is left alone.
        let context = webkit2gtk::WebContext::new_ephemeral();
        let view = webkit2gtk::WebView::with_context(&context);
        if let Some(settings) = WebViewExt::settings(&view) {
            settings.set_enable_javascript(false);
            settings.set_auto_load_images(false);
        }
        window.add(&view);
        window.show_all();

        let job = Rc::new(Job {
            on_done: RefCell::new(Some(Box::new(on_done))),
            window: window.clone(),
            operation: RefCell::new(None),
        });
        let finish = {
            let job = job.clone();
            move |result: Result<(), PdfProblem>| {
                let done = job.on_done.borrow_mut().take();
                if let Some(done) = done {
                    done(result);
                    // Torn down once the signal that said so has returned, never inside it: the print operation
                    // and its web view are still in use while `finished` is emitted.
                    let job = job.clone();
                    gtk::glib::idle_add_local_once(move || {
                        job.operation.borrow_mut().take();
                        job.window.close();
                    });
                }
            }
        };
        let finish = Rc::new(finish);
        {
            let finish = finish.clone();
            view.connect_load_failed(move |_, _, _, error| {
                finish(Err(PdfProblem::Failed(error.to_string())));
                true
            });
        }
        let started = Cell::new(false);
        view.connect_load_changed(move |view, event| {
            if event != LoadEvent::Finished || started.replace(true) {
                return;
            }
            let settings = gtk::PrintSettings::new();
            settings.set_printer(&file_printer_name());
            settings.set(gtk::PRINT_SETTINGS_OUTPUT_FILE_FORMAT, Some("pdf"));
            settings.set(gtk::PRINT_SETTINGS_OUTPUT_URI, Some(&uri));
            let page = gtk::PageSetup::new();
            page.set_paper_size(&gtk::PaperSize::new(Some(gtk::PAPER_NAME_A4.as_str())));
            for set in [gtk::PageSetup::set_top_margin, gtk::PageSetup::set_bottom_margin] {
                set(&page, 16.0, gtk::Unit::Mm);
            }
            for set in [gtk::PageSetup::set_left_margin, gtk::PageSetup::set_right_margin] {
                set(&page, 14.0, gtk::Unit::Mm);
            }
            let operation = webkit2gtk::PrintOperation::new(view);
            operation.set_print_settings(&settings);
            operation.set_page_setup(&page);
            {
                let finish = finish.clone();
                operation.connect_failed(move |_, error| {
                    finish(Err(PdfProblem::Failed(error.to_string())));
                });
            }
            {
                let finish = finish.clone();
                // `finished` also follows `failed`; the first answer wins.
                operation.connect_finished(move |_| finish(Ok(())));
            }
            // Kept until printing is over (the view's signal handlers hold `job`).
            job.operation.replace(Some(operation.clone()));
            operation.print();
        });
        view.load_html(&html, None);
    }
}
