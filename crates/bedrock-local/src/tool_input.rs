//! A tool call's input, from the tool's JSON schema and the question, so it validates against the schema and
//! carries what the question said. Deterministic rules:
//!
//! - Required properties are always present; an optional one only when the question supplies its value.
//!   Required properties are filled first, then optional ones, each in the schema's order.
//! - A string property about a place (its name or description says city, location, place, town or
//!   destination) gets the city the question names: the earliest of a short list of well-known cities
//!   ([`KNOWN_CITIES`], English and Japanese names), else one or more capitalised words right after "in", "for",
//!   "at" or "near" ("weather in Porto" → `Porto`, "for New Orleans" → `New Orleans`).
//! - A property with an `enum` gets the listed value the question mentions (as a word, any case), else its
//!   `default`, else the first listed value.
//! - A string property named like a search (`query`, `q`, `question`, `search`, `prompt`, `text`, `input`,
//!   `message`, `topic`) gets a phrase the question quotes, else the whole question.
//! - Other strings: a phrase the question quotes ("…", “…”, '…', 「…」), else `default`, else `"example"`;
//!   then cut or padded to `maxLength` / `minLength`.
//! - Numbers and integers take the question's numbers in turn (`4521`, `2.5`), rounded for integers and kept
//!   within `minimum` / `maximum`; with none left, `default`, else `minimum`, else 1.
//! - Booleans: `default`, else `false`. Arrays: `minItems` items made by the same rules (none by default).
//!   Objects: their own properties by the same rules. `const` is kept. `anyOf` / `oneOf`: the first choice.
//!   A type list (`["string", "null"]`): the first type that is not null.

use serde_json::{Map, Value, json};

/// Cities recognised anywhere in a question (by whole word for Latin script, as written for Japanese).
pub const KNOWN_CITIES: &[&str] = &[
    "Amsterdam",
    "Bangkok",
    "Barcelona",
    "Beijing",
    "Berlin",
    "Boston",
    "Chicago",
    "Dubai",
    "Dublin",
    "Frankfurt",
    "Fukuoka",
    "Hong Kong",
    "Istanbul",
    "Kyoto",
    "Lisbon",
    "London",
    "Los Angeles",
    "Madrid",
    "Melbourne",
    "Mumbai",
    "Nagoya",
    "New York",
    "Osaka",
    "Paris",
    "Porto",
    "Rome",
    "San Francisco",
    "Sapporo",
    "São Paulo",
    "Seattle",
    "Seoul",
    "Singapore",
    "Stockholm",
    "Sydney",
    "Tokyo",
    "Toronto",
    "Vienna",
    "Yokohama",
    "東京",
    "大阪",
    "京都",
    "横浜",
    "名古屋",
    "札幌",
    "福岡",
    "神戸",
    "那覇",
    "ロンドン",
    "パリ",
    "リスボン",
    "ニューヨーク",
    "ソウル",
    "シンガポール",
];

const PLACE_WORDS: &[&str] = &["city", "location", "place", "town", "destination"];
const SEARCH_NAMES: &[&str] = &[
    "query", "q", "question", "search", "prompt", "text", "input", "message", "topic",
];
const PREPOSITIONS: &[&str] = &["in", "for", "at", "near"];

/// What the question offers to fill properties with.
struct Question<'a> {
    text: &'a str,
    lower_words: Vec<String>,
    city: Option<String>,
    quoted: Option<String>,
    numbers: std::vec::IntoIter<f64>,
}

/// The input for a tool whose input schema is `schema`, asked `question`.
pub fn fill(schema: &Value, question: &str) -> Value {
    let mut question = Question {
        text: question.trim(),
        lower_words: question
            .split(|c: char| !c.is_alphanumeric() && c != '_' && c != '-')
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect(),
        city: city(question),
        quoted: quoted(question),
        numbers: numbers(question).into_iter(),
    };
    object(schema, &mut question)
}

