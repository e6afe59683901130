//! The simulated model: deterministic answers that read naturally in a demo and say where they come from.

use std::hash::{DefaultHasher, Hash, Hasher};

use serde_json::Value;

use crate::cache::CacheUsage;
use crate::prompt::{Prompt, ToolResult};
use crate::reasoning::{self, Reasoning};
use crate::tool_choice::{self, Why};
use crate::{tokenizer, tool_input};

/// What the model produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// The reasoning block that comes first, when the request asked the model to think.
    pub reasoning: Option<Reasoning>,
    pub text: String,
    pub tool_use: Option<ToolUse>,
    /// `end_turn`, `max_tokens`, `stop_sequence` or `tool_use`.
    pub stop_reason: &'static str,
    pub stop_sequence: Option<String>,
    pub output_tokens: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ToolUse {
    /// What the call's ID is made from; each API spells it its own way.
    pub key: u64,
    pub name: String,
    pub input: Value,
}

impl ToolUse {
    /// The ID as Converse gives it (`tooluse_…`).
    pub fn converse_id(&self) -> String {
        format!("tooluse_{:016x}", self.key)
    }

    /// The ID as Anthropic's shapes give it on Bedrock (`toolu_bdrk_01…`).
    pub fn anthropic_id(&self) -> String {
        format!("toolu_bdrk_01{:016x}", self.key)
    }
}

const SENTENCES: &[&str] = &[
    "A stable prefix — tools, then system, then the earlier turns — is what makes a cache read possible.",
    "Each cache point marks the end of a prefix that later requests can reuse for a fraction of the input price.",
    "Writing to the cache costs a little more than plain input, so it pays off once the prefix is read again.",
    "Anything that changes inside a cached prefix, such as a timestamp, turns the next read into a fresh write.",
    "Cross-Region inference profiles spread requests over several Regions of one geography.",
    "Application inference profiles carry cost-allocation tags, so spend can be tracked per team.",
    "Reads renew an entry's time to live, so a busy conversation keeps its cache warm.",
    "Below the model's minimum token count a cache point is accepted but caches nothing.",
    "Long documents placed before a cache point are the classic case where caching saves the most.",
    "Time to first token shrinks when most of the input comes from the cache.",
    "The usage block reports uncached input, cache reads and cache writes separately; their sum is the whole input.",
    "Nothing here left this machine: the answer was composed locally and deterministically.",
];

/// The same sentences in Japanese, for a question asked in Japanese (a demo in Japanese answers in Japanese).
const SENTENCES_JA: &[&str] = &[
    "ツール、システム、これまでのターンという安定したプレフィックスがあってこそ、キャッシュからの読み取りができます。",
    "キャッシュポイントは、後のリクエストが入力料金のごく一部で再利用できるプレフィックスの終わりを示します。",
    "キャッシュへの書き込みは通常の入力より少し高くつきますが、プレフィックスがもう一度読まれれば元が取れます。",
    "タイムスタンプのように、キャッシュされたプレフィックスの中で変わるものがあると、次の読み取りは新しい書き込みになります。",
    "クロスリージョン推論プロファイルは、1つの地域の複数のリージョンにリクエストを振り分けます。",
    "アプリケーション推論プロファイルにはコスト配分タグを付けられるので、チームごとの支出を追えます。",
    "読み取られるたびにエントリの有効期間は延びるので、やり取りの多い会話はキャッシュを保ち続けます。",
    "モデルの最小トークン数に満たないキャッシュポイントは受け付けられますが、何もキャッシュしません。",
    "キャッシュポイントの前に置いた長いドキュメントは、キャッシュで最も節約できる典型的な例です。",
    "入力の大半がキャッシュから来ると、最初のトークンまでの時間が短くなります。",
    "usage はキャッシュされない入力、キャッシュ読み取り、キャッシュ書き込みを別々に報告し、その合計が入力全体です。",
    "この回答はこのマシンの外に出ていません。ローカルで決定的に組み立てられました。",
];

