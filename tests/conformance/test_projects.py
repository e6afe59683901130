"""Bedrock Projects as boto3 (botocore 1.44.8) sees them on bedrock-local: create with tags, list, rename, archive;
and inference under a project (Converse's `projectIdentifier`, InvokeModel's header), refused with an application
profile, an unknown project or an archived one."""

import json

import pytest
from botocore.exceptions import ClientError

SONNET_37 = "anthropic.claude-3-7-sonnet-20250219-v1:0"
NOVA_PRO = "amazon.nova-pro-v1:0"


def error_code(excinfo):
    return excinfo.value.response["Error"]["Code"]


def error_message(excinfo):
    return excinfo.value.response["Error"]["Message"]


def test_project_lifecycle(bedrock):
    created = bedrock.create_project(
        name="Support chatbot",
        tags=[{"key": "Department", "value": "Support"}],
        dataRetention={"mode": "none"},
    )
    assert created["id"].startswith("proj_")
    assert created["arn"] == f"arn:aws:bedrock:us-east-1:111122223333:project/{created['id']}"
    assert (created["status"], created["dataRetention"]) == ("active", {"mode": "none"})
    assert bedrock.get_project(projectIdentifier=created["arn"])["name"] == "Support chatbot"
    assert bedrock.list_tags_for_resource(resourceARN=created["arn"])["tags"] == [{"key": "Department", "value": "Support"}]

    listed = bedrock.list_projects()["projectSummaries"]
    assert [p["id"] for p in listed][0] == "default", "every account has the default project"
    assert created["id"] in [p["id"] for p in listed]

    renamed = bedrock.update_project(projectIdentifier=created["id"], name="Support assistant")
    assert renamed["name"] == "Support assistant"
    with pytest.raises(ClientError) as bad_mode:
        bedrock.update_project(projectIdentifier=created["id"], dataRetention={"mode": "forever"})
    assert error_code(bad_mode) == "ValidationException"

    archived = bedrock.archive_project(projectIdentifier=created["id"])
    assert archived["status"] == "archived" and "archivedAt" in archived
    assert [p["id"] for p in bedrock.list_projects(statusFilter="archived")["projectSummaries"]] == [created["id"]]
    with pytest.raises(ClientError) as again:
        bedrock.archive_project(projectIdentifier=created["id"])
    assert error_code(again) == "ConflictException"
    with pytest.raises(ClientError) as missing:
        bedrock.get_project(projectIdentifier="proj_missing")
    assert error_code(missing) == "ResourceNotFoundException"
    with pytest.raises(ClientError) as default:
        bedrock.archive_project(projectIdentifier="default")
    assert error_code(default) == "ValidationException"


def test_inference_runs_under_a_project_and_refuses_what_the_service_refuses(bedrock, runtime):
    project = bedrock.create_project(name="Checkout search")["id"]
    messages = [{"role": "user", "content": [{"text": "Hello"}]}]
    answered = runtime.converse(modelId=f"us.{SONNET_37}", messages=messages, projectIdentifier=project)
    assert answered["stopReason"] == "end_turn"
    body = json.dumps({"anthropic_version": "bedrock-2023-05-31", "max_tokens": 50,
                       "messages": [{"role": "user", "content": "Hello"}]})
    invoked = runtime.invoke_model(modelId=f"us.{SONNET_37}", body=body, projectIdentifier=project)
    assert json.loads(invoked["body"].read())["type"] == "message"

    # An application profile takes only the default project.
    profile = bedrock.create_inference_profile(
        inferenceProfileName="projects-conformance",
        modelSource={"copyFrom": f"arn:aws:bedrock:us-east-1::foundation-model/{NOVA_PRO}"},
    )["inferenceProfileArn"]
    with pytest.raises(ClientError) as application:
        runtime.converse(modelId=profile, messages=messages, projectIdentifier=project)
    assert error_code(application) == "ValidationException"
    assert "Application inference profiles don't support non-default projects" in error_message(application)
    assert runtime.converse(modelId=profile, messages=messages, projectIdentifier="default")["stopReason"] == "end_turn"
    bedrock.delete_inference_profile(inferenceProfileIdentifier=profile)

    with pytest.raises(ClientError) as unknown:
        runtime.converse(modelId=f"us.{SONNET_37}", messages=messages, projectIdentifier="proj_unknown")
    assert error_code(unknown) == "ResourceNotFoundException"
    bedrock.archive_project(projectIdentifier=project)
    with pytest.raises(ClientError) as archived:
        runtime.invoke_model(modelId=f"us.{SONNET_37}", body=body, projectIdentifier=project)
    assert error_code(archived) == "ValidationException"
    assert "archived" in error_message(archived)
