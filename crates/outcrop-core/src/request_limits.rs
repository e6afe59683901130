//! Sizes Bedrock refuses, checked before sending so an oversized request is stopped at its field with the rule
//! instead of failing at the service (which, for a body over its limit, may answer without a message).
//!
//! Sources (checked 2026-12-01):
//! - Converse `Message.content`: "You can include up to five documents. Each document's size must be no more
//!   than 4.5 MB." (Amazon Bedrock API Reference, `Message`). Read as 4,500,000 bytes: where "MB" might mean
//!   MiB, refusing the 0.2 MB between the two before sending is the safer error.
//! - Per request: "You can include up to 5 documents per request. Each document can be no more than 4.5 MB in
//!   size." (Amazon Bedrock User Guide, "API restrictions" for InvokeModel, Converse and their streams). A
//!   conversation resends its earlier turns, so their documents count against each later request.
//! - Context windows: per model in `data/model-facts.json` (`contextTokens`, with the table's `contextSource`).

use crate::cache_plan::CachePlan;
use crate::connection_input::{FieldError, Rule};
use crate::conversation::BlockOrigin;
use crate::field_rule::count;

/// The largest document Converse accepts, in bytes.
pub const MAX_DOCUMENT_BYTES: usize = 4_500_000;
/// The most documents one message may hold.
pub const MAX_DOCUMENTS_PER_MESSAGE: usize = 5;
/// The most documents one request may hold, across all its messages.
pub const MAX_DOCUMENTS_PER_REQUEST: usize = 5;

/// A byte count as people read it: `5.0 MB`, `812 KB`, `90 bytes` (decimal units, as AWS states its limits).
pub fn format_bytes(bytes: usize) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else if bytes >= 1_000 {
        format!("{} KB", bytes / 1_000)
    } else {
        format!("{bytes} bytes")
    }
}

/// A document over Bedrock's size limit, at the document's field.
pub fn document_too_large(field: String, bytes: usize) -> Option<FieldError> {
    (bytes > MAX_DOCUMENT_BYTES).then(|| FieldError {
        field,
        rule: Rule::DocumentTooLarge {
            bytes: bytes as u64,
            max_bytes: MAX_DOCUMENT_BYTES as u64,
        },
        message: format!(
            "This document is {}; Bedrock accepts documents of at most {} each. Keep the part the question needs, or split it across turns.",
            format_bytes(bytes),
            format_bytes(MAX_DOCUMENT_BYTES)
        ),
    })
}

/// More documents in one message than Bedrock accepts, at the message's content.
pub fn too_many_documents(field: String, documents: usize) -> Option<FieldError> {
    (documents > MAX_DOCUMENTS_PER_MESSAGE).then(|| FieldError {
        field,
        rule: Rule::TooManyDocuments {
            count: count(documents),
            max: count(MAX_DOCUMENTS_PER_MESSAGE),
        },
        message: format!(
            "This message holds {documents} documents; Bedrock accepts at most {MAX_DOCUMENTS_PER_MESSAGE} in one message. Move some to another turn."
        ),
    })
}

/// More documents in the whole request than Bedrock accepts, at the conversation's messages: earlier turns'
/// documents are sent again with every turn, so moving one to a later turn does not help.
pub fn too_many_documents_in_request(documents: usize) -> Option<FieldError> {
    (documents > MAX_DOCUMENTS_PER_REQUEST).then(|| FieldError {
        field: "messages".to_owned(),
        rule: Rule::TooManyDocumentsInRequest {
            count: count(documents),
            max: count(MAX_DOCUMENTS_PER_REQUEST),
        },
        message: format!(
            "This conversation holds {documents} documents; Bedrock accepts at most {MAX_DOCUMENTS_PER_REQUEST} in one request, and every turn sends the earlier ones again. Remove the ones the question does not need, or start a new session."
        ),
    })
}