fn object(schema: &Value, question: &mut Question) -> Value {
    let mut input = Map::new();
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return Value::Object(input);
    };
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let (first, then): (Vec<_>, Vec<_>) = properties
        .iter()
        .partition(|(name, _)| required.contains(&name.as_str()));
    for (name, property) in first {
        input.insert(
            name.clone(),
            value(name, property, question, true).unwrap_or(Value::Null),
        );
    }
    for (name, property) in then {
        if let Some(value) = value(name, property, question, false) {
            input.insert(name.clone(), value);
        }
    }
    Value::Object(input)
}

/// The schema a property's value follows: the first of `anyOf` / `oneOf` when it has no type of its own.
fn resolved(property: &Value) -> &Value {
    if property.get("type").is_none() && property.get("enum").is_none() {
        for key in ["anyOf", "oneOf"] {
            if let Some(first) = property
                .get(key)
                .and_then(Value::as_array)
                .and_then(|c| c.first())
            {
                return resolved(first);
            }
        }
    }
    property
}

fn type_of(property: &Value) -> Option<&str> {
    match property.get("type") {
        Some(Value::String(t)) => Some(t),
        Some(Value::Array(types)) => types.iter().filter_map(Value::as_str).find(|t| *t != "null"),
        _ => None,
    }
}

/// A property's value: from the question, or (when `required`) from the schema's fallbacks.
fn value(name: &str, property: &Value, question: &mut Question, required: bool) -> Option<Value> {
    let property = resolved(property);
    if let Some(constant) = property.get("const") {
        return Some(constant.clone());
    }
    let default = property.get("default").cloned();
    if let Some(listed) = property.get("enum").and_then(Value::as_array) {
        let mentioned = listed.iter().find(|v| {
            v.as_str()
                .is_some_and(|s| question.lower_words.contains(&s.to_lowercase()))
        });
        return match mentioned {
            Some(value) => Some(value.clone()),
            None if required => default.or_else(|| listed.first().cloned()),
            None => None,
        };
    }
    match type_of(property) {
        Some("integer" | "number") => {
            let integer = type_of(property) == Some("integer");
            let min = property.get("minimum").and_then(Value::as_f64);
            let max = property.get("maximum").and_then(Value::as_f64);
            let found = question.numbers.next();
            if found.is_none() && !required {
                return None;
            }
            let mut n = found
                .or_else(|| default.as_ref().and_then(Value::as_f64))
                .or(min)
                .unwrap_or(1.0);
            if let Some(min) = min {
                n = n.max(min);
            }
            if let Some(max) = max {
                n = n.min(max);
            }
            Some(if integer || n.fract() == 0.0 {
                json!(n.round() as i64)
            } else {
                json!(n)
            })
        }
        Some("boolean") => required.then(|| default.unwrap_or(json!(false))),
        Some("array") => required.then(|| {
            let items = property.get("items").unwrap_or(&Value::Null);
            let count = property.get("minItems").and_then(Value::as_u64).unwrap_or(0);
            let made: Vec<Value> = (0..count.min(16))
                .filter_map(|_| value(name, items, question, true))
                .collect();
            default.unwrap_or(Value::Array(made))
        }),
        Some("object") => required.then(|| object(property, question)),
        Some("null") => Some(Value::Null),
        _ => string(name, property, question, required, default),
    }
}

fn string(
    name: &str,
    property: &Value,
    question: &Question,
    required: bool,
    default: Option<Value>,
) -> Option<Value> {
    let about = format!(
        "{} {}",
        name.to_lowercase(),
        property
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_lowercase()
    );
    let is_place = about
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| PLACE_WORDS.contains(&word));
    let from_question = if is_place {
        question.city.clone()
    } else if SEARCH_NAMES.contains(&name.to_lowercase().as_str()) {
        question
            .quoted
            .clone()
            .or_else(|| (!question.text.is_empty()).then(|| question.text.to_owned()))
    } else {
        question.quoted.clone()
    };
    let text = match from_question {
        Some(text) => text,
        None if !required => return None,
        None => match default {
            Some(default) => return Some(default),
            None => "example".to_owned(),
        },
    };
    Some(json!(fit_length(text, property)))
}

