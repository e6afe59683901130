"""Starts the bedrock-local binary on a free port for the conformance suite (built by `cargo xtask test`)."""

import os
import subprocess

import boto3
import pytest
from botocore.config import Config

REGION = "us-east-1"


def _start(*extra):
    binary = os.environ.get("BEDROCK_LOCAL_BIN")
    if not binary or not os.path.isfile(binary):
        pytest.fail("BEDROCK_LOCAL_BIN does not name the built bedrock-local binary; run through `cargo xtask test`")
    process = subprocess.Popen(
        [binary, "--port", "0", "--region", REGION, "--latency-scale", "0", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    url = process.stdout.readline().strip()
    if not url.startswith("http://127.0.0.1:"):
        process.kill()
        pytest.fail(f"bedrock-local did not print its URL (got {url!r})")
    return process, url


@pytest.fixture(scope="session")
def endpoint():
    process, url = _start()
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture()
def own_endpoint():
    """A server of the test's own: its record (metrics, cost) and its dashboards hold only what this test sends."""
    process, url = _start()
    yield url
    process.terminate()
    process.wait(timeout=10)


def client(service, url, key="AKIDEXAMPLE", secret="local-secret"):
    return boto3.client(
        service,
        region_name=REGION,
        endpoint_url=url,
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        config=Config(retries={"max_attempts": 1, "mode": "standard"}),
    )


@pytest.fixture(scope="session")
def bedrock(endpoint):
    return client("bedrock", endpoint)


@pytest.fixture(scope="session")
def runtime(endpoint):
    return client("bedrock-runtime", endpoint)


@pytest.fixture()
def verifying_endpoint():
    process, url = _start("--credential", "AKIDCONFORMANCE:conformance-secret")
    yield url
    process.terminate()
    process.wait(timeout=10)