/// The request's input over the model's context window: named at the largest block, the one most worth cutting.
pub fn over_context_window(
    plan: &CachePlan,
    origins: &[BlockOrigin],
    context_tokens: u32,
    model_name: &str,
) -> Option<FieldError> {
    if plan.total_tokens <= context_tokens {
        return None;
    }
    let (largest, largest_tokens) = plan
        .block_tokens
        .iter()
        .enumerate()
        .max_by_key(|(_, tokens)| **tokens)
        .map(|(i, tokens)| (i, *tokens))?;
    let field = origins
        .get(largest)
        .map_or_else(|| "messages".to_owned(), BlockOrigin::field);
    let about = if plan.estimated { "about " } else { "" };
    Some(FieldError {
        field,
        rule: Rule::OverContextWindow {
            total_tokens: plan.total_tokens,
            context_tokens,
            largest_tokens,
            model: model_name.to_owned(),
            estimated: plan.estimated,
        },
        message: format!(
            "The request is {about}{} tokens; {model_name} reads at most {} tokens. This block is the largest ({about}{} tokens): shorten or remove it.",
            group(plan.total_tokens),
            group(context_tokens),
            group(largest_tokens)
        ),
    })
}

/// `1234567` → `1,234,567`.
fn group(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(block_tokens: Vec<u32>, estimated: bool) -> CachePlan {
        CachePlan {
            total_tokens: block_tokens.iter().sum(),
            block_tokens,
            estimated,
            points: Vec::new(),
            lints: Vec::new(),
            model_known: true,
        }
    }

    #[test]
    fn documents_up_to_the_limit_pass_and_one_byte_more_is_refused_with_its_size() {
        assert!(document_too_large("messages[0].content[0]".into(), MAX_DOCUMENT_BYTES).is_none());
        let refused = document_too_large("messages[0].content[0]".into(), 5_000_000).unwrap();
        assert_eq!(refused.field, "messages[0].content[0]");
        assert_eq!(
            refused.rule,
            Rule::DocumentTooLarge {
                bytes: 5_000_000,
                max_bytes: 4_500_000
            }
        );
        assert!(refused.message.contains("5.0 MB"), "{}", refused.message);
        assert!(refused.message.contains("at most 4.5 MB"), "{}", refused.message);
    }

    #[test]
    fn at_most_five_documents_a_message() {
        assert!(too_many_documents_in_request(5).is_none());
        let refused = too_many_documents_in_request(6).unwrap();
        assert_eq!(refused.field, "messages");
        assert_eq!(refused.rule, Rule::TooManyDocumentsInRequest { count: 6, max: 5 });
        assert!(too_many_documents("messages[0].content".into(), 5).is_none());
        assert!(
            too_many_documents("messages[0].content".into(), 6)
                .unwrap()
                .message
                .contains("6 documents")
        );
    }

    #[test]
    fn a_request_over_the_context_window_is_named_at_its_largest_block() {
        let origins = [
            BlockOrigin::System { item: 0 },
            BlockOrigin::Message { message: 0, item: 0 },
            BlockOrigin::Message { message: 0, item: 2 },
        ];
        assert!(
            over_context_window(&plan(vec![1_000, 199_000, 0], false), &origins, 200_000, "Claude").is_none()
        );
        let problem = over_context_window(
            &plan(vec![1_000, 1_250_000, 20], true),
            &origins,
            200_000,
            "Claude Sonnet 4.5",
        )
        .unwrap();
        assert_eq!(problem.field, "messages[0].content[0]");
        assert_eq!(
            problem.rule,
            Rule::OverContextWindow {
                total_tokens: 1_251_020,
                context_tokens: 200_000,
                largest_tokens: 1_250_000,
                model: "Claude Sonnet 4.5".into(),
                estimated: true
            }
        );
        assert!(
            problem.message.starts_with(
                "The request is about 1,251,020 tokens; Claude Sonnet 4.5 reads at most 200,000 tokens."
            ),
            "{}",
            problem.message
        );
    }

    #[test]
    fn sizes_read_as_people_read_them() {
        assert_eq!(format_bytes(5_242_880), "5.2 MB");
        assert_eq!(format_bytes(812_345), "812 KB");
        assert_eq!(format_bytes(90), "90 bytes");
        assert_eq!(group(1_234_567), "1,234,567");
        assert_eq!(group(999), "999");
    }
}
