"""bedrock-local as boto3 sees it: every operation Outcrop uses, parsed by botocore's own service models."""

import base64
import json

import pytest
from botocore.exceptions import ClientError, EventStreamError

from conftest import client

SONNET_37 = "anthropic.claude-3-7-sonnet-20250219-v1:0"
SONNET_45 = "anthropic.claude-sonnet-4-5-20250929-v1:0"
NOVA_PRO = "amazon.nova-pro-v1:0"
DOC = " ".join(["rock"] * 3000)


def error_code(excinfo):
    return excinfo.value.response["Error"]["Code"]


def error_message(excinfo):
    return excinfo.value.response["Error"]["Message"]


# --- control plane ------------------------------------------------------------------------------------


def test_list_and_get_foundation_models(bedrock):
    models = bedrock.list_foundation_models()["modelSummaries"]
    sonnet = next(m for m in models if m["modelId"] == SONNET_37)
    assert sonnet["inferenceTypesSupported"] == ["INFERENCE_PROFILE"]
    assert sonnet["modelArn"] == f"arn:aws:bedrock:us-east-1::foundation-model/{SONNET_37}"
    embeddings = bedrock.list_foundation_models(byOutputModality="EMBEDDING")["modelSummaries"]
    assert embeddings and all("EMBEDDING" in m["outputModalities"] for m in embeddings)
    assert bedrock.get_foundation_model(modelIdentifier=NOVA_PRO)["modelDetails"]["providerName"] == "Amazon"


def test_profiles_paginate_and_resolve(bedrock):
    pages = bedrock.get_paginator("list_inference_profiles").paginate(PaginationConfig={"PageSize": 4})
    ids = [p["inferenceProfileId"] for page in pages for p in page["inferenceProfileSummaries"]]
    assert f"us.{SONNET_37}" in ids and f"global.{SONNET_45}" in ids
    assert len(ids) == len(set(ids)) == len(bedrock.list_inference_profiles()["inferenceProfileSummaries"])
    profile = bedrock.get_inference_profile(inferenceProfileIdentifier=f"us.{SONNET_37}")
    assert profile["type"] == "SYSTEM_DEFINED"
    assert [m["modelArn"].split(":")[3] for m in profile["models"]] == ["us-east-1", "us-east-2", "us-west-2"]
    assert profile["createdAt"].year == 2024
    with pytest.raises(ClientError) as missing:
        bedrock.get_inference_profile(inferenceProfileIdentifier=f"eu.{SONNET_37}")
    assert error_code(missing) == "ResourceNotFoundException"


def test_application_profile_lifecycle(bedrock):
    created = bedrock.create_inference_profile(
        inferenceProfileName="conformance-team",
        description="Created by the boto3 conformance suite",
        modelSource={"copyFrom": f"arn:aws:bedrock:us-east-1::foundation-model/{NOVA_PRO}"},
        tags=[{"key": "Department", "value": "QA"}],
    )
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    arn = created["inferenceProfileArn"]
    assert arn.startswith("arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/")
    apps = bedrock.list_inference_profiles(typeEquals="APPLICATION")["inferenceProfileSummaries"]
    assert [p["inferenceProfileArn"] for p in apps] == [arn]

    bedrock.tag_resource(resourceARN=arn, tags=[{"key": "Project", "value": "Outcrop"}])
    bedrock.untag_resource(resourceARN=arn, tagKeys=["Department"])
    assert bedrock.list_tags_for_resource(resourceARN=arn)["tags"] == [{"key": "Project", "value": "Outcrop"}]
    with pytest.raises(ClientError) as too_many:
        bedrock.tag_resource(resourceARN=arn, tags=[{"key": f"k{i}", "value": "v"} for i in range(200)])
    assert error_code(too_many) == "TooManyTagsException"

    with pytest.raises(ClientError) as conflict:
        bedrock.create_inference_profile(
            inferenceProfileName="conformance-team",
            modelSource={"copyFrom": f"arn:aws:bedrock:us-east-1::foundation-model/{NOVA_PRO}"},
        )
    assert error_code(conflict) == "ConflictException"

    bedrock.delete_inference_profile(inferenceProfileIdentifier=arn)
    with pytest.raises(ClientError) as gone:
        bedrock.get_inference_profile(inferenceProfileIdentifier=arn)
    assert error_code(gone) == "ResourceNotFoundException"


def test_create_reports_the_rule(bedrock):
    with pytest.raises(ClientError) as invalid:
        bedrock.create_inference_profile(
            inferenceProfileName="bad name!",
            modelSource={"copyFrom": f"arn:aws:bedrock:us-east-1::foundation-model/{NOVA_PRO}"},
        )
    assert error_code(invalid) == "ValidationException"
    assert "([0-9a-zA-Z][ _-]?)+" in error_message(invalid)


