//! Errors are classified below the services that raise them: the error module knows a connection only as a
//! `ConnectionTarget`, never the saved connections (which import the errors), so the two do not form a circle.

#![allow(clippy::unwrap_used)]

use std::path::Path;

#[test]
fn the_error_modules_do_not_import_saved_connections() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for file in ["error.rs", "aws_reason.rs", "connection_kind.rs"] {
        let text = std::fs::read_to_string(src.join(file)).unwrap();
        assert!(
            !text.contains("crate::connections"),
            "{file} imports crate::connections: move what both need into connection_kind.rs"
        );
    }
}
