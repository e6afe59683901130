//! The rules both bodies share: a member is an object or an array, and the roles alternate from the user.

use serde_json::Value;

use crate::error::AwsError;

pub(super) fn obj<'a>(
    value: &'a Value,
    member: &str,
) -> Result<&'a serde_json::Map<String, Value>, AwsError> {
    value
        .as_object()
        .ok_or_else(|| AwsError::serialization(format!("{member} must be a JSON object")))
}

pub(super) fn array<'a>(value: Option<&'a Value>, member: &str) -> Result<&'a [Value], AwsError> {
    match value {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(AwsError::serialization(format!("{member} must be a JSON array"))),
    }
}

pub(super) fn check_roles(roles: &[&str]) -> Result<(), AwsError> {
    if roles.first() != Some(&"user") {
        return Err(AwsError::validation(
            "A conversation must start with a user message. Try again with a conversation that starts with a user message.",
        ));
    }
    for (i, role) in roles.iter().enumerate() {
        if !matches!(*role, "user" | "assistant") {
            return Err(AwsError::constraint(
                role,
                &format!("messages.{}.member.role", i + 1),
                "Member must satisfy enum value set: [user, assistant]",
            ));
        }
        if i > 0 && roles[i - 1] == *role {
            return Err(AwsError::validation(
                "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.",
            ));
        }
    }
    Ok(())
}
