import { afterEach, describe, expect, it } from "vitest";
import { ACCOUNT_MASK, presenter, redact } from "./presenter.svelte";

afterEach(() => {
  presenter.on = false;
});

describe("redact", () => {
  it("keeps only an ARN's resource short name", () => {
    expect(redact("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123")).toBe("…/abc123");
    expect(redact("arn:aws:iam::123456789012:user/dev")).toBe("…/dev");
    expect(redact("arn:aws:sts::123456789012:assumed-role/Admin/alice@example.com")).toBe("…/alice@example.com");
    expect(redact("arn:aws:iam::123456789012:root")).toBe("…:root");
  });

  it("handles other partitions, wildcards and model IDs with colons", () => {
    expect(redact("arn:aws-us-gov:iam::123456789012:role/ci")).toBe("…/ci");
    expect(redact("arn:aws-cn:bedrock:cn-north-1:123456789012:inference-profile/x")).toBe("…/x");
    expect(redact("arn:aws:bedrock:*:123456789012:inference-profile/*")).toBe("…/*");
    expect(redact("arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0")).toBe(
      "…/anthropic.claude-3-5-sonnet-20240620-v1:0",
    );
  });

  it("redacts ARNs inside prose, JSON and CLI commands, leaving the punctuation around them", () => {
    expect(redact("Connected to us-east-1 as arn:aws:iam::123456789012:user/dev — 14 models.")).toBe(
      "Connected to us-east-1 as …/dev — 14 models.",
    );
    expect(redact("Signed in as arn:aws:iam::123456789012:user/dev.")).toBe("Signed in as …/dev.");
    const policy = JSON.stringify({
      Resource: [
        "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc",
        "arn:aws:bedrock:*::foundation-model/amazon.nova-lite-v1:0",
      ],
    });
    expect(redact(policy)).toBe(JSON.stringify({ Resource: ["…/abc", "…/amazon.nova-lite-v1:0"] }));
    expect(redact("aws bedrock get-inference-profile --inference-profile-identifier arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc --region us-east-1")).toBe(
      "aws bedrock get-inference-profile --inference-profile-identifier …/abc --region us-east-1",
    );
    expect(redact("(arn:aws:iam::123456789012:role/a), arn:aws:iam::123456789012:role/b")).toBe("(…/a), …/b");
  });

  it("masks 12-digit account IDs, and only those", () => {
    expect(redact("Account 123456789012")).toBe(`Account ${ACCOUNT_MASK}`);
    expect(ACCOUNT_MASK).toBe("••••••••••••");
    expect(redact("123456789012/210987654321")).toBe(`${ACCOUNT_MASK}/${ACCOUNT_MASK}`);
    // Longer or shorter numbers, and digits inside identifiers, are not account IDs.
    expect(redact("1751976000000 ms")).toBe("1751976000000 ms");
    expect(redact("12345678901 tokens")).toBe("12345678901 tokens");
    expect(redact("model-123456789012x")).toBe("model-123456789012x");
    expect(redact("Caches from 1,024 tokens")).toBe("Caches from 1,024 tokens");
  });

  it("keeps only the prefix of access key IDs", () => {
    expect(redact("Key AKIAIOSFODNN7EXAMPLE in use")).toBe("Key AKIA… in use");
    expect(redact("ASIAY34FZKBOKMUTVV7A")).toBe("ASIA…");
    // Already masked or too short: left alone.
    expect(redact("Access keys AKIA…WXYZ (temporary)")).toBe("Access keys AKIA…WXYZ (temporary)");
    expect(redact("AKIASHORT")).toBe("AKIASHORT");
  });

  it("leaves text without identifiers as it is", () => {
    for (const text of ["", "Local Bedrock", "us.anthropic.claude-sonnet-4-20250514-v1:0", "arn is a word", "Region us-east-1"]) {
      expect(redact(text)).toBe(text);
    }
  });
});

describe("presenter", () => {
  it("toggles, and redacts what the page renders only while on", () => {
    const p = document.createElement("p");
    p.textContent = "arn:aws:iam::123456789012:user/dev";
    document.body.append(p);
    expect(presenter.on).toBe(false);
    presenter.toggle();
    expect(presenter.on).toBe(true);
    expect(p.textContent).toBe("…/dev");
    presenter.toggle();
    expect(presenter.on).toBe(false);
    expect(p.textContent).toBe("arn:aws:iam::123456789012:user/dev");
    p.remove();
  });

  it("redacts a root attached while the mode is already on, and restores it when detached", () => {
    const root = document.createElement("div");
    root.setAttribute("title", "Account 123456789012");
    presenter.on = true;
    const detach = presenter.attach(root);
    expect(root.getAttribute("title")).toBe(`Account ${ACCOUNT_MASK}`);
    detach();
    expect(root.getAttribute("title")).toBe("Account 123456789012");
  });
});