/// Cuts or pads `text` to the property's `maxLength` / `minLength` (in characters).
fn fit_length(mut text: String, property: &Value) -> String {
    let length = |key: &str| {
        property
            .get(key)
            .and_then(Value::as_u64)
            .map(|n| usize::try_from(n).unwrap_or(usize::MAX))
    };
    if let Some(max) = length("maxLength") {
        text = text.chars().take(max).collect();
    }
    if let Some(min) = length("minLength") {
        while text.chars().count() < min.min(1024) {
            text.push('x');
        }
    }
    text
}

/// The city the question names (see the module's rules).
fn city(question: &str) -> Option<String> {
    let known = KNOWN_CITIES
        .iter()
        .filter_map(|city| find_city(question, city).map(|at| (at, *city)))
        .min_by_key(|(at, city)| (*at, std::cmp::Reverse(city.len())));
    if let Some((_, city)) = known {
        return Some(city.to_owned());
    }
    let tokens: Vec<&str> = question.split_whitespace().collect();
    for (i, token) in tokens.iter().enumerate() {
        if !PREPOSITIONS.contains(&token.to_lowercase().as_str()) {
            continue;
        }
        let mut words = Vec::new();
        for next in &tokens[i + 1..] {
            let word = next.trim_end_matches(|c: char| !c.is_alphanumeric());
            let word = word
                .strip_suffix("'s")
                .or_else(|| word.strip_suffix("’s"))
                .unwrap_or(word);
            if !word.chars().next().is_some_and(char::is_uppercase) || words.len() == 3 {
                break;
            }
            words.push(word);
            if word.len() != next.len() {
                break; // punctuation ends the name
            }
        }
        if !words.is_empty() {
            return Some(words.join(" "));
        }
    }
    None
}

/// Where `city` stands in `question`: as written for Japanese, as a whole word (any case) otherwise.
fn find_city(question: &str, city: &str) -> Option<usize> {
    if city.chars().any(|c| c >= '\u{3000}') {
        return question.find(city);
    }
    let lower = question.to_lowercase();
    let wanted = city.to_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find(&wanted).map(|at| at + from) {
        let before = lower[..at].chars().next_back();
        let after = lower[at + wanted.len()..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return Some(at);
        }
        from = at + wanted.len();
    }
    None
}

/// The first phrase the question quotes. A straight quote opens only after a space or the start and closes only
/// before a space, punctuation or the end, so the apostrophe in "what's" quotes nothing.
fn quoted(question: &str) -> Option<String> {
    let chars: Vec<char> = question.chars().collect();
    let straight = |c: char| c == '"' || c == '\'';
    let word_char = |i: Option<&char>| i.is_some_and(|c| c.is_alphanumeric());
    for (i, &open) in chars.iter().enumerate() {
        let close = match open {
            '“' => '”',
            '「' => '」',
            '"' | '\'' if !word_char(i.checked_sub(1).and_then(|b| chars.get(b))) => open,
            _ => continue,
        };
        let Some(length) = chars[i + 1..]
            .iter()
            .enumerate()
            .position(|(j, &c)| c == close && (!straight(c) || !word_char(chars.get(i + 2 + j))))
        else {
            continue;
        };
        if length > 0 {
            return Some(chars[i + 1..i + 1 + length].iter().collect());
        }
    }
    None
}

