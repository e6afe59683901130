//! GetCostAndUsage's `Filter`: `Dimensions` and `Tags` with their match options, composed with `And`, `Or` and
//! `Not`; what bedrock-local cannot evaluate is refused as it is read.

use serde_json::Value;

use super::CostExplorerError;
use super::input::{list, null_member, text};
use super::line_items::{DIMENSIONS, LineItem};

/// A filter expression, checked as it is read.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    And(Vec<Filter>),
    Or(Vec<Filter>),
    Not(Box<Filter>),
    Dimension(Match),
    Tag(Match),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    key: String,
    values: Vec<String>,
    options: Vec<String>,
}

const MATCH_OPTIONS: [&str; 7] = [
    "EQUALS",
    "ABSENT",
    "STARTS_WITH",
    "ENDS_WITH",
    "CONTAINS",
    "CASE_SENSITIVE",
    "CASE_INSENSITIVE",
];

impl Match {
    fn read(value: &Value, what: &str) -> Result<Self, CostExplorerError> {
        let key = text(value, "Key")?.ok_or_else(|| null_member(&format!("filter.{what}.key")))?;
        let strings = |member: &str| -> Result<Vec<String>, CostExplorerError> {
            list(value, member)?
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_owned)
                        .ok_or_else(|| CostExplorerError::validation(format!("{member} must be strings.")))
                })
                .collect()
        };
        let options = strings("MatchOptions")?;
        for option in &options {
            if !MATCH_OPTIONS.contains(&option.as_str()) {
                return Err(CostExplorerError::validation(format!(
                    "bedrock-local does not support the match option {option}."
                )));
            }
        }
        if what == "dimensions" && options.iter().any(|o| o == "ABSENT") {
            return Err(CostExplorerError::validation(
                "ABSENT is only supported for tags and cost categories.",
            ));
        }
        Ok(Self {
            key: key.to_owned(),
            values: strings("Values")?,
            options,
        })
    }

    /// Whether `value` (`None`: the tag is absent) matches.
    fn matches(&self, value: Option<&str>) -> bool {
        let has = |option: &str| self.options.iter().any(|o| o == option);
        let Some(value) = value else {
            return has("ABSENT");
        };
        let fold = has("CASE_INSENSITIVE");
        let norm = |s: &str| if fold { s.to_lowercase() } else { s.to_owned() };
        let value = norm(value);
        self.values.iter().map(|v| norm(v)).any(|wanted| {
            if has("STARTS_WITH") {
                value.starts_with(&wanted)
            } else if has("ENDS_WITH") {
                value.ends_with(&wanted)
            } else if has("CONTAINS") {
                value.contains(&wanted)
            } else {
                value == wanted
            }
        })
    }
}

impl Filter {
    pub fn read(value: &Value) -> Result<Self, CostExplorerError> {
        let present: Vec<&str> = [
            "And",
            "Or",
            "Not",
            "Dimensions",
            "Tags",
            "CostCategories",
            "ProductAttributes",
        ]
        .into_iter()
        .filter(|member| value.get(*member).is_some_and(|v| !v.is_null()))
        .collect();
        let [member] = present.as_slice() else {
            return Err(CostExplorerError::validation(
                "Expression must have exactly one of And, Or, Not, Dimensions, Tags, CostCategories, ProductAttributes.",
            ));
        };
        let operands = |name: &str| -> Result<Vec<Filter>, CostExplorerError> {
            let items = list(value, name)?;
            if items.len() < 2 {
                return Err(CostExplorerError::validation(format!(
                    "{name} expression must have at least 2 operands."
                )));
            }
            items.iter().map(Filter::read).collect()
        };
        match *member {
            "And" => Ok(Self::And(operands("And")?)),
            "Or" => Ok(Self::Or(operands("Or")?)),
            "Not" => Ok(Self::Not(Box::new(Self::read(&value["Not"])?))),
            "Dimensions" => {
                let matcher = Match::read(&value["Dimensions"], "dimensions")?;
                if !DIMENSIONS.contains(&matcher.key.as_str()) {
                    return Err(CostExplorerError::validation(format!(
                        "bedrock-local does not filter on the dimension {}: it filters on {}.",
                        matcher.key,
                        DIMENSIONS.join(", ")
                    )));
                }
                Ok(Self::Dimension(matcher))
            }
            "Tags" => Ok(Self::Tag(Match::read(&value["Tags"], "tags")?)),
            other => Err(CostExplorerError::validation(format!(
                "bedrock-local does not filter on {other}: it filters on Dimensions and Tags, with And, Or and Not."
            ))),
        }
    }

    pub fn matches(&self, item: &LineItem) -> bool {
        match self {
            Self::And(all) => all.iter().all(|f| f.matches(item)),
            Self::Or(any) => any.iter().any(|f| f.matches(item)),
            Self::Not(inner) => !inner.matches(item),
            Self::Dimension(m) => m.matches(item.dimension(&m.key)),
            Self::Tag(m) => m.matches(item.tag(&m.key)),
        }
    }
}
