//! A token estimate for text the service has not counted.

/// Estimates tokens of text the model has not counted: about four characters of English a token, with
/// punctuation and digits weighing more; always reported as an estimate.
pub fn estimate_tokens(text: &str) -> u32 {
    let mut tokens = 0u32;
    let mut word = 0u32;
    for c in text.chars() {
        if c.is_alphabetic() {
            word += 1;
            continue;
        }
        if word > 0 {
            tokens += word.div_ceil(5);
            word = 0;
        }
        if !c.is_whitespace() {
            tokens += 1;
        }
    }
    if word > 0 {
        tokens += word.div_ceil(5);
    }
    tokens
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_are_about_four_characters_a_token() {
        let text = "Prompt caching lets you reuse a long, stable prefix across requests.";
        let ratio = text.len() as f64 / f64::from(estimate_tokens(text));
        assert!((3.0..6.0).contains(&ratio), "{ratio}");
    }
}
