//! Reading a request's JSON members, refusing with Cost Explorer's validation messages.

use serde_json::Value;

use super::CostExplorerError;

pub fn null_member(member: &str) -> CostExplorerError {
    CostExplorerError::validation(format!(
        "1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null"
    ))
}

pub fn text<'a>(input: &'a Value, member: &str) -> Result<Option<&'a str>, CostExplorerError> {
    match input.get(member) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(CostExplorerError::validation(format!(
            "{member} must be a string."
        ))),
    }
}

pub fn list<'a>(input: &'a Value, member: &str) -> Result<&'a [Value], CostExplorerError> {
    match input.get(member) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(CostExplorerError::validation(format!("{member} must be a list."))),
    }
}
