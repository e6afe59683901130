//! A document's name as Converse accepts it.

/// Converse documents: letters, digits, whitespace (never two in a row), hyphens, parentheses, brackets.
pub(super) fn valid_document_name(name: &str) -> bool {
    !name.trim().is_empty()
        && !name.contains("  ")
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '(' | ')' | '[' | ']'))
}

/// Turns a model-supplied document name into one Converse accepts ("report_v2.md" → "report v2").
pub fn document_name_from_file(file_name: &str) -> String {
    let stem = file_name.rsplit_once('.').map_or(file_name, |(stem, _)| stem);
    let mut name = String::new();
    for c in stem.chars() {
        let c = if c.is_alphanumeric() || matches!(c, '-' | '(' | ')' | '[' | ']') {
            c
        } else {
            ' '
        };
        if !(c == ' ' && (name.is_empty() || name.ends_with(' '))) {
            name.push(c);
        }
    }
    let name = name.trim_end().to_owned();
    if name.is_empty() { "document".into() } else { name }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_names_from_files() {
        assert_eq!(document_name_from_file("report_v2.md"), "report v2");
        assert_eq!(document_name_from_file("..."), "document");
        assert_eq!(document_name_from_file("Q3 (draft).txt"), "Q3 (draft)");
    }
}
