//! Prints a playground conversation as code, the way "Copy as code" does: reads the conversation JSON on
//! stdin and writes the AWS CLI command, boto3 script, Rust program or request JSON to stdout, for the
//! transport given (`converse`, `invokeModel` or `messages`).
//!
//! ```sh
//! cargo run -p outcrop-core --example request_code -- boto3 converse us.anthropic.claude-3-7-sonnet-20250219-v1:0 us-east-1 < conversation.json
//! ```
//! The conformance suite runs what it prints against bedrock-local.

use std::io::Read;
use std::process::ExitCode;

use outcrop_core::conversation::{Api, Conversation};
use outcrop_core::request_code::{CodeFormat, request_code};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [format, api, model_id, region] = args.as_slice() else {
        eprintln!(
            "usage: request_code <awsCli|boto3|rust|json> <converse|invokeModel> <model-id> <region> < conversation.json"
        );
        return ExitCode::from(2);
    };
    let api: Api = match serde_json::from_value(serde_json::Value::String(api.clone())) {
        Ok(api) => api,
        Err(_) => {
            eprintln!("unknown transport {api:?}: use converse, invokeModel or messages");
            return ExitCode::from(2);
        }
    };
    let format: CodeFormat = match serde_json::from_value(serde_json::Value::String(format.clone())) {
        Ok(format) => format,
        Err(_) => {
            eprintln!(
                "unknown format {format:?}: use awsCli, boto3, rust, json, curl, curlApiKey, anthropicPython or anthropicTypescript"
            );
            return ExitCode::from(2);
        }
    };
    let mut input = String::new();
    if let Err(error) = std::io::stdin().read_to_string(&mut input) {
        eprintln!("could not read the conversation from stdin: {error}");
        return ExitCode::FAILURE;
    }
    let conversation: Conversation = match serde_json::from_str(&input) {
        Ok(conversation) => conversation,
        Err(error) => {
            eprintln!("the conversation is not valid JSON of the expected shape: {error}");
            return ExitCode::FAILURE;
        }
    };
    let code = request_code(&conversation, api, model_id, region, format);
    match std::io::Write::write_all(&mut std::io::stdout(), code.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("could not write the code: {error}");
            ExitCode::FAILURE
        }
    }
}
