""""Copy as code", run for real: the boto3 script and the AWS CLI command Outcrop prints for a conversation
are executed against bedrock-local, twice each, for both transports (Converse with `cachePoint` blocks,
InvokeModel with the Anthropic body and `cache_control`). The first run must write the cached prefix and the
second must read it back, which proves the copied code keeps the cache points where the playground put
them."""

import json
import os
import re
import subprocess
import sys

import pytest

from conftest import REGION

MODEL = "us.anthropic.claude-3-7-sonnet-20250219-v1:0"


def conversation(marker, tier=None):
    # A system prompt past Claude 3.7 Sonnet's 1,024-token minimum, a cache point, a document, another
    # cache point, then the question. `marker` keeps each test's prefixes apart in the shared server.
    system = f"{marker}. " + " ".join(["Answer from the field guide, quoting its chapter."] * 150)
    return {
        "system": [{"type": "text", "text": system}, {"type": "cachePoint", "ttl": "5m"}],
        "messages": [
            {
                "role": "user",
                "content": [
                    {"type": "document", "name": "field guide", "format": "txt",
                     "text": "Sandstone is made of sand-sized grains. " * 40},
                    {"type": "cachePoint", "ttl": "5m"},
                    {"type": "text", "text": "What is sandstone made of?"},
                ],
            }
        ],
        "inference": {"maxTokens": 256, "stopSequences": []},
        **({"serviceTier": tier} if tier else {}),
    }


