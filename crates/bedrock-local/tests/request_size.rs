//! Request sizes as Bedrock takes them: documents up to 4.5 MB each, five to a request, InvokeModel bodies up
//! to 25,000,000 bytes — and anything larger refused with a ValidationException that says why, never a bare 413.

#![allow(clippy::unwrap_used)]

mod support;

use aws_sdk_bedrockruntime::error::ProvideErrorMetadata;
use aws_sdk_bedrockruntime::primitives::Blob;
use aws_sdk_bedrockruntime::types::{
    ContentBlock, ConversationRole, DocumentBlock, DocumentFormat, DocumentSource, Message,
};
use bedrock_local::{BedrockLocal, Config};
use serde_json::json;

const NOVA_PRO: &str = "amazon.nova-pro-v1:0";
const SONNET_37: &str = "us.anthropic.claude-3-7-sonnet-20250219-v1:0";

async fn runtime() -> (BedrockLocal, aws_sdk_bedrockruntime::Client) {
    let server = BedrockLocal::start(Config::default()).await.unwrap();
    let sdk = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .endpoint_url(server.url())
        .credentials_provider(aws_credential_types::Credentials::for_tests())
        .load()
        .await;
    let client = aws_sdk_bedrockruntime::Client::new(&sdk);
    (server, client)
}

fn pdf(name: &str, bytes: usize) -> ContentBlock {
    ContentBlock::Document(
        DocumentBlock::builder()
            .name(name)
            .format(DocumentFormat::Pdf)
            .source(DocumentSource::Bytes(Blob::new(vec![b'%'; bytes])))
            .build()
            .unwrap(),
    )
}

fn asking_about(documents: Vec<ContentBlock>) -> Message {
    let mut message = Message::builder().role(ConversationRole::User);
    for document in documents {
        message = message.content(document);
    }
    message
        .content(ContentBlock::Text("Summarise these.".into()))
        .build()
        .unwrap()
}

#[tokio::test]
async fn converse_takes_a_3_mb_document_and_explains_a_larger_one() {
    let (server, client) = runtime().await;
    let converse = |documents| {
        client
            .converse()
            .model_id(NOVA_PRO)
            .messages(asking_about(documents))
            .send()
    };
    converse(vec![pdf("report", 3_000_000)]).await.unwrap();
    converse(vec![pdf("report", 4_500_000)]).await.unwrap();

    let error = converse(vec![pdf("report", 4_500_001)]).await.unwrap_err();
    assert_eq!(error.code(), Some("ValidationException"), "{error:?}");
    let message = error.message().unwrap();
    assert!(
        message.contains("4500001") && message.contains("4.5 MB"),
        "{message}"
    );

    let error = converse((1..=6).map(|i| pdf(&format!("part {i}"), 10)).collect())
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("ValidationException"), "{error:?}");
    assert!(error.message().unwrap().contains("5 documents"), "{error:?}");
    server.shutdown().await;
}

fn anthropic_with_document(data_bytes: usize) -> Vec<u8> {
    let data = aws_smithy_types::base64::encode(vec![b'%'; data_bytes]);
    json!({
        "anthropic_version": "bedrock-2023-05-31",
        "max_tokens": 20,
        "messages": [{"role": "user", "content": [
            {"type": "document", "source": {"type": "base64", "media_type": "application/pdf", "data": data}},
            {"type": "text", "text": "Summarise this."}
        ]}]
    })
    .to_string()
    .into_bytes()
}

#[tokio::test]
async fn invoke_model_takes_a_3_mb_document_and_explains_a_body_over_25_mb() {
    let (server, client) = runtime().await;
    let invoke = |body: Vec<u8>| {
        client
            .invoke_model()
            .model_id(SONNET_37)
            .content_type("application/json")
            .body(Blob::new(body))
            .send()
    };
    invoke(anthropic_with_document(3_000_000)).await.unwrap();

    let error = invoke(anthropic_with_document(19_000_000)).await.unwrap_err();
    assert_eq!(error.code(), Some("ValidationException"), "{error:?}");
    let message = error.message().unwrap();
    assert!(
        message.contains("'body'") && message.contains("25000000"),
        "{message}"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn a_body_over_what_bedrock_local_reads_is_a_validation_error_not_a_bare_413() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let server = BedrockLocal::start(Config::default()).await.unwrap();
    // Refused by its Content-Length before any of it is read: the client need not send the 65 MiB it announces.
    let mut stream = tokio::net::TcpStream::connect(server.local_addr()).await.unwrap();
    let request = format!(
        "POST /model/amazon.nova-pro-v1:0/converse HTTP/1.1\r\nhost: {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        server.local_addr(),
        65 * 1024 * 1024
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut received = Vec::new();
    let mut chunk = [0_u8; 4096];
    // Until the message has arrived, or the server closes the connection.
    while !String::from_utf8_lossy(&received).contains("bytes.\"}") {
        let read = stream.read(&mut chunk).await.unwrap();
        if read == 0 {
            break;
        }
        received.extend_from_slice(&chunk[..read]);
    }
    let response = String::from_utf8_lossy(&received).to_lowercase();
    assert!(response.starts_with("http/1.1 400"), "{response}");
    assert!(
        response.contains("x-amzn-errortype: validationexception"),
        "{response}"
    );
    assert!(
        response.contains("68157440 bytes") && response.contains("67108864"),
        "{response}"
    );
    server.shutdown().await;
}