# --- runtime ------------------------------------------------------------------------------------------


def test_bare_profile_only_id_gets_the_on_demand_error(runtime):
    with pytest.raises(ClientError) as bare:
        runtime.converse(modelId=SONNET_37, messages=[{"role": "user", "content": [{"text": "hi"}]}])
    assert error_code(bare) == "ValidationException"
    assert "with on-demand throughput isn\u2019t supported" in error_message(bare)


def test_converse_caches_and_reads(runtime):
    request = dict(
        modelId=f"us.{SONNET_37}",
        system=[{"text": DOC}, {"cachePoint": {"type": "default"}}],
        messages=[{"role": "user", "content": [{"text": "Summarise the rock."}]}],
    )
    first = runtime.converse(**request)["usage"]
    second = runtime.converse(**request)["usage"]
    assert first["cacheWriteInputTokens"] == 3000 and first["cacheReadInputTokens"] == 0
    assert first["cacheDetails"] == [{"ttl": "5m", "inputTokens": 3000}]
    assert second["cacheReadInputTokens"] == 3000 and second["cacheWriteInputTokens"] == 0
    total = second["inputTokens"] + second["cacheReadInputTokens"] + second["cacheWriteInputTokens"]
    assert second["totalTokens"] == total + second["outputTokens"]


def test_converse_thinks_with_additional_fields_and_takes_its_reasoning_back(runtime):
    request = dict(
        modelId=f"us.{SONNET_37}",
        inferenceConfig={"maxTokens": 2048},
        additionalModelRequestFields={"thinking": {"type": "enabled", "budget_tokens": 1024}},
    )
    question = {"role": "user", "content": [{"text": "Why cache a long document?"}]}
    answer = runtime.converse(messages=[question], **request)["output"]["message"]
    reasoning = answer["content"][0]["reasoningContent"]["reasoningText"]
    assert reasoning["text"].startswith("Considering the question") and reasoning["signature"]
    assert "text" in answer["content"][1]
    follow_up = {"role": "user", "content": [{"text": "And when not?"}]}
    runtime.converse(messages=[question, answer, follow_up], **request)
    tampered = {"role": "assistant", "content": [
        {"reasoningContent": {"reasoningText": {"text": reasoning["text"] + "!", "signature": reasoning["signature"]}}},
        answer["content"][1],
    ]}
    with pytest.raises(ClientError) as refused:
        runtime.converse(messages=[question, tampered, follow_up], **request)
    assert error_code(refused) == "ValidationException"
    assert error_message(refused).endswith("messages.1.content.0: Invalid `signature` in `thinking` block")
    with pytest.raises(ClientError) as low:
        runtime.converse(
            modelId=f"us.{SONNET_37}",
            messages=[question],
            inferenceConfig={"maxTokens": 2048},
            additionalModelRequestFields={"thinking": {"type": "enabled", "budget_tokens": 512}},
        )
    assert error_message(low) == (
        "The model returned the following errors: "
        "thinking.enabled.budget_tokens: Input should be greater than or equal to 1024"
    )


def test_converse_stream_events(runtime):
    response = runtime.converse_stream(
        modelId=f"us.{SONNET_45}",
        system=[{"text": " ".join(["stone"] * 5000)}, {"cachePoint": {"type": "default", "ttl": "1h"}}],
        messages=[{"role": "user", "content": [{"text": "Stream it"}]}],
    )
    events = list(response["stream"])
    names = [next(iter(e)) for e in events]
    assert names[0] == "messageStart" and names[-2:] == ["messageStop", "metadata"]
    text = "".join(e["contentBlockDelta"]["delta"]["text"] for e in events if "contentBlockDelta" in e)
    assert "Stream it" in text
    usage = events[-1]["metadata"]["usage"]
    assert usage["cacheWriteInputTokens"] == 5000
    assert usage["cacheDetails"] == [{"ttl": "1h", "inputTokens": 5000}]
    assert "latencyMs" in events[-1]["metadata"]["metrics"]


def test_converse_stream_error_frame(runtime):
    def add_fault(request, **_):
        request.headers["x-bedrock-local-fault"] = "stream-error:1"

    runtime.meta.events.register("before-sign.bedrock-runtime.ConverseStream", add_fault)
    try:
        response = runtime.converse_stream(modelId=NOVA_PRO, messages=[{"role": "user", "content": [{"text": "hi"}]}])
        with pytest.raises(EventStreamError) as failed:
            list(response["stream"])
        assert failed.value.response["Error"]["Code"] == "modelStreamErrorException"
    finally:
        runtime.meta.events.unregister("before-sign.bedrock-runtime.ConverseStream", add_fault)


