//! File names made from what a person typed (a session's title, a report's name): the characters every common
//! file system takes, and no longer than a file name may be.

/// The longest file name the common file systems take, in bytes (ext4, APFS; NTFS counts UTF-16 units).
pub const MAX_FILE_NAME_BYTES: usize = 255;

/// `title` as a file name's stem: letters, digits, spaces, `-` and `_` kept, anything else (`/`, `:`, `.`, …)
/// made `-`, trimmed, and cut at a character boundary so that `reserved` more bytes (an extension, a
/// " (2)") still fit in [`MAX_FILE_NAME_BYTES`]. Empty when nothing usable is left.
pub fn file_stem(title: &str, reserved: usize) -> String {
    let stem: String = title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, ' ' | '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect::<String>();
    // A title's closing "?" or opening quote leaves a dash at either end: dropped, unless dashes are all there is.
    let trimmed = stem.trim_matches(|c: char| c == '-' || c.is_whitespace());
    let stem = if trimmed.is_empty() {
        stem.trim().to_owned()
    } else {
        trimmed.to_owned()
    };
    let room = MAX_FILE_NAME_BYTES.saturating_sub(reserved);
    match stem
        .char_indices()
        .map(|(i, c)| i + c.len_utf8())
        .take_while(|end| *end <= room)
        .last()
    {
        Some(end) if end < stem.len() => stem[..end].trim_end().to_owned(),
        None => String::new(),
        _ => stem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stem_keeps_words_and_drops_path_characters() {
        assert_eq!(file_stem("Q&A: ../etc/passwd", 10), "Q-A- ---etc-passwd");
        assert_eq!(
            file_stem("Which layer is the oldest?", 10),
            "Which layer is the oldest"
        );
        assert_eq!(file_stem("“Quoted”", 10), "Quoted");
        assert_eq!(file_stem("???", 10), "---");
        assert_eq!(file_stem("  ", 10), "");
        assert_eq!(file_stem("長い文書", 10), "長い文書");
    }

    #[test]
    fn a_long_stem_leaves_room_for_what_follows() {
        let stem = file_stem(&"質問".repeat(100), 20);
        assert!(stem.len() <= 235, "{}", stem.len());
        assert!(stem.starts_with("質問"));
    }
}
