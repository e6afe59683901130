//! The rules Converse would refuse a conversation for, besides cache placement (the cache plan checks that).

use serde_json::Value;

use super::document_name::valid_document_name;
use super::image::{image_problems, too_many_images_in_request};
use super::model::{ContentItem, Conversation, Role, ToolItem};
use crate::connection_input::{FieldError, Rule};
use crate::field_rule::count;
use crate::request_limits;

impl Conversation {
    /// The rules Converse would refuse the request for (besides cache placement, which the cache plan
    /// checks), each naming its field.
    pub fn problems(&self) -> Vec<FieldError> {
        let mut problems = Vec::new();
        let mut problem =
            |field: String, rule: Rule, message: String| problems.push(FieldError::new(field, rule, message));
        let mut names = std::collections::HashSet::new();
        for (i, item) in self.tools.iter().enumerate() {
            if let ToolItem::Tool {
                name, input_schema, ..
            } = item
            {
                let valid_name = !name.is_empty()
                    && name.len() <= 64
                    && name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
                if !valid_name {
                    problem(
                        format!("tools[{i}].name"),
                        Rule::ToolNameFormat,
                        "A tool name is 1 to 64 letters, digits, '_' or '-'.".into(),
                    );
                } else if !names.insert(name.clone()) {
                    problem(
                        format!("tools[{i}].name"),
                        Rule::ToolNameDuplicate { name: name.clone() },
                        format!("Two tools are called \"{name}\"; rename one."),
                    );
                }
                match serde_json::from_str::<Value>(input_schema) {
                    Ok(Value::Object(_)) => {}
                    Ok(_) => problem(
                        format!("tools[{i}].inputSchema"),
                        Rule::InputSchemaNotObject,
                        "The input schema must be a JSON object, such as {\"type\": \"object\", \"properties\": {}}.".into(),
                    ),
                    Err(e) => problem(
                        format!("tools[{i}].inputSchema"),
                        Rule::InputSchemaInvalidJson {
                            line: count(e.line()),
                            column: count(e.column()),
                            error: e.to_string(),
                        },
                        format!("The input schema is not valid JSON (line {}, column {}): {e}.", e.line(), e.column()),
                    ),
                }
            }
        }
        if self.messages.is_empty() {
            problem(
                "messages".into(),
                Rule::NoMessages,
                "Write a user message to send.".into(),
            );
        }
        let mut expected = Role::User;
        let mut images_in_request = 0usize;
        let mut documents_in_request = 0;
        let mut a_message_over = false;
        for (m, message) in self.messages.iter().enumerate() {
            if message.role != expected {
                problem(
                    format!("messages[{m}].role"),
                    Rule::RoleOrder {
                        message: count(m + 1),
                        expected,
                    },
                    format!(
                        "Messages alternate user, assistant, user…; message {} should be from the {}.",
                        m + 1,
                        expected.as_str()
                    ),
                );
            }
            expected = match message.role {
                Role::User => Role::Assistant,
                Role::Assistant => Role::User,
            };
            if !message
                .content
                .iter()
                .any(|c| !matches!(c, ContentItem::CachePoint { .. }))
            {
                problem(
                    format!("messages[{m}].content"),
                    Rule::ContentOnlyCachePoints,
                    "A message needs some content besides cache points.".into(),
                );
            }
            let documents = message
                .content
                .iter()
                .filter(|c| matches!(c, ContentItem::Document { .. }))
                .count();
            documents_in_request += documents;
            if let Some(refused) =
                request_limits::too_many_documents(format!("messages[{m}].content"), documents)
            {
                a_message_over = true;
                problem(refused.field, refused.rule, refused.message);
            }
            for (i, item) in message.content.iter().enumerate() {
                if let ContentItem::Image { name, format, data } = item {
                    images_in_request += 1;
                    for refused in image_problems(&format!("messages[{m}].content[{i}]"), name, *format, data)
                    {
                        problem(refused.field, refused.rule, refused.message);
                    }
                }
                if let ContentItem::Document { text, .. } = item
                    && let Some(refused) =
                        request_limits::document_too_large(format!("messages[{m}].content[{i}]"), text.len())
                {
                    problem(refused.field, refused.rule, refused.message);
                }
                match item {
                    ContentItem::Text { text } if text.trim().is_empty() => problem(
                        format!("messages[{m}].content[{i}].text"),
                        Rule::EmptyText,
                        "This text block is empty; write something or remove it.".into(),
                    ),
                    ContentItem::ToolUse { input, .. } => {
                        if let Err(e) = serde_json::from_str::<Value>(input) {
                            problem(
                                format!("messages[{m}].content[{i}].input"),
                                Rule::ToolInputInvalidJson {
                                    line: count(e.line()),
                                    column: count(e.column()),
                                    error: e.to_string(),
                                },
                                format!("The tool input is not valid JSON: {e}."),
                            );
                        }
                    }
                    ContentItem::Document { name, .. } if !valid_document_name(name) => problem(
                        format!("messages[{m}].content[{i}].name"),
                        Rule::DocumentName,
                        "A document name is letters, digits, spaces, hyphens, parentheses and square brackets, with no two spaces in a row.".into(),
                    ),
                    _ => {}
                }
            }
        }
        // One message over the limit already says so at its field; otherwise the request as a whole may be.
        if !a_message_over
            && let Some(refused) = request_limits::too_many_documents_in_request(documents_in_request)
        {
            problem(refused.field, refused.rule, refused.message);
        }
        if let Some(refused) = too_many_images_in_request(images_in_request) {
            problem(refused.field, refused.rule, refused.message);
        }
        if self.messages.last().is_some_and(|m| m.role != Role::User) {
            problem(
                "messages".into(),
                Rule::LastMessageNotUser,
                "The last message must be from the user: that is what the model answers.".into(),
            );
        }
        if let Some(t) = self.inference.temperature
            && !(0.0..=1.0).contains(&t)
        {
            problem(
                "inference.temperature".into(),
                Rule::TemperatureRange,
                "Temperature is between 0 and 1.".into(),
            );
        }
        if let Some(p) = self.inference.top_p
            && !(0.0..=1.0).contains(&p)
        {
            problem(
                "inference.topP".into(),
                Rule::TopPRange,
                "Top P is between 0 and 1.".into(),
            );
        }
        if self.inference.max_tokens == Some(0) {
            problem(
                "inference.maxTokens".into(),
                Rule::MaxTokensZero,
                "Max tokens must be at least 1.".into(),
            );
        }
        if self.inference.stop_sequences.len() > 4 {
            problem(
                "inference.stopSequences".into(),
                Rule::TooManyStopSequences { max: 4 },
                "At most 4 stop sequences.".into(),
            );
        }
        problems.extend(self.inference.problems());
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::Message;
    use crate::conversation::fixture::long_document_conversation;

    #[test]
    fn problems_name_their_field() {
        let mut conversation = long_document_conversation();
        conversation.tools[0] = ToolItem::Tool {
            name: "look up".into(),
            description: String::new(),
            input_schema: "{\"type\": ".into(),
        };
        conversation.messages.push(Message {
            role: Role::User,
            content: vec![ContentItem::Text { text: " ".into() }],
        });
        conversation.inference.temperature = Some(1.5);
        let fields: Vec<String> = conversation.problems().into_iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            [
                "tools[0].name",
                "tools[0].inputSchema",
                "messages[1].role",
                "messages[1].content[0].text",
                "inference.temperature"
            ]
        );
        let rules: Vec<Rule> = conversation.problems().into_iter().map(|p| p.rule).collect();
        assert_eq!(rules[0], Rule::ToolNameFormat);
        assert!(
            matches!(&rules[1], Rule::InputSchemaInvalidJson { line: 1, column: 9, error } if !error.is_empty()),
            "{:?}",
            rules[1]
        );
        assert_eq!(
            rules[2],
            Rule::RoleOrder {
                message: 2,
                expected: Role::Assistant
            }
        );
        assert_eq!(rules[3..], [Rule::EmptyText, Rule::TemperatureRange]);
        assert!(long_document_conversation().problems().is_empty());
        assert_eq!(Conversation::default().problems()[0].field, "messages");
    }

