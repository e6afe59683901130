//! A session's title from its first question: the first line of the first user message's text (whitespace
//! collapsed, shortened at a word boundary with an ellipsis), or the name of its document when the message
//! holds only a document.

use crate::conversation::{ContentItem, Conversation, Role};

/// How wide a title may be, in columns (a CJK character takes two).
pub const TITLE_WIDTH: usize = 60;

/// The title of a conversation: from the first user message, `None` when it holds neither text nor a document.
pub fn session_title(conversation: &Conversation) -> Option<String> {
    let first = conversation.messages.iter().find(|m| m.role == Role::User)?;
    let text = first.content.iter().find_map(|item| match item {
        ContentItem::Text { text } => shorten(text, TITLE_WIDTH),
        _ => None,
    });
    text.or_else(|| {
        first.content.iter().find_map(|item| match item {
            ContentItem::Document { name, .. } => shorten(name, TITLE_WIDTH),
            _ => None,
        })
    })
}

/// The first non-blank line of `text`, whitespace collapsed, at most `width` columns: cut at a word boundary
/// (or between CJK characters) with "…" when longer. `None` when `text` is blank.
pub fn shorten(text: &str, width: usize) -> Option<String> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    // Enough of the line to fill the width (a pasted document may be one very long line).
    let mut collapsed = String::new();
    let mut columns = 0;
    for word in line.split_whitespace() {
        if !collapsed.is_empty() {
            collapsed.push(' ');
            columns += 1;
        }
        collapsed.push_str(word);
        columns += word.chars().map(char_width).sum::<usize>();
        if columns > width {
            break;
        }
    }
    if columns <= width {
        return Some(collapsed);
    }
    // Room for the ellipsis.
    let budget = width.saturating_sub(1);
    let mut used = 0;
    let mut hard = 0;
    let mut soft = None;
    let mut previous: Option<char> = None;
    for (at, c) in collapsed.char_indices() {
        let w = char_width(c);
        if used + w > budget {
            break;
        }
        // A line may break before a space, and before or after a wide (CJK) character.
        if c == ' ' || (previous.is_some() && (w == 2 || previous.map(char_width) == Some(2))) {
            soft = Some(at);
        }
        used += w;
        hard = at + c.len_utf8();
        previous = Some(c);
    }
    // A word that ends right at the budget is kept whole.
    if collapsed[hard..].starts_with(' ') {
        soft = Some(hard);
    }
    // A word boundary, unless it would leave less than half the title.
    let cut = match soft {
        Some(at) if collapsed[..at].chars().map(char_width).sum::<usize>() * 2 >= budget => at,
        _ => hard,
    };
    let kept = collapsed[..cut].trim_end_matches(|c: char| c.is_whitespace() || ",;:-–—、。・".contains(c));
    let kept = if kept.is_empty() { &collapsed[..hard] } else { kept };
    Some(format!("{kept}…"))
}

/// Columns a character takes: two for East Asian wide characters (CJK, kana, Hangul, full-width forms).
fn char_width(c: char) -> usize {
    match u32::from(c) {
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F
        | 0x1F900..=0x1F9FF
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use proptest::prelude::*;

    use super::*;
    use crate::conversation::{DocumentFormat, Message};

    fn width(s: &str) -> usize {
        s.chars().map(char_width).sum()
    }

    fn asking(content: Vec<ContentItem>) -> Conversation {
        Conversation {
            messages: vec![
                Message {
                    role: Role::Assistant,
                    content: vec![ContentItem::Text {
                        text: "Hello, how can I help?".into(),
                    }],
                },
                Message {
                    role: Role::User,
                    content,
                },
                Message {
                    role: Role::User,
                    content: vec![ContentItem::Text {
                        text: "A later question".into(),
                    }],
                },
            ],
            ..Conversation::default()
        }
    }

    fn text(text: &str) -> ContentItem {
        ContentItem::Text { text: text.into() }
    }

    fn document(name: &str) -> ContentItem {
        ContentItem::Document {
            name: name.into(),
            format: DocumentFormat::Md,
            text: "# Field guide\n\nAlpha beta".into(),
        }
    }

    #[test]
    fn the_first_line_of_the_first_user_text_collapsed() {
        let conversation = asking(vec![
            document("field-guide"),
            text(""),
            text("\n   What   does the\tguide say\nabout rivers?\n"),
        ]);
        assert_eq!(
            session_title(&conversation).as_deref(),
            Some("What does the guide say")
        );
    }

    #[test]
    fn a_document_alone_names_the_session() {
        let conversation = asking(vec![document("field-guide"), text("   ")]);
        assert_eq!(session_title(&conversation).as_deref(), Some("field-guide"));
    }

    #[test]
    fn no_question_no_title() {
        assert_eq!(session_title(&asking(vec![text(" \n ")])), None);
        assert_eq!(session_title(&Conversation::default()), None);
    }

    #[test]
    fn a_long_question_is_cut_at_a_word_with_an_ellipsis() {
        let title = shorten(
            "Which of the cache points in this long handbook prompt would be read on the second turn, and why?",
            TITLE_WIDTH,
        )
        .unwrap();
        assert_eq!(title, "Which of the cache points in this long handbook prompt…");
        assert!(width(&title) <= TITLE_WIDTH);
        // Punctuation before the cut is not left dangling.
        assert_eq!(shorten("alpha, beta gamma", 9).unwrap(), "alpha…");
        assert_eq!(shorten("alpha beta gamma", 11).unwrap(), "alpha beta…");
    }

    #[test]
    fn japanese_is_cut_between_characters_and_counted_wide() {
        let question = "このハンドブックでは、川の名前の由来についてどのように説明されていますか？また、地図の読み方も教えてください。";
        let title = shorten(question, TITLE_WIDTH).unwrap();
        assert!(title.ends_with('…'), "{title}");
        assert!(width(&title) <= TITLE_WIDTH, "{title}");
        assert!(question.starts_with(title.trim_end_matches('…')));
        assert!(width(&title) >= TITLE_WIDTH - 3, "{title}");
    }

    #[test]
    fn one_endless_word_is_cut_hard() {
        let title = shorten(&"x".repeat(5_000), 20).unwrap();
        assert_eq!(title, format!("{}…", "x".repeat(19)));
    }

    proptest! {
        #[test]
        fn a_title_fits_and_is_the_start_of_the_line(text in "[ a-zA-Z\\n\\tあ-ん、。]{0,200}") {
            match shorten(&text, TITLE_WIDTH) {
                None => prop_assert!(text.trim().is_empty()),
                Some(title) => {
                    prop_assert!(width(&title) <= TITLE_WIDTH);
                    prop_assert!(!title.trim().is_empty());
                    prop_assert!(!title.contains('\n') && !title.contains('\t') && !title.contains("  "));
                    let line = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap();
                    let collapsed = line.split_whitespace().collect::<Vec<_>>().join(" ");
                    prop_assert!(collapsed.starts_with(title.trim_end_matches('…')));
                }
            }
        }
    }
}