def test_invoke_model_and_its_stream(runtime):
    body = json.dumps({
        "anthropic_version": "bedrock-2023-05-31",
        "max_tokens": 200,
        "system": [{"type": "text", "text": DOC, "cache_control": {"type": "ephemeral"}}],
        "messages": [{"role": "user", "content": "Tell me about the document."}],
    })
    first = json.loads(runtime.invoke_model(modelId=f"us.{SONNET_37}", body=body)["body"].read())
    assert first["type"] == "message" and first["content"][0]["type"] == "text"
    streamed = runtime.invoke_model_with_response_stream(modelId=f"us.{SONNET_37}", body=body)
    chunks = [json.loads(e["chunk"]["bytes"]) for e in streamed["body"]]
    assert chunks[0]["type"] == "message_start"
    assert chunks[0]["message"]["usage"]["cache_read_input_tokens"] == 3000
    metrics = chunks[-1]["amazon-bedrock-invocationMetrics"]
    assert metrics["cacheReadInputTokenCount"] == 3000 and metrics["outputTokenCount"] > 0


def test_count_tokens(runtime):
    converse_input = {"messages": [{"role": "user", "content": [{"text": "How many tokens?"}]}]}
    counted = runtime.count_tokens(modelId=SONNET_37, input={"converse": converse_input})["inputTokens"]
    usage = runtime.converse(modelId=f"us.{SONNET_37}", **converse_input)["usage"]
    assert counted == usage["inputTokens"]
    invoke_body = json.dumps({"anthropic_version": "bedrock-2023-05-31", "max_tokens": 10,
                              "messages": [{"role": "user", "content": "How many tokens?"}]})
    assert runtime.count_tokens(modelId=SONNET_37, input={"invokeModel": {"body": invoke_body}})["inputTokens"] == counted
    with pytest.raises(ClientError) as profile:
        runtime.count_tokens(modelId=f"us.{SONNET_37}", input={"converse": converse_input})
    assert error_message(profile) == "The provided model doesn't support counting tokens."


def test_botocore_signatures_verify(verifying_endpoint):
    good = client("bedrock-runtime", verifying_endpoint, "AKIDCONFORMANCE", "conformance-secret")
    reply = good.converse(modelId=f"us.{SONNET_37}", messages=[{"role": "user", "content": [{"text": "signed"}]}])
    assert reply["stopReason"] == "end_turn"
    listed = client("bedrock", verifying_endpoint, "AKIDCONFORMANCE", "conformance-secret")
    assert listed.list_inference_profiles(maxResults=3)["inferenceProfileSummaries"]
    bad = client("bedrock-runtime", verifying_endpoint, "AKIDCONFORMANCE", "wrong")
    with pytest.raises(ClientError) as rejected:
        bad.converse(modelId=NOVA_PRO, messages=[{"role": "user", "content": [{"text": "x"}]}])
    assert error_code(rejected) == "InvalidSignatureException"


# --- late-2026 models, service tiers, implicit caching ---------------------------------------------------

OPUS_47 = "anthropic.claude-opus-4-7"
OPUS_46 = "anthropic.claude-opus-4-6-v1"
SONNET_46 = "anthropic.claude-sonnet-4-6"
OPUS_41 = "anthropic.claude-opus-4-1-20250805-v1:0"
NOVA_2_LITE = "amazon.nova-2-lite-v1:0"
NOVA_PREMIER = "amazon.nova-premier-v1:0"
HI = [{"role": "user", "content": [{"text": "hi"}]}]


def test_current_models_are_listed_in_us_east_1(bedrock):
    models = {m["modelId"]: m for m in bedrock.list_foundation_models()["modelSummaries"]}
    for model_id in [OPUS_47, OPUS_46, SONNET_46, OPUS_41, NOVA_2_LITE, NOVA_PREMIER]:
        assert models[model_id]["inferenceTypesSupported"] == ["INFERENCE_PROFILE"], model_id
        assert models[model_id]["modelArn"] == f"arn:aws:bedrock:us-east-1::foundation-model/{model_id}"
    assert bedrock.get_foundation_model(modelIdentifier=OPUS_47)["modelDetails"]["modelName"] == "Claude Opus 4.7"
    pages = bedrock.get_paginator("list_inference_profiles").paginate()
    ids = {p["inferenceProfileId"] for page in pages for p in page["inferenceProfileSummaries"]}
    for profile_id in [f"us.{OPUS_47}", f"global.{OPUS_47}", f"us.{SONNET_46}", f"global.{SONNET_46}",
                       f"us.{OPUS_46}", f"us.{OPUS_41}", f"us.{NOVA_2_LITE}", f"us.{NOVA_PREMIER}"]:
        assert profile_id in ids, profile_id
    assert f"eu.{OPUS_47}" not in ids and f"jp.{SONNET_46}" not in ids