/// Whether `text` is Japanese (it has kana): the answer is then worded in Japanese.
fn japanese(text: &str) -> bool {
    text.chars().any(|c| matches!(c, '\u{3040}'..='\u{30ff}'))
}

fn seed(prompt: &Prompt, model_name: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    model_name.hash(&mut hasher);
    prompt.prefix_hashes.last().hash(&mut hasher);
    hasher.finish()
}

/// Words quoted and listed: “weather”, “city”.
fn quote_words(words: &[String]) -> String {
    words
        .iter()
        .map(|w| format!("“{w}”"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A sentence that uses a tool's result, quoting it (up to 60 words): "According to get_weather: 18 °C and
/// sunny in Lisbon."
fn from_result(result: &ToolResult, ja: bool) -> String {
    let name = result
        .name
        .as_deref()
        .unwrap_or(if ja { "ツール" } else { "the tool" });
    // At the start of a sentence (a tool's name is left as it is spelt).
    let subject = result
        .name
        .as_deref()
        .unwrap_or(if ja { "ツール" } else { "The tool" });
    let mut quoted = snippet(result.content.trim(), 60);
    if quoted.is_empty() {
        return if ja {
            format!("{subject} は何も返しませんでした。")
        } else {
            format!("{subject} returned nothing.")
        };
    }
    if !quoted.ends_with(['.', '!', '?', '。', '！', '？', '…']) {
        quoted.push(if ja { '。' } else { '.' });
    }
    match (ja, result.is_error) {
        (true, true) => format!("{subject} がエラーを報告しました：{quoted}"),
        (true, false) => format!("{name} によると：{quoted}"),
        (false, true) => format!("{subject} reported an error: {quoted}"),
        (false, false) => format!("According to {name}: {quoted}"),
    }
}

fn snippet(text: &str, words: usize) -> String {
    let mut parts: Vec<&str> = text.split_whitespace().take(words + 1).collect();
    let cut = parts.len() > words;
    parts.truncate(words);
    let joined = parts.join(" ");
    if cut { format!("{joined}…") } else { joined }
}

/// Composes the answer to `prompt` from `model_name`, after the cache did `cache`: a tool call when
/// [`tool_choice::choose`] picks a tool, a text that quotes the tools' results when the last message carries
/// them, a text about the request otherwise.
///
/// With thinking enabled (or adaptive) the answer opens with a reasoning block, and the output tokens count it.
pub fn reply(prompt: &Prompt, model_name: &str, cache: CacheUsage) -> Reply {
    let mut reply = answer(prompt, model_name, cache);
    if prompt.parameters.thinking_on() {
        let thought = reasoning::think(prompt, cache, reply.tool_use.as_ref());
        reply.output_tokens += tokenizer::count(&thought.text);
        reply.reasoning = Some(thought);
    }
    reply
}

fn answer(prompt: &Prompt, model_name: &str, cache: CacheUsage) -> Reply {
    let seed = seed(prompt, model_name);
    let ja = japanese(&prompt.last_user_text) || prompt.tool_results.iter().any(|r| japanese(&r.content));
    if let Some((tool, why)) = tool_choice::choose(prompt) {
        // A forced choice prefills the call, so no words come before it (Anthropic's tool-use documentation:
        // with `any` or `tool` the model does not explain before the `tool_use` block); on `auto` the model
        // says what it is doing, and here also why.
        let text = match why {
            Why::Forced => String::new(),
            Why::Named if ja => format!(
                "{} を呼び出します（Local Bedrock: 質問がその名前を挙げています）。",
                tool.name
            ),
            Why::Named => format!("Calling {} (Local Bedrock: the question names it).", tool.name),
            Why::Matched(words) if ja => format!(
                "{} を呼び出します（Local Bedrock: 質問の {} がその名前か説明と一致します）。",
                tool.name,
                quote_words(&words)
            ),
            Why::Matched(words) => format!(
                "Calling {} (Local Bedrock: the question's {} {} its name or description).",
                tool.name,
                quote_words(&words),
                if words.len() == 1 { "matches" } else { "match" }
            ),
        };
        let input = tool_input::fill(&tool.input_schema, &prompt.last_user_text);
        let output_tokens = tokenizer::count(&text) + tokenizer::count(&input.to_string());
        return Reply {
            reasoning: None,
            text,
            tool_use: Some(ToolUse {
                key: seed,
                name: tool.name.clone(),
                input,
            }),
            stop_reason: "tool_use",
            stop_sequence: None,
            output_tokens,
        };
    }

    let sentences = if ja { SENTENCES_JA } else { SENTENCES };
    let mut text = if prompt.tool_results.is_empty() {
        let mut text = if ja {
            format!(
                "この回答は、{model_name} の代わりに Outcrop のオフラインシミュレーター Local Bedrock が返しています。"
            )
        } else {
            format!(
                "This answer comes from Local Bedrock, Outcrop's offline simulator, standing in for {model_name}. "
            )
        };
        if !prompt.last_user_text.trim().is_empty() {
            if ja {
                text.push_str(&format!("質問：「{}」", snippet(&prompt.last_user_text, 14)));
            } else {
                text.push_str(&format!("You asked: “{}” ", snippet(&prompt.last_user_text, 14)));
            }
        }
        text
    } else {
        let mut text = String::new();
        for result in &prompt.tool_results {
            text.push_str(&from_result(result, ja));
            text.push(' ');
        }
        if ja {
            text.push_str(&format!(
                "（{model_name} の代わりに Outcrop のオフラインシミュレーター Local Bedrock が、ツールの結果から回答しました。）"
            ));
        } else {
            let results = if prompt.tool_results.len() == 1 {
                "the tool's result"
            } else {
                "the tools' results"
            };
            text.push_str(&format!(
                "(Local Bedrock, Outcrop's offline simulator, standing in for {model_name}, answered from {results}.) "
            ));
        }
        text
    };
    let total = prompt.total_tokens();
    match (ja, cache.read > 0 || cache.write() > 0) {
        (false, true) => text.push_str(&format!(
            "Of this request's {total} input tokens, {} were read from the prompt cache and {} were written to it. ",
            cache.read,
            cache.write()
        )),
        (false, false) => text.push_str(&format!(
            "This request carried {total} input tokens and used no prompt cache. "
        )),
        (true, true) => text.push_str(&format!(
            "このリクエストの入力 {total} トークンのうち、{} トークンをプロンプトキャッシュから読み取り、{} トークンを書き込みました。",
            cache.read,
            cache.write()
        )),
        (true, false) => text.push_str(&format!(
            "このリクエストの入力は {total} トークンで、プロンプトキャッシュは使っていません。"
        )),
    }
    if prompt.tool_results.is_empty() {
        let count = 2 + (seed % 3) as usize;
        for i in 0..count {
            let index = ((seed >> (i * 8)) as usize + i * 5) % sentences.len();
            text.push_str(sentences[index]);
            if !ja {
                text.push(' ');
            }
        }
    }
    // Asked for a longer answer: keep talking, sentence by sentence, until it is long enough.
    if let Some(wanted) = prompt.simulated_output_tokens {
        let mut tokens = tokenizer::count(&text);
        let mut i = seed as usize;
        while tokens < wanted {
            let sentence = sentences[i % sentences.len()];
            text.push_str(sentence);
            text.push(' ');
            tokens += tokenizer::count(sentence);
            i += 1;
        }
    }
    let mut text = text.trim_end().to_owned();
    let mut stop_reason = "end_turn";
    let mut stop_sequence = None;

    if let Some((at, sequence)) = prompt
        .stop_sequences
        .iter()
        .filter(|s| !s.is_empty())
        .filter_map(|s| text.find(s.as_str()).map(|at| (at, s.clone())))
        .min_by_key(|(at, _)| *at)
    {
        text.truncate(at);
        stop_reason = "stop_sequence";
        stop_sequence = Some(sequence);
    }
    if let Some(limit) = prompt.max_tokens
        && tokenizer::count(&text) > limit
    {
        // Tokens add up over whitespace-separated words, so the cut is found in one pass.
        let mut kept = String::new();
        let mut tokens = 0;
        for word in text.split_inclusive(' ') {
            tokens += tokenizer::count(word);
            if tokens > limit {
                break;
            }
            kept.push_str(word);
        }
        text = kept;
        stop_reason = "max_tokens";
        stop_sequence = None;
    }
    let output_tokens = tokenizer::count(&text);
    Reply {
        reasoning: None,
        text,
        tool_use: None,
        stop_reason,
        stop_sequence,
        output_tokens,
    }
}

/// Splits text into the deltas a stream sends (a few words each), keeping every character.
pub fn chunks(text: &str, words_per_chunk: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut words = 0;
    for piece in text.split_inclusive(' ') {
        current.push_str(piece);
        words += 1;
        if words == words_per_chunk {
            out.push(std::mem::take(&mut current));
            words = 0;
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Splits a tool call's input JSON into the fragments a stream sends, as the service streams it: pieces of at
/// most `chars` characters, which only join into JSON at the end.
pub fn json_fragments(json: &str, chars: usize) -> Vec<String> {
    let chars = chars.max(1);
    let all: Vec<char> = json.chars().collect();
    all.chunks(chars).map(|piece| piece.iter().collect()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn prompt(body: Value) -> Prompt {
        Prompt::from_converse(&body).unwrap()
    }

    #[test]
    fn deterministic_and_says_it_is_simulated() {
        let p =
            prompt(json!({"messages": [{"role": "user", "content": [{"text": "What is prompt caching?"}]}]}));
        let a = reply(&p, "Claude 3.7 Sonnet", CacheUsage::default());
        let b = reply(&p, "Claude 3.7 Sonnet", CacheUsage::default());
        assert_eq!(a, b);
        assert!(a.text.contains("Local Bedrock"));
        assert!(a.text.contains("What is prompt caching?"));
        assert_eq!(a.stop_reason, "end_turn");
        assert_eq!(a.output_tokens, tokenizer::count(&a.text));
    }

    #[test]
    fn max_tokens_and_stop_sequences() {
        let p = prompt(
            json!({"messages": [{"role": "user", "content": [{"text": "hi"}]}], "inferenceConfig": {"maxTokens": 10}}),
        );
        let r = reply(&p, "M", CacheUsage::default());
        assert_eq!(r.stop_reason, "max_tokens");
        assert!(r.output_tokens <= 10);
        let p = prompt(
            json!({"messages": [{"role": "user", "content": [{"text": "hi"}]}], "inferenceConfig": {"stopSequences": ["simulator"]}}),
        );
        let r = reply(&p, "M", CacheUsage::default());
        assert_eq!(
            (r.stop_reason, r.stop_sequence.as_deref()),
            ("stop_sequence", Some("simulator"))
        );
        assert!(!r.text.contains("simulator"));
    }

    #[test]
    fn a_question_in_japanese_is_answered_in_japanese_and_so_is_a_tool_result() {
        let p = prompt(json!({
            "messages": [{"role": "user", "content": [{"text": "返品の期限は何日ですか？"}]}]
        }));
        let r = reply(&p, "Claude Sonnet 4.6", CacheUsage::default());
        assert!(
            r.text.starts_with("この回答は、Claude Sonnet 4.6 の代わりに"),
            "{}",
            r.text
        );
        assert!(
            r.text.contains("質問：「返品の期限は何日ですか？」"),
            "{}",
            r.text
        );
        assert!(!r.text.contains("This answer"), "{}", r.text);

        let p = prompt(json!({
            "messages": [
                {"role": "user", "content": [{"text": "リスボンの天気は？"}]},
                {"role": "assistant", "content": [{"toolUse": {"toolUseId": "t1", "name": "get_weather", "input": {"city": "リスボン"}}}]},
                {"role": "user", "content": [{"toolResult": {"toolUseId": "t1", "content": [{"text": "リスボン：18℃、晴れ"}]}}]}
            ],
            "toolConfig": {"tools": [{"toolSpec": {"name": "get_weather", "inputSchema": {"json": {"type": "object"}}}}]}
        }));
        let r = reply(&p, "M", CacheUsage::default());
        assert!(
            r.text.starts_with("get_weather によると：リスボン：18℃、晴れ。"),
            "{}",
            r.text
        );
        // English stays English.
        let p = prompt(
            json!({"messages": [{"role": "user", "content": [{"text": "How long is the return window?"}]}]}),
        );
        assert!(
            reply(&p, "M", CacheUsage::default())
                .text
                .starts_with("This answer comes from Local Bedrock")
        );
    }

    #[test]
    fn a_forced_tool_is_called_with_schema_shaped_input() {
        let p = prompt(json!({
            "messages": [{"role": "user", "content": [{"text": "weather?"}]}],
            "toolConfig": {"tools": [{"toolSpec": {"name": "get_weather", "inputSchema": {"json": {
                "type": "object", "properties": {"city": {"type": "string"}, "days": {"type": "integer"}}, "required": ["city"]}}}}],
                "toolChoice": {"any": {}}}
        }));
        let r = reply(&p, "M", CacheUsage::default());
        assert_eq!(r.text, "", "a forced call is not explained");
        let tool = r.tool_use.unwrap();
        assert_eq!((tool.name.as_str(), r.stop_reason), ("get_weather", "tool_use"));
        assert_eq!(tool.input, json!({"city": "example"}));
    }

    #[test]
    fn a_longer_answer_on_request() {
        let p = prompt(
            json!({"messages": [{"role": "user", "content": [{"text": "hi"}]}],
            "additionalModelRequestFields": {"simulatedOutputTokens": 2000}}),
        );
        let r = reply(&p, "M", CacheUsage::default());
        assert!((2000..2100).contains(&r.output_tokens), "{}", r.output_tokens);
        assert_eq!(r.stop_reason, "end_turn");
    }

    #[test]
    fn after_a_tool_result_the_answer_quotes_it() {
        let p = prompt(json!({
            "messages": [
                {"role": "user", "content": [{"text": "Weather in Lisbon?"}]},
                {"role": "assistant", "content": [{"toolUse": {"toolUseId": "t1", "name": "get_weather", "input": {"city": "Lisbon"}}}]},
                {"role": "user", "content": [
                    {"toolResult": {"toolUseId": "t1", "content": [{"text": "18 °C and sunny in Lisbon"}]}},
                    {"toolResult": {"toolUseId": "t9", "content": [{"json": {"ok": false}}], "status": "error"}}]}],
            "toolConfig": {"tools": [{"toolSpec": {"name": "get_weather", "description": "weather", "inputSchema": {"json": {}}}}]}
        }));
        let r = reply(&p, "M", CacheUsage::default());
        assert_eq!((r.stop_reason, r.tool_use.is_none()), ("end_turn", true));
        assert!(
            r.text.starts_with(
                "According to get_weather: 18 °C and sunny in Lisbon. The tool reported an error: {\"ok\":false}. (Local Bedrock, Outcrop's offline simulator, standing in for M, answered from the tools' results.)"
            ),
            "{}",
            r.text
        );
    }

    #[test]
    fn json_fragments_join_into_the_input() {
        let input = r#"{"city":"São Paulo","unit":"celsius"}"#;
        let parts = json_fragments(input, 8);
        assert_eq!(parts.concat(), input);
        assert_eq!(parts.len(), 5);
    }

    #[test]
    fn chunks_keep_every_character() {
        let text = "one two three four five six seven";
        let parts = chunks(text, 3);
        assert_eq!(parts.concat(), text);
        assert_eq!(parts.len(), 3);
    }
}
