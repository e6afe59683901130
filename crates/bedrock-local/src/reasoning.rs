//! The simulated model's extended thinking: a deterministic reasoning text that says what the model would
//! consider, and the `signature` that seals it. A reasoning block sent back in a later turn must keep the
//! signature its text was given; Bedrock refuses a block whose signature does not match.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::cache::CacheUsage;
use crate::prompt::Prompt;
use crate::responder::ToolUse;

/// The key the simulated model signs its reasoning with. Not a secret: signatures here only prove that the
/// text came back unchanged, as a real signature proves to the service.
const SIGNING_KEY: &[u8] = b"bedrock-local reasoning signature v1";

/// A reasoning block: its text and signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reasoning {
    pub text: String,
    pub signature: String,
}

/// The signature of a reasoning text: base64 of HMAC-SHA256 over the text, so the same text always has the
/// same signature and any change to it is caught.
pub fn signature(text: &str) -> String {
    #[allow(clippy::expect_used)] // HMAC takes a key of any length
    let mut mac = Hmac::<Sha256>::new_from_slice(SIGNING_KEY).expect("HMAC takes any key length");
    mac.update(text.as_bytes());
    aws_smithy_types::base64::encode(mac.finalize().into_bytes())
}

/// Whether `signature` seals `text`.
pub fn verify(text: &str, signature: &str) -> bool {
    signature == self::signature(text)
}

/// What the model thinks before it answers `prompt`: the question (or the tool results), what the cache holds
/// of the request, and what it decided to do (`tool`: the call it makes, if any).
pub fn think(prompt: &Prompt, cache: CacheUsage, tool: Option<&ToolUse>) -> Reasoning {
    let mut text = if prompt.tool_results.is_empty() {
        let question = prompt
            .last_user_text
            .split_whitespace()
            .take(14)
            .collect::<Vec<_>>()
            .join(" ");
        format!("Considering the question about “{question}”: ")
    } else {
        let names: Vec<&str> = prompt
            .tool_results
            .iter()
            .map(|r| r.name.as_deref().unwrap_or("the tool"))
            .collect();
        format!("Considering the result from {}: ", names.join(", "))
    };
    let total = prompt.total_tokens();
    if cache.read > 0 {
        text.push_str(&format!(
            "the cached prefix holds {} of the request's {total} input tokens, so only the rest is new. ",
            cache.read
        ));
    } else if cache.write() > 0 {
        text.push_str(&format!(
            "nothing was cached yet; {} of the request's {total} input tokens are being written to the cache. ",
            cache.write()
        ));
    } else {
        text.push_str(&format!(
            "the request carries {total} input tokens and no cached prefix. "
        ));
    }
    match (tool, prompt.tools.is_empty()) {
        (Some(tool), _) => text.push_str(&format!(
            "The question calls for {}, so I will call it before answering.",
            tool.name
        )),
        (None, false) if !prompt.tool_results.is_empty() => {
            text.push_str("The result answers the question, so I will answer from it.")
        }
        (None, false) => text.push_str("No tool is needed; I will answer directly."),
        (None, true) => text.push_str("I will answer directly and say where the answer comes from."),
    }
    text.push_str(" (Local Bedrock's simulated reasoning.)");
    let signature = signature(&text);
    Reasoning { text, signature }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_seal_the_text() {
        let sealed = signature("I will answer directly.");
        assert_eq!(sealed, signature("I will answer directly."), "deterministic");
        assert!(verify("I will answer directly.", &sealed));
        assert!(!verify("I will answer directly!", &sealed));
        assert!(aws_smithy_types::base64::decode(&sealed).is_ok());
    }
}
