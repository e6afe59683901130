//! The session list's search index (SQLite FTS5, trigram: any run of three characters matches, in any
//! script): session titles and run labels (kept by triggers on `sessions`), and each turn's question and
//! answer (written with the turn; a turn's entry goes with it, by trigger).

use outcrop_core::conversation::{ContentItem, Conversation, Role};
use rusqlite::{Transaction, params};

/// The index's tables and the triggers that keep the titles' side (schema version 4).
pub(super) const SCHEMA: &str = "
CREATE VIRTUAL TABLE title_search USING fts5(session_id UNINDEXED, text, tokenize = 'trigram');
CREATE VIRTUAL TABLE turn_search USING fts5(session_id UNINDEXED, text, tokenize = 'trigram');
CREATE TRIGGER title_search_insert AFTER INSERT ON sessions BEGIN
    INSERT INTO title_search (session_id, text) VALUES (new.id, new.title || char(10) || COALESCE(new.run_label, ''));
END;
CREATE TRIGGER title_search_update AFTER UPDATE OF title, run_label ON sessions
WHEN old.title IS NOT new.title OR old.run_label IS NOT new.run_label BEGIN
    DELETE FROM title_search WHERE session_id = old.id;
    INSERT INTO title_search (session_id, text) VALUES (new.id, new.title || char(10) || COALESCE(new.run_label, ''));
END;
CREATE TRIGGER title_search_delete AFTER DELETE ON sessions BEGIN
    DELETE FROM title_search WHERE session_id = old.id;
END;
CREATE TRIGGER turn_search_delete AFTER DELETE ON turns BEGIN
    DELETE FROM turn_search WHERE rowid = old.id;
END;
INSERT INTO title_search (session_id, text) SELECT id, title || char(10) || COALESCE(run_label, '') FROM sessions;
";

/// What a turn is found by: its question (the text of the request's last user message) and its answer.
pub(super) fn turn_text(request: &Conversation, reply: &[ContentItem]) -> String {
    let question = request
        .messages
        .iter()
        .rev()
        .find(|m| m.role == Role::User)
        .map(|m| m.content.as_slice())
        .unwrap_or_default();
    question
        .iter()
        .chain(reply)
        .filter_map(|item| match item {
            ContentItem::Text { text } => Some(text.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Indexes (or re-indexes) a turn under its row ID.
pub(super) fn index_turn(
    tx: &Transaction<'_>,
    turn_id: i64,
    session_id: &str,
    text: &str,
) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM turn_search WHERE rowid = ?1", params![turn_id])?;
    tx.execute(
        "INSERT INTO turn_search (rowid, session_id, text) VALUES (?1, ?2, ?3)",
        params![turn_id, session_id, text],
    )?;
    Ok(())
}

/// How the list looks a query up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Lookup {
    /// No query: every session.
    All,
    /// An FTS5 query: the person's words as one phrase, quoted, so `"`, `*`, `:`, `(` or `NEAR` are plain text.
    Match(String),
    /// Under three characters (too short for a trigram): a `LIKE` pattern over the index's text, escaped with `\`.
    Like(String),
}

impl Lookup {
    pub fn of(query: &str) -> Self {
        let query = query.trim();
        if query.is_empty() {
            Self::All
        } else if query.chars().count() < 3 {
            Self::Like(format!(
                "%{}%",
                query
                    .replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            ))
        } else {
            Self::Match(format!("\"{}\"", query.replace('"', "\"\"")))
        }
    }

    /// The condition on `s` (a `sessions` row) for this lookup, with `?1` its parameter.
    pub fn condition(&self) -> &'static str {
        match self {
            Self::All => "?1 IS NULL",
            Self::Match(_) => {
                "s.id IN (SELECT session_id FROM title_search WHERE title_search MATCH ?1)
                 OR s.id IN (SELECT session_id FROM turn_search WHERE turn_search MATCH ?1)"
            }
            Self::Like(_) => {
                "s.id IN (SELECT session_id FROM title_search WHERE text LIKE ?1 ESCAPE '\\')
                 OR s.id IN (SELECT session_id FROM turn_search WHERE text LIKE ?1 ESCAPE '\\')"
            }
        }
    }

    pub fn parameter(&self) -> Option<&str> {
        match self {
            Self::All => None,
            Self::Match(q) | Self::Like(q) => Some(q),
        }
    }
}
