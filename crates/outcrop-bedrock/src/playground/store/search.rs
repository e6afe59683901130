//! The session list's search index (SQLite FTS5, trigram: any run of three characters matches, in any
//! script): session titles, run labels and models (kept by triggers on `sessions`), and each turn's model,
//! question and answer (written with the turn; a turn's entry goes with it, by trigger).

use outcrop_core::conversation::{ContentItem, Conversation, Role};
use rusqlite::{Transaction, params};

/// What a session is found by — its title, its run's label (a Compare column's target) and its draft's
/// model — as SQL over the `sessions` columns of `row` (`new.` in a trigger, empty in a query).
fn session_text(row: &str) -> String {
    format!(
        "{row}title || char(10) || COALESCE({row}run_label, '') || char(10)
         || COALESCE(CASE WHEN json_valid({row}draft_json) THEN json_extract({row}draft_json, '$.modelChoice') END, '')"
    )
}

/// The draft's model of `row`, as SQL (NULL when the draft is not JSON).
fn draft_model(row: &str) -> String {
    format!("(CASE WHEN json_valid({row}draft_json) THEN json_extract({row}draft_json, '$.modelChoice') END)")
}

/// The index's tables, the triggers that keep the sessions' side, and the sessions' entries (schema version 4).
pub(super) fn schema() -> String {
    let new = session_text("new.");
    let (old_model, new_model) = (draft_model("old."), draft_model("new."));
    let existing = session_text("");
    format!(
        "
CREATE VIRTUAL TABLE title_search USING fts5(session_id UNINDEXED, text, tokenize = 'trigram');
CREATE VIRTUAL TABLE turn_search USING fts5(session_id UNINDEXED, text, tokenize = 'trigram');
CREATE TRIGGER title_search_insert AFTER INSERT ON sessions BEGIN
    INSERT INTO title_search (session_id, text) VALUES (new.id, {new});
END;
CREATE TRIGGER title_search_update AFTER UPDATE OF title, run_label, draft_json ON sessions
WHEN old.title IS NOT new.title OR old.run_label IS NOT new.run_label OR {old_model} IS NOT {new_model}
BEGIN
    DELETE FROM title_search WHERE session_id = old.id;
    INSERT INTO title_search (session_id, text) VALUES (new.id, {new});
END;
CREATE TRIGGER title_search_delete AFTER DELETE ON sessions BEGIN
    DELETE FROM title_search WHERE session_id = old.id;
END;
CREATE TRIGGER turn_search_delete AFTER DELETE ON turns BEGIN
    DELETE FROM turn_search WHERE rowid = old.id;
END;
INSERT INTO title_search (session_id, text) SELECT id, {existing} FROM sessions;
"
    )
}

/// What a turn is found by: the model chosen, its question (the text of the request's last user message) and
/// its answer.
pub(super) fn turn_text(model_choice: &str, request: &Conversation, reply: &[ContentItem]) -> String {
    let question = request
        .messages
        .iter()
        .rev()
        .find(|m| m.role == Role::User)
        .map(|m| m.content.as_slice())
        .unwrap_or_default();
    std::iter::once(model_choice)
        .chain(question.iter().chain(reply).filter_map(|item| match item {
            ContentItem::Text { text } => Some(text.as_str()),
            _ => None,
        }))
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