def test_suffix_free_ids_are_callable_through_their_profiles(runtime):
    for model_id in [f"us.{OPUS_47}", f"global.{SONNET_46}", f"us.{OPUS_46}", f"us.{NOVA_2_LITE}"]:
        reply = runtime.converse(modelId=model_id, messages=HI)
        assert reply["stopReason"] == "end_turn", model_id
    body = json.dumps({"anthropic_version": "bedrock-2023-05-31", "max_tokens": 50,
                       "messages": [{"role": "user", "content": "hi"}]})
    invoked = json.loads(runtime.invoke_model(modelId=f"us.{SONNET_46}", body=body)["body"].read())
    assert invoked["model"] == SONNET_46
    counted = runtime.count_tokens(modelId=SONNET_46, input={"converse": {"messages": HI}})
    assert counted["inputTokens"] > 0
    with pytest.raises(ClientError) as bare:
        runtime.converse(modelId=OPUS_47, messages=HI)
    assert error_message(bare) == (
        f"Invocation of model ID {OPUS_47} with on-demand throughput isn\u2019t supported. "
        "Retry your request with the ID or ARN of an inference profile that contains this model."
    )
    with pytest.raises(ClientError) as uncountable:
        runtime.count_tokens(modelId=OPUS_47, input={"converse": {"messages": HI}})
    assert error_message(uncountable) == "The provided model doesn't support counting tokens."


def test_service_tier_round_trip(runtime):
    reply = runtime.converse(modelId=f"us.{SONNET_45}", messages=HI, serviceTier={"type": "priority"})
    assert reply["serviceTier"] == {"type": "priority"}
    assert "serviceTier" not in runtime.converse(modelId=f"us.{SONNET_45}", messages=HI)
    streamed = runtime.converse_stream(modelId=f"us.{SONNET_46}", messages=HI, serviceTier={"type": "reserved"})
    events = list(streamed["stream"])
    assert events[-1]["metadata"]["serviceTier"] == {"type": "reserved"}
    body = json.dumps({"anthropic_version": "bedrock-2023-05-31", "max_tokens": 50,
                       "messages": [{"role": "user", "content": "hi"}]})
    invoked = runtime.invoke_model(modelId=f"us.{SONNET_45}", body=body, serviceTier="flex")
    assert invoked["serviceTier"] == "flex"
    assert invoked["ResponseMetadata"]["HTTPHeaders"]["x-amzn-bedrock-service-tier"] == "flex"
    invoked_stream = runtime.invoke_model_with_response_stream(modelId=f"us.{OPUS_47}", body=body,
                                                               serviceTier="default")
    assert invoked_stream["serviceTier"] == "default"
    list(invoked_stream["body"])


def test_unsupported_service_tier_is_refused(runtime):
    with pytest.raises(ClientError) as refused:
        runtime.converse(modelId=f"us.{OPUS_47}", messages=HI, serviceTier={"type": "priority"})
    assert error_code(refused) == "ValidationException"
    assert error_message(refused) == "The provided service tier is not supported for this model."
    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    body = json.dumps({"anthropic_version": "bedrock-2023-05-31", "max_tokens": 50,
                       "messages": [{"role": "user", "content": "hi"}]})
    with pytest.raises(ClientError) as invoke:
        runtime.invoke_model(modelId=f"us.{SONNET_46}", body=body, serviceTier="flex")
    assert error_message(invoke) == "The provided service tier is not supported for this model."


def test_nova_reads_implicitly_without_cache_points(runtime):
    request = dict(
        modelId=f"us.{NOVA_2_LITE}",
        system=[{"text": " ".join(["basalt"] * 2000)}],
        messages=[{"role": "user", "content": [{"text": "What is basalt?"}]}],
    )
    first = runtime.converse(**request)["usage"]
    second = runtime.converse(**request)["usage"]
    assert first["cacheReadInputTokens"] == 0 and first["cacheWriteInputTokens"] == 0
    assert second["cacheReadInputTokens"] > 2000 and second["cacheWriteInputTokens"] == 0
    total = second["inputTokens"] + second["cacheReadInputTokens"] + second["cacheWriteInputTokens"]
    assert total == first["inputTokens"]
