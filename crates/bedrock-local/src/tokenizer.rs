//! One deterministic tokenizer for everything bedrock-local counts: usage, the prompt cache's floors and
//! CountTokens agree because they all call this.
//!
//! It approximates the BPE tokenizers of the models it stands in for (about four characters of English
//! per token): a word of up to six letters is one token and every further five letters one more; runs of
//! up to three digits are one token; every other non-space character is a token of its own; whitespace
//! rides with the following word.

/// Tokens in a piece of text.
pub fn count(text: &str) -> u32 {
    let mut tokens = 0u32;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_alphabetic() {
            let mut len = 1u32;
            while chars.peek().is_some_and(|n| n.is_alphabetic()) {
                chars.next();
                len += 1;
            }
            tokens += 1 + len.saturating_sub(6).div_ceil(5);
        } else if c.is_ascii_digit() {
            let mut len = 1u32;
            while chars.peek().is_some_and(char::is_ascii_digit) {
                chars.next();
                len += 1;
            }
            tokens += len.div_ceil(3);
        } else {
            tokens += 1;
        }
    }
    tokens
}

/// Tokens in binary content (an image or a PDF) that has no text to read: one per four bytes.
pub fn count_bytes(len: usize) -> u32 {
    u32::try_from(len.div_ceil(4)).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_is_about_four_characters_a_token() {
        let text = "Prompt caching lets you reuse a long, stable prefix across requests, paying a \
                    fraction of the input price for every read.";
        let tokens = count(text);
        let ratio = text.len() as f64 / f64::from(tokens);
        assert!(
            (3.0..6.0).contains(&ratio),
            "{tokens} tokens, {ratio:.1} chars/token"
        );
    }

    #[test]
    fn rules() {
        assert_eq!(count(""), 0);
        assert_eq!(count("   \n\t"), 0);
        assert_eq!(count("hello"), 1);
        assert_eq!(count("hello, world!"), 4);
        assert_eq!(count("internationalization"), 4, "20 letters: 1 + ceil(14/5)");
        assert_eq!(count("2026"), 2);
        assert_eq!(count("a-b"), 3);
    }

    #[test]
    fn deterministic_and_additive_over_whitespace() {
        let a = "The quick brown fox";
        let b = "jumps over the lazy dog.";
        assert_eq!(count(&format!("{a} {b}")), count(a) + count(b));
        assert_eq!(count(a), count(a));
    }
}
