"""Anthropic's own Python SDK (pinned in requirements.txt) against bedrock-local's Messages API routes:
bedrock-runtime's /anthropic/v1/messages with a Bedrock API key, streaming and not, each writing then reading
the prompt cache; and bedrock-mantle through the SDK's AnthropicBedrockMantle client, signed with SigV4 for
`bedrock-mantle` and verified by the server."""

import anthropic
import pytest
from anthropic.lib.bedrock import AnthropicBedrockMantle

from conftest import REGION, _start

MODEL = "us.anthropic.claude-opus-4-7"  # the Messages API takes an inference profile on bedrock-runtime
API_KEY = "bedrock-api-key-conformance"


def document(word, n):
    """`n` tokens by bedrock-local's tokenizer: Opus 4.7 caches from 4,096."""
    return " ".join([word] * n)


@pytest.fixture(scope="module")
def keyed_endpoint():
    process, url = _start("--api-key", API_KEY, "--credential", "AKIDMANTLE:mantle-secret")
    yield url
    process.terminate()
    process.wait(timeout=10)


def messages_client(url, api_key=API_KEY):
    # The SDK posts to {base_url}/v1/messages: the base URL is the route's prefix.
    return anthropic.Anthropic(base_url=f"{url}/anthropic", api_key=api_key, max_retries=0)


def ask(client, system, question, ttl="5m"):
    return client.messages.create(
        model=MODEL,
        max_tokens=200,
        system=[{"type": "text", "text": system, "cache_control": {"type": "ephemeral", "ttl": ttl}}],
        messages=[{"role": "user", "content": question}],
    )


def test_a_long_system_prompt_is_written_then_read(keyed_endpoint):
    client = messages_client(keyed_endpoint)
    system = document("sand", 5000)
    first = ask(client, system, "First question")
    assert first.model == MODEL
    assert first.stop_reason == "end_turn"
    assert "Local Bedrock" in first.content[0].text
    assert first.usage.cache_creation_input_tokens == 5000
    assert first.usage.cache_read_input_tokens == 0
    assert first.usage.cache_creation.ephemeral_5m_input_tokens == 5000
    assert first.usage.cache_creation.ephemeral_1h_input_tokens == 0
    second = ask(client, system, "Second question")
    assert second.usage.cache_read_input_tokens == 5000
    assert second.usage.cache_creation_input_tokens == 0


def test_streams_write_then_read_with_a_one_hour_ttl(keyed_endpoint):
    client = messages_client(keyed_endpoint)
    system = document("clay", 5000)
    usages = []
    for question in ["Stream one", "Stream two"]:
        with client.messages.stream(
            model=MODEL,
            max_tokens=200,
            system=[{"type": "text", "text": system, "cache_control": {"type": "ephemeral", "ttl": "1h"}}],
            messages=[{"role": "user", "content": question}],
        ) as stream:
            text = "".join(stream.text_stream)
            final = stream.get_final_message()
        assert "Local Bedrock" in text
        assert final.content[0].text == text
        assert final.stop_reason == "end_turn"
        assert final.usage.output_tokens > 1
        usages.append(final.usage)
    assert usages[0].cache_creation.ephemeral_1h_input_tokens == 5000
    assert usages[0].cache_creation.ephemeral_5m_input_tokens == 0
    assert usages[1].cache_read_input_tokens == 5000
    assert usages[1].cache_creation_input_tokens == 0


def test_refusals_arrive_as_the_sdks_errors(keyed_endpoint):
    with pytest.raises(anthropic.BadRequestError) as refused:
        messages_client(keyed_endpoint).messages.create(
            model="us.anthropic.claude-sonnet-4-6",
            max_tokens=10,
            messages=[{"role": "user", "content": "hi"}],
        )
    assert refused.value.body["error"]["type"] == "invalid_request_error"
    assert "doesn't support the model" in refused.value.body["error"]["message"]
    with pytest.raises(anthropic.PermissionDeniedError):
        # bedrock-runtime's front door refuses a key it does not know in AWS's envelope (403).
        messages_client(keyed_endpoint, api_key="not-a-key").messages.create(
            model=MODEL, max_tokens=10, messages=[{"role": "user", "content": "hi"}]
        )


def test_bedrock_mantle_counts_and_answers_with_sigv4(keyed_endpoint):
    mantle = AnthropicBedrockMantle(
        base_url=f"{keyed_endpoint}/anthropic",
        aws_access_key="AKIDMANTLE",
        aws_secret_key="mantle-secret",
        aws_region=REGION,
        max_retries=0,
    )
    system = document("silt", 5000)
    # bedrock-mantle takes the model ID without a profile prefix, and counts Opus 4.7.
    counted = mantle.messages.count_tokens(
        model="anthropic.claude-opus-4-7",
        system=system,
        messages=[{"role": "user", "content": "How long?"}],
    )
    assert counted.input_tokens > 5000
    answer = mantle.messages.create(
        model="anthropic.claude-opus-4-7",
        max_tokens=50,
        system=system,
        messages=[{"role": "user", "content": "How long?"}],
    )
    assert answer.usage.input_tokens == counted.input_tokens
    with pytest.raises(anthropic.AuthenticationError):
        AnthropicBedrockMantle(
            base_url=f"{keyed_endpoint}/anthropic",
            aws_access_key="AKIDMANTLE",
            aws_secret_key="wrong-secret",
            aws_region=REGION,
            max_retries=0,
        ).messages.count_tokens(model="anthropic.claude-opus-4-7", messages=[{"role": "user", "content": "hi"}])
