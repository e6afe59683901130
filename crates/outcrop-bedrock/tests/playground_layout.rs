//! The playground's layout stays one concern per file: no file longer than about a screenful of concerns
//! (500 lines, its unit tests aside), every `mod.rs` only wires its children together, and no file imports
//! from the module above it — what two files share lives in a sibling below both.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

const MAX_LINES: usize = 500;

fn playground() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/playground")
}

/// Every `.rs` file under `dir`, sorted.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The file's lines before its inline unit tests (none for a file of tests).
fn production_lines(path: &Path, text: &str) -> usize {
    if path.file_name().is_some_and(|n| n == "tests.rs") {
        return 0;
    }
    text.lines().take_while(|l| !l.starts_with("mod tests {")).count()
}

/// The top-level statements of a file before its inline unit tests, a `use` spanning lines joined into one.
fn statements(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.starts_with("mod tests {") {
            break;
        }
        if line.is_empty() || line.starts_with([' ', '}', ')', ']']) {
            continue;
        }
        let mut statement = line.trim().to_owned();
        if line.starts_with("use ") || line.starts_with("pub use ") || line.starts_with("pub(crate) use ") {
            while !statement.ends_with(';') {
                let Some(next) = lines.next() else { break };
                statement.push(' ');
                statement.push_str(next.trim());
            }
        }
        out.push(statement);
    }
    out
}

/// The first segment of each path a `use super::…;` statement names (`use super::{a::X, b}` names `a` and `b`).
fn super_heads(statement: &str) -> Vec<String> {
    let Some((_, rest)) = statement.split_once("super::") else {
        return Vec::new();
    };
    let rest = rest.trim_end_matches(';').trim();
    let Some(list) = rest.strip_prefix('{').and_then(|r| r.strip_suffix('}')) else {
        return vec![rest.split("::").next().unwrap_or_default().trim().to_owned()];
    };
    let mut heads = Vec::new();
    let (mut depth, mut item) = (0, String::new());
    for c in list.chars().chain([',']) {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                let head = item
                    .trim()
                    .split("::")
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_owned();
                if !head.is_empty() {
                    heads.push(head);
                }
                item.clear();
                continue;
            }
            _ => {}
        }
        item.push(c);
    }
    heads
}

#[test]
fn no_playground_file_holds_more_than_one_screenful_of_concerns() {
    let long: Vec<String> = sources(&playground())
        .into_iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let lines = production_lines(&path, &text);
            (lines > MAX_LINES).then(|| format!("{} ({lines} lines)", path.display()))
        })
        .collect();
    assert!(long.is_empty(), "split these by concern: {long:?}");
}

#[test]
fn every_playground_mod_rs_only_wires_its_children() {
    for path in sources(&playground())
        .into_iter()
        .filter(|p| p.ends_with("mod.rs"))
    {
        let text = std::fs::read_to_string(&path).unwrap();
        for statement in statements(&text) {
            let wiring = statement.is_empty()
                || statement.starts_with("//")
                || statement == "#[cfg(test)]"
                || statement.starts_with("mod ")
                || statement.starts_with("pub mod ")
                || statement.starts_with("pub use ");
            assert!(
                wiring,
                "{} defines or imports something: {statement}",
                path.display()
            );
        }
    }
}

#[test]
fn no_playground_file_imports_from_the_module_above_it() {
    for path in sources(&playground()) {
        let text = std::fs::read_to_string(&path).unwrap();
        // `super` of `x/mod.rs` is the module holding `x/`; of `x/y.rs`, the module `x`, whose children sit
        // in `x/`.
        let dir = path.parent().unwrap();
        let siblings_dir = if path.ends_with("mod.rs") {
            dir.parent().unwrap()
        } else {
            dir
        };
        for statement in statements(&text)
            .iter()
            .filter(|s| s.starts_with("use super::") || s.starts_with("pub use super::"))
        {
            for head in super_heads(statement) {
                let sibling = siblings_dir.join(format!("{head}.rs")).exists()
                    || siblings_dir.join(&head).join("mod.rs").exists();
                assert!(
                    sibling,
                    "{} imports `{head}` from the module above it; move what is shared to a sibling below both",
                    path.display()
                );
            }
        }
    }
}