def code(fmt, marker, api="converse", tier=None):
    binary = os.environ.get("OUTCROP_REQUEST_CODE_BIN")
    if not binary or not os.path.isfile(binary):
        pytest.fail("OUTCROP_REQUEST_CODE_BIN does not name the built request_code example; run through `cargo xtask test`")
    out = subprocess.run(
        [binary, fmt, api, MODEL, REGION],
        input=json.dumps(conversation(marker, tier)),
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout


def environment(endpoint):
    env = dict(os.environ)
    env.update(
        AWS_ENDPOINT_URL_BEDROCK_RUNTIME=endpoint,
        AWS_ACCESS_KEY_ID="AKIDEXAMPLE",
        AWS_SECRET_ACCESS_KEY="local-secret",
        AWS_DEFAULT_REGION=REGION,
        AWS_CONFIG_FILE="/dev/null",
        AWS_SHARED_CREDENTIALS_FILE="/dev/null",
    )
    return env


def run_twice(script, env):
    """Runs a copied script twice; each prints "input N cache read N cache write N output N"."""
    usages = []
    for _ in range(2):
        out = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        match = re.search(r"input (\d+) cache read (\d+) cache write (\d+) output (\d+)", out.stdout)
        assert match, out.stdout
        usages.append([int(n) for n in match.groups()])
    return usages


def test_the_boto3_script_writes_then_reads_the_cache(endpoint, tmp_path):
    script = tmp_path / "converse.py"
    script.write_text(code("boto3", "boto3 run"))
    usages = run_twice(script, environment(endpoint))
    (_, read1, write1, _), (_, read2, write2, _) = usages
    assert read1 == 0 and write1 > 1024, usages
    assert read2 == write1 and write2 == 0, usages


def test_the_aws_cli_command_writes_then_reads_the_cache(endpoint):
    command = code("awsCli", "cli run")
    assert command.startswith("aws bedrock-runtime converse")
    usages = []
    for _ in range(2):
        out = subprocess.run(["bash", "-c", command], env=environment(endpoint), capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        usages.append(json.loads(out.stdout)["usage"])
    first, second = usages
    assert first.get("cacheReadInputTokens", 0) == 0 and first["cacheWriteInputTokens"] > 1024, usages
    assert second["cacheReadInputTokens"] == first["cacheWriteInputTokens"], usages


def test_the_json_is_the_request_the_playground_sends(endpoint):
    import boto3

    request = json.loads(code("json", "json run"))
    runtime = boto3.client(
        "bedrock-runtime",
        region_name=REGION,
        endpoint_url=endpoint,
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="local-secret",
    )
    # boto3 takes raw bytes where the JSON carries base64.
    import base64

    for message in request["messages"]:
        for block in message["content"]:
            if "document" in block:
                block["document"]["source"]["bytes"] = base64.b64decode(block["document"]["source"]["bytes"])
    reply = runtime.converse(**request)
    assert reply["usage"]["cacheWriteInputTokens"] > 1024
    assert reply["stopReason"] == "end_turn"


def test_the_invoke_model_boto3_script_writes_then_reads_the_cache(endpoint, tmp_path):
    source = code("boto3", "invoke boto3 run", api="invokeModel")
    assert "invoke_model_with_response_stream" in source and "cachePoint" not in source
    script = tmp_path / "invoke.py"
    script.write_text(source)
    usages = run_twice(script, environment(endpoint))
    (_, read1, write1, output1), (_, read2, write2, _) = usages
    assert read1 == 0 and write1 > 1024 and output1 > 0, usages
    assert read2 == write1 and write2 == 0, usages


def test_the_invoke_model_cli_command_writes_then_reads_the_cache(endpoint, tmp_path):
    command = code("awsCli", "invoke cli run", api="invokeModel")
    assert "aws bedrock-runtime invoke-model" in command and "cachePoint" not in command
    usages = []
    for _ in range(2):
        out = subprocess.run(["bash", "-c", command], env=environment(endpoint), capture_output=True, text=True,
                             cwd=tmp_path)
        assert out.returncode == 0, out.stderr
        reply = json.loads((tmp_path / "response.json").read_text())
        assert reply["type"] == "message", reply
        usages.append(reply["usage"])
    first, second = usages
    assert first["cache_read_input_tokens"] == 0 and first["cache_creation_input_tokens"] > 1024, usages
    assert second["cache_read_input_tokens"] == first["cache_creation_input_tokens"], usages
    assert second["cache_creation_input_tokens"] == 0, usages


def test_the_invoke_model_json_is_the_request_the_playground_sends(endpoint):
    import boto3

    request = json.loads(code("json", "invoke json run", api="invokeModel"))
    assert request["body"]["anthropic_version"] == "bedrock-2023-05-31"
    assert request["body"]["max_tokens"] == 256
    runtime = boto3.client(
        "bedrock-runtime",
        region_name=REGION,
        endpoint_url=endpoint,
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="local-secret",
    )
    reply = runtime.invoke_model(
        modelId=request["modelId"],
        contentType=request["contentType"],
        accept=request["accept"],
        body=json.dumps(request["body"]),
    )
    answer = json.loads(reply["body"].read())
    assert answer["usage"]["cache_creation_input_tokens"] > 1024
    assert answer["stop_reason"] == "end_turn"


def test_a_service_tier_travels_in_the_copied_code_and_is_served(endpoint, tmp_path):
    # Converse: `--service-tier` in the CLI command, `serviceTier=` in the boto3 script; the service echoes it.
    command = code("awsCli", "tier cli run", tier="priority")
    assert "--service-tier" in command
    out = subprocess.run(["bash", "-c", command], env=environment(endpoint), capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["serviceTier"] == {"type": "priority"}
    script = tmp_path / "tier.py"
    script.write_text(code("boto3", "tier boto3 run", tier="flex"))
    assert "serviceTier=" in script.read_text()
    out = subprocess.run([sys.executable, str(script)], env=environment(endpoint), capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    # InvokeModel: the tier travels as the X-Amzn-Bedrock-Service-Tier header and comes back the same way.
    command = code("awsCli", "tier invoke cli run", api="invokeModel", tier="priority")
    assert "--service-tier priority" in command
    out = subprocess.run(["bash", "-c", command], env=environment(endpoint), capture_output=True, text=True,
                         cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["serviceTier"] == "priority", out.stdout
    source = code("boto3", "tier invoke boto3 run", api="invokeModel", tier="flex")
    assert 'serviceTier="flex"' in source
    script = tmp_path / "tier_invoke.py"
    script.write_text(source)
    out = subprocess.run([sys.executable, str(script)], env=environment(endpoint), capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


OPUS_47 = "us.anthropic.claude-opus-4-7"
RUNTIME_URL = f"https://bedrock-runtime.{REGION}.amazonaws.com"


def messages_code(fmt, marker, automatic=None):
    # Opus 4.7 caches from 4,096 tokens: a system prompt well past that, a cache point, then the question.
    # With `automatic` ("5m" or "1h") the point is left out and the top-level cache_control places it.
    system = f"{marker}. " + " ".join(["Answer from the field guide, quoting its chapter."] * 600)
    conversation = {
        "system": [{"type": "text", "text": system}, {"type": "cachePoint", "ttl": "5m"}],
        "messages": [{"role": "user", "content": [{"type": "text", "text": "What is sandstone made of?"}]}],
        "inference": {"maxTokens": 256, "stopSequences": []},
    }
    if automatic:
        conversation["system"] = conversation["system"][:1]
        conversation["automaticCache"] = automatic
    binary = os.environ.get("OUTCROP_REQUEST_CODE_BIN")
    if not binary or not os.path.isfile(binary):
        pytest.fail("OUTCROP_REQUEST_CODE_BIN does not name the built request_code example; run through `cargo xtask test`")
    out = subprocess.run([binary, fmt, "messages", OPUS_47, REGION], input=json.dumps(conversation),
                         capture_output=True, text=True, check=True)
    return out.stdout


def test_the_messages_api_python_writes_then_reads_the_cache(endpoint, tmp_path):
    # The copied script, pointed at bedrock-local instead of the Region's endpoint, with an API key.
    source = messages_code("anthropicPython", "messages python run")
    assert RUNTIME_URL + "/anthropic" in source and "cache_control" in source
    script = tmp_path / "messages.py"
    script.write_text(source.replace(RUNTIME_URL, endpoint))
    env = environment(endpoint)
    env["AWS_BEARER_TOKEN_BEDROCK"] = "bedrock-api-key-conformance"
    usages = run_twice(script, env)
    (_, read1, write1, _), (_, read2, write2, _) = usages
    assert read1 == 0 and write1 > 4096, usages
    assert read2 == write1 and write2 == 0, usages


def test_automatic_placement_in_the_copied_python_caches_the_whole_request(endpoint, tmp_path):
    # No cache point in the conversation: the top-level cache_control caches up to the question, then reads it.
    source = messages_code("anthropicPython", "messages automatic run", automatic="5m")
    assert 'cache_control={\n        "type": "ephemeral",\n    },' in source, source
    script = tmp_path / "automatic.py"
    script.write_text(source.replace(RUNTIME_URL, endpoint))
    env = environment(endpoint)
    env["AWS_BEARER_TOKEN_BEDROCK"] = "bedrock-api-key-conformance"
    (input1, read1, write1, _), (input2, read2, write2, _) = usages = run_twice(script, env)
    assert read1 == 0 and write1 > 4096 and input1 == 0, usages
    assert read2 == write1 and write2 == 0 and input2 == 0, usages


@pytest.mark.parametrize("fmt", ["curl", "curlApiKey"])
def test_the_messages_api_curl_commands_write_then_read_the_cache(endpoint, fmt):
    command = messages_code(fmt, f"messages {fmt} run").replace(RUNTIME_URL, endpoint)
    env = environment(endpoint)
    env["AWS_BEARER_TOKEN_BEDROCK"] = "bedrock-api-key-conformance"
    usages = []
    for _ in range(2):
        out = subprocess.run(["bash", "-c", command], env=env, capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        reply = json.loads(out.stdout)
        assert reply["type"] == "message", reply
        usages.append(reply["usage"])
    first, second = usages
    assert first["cache_read_input_tokens"] == 0 and first["cache_creation_input_tokens"] > 4096, usages
    assert second["cache_read_input_tokens"] == first["cache_creation_input_tokens"], usages
