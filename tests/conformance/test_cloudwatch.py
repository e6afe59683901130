"""CloudWatch as botocore 1.44.8 and the AWS CLI speak it to bedrock-local (AWS JSON 1.0: CloudWatch's model lists
smithy-rpc-v2-cbor first, but botocore sends the first protocol it implements, JSON; the Rust SDK's CBOR is covered
by crates/bedrock-local/tests/cloudwatch.rs): boto3's
get_metric_data agrees with what was sent through a tagged application profile, and the seed's
`aws cloudwatch put-dashboard` command, run verbatim, stores a dashboard that get-dashboard reads back."""

import json
import os
import subprocess
from datetime import datetime, timedelta, timezone

from conftest import REGION, client

SONNET_37 = "anthropic.claude-3-7-sonnet-20250219-v1:0"
DOCUMENT = " ".join(["rock"] * 2000)


def converse(runtime, model, question):
    return runtime.converse(
        modelId=model,
        system=[{"text": DOCUMENT}, {"cachePoint": {"type": "default"}}],
        messages=[{"role": "user", "content": [{"text": question}]}],
    )["usage"]



def test_get_metric_data_agrees_with_what_was_sent(own_endpoint):
    bedrock, runtime = client("bedrock", own_endpoint), client("bedrock-runtime", own_endpoint)
    cloudwatch = client("cloudwatch", own_endpoint)
    sent_as = []
    cloudwatch.meta.events.register("before-send.cloudwatch", lambda request, **_: sent_as.append(request.headers))
    arn = bedrock.create_inference_profile(
        inferenceProfileName="conformance-metrics",
        modelSource={"copyFrom": f"arn:aws:bedrock:{REGION}:111122223333:inference-profile/us.{SONNET_37}"},
        tags=[{"key": "Department", "value": "Geology"}],
    )["inferenceProfileArn"]
    sent = {"InputTokenCount": 0, "OutputTokenCount": 0, "CacheReadInputTokenCount": 0, "CacheWriteInputTokenCount": 0}
    for question in ["What is granite?", "And basalt?", "And slate?"]:
        usage = converse(runtime, arn, question)
        sent["InputTokenCount"] += usage["inputTokens"]
        sent["OutputTokenCount"] += usage["outputTokens"]
        sent["CacheReadInputTokenCount"] += usage.get("cacheReadInputTokens", 0)
        sent["CacheWriteInputTokenCount"] += usage.get("cacheWriteInputTokens", 0)
    assert sent["CacheReadInputTokenCount"] > 0 and sent["CacheWriteInputTokenCount"] > 0

    # An application profile's metrics carry its ID (the last part of its ARN).
    profile_id = arn.rsplit("/", 1)[1]
    listed = cloudwatch.list_metrics(Namespace="AWS/Bedrock", Dimensions=[{"Name": "ModelId", "Value": profile_id}])
    assert {m["MetricName"] for m in listed["Metrics"]} >= set(sent) | {"Invocations", "InvocationLatency"}

    now = datetime.now(timezone.utc)
    queries = [
        {
            "Id": name[0].lower() + name[1:],
            "MetricStat": {
                "Metric": {"Namespace": "AWS/Bedrock", "MetricName": name, "Dimensions": [{"Name": "ModelId", "Value": profile_id}]},
                "Period": 3600,
                "Stat": "Sum",
            },
        }
        for name in [*sent, "Invocations"]
    ]
    answer = cloudwatch.get_metric_data(
        MetricDataQueries=queries, StartTime=now - timedelta(hours=3), EndTime=now + timedelta(hours=1)
    )
    assert sent_as[-1]["Content-Type"] == b"application/x-amz-json-1.0"
    assert sent_as[-1]["X-Amz-Target"] == b"GraniteServiceVersion20100801.GetMetricData"
    got = {}
    for result in answer["MetricDataResults"]:
        assert result["StatusCode"] == "Complete"
        assert all(isinstance(t, datetime) for t in result["Timestamps"])
        got[result["Label"]] = sum(result["Values"])
    assert got == {**sent, "Invocations": 3}


def test_the_seeds_put_dashboard_command_runs_verbatim(own_endpoint, tmp_path):
    model = f"us.{SONNET_37}"
    dashboard = {
        "widgets": [
            {
                "type": "metric",
                "x": 0,
                "y": 0,
                "width": 12,
                "height": 6,
                "properties": {
                    "title": "Prompt cache tokens",
                    "region": REGION,
                    "stat": "Sum",
                    "period": 300,
                    "metrics": [
                        ["AWS/Bedrock", "CacheReadInputTokenCount", "ModelId", model],
                        ["AWS/Bedrock", "CacheWriteInputTokenCount", "ModelId", model],
                    ],
                },
            }
        ]
    }
    (tmp_path / "dashboard.json").write_text(json.dumps(dashboard))
    env = dict(os.environ)
    env.update(
        AWS_ENDPOINT_URL_CLOUDWATCH=own_endpoint,
        AWS_ACCESS_KEY_ID="AKIDEXAMPLE",
        AWS_SECRET_ACCESS_KEY="local-secret",
        AWS_DEFAULT_REGION=REGION,
        AWS_CONFIG_FILE="/dev/null",
        AWS_SHARED_CREDENTIALS_FILE="/dev/null",
    )
    command = "aws cloudwatch put-dashboard --dashboard-name BedrockPromptCaching --dashboard-body file://dashboard.json"
    put = subprocess.run(["bash", "-c", command], env=env, cwd=tmp_path, capture_output=True, text=True)
    assert put.returncode == 0, put.stderr
    assert json.loads(put.stdout) == {"DashboardValidationMessages": []}

    get = subprocess.run(
        ["aws", "cloudwatch", "get-dashboard", "--dashboard-name", "BedrockPromptCaching"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert get.returncode == 0, get.stderr
    read = json.loads(get.stdout)
    assert read["DashboardName"] == "BedrockPromptCaching"
    assert read["DashboardArn"] == "arn:aws:cloudwatch::111122223333:dashboard/BedrockPromptCaching"
    assert json.loads(read["DashboardBody"]) == dashboard

    missing = subprocess.run(
        ["aws", "cloudwatch", "get-dashboard", "--dashboard-name", "NoSuchDashboard"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert missing.returncode != 0 and "ResourceNotFound" in missing.stderr, missing.stderr