    fn with_documents(per_turn: &[usize]) -> Conversation {
        use crate::conversation::DocumentFormat;
        let mut conversation = Conversation::simple("", "q");
        conversation.messages.clear();
        for (turn, &documents) in per_turn.iter().enumerate() {
            if turn > 0 {
                conversation.messages.push(Message {
                    role: Role::Assistant,
                    content: vec![ContentItem::Text { text: "a".into() }],
                });
            }
            let mut content: Vec<ContentItem> = (0..documents)
                .map(|d| ContentItem::Document {
                    name: format!("doc {turn} {d}"),
                    format: DocumentFormat::Txt,
                    text: "x".into(),
                })
                .collect();
            content.push(ContentItem::Text { text: "q".into() });
            conversation.messages.push(Message {
                role: Role::User,
                content,
            });
        }
        conversation
    }

    #[test]
    fn documents_count_across_the_whole_request() {
        assert!(with_documents(&[3, 2]).problems().is_empty());
        let over = with_documents(&[3, 3]).problems();
        assert_eq!(over.len(), 1, "{over:?}");
        assert_eq!(over[0].field, "messages");
        assert_eq!(over[0].rule, Rule::TooManyDocumentsInRequest { count: 6, max: 5 });
        // One message over the limit is named at that message, once.
        let one = with_documents(&[6]).problems();
        assert_eq!(one.len(), 1, "{one:?}");
        assert_eq!(one[0].rule, Rule::TooManyDocuments { count: 6, max: 5 });
    }
}
