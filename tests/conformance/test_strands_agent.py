"""AWS's Strands Agents (pinned in requirements.txt) runs a whole agent loop against bedrock-local through its
own BedrockModel (ConverseStream via boto3): tool choice left to the model, a streamed tool call, the framework
runs the tool, a second turn after the tool's result, and the final text uses it — with the tool list cached
behind the cache point Strands places after it, written on the first turn and read on the second."""

import boto3
from botocore.config import Config
from strands import Agent, tool
from strands.models import BedrockModel
from strands.models.model import CacheConfig

from conftest import REGION

MODEL = "us.anthropic.claude-3-7-sonnet-20250219-v1:0"  # caches from 1,024 tokens


def handbook_tool():
    """A tool whose description is long enough (1,500 tokens by bedrock-local's tokenizer) that the tool list
    reaches the model's caching minimum."""

    def read_handbook(chapter: int) -> str:
        return f"Chapter {chapter}: be kind."

    read_handbook.__doc__ = "The company handbook, verbatim: " + " ".join(["rock"] * 1500) + """

        Args:
            chapter: The chapter to read.
        """
    return tool(read_handbook)


def strands_model(endpoint):
    session = boto3.Session(
        aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="local-secret", region_name=REGION
    )
    return BedrockModel(
        boto_session=session,
        endpoint_url=endpoint,
        model_id=MODEL,
        streaming=True,
        cache_config=CacheConfig(strategy="anthropic", tools_ttl="5m", system_prompt_ttl=False),
        boto_client_config=Config(retries={"max_attempts": 1, "mode": "standard"}),
    )


def test_an_agent_calls_a_tool_then_answers_from_its_result(endpoint):
    calls = []

    @tool
    def get_weather(city: str) -> str:
        """Current weather for a city: temperature and conditions.

        Args:
            city: The city to report on.
        """
        calls.append(city)
        return f"18 °C and sunny in {city}"

    events = []
    agent = Agent(
        model=strands_model(endpoint),
        tools=[get_weather, handbook_tool()],
        callback_handler=lambda **kwargs: events.append(kwargs["event"]) if "event" in kwargs else None,
    )
    result = agent("What's the weather in Lisbon?")

    # The framework ran the tool with the city from the question, once.
    assert calls == ["Lisbon"]
    # The first turn streamed the call as Bedrock does: a toolUse block start, its input in fragments, a stop.
    starts = [e["contentBlockStart"] for e in events if "contentBlockStart" in e]
    assert [s["start"]["toolUse"]["name"] for s in starts] == ["get_weather"]
    fragments = [
        e["contentBlockDelta"]["delta"]["toolUse"]["input"]
        for e in events
        if "toolUse" in e.get("contentBlockDelta", {}).get("delta", {})
    ]
    assert len(fragments) > 1 and "".join(fragments) == '{"city":"Lisbon"}'
    stops = [e["messageStop"]["stopReason"] for e in events if "messageStop" in e]
    assert stops == ["tool_use", "end_turn"]
    # The second turn answered in text that uses the result.
    assert result.stop_reason == "end_turn"
    assert "According to get_weather: 18 °C and sunny in Lisbon." in str(result)
    # The tool list was cached on the first turn and read on the second.
    usages = [e["metadata"]["usage"] for e in events if "metadata" in e]
    assert usages[0]["cacheWriteInputTokens"] > 1500
    assert usages[1]["cacheReadInputTokens"] == usages[0]["cacheWriteInputTokens"]


def test_a_question_no_tool_matches_gets_text(endpoint):
    @tool
    def get_weather(city: str) -> str:
        """Current weather for a city: temperature and conditions.

        Args:
            city: The city to report on.
        """
        raise AssertionError("no tool should run")

    agent = Agent(model=strands_model(endpoint), tools=[get_weather], callback_handler=None)
    result = agent("What is prompt caching?")
    assert result.stop_reason == "end_turn"
    assert "Local Bedrock" in str(result)
