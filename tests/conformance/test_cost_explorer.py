"""Cost Explorer as botocore speaks it to bedrock-local (AWS JSON 1.1, signing name `ce`; the Rust SDK is covered
by crates/bedrock-local/tests/cost_explorer.rs): boto3's get_cost_and_usage, grouped by tag, agrees with the
tokens sent through two tagged application profiles and under a tagged project, priced here by hand at Claude
3.7 Sonnet's rates in crates/bedrock-local/data/prices.json."""

from datetime import datetime, timedelta, timezone

import pytest
from botocore.exceptions import ClientError

from conftest import REGION, client

SONNET_37 = "anthropic.claude-3-7-sonnet-20250219-v1:0"
DOCUMENT = " ".join(["rock"] * 2000)
# USD per million tokens: input, output, cache read, cache write (5 minutes).
RATES = {"input": 3.0, "output": 15.0, "cache_read": 0.3, "cache_write": 3.75}


def cost(tokens):
    return sum(tokens[kind] * rate for kind, rate in RATES.items()) / 1_000_000


def converse(runtime, model, question):
    usage = runtime.converse(
        modelId=model,
        system=[{"text": DOCUMENT}, {"cachePoint": {"type": "default"}}],
        messages=[{"role": "user", "content": [{"text": question}]}],
    )["usage"]
    return {
        "input": usage["inputTokens"],
        "output": usage["outputTokens"],
        "cache_read": usage.get("cacheReadInputTokens", 0),
        "cache_write": usage.get("cacheWriteInputTokens", 0),
    }



def profile(bedrock, name, department):
    return bedrock.create_inference_profile(
        inferenceProfileName=name,
        modelSource={"copyFrom": f"arn:aws:bedrock:{REGION}:111122223333:inference-profile/us.{SONNET_37}"},
        tags=[{"key": "Department", "value": department}],
    )["inferenceProfileArn"]


def group_costs(answer):
    """Cost per group key, summed over the periods (a run that crosses midnight splits a day)."""
    costs = {}
    for result in answer["ResultsByTime"]:
        assert result["Total"] == {}
        for group in result["Groups"]:
            metric = group["Metrics"]["UnblendedCost"]
            assert metric["Unit"] == "USD"
            key = "|".join(group["Keys"])
            costs[key] = costs.get(key, 0.0) + float(metric["Amount"])
    return costs


def test_get_cost_and_usage_by_tag_agrees_with_what_was_sent(own_endpoint):
    bedrock, runtime = client("bedrock", own_endpoint), client("bedrock-runtime", own_endpoint)
    ce = client("ce", own_endpoint)
    sent_as = []
    ce.meta.events.register("before-send.ce", lambda request, **_: sent_as.append(request.headers))
    sales, support = profile(bedrock, "conformance-sales", "Sales"), profile(bedrock, "conformance-support", "Support")
    project = bedrock.create_project(name="Atlas", tags=[{"key": "Project", "value": "Atlas"}])["id"]

    sales_tokens = [converse(runtime, sales, q) for q in ["What is granite?", "And basalt?"]]
    assert sales_tokens[0]["cache_write"] > 0 and sales_tokens[1]["cache_read"] > 0
    support_tokens = converse(runtime, support, "What is marble?")
    # Under the project, through the system profile (application profiles run only in the default project).
    atlas = runtime.converse(
        modelId=f"us.{SONNET_37}",
        projectIdentifier=project,
        messages=[{"role": "user", "content": [{"text": "What is slate?"}]}],
    )["usage"]
    atlas_tokens = {"input": atlas["inputTokens"], "output": atlas["outputTokens"], "cache_read": 0, "cache_write": 0}

    today = datetime.now(timezone.utc).date()
    period = {"Start": (today - timedelta(days=1)).isoformat(), "End": (today + timedelta(days=1)).isoformat()}
    by_department = ce.get_cost_and_usage(
        TimePeriod=period,
        Granularity="DAILY",
        Metrics=["UnblendedCost", "UsageQuantity"],
        Filter={"Dimensions": {"Key": "SERVICE", "Values": ["Amazon Bedrock"]}},
        GroupBy=[{"Type": "TAG", "Key": "Department"}],
    )
    assert sent_as[-1]["Content-Type"] == b"application/x-amz-json-1.1"
    assert sent_as[-1]["X-Amz-Target"] == b"AWSInsightsIndexService.GetCostAndUsage"
    assert b"/us-east-1/ce/aws4_request" in sent_as[-1]["Authorization"]
    assert [r["TimePeriod"]["Start"] for r in by_department["ResultsByTime"]] == [period["Start"], today.isoformat()]
    assert by_department["GroupDefinitions"] == [{"Type": "TAG", "Key": "Department"}]
    expected = {
        "Department$": cost(atlas_tokens),
        "Department$Sales": sum(cost(t) for t in sales_tokens),
        "Department$Support": cost(support_tokens),
    }
    got = group_costs(by_department)
    assert got.keys() == expected.keys()
    for key, amount in expected.items():
        assert got[key] == pytest.approx(amount, abs=1e-9), key

    by_project = ce.get_cost_and_usage(
        TimePeriod=period, Granularity="MONTHLY", Metrics=["UnblendedCost"], GroupBy=[{"Type": "TAG", "Key": "Project"}]
    )
    got = group_costs(by_project)
    assert got.keys() == {"Project$", "Project$Atlas"}
    assert got["Project$Atlas"] == pytest.approx(cost(atlas_tokens), abs=1e-9)
    assert got["Project$"] == pytest.approx(expected["Department$Sales"] + expected["Department$Support"], abs=1e-9)

    with pytest.raises(ClientError) as refused:
        ce.get_cost_and_usage(
            TimePeriod={"Start": period["End"], "End": period["Start"]}, Granularity="DAILY", Metrics=["UnblendedCost"]
        )
    assert refused.value.response["Error"]["Code"] == "ValidationException"
    with pytest.raises(ce.exceptions.DataUnavailableException):
        ce.get_cost_and_usage(
            TimePeriod={"Start": "2020-01-01", "End": "2020-02-01"}, Granularity="MONTHLY", Metrics=["UnblendedCost"]
        )