/// The numbers in the question, in order (`4521`, `2.5`, `-3`).
fn numbers(question: &str) -> Vec<f64> {
    let mut found = Vec::new();
    let chars: Vec<char> = question.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let before = |back: usize| i.checked_sub(back).and_then(|b| chars.get(b).copied());
        let joined = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
        let signed = before(1) == Some('-');
        // A digit inside a word or name (`4o`, `claude-3`) is not a number.
        if chars[i].is_ascii_digit() && !joined(before(1)) && !(signed && joined(before(2))) {
            let start = if signed { i - 1 } else { i };
            let mut end = i;
            while end < chars.len()
                && (chars[end].is_ascii_digit()
                    || (chars[end] == '.' && chars.get(end + 1).is_some_and(char::is_ascii_digit)))
            {
                end += 1;
            }
            let word_follows = chars.get(end).is_some_and(|c| c.is_alphabetic());
            let text: String = chars[start..end].iter().collect();
            if !word_follows && let Ok(n) = text.parse() {
                found.push(n);
            }
            i = end;
        } else {
            i += 1;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weather() -> Value {
        json!({"type": "object", "properties": {
            "city": {"type": "string"},
            "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
            "days": {"type": "integer", "minimum": 1, "maximum": 7}},
            "required": ["city"]})
    }

    #[test]
    fn a_known_city_goes_into_city_and_mentioned_values_into_the_rest() {
        assert_eq!(
            fill(
                &weather(),
                "What's the weather in Lisbon, in fahrenheit, for 3 days?"
            ),
            json!({"city": "Lisbon", "unit": "fahrenheit", "days": 3})
        );
        assert_eq!(fill(&weather(), "東京の天気は？"), json!({"city": "東京"}));
        assert_eq!(
            fill(&weather(), "weather? new york, please"),
            json!({"city": "New York"})
        );
    }

    #[test]
    fn an_unknown_city_after_in_for_or_at() {
        assert_eq!(
            fill(&weather(), "How warm is it in Ponta Delgada?"),
            json!({"city": "Ponta Delgada"})
        );
        assert_eq!(
            fill(&weather(), "forecast for Évora's old town"),
            json!({"city": "Évora"})
        );
        assert_eq!(
            fill(&weather(), "weather in Faro, Portugal"),
            json!({"city": "Faro"})
        );
        assert_eq!(
            fill(&weather(), "weather for 30 days"),
            json!({"city": "example", "days": 7}),
            "no city: a placeholder; a number out of range is kept within it"
        );
    }

    #[test]
    fn required_properties_always_validate() {
        let schema = json!({"type": "object", "required": ["order", "express", "tags", "where", "mode", "filter", "kind"],
        "properties": {
            "order": {"type": "integer"},
            "express": {"type": "boolean"},
            "tags": {"type": "array", "items": {"type": "string"}, "minItems": 1},
            "where": {"type": "object", "properties": {"location": {"type": ["string", "null"]}}, "required": ["location"]},
            "mode": {"anyOf": [{"type": "string", "enum": ["fast", "slow"]}, {"type": "null"}]},
            "filter": {"type": "string", "minLength": 10, "maxLength": 12},
            "kind": {"const": "parcel"},
            "note": {"type": "string"}
        }});
        assert_eq!(
            fill(&schema, "Where is order 4521?"),
            json!({"order": 4521, "express": false, "tags": ["example"], "where": {"location": "example"},
                "mode": "fast", "filter": "examplexxx", "kind": "parcel"})
        );
        assert_eq!(
            fill(&schema, "Track order 77 in Osaka, slow mode, search \"blue box\""),
            json!({"order": 77, "express": false, "tags": ["blue box"], "where": {"location": "Osaka"},
                "mode": "slow", "filter": "blue boxxx", "kind": "parcel", "note": "blue box"})
        );
    }

    #[test]
    fn search_properties_take_the_question() {
        let schema =
            json!({"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]});
        assert_eq!(
            fill(&schema, " How do cache points work? "),
            json!({"query": "How do cache points work?"})
        );
        assert_eq!(
            fill(&schema, "Search the docs for “cache point”"),
            json!({"query": "cache point"})
        );
    }

    #[test]
    fn numbers_in_order() {
        assert_eq!(
            numbers("order 4521, 2.5 kg, -3 °C, claude-3 and 4o"),
            [4521.0, 2.5, -3.0]
        );
        assert_eq!(quoted("what's the 'alpha' term"), Some("alpha".into()));
    }
}
