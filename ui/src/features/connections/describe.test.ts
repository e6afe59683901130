import { describe, expect, it } from "vitest";
import type { SavedConnection, SavedSource } from "../../lib/ipc/bindings";
import { describeReport, describeSource, profileLabel } from "./describe";

function withSource(source: SavedSource): SavedConnection {
  return { id: "c1", name: "C", source, region: "us-east-1", endpointUrl: null, runtimeEndpointUrl: null, messagesEndpoint: "runtime" };
}

const NOW = 1_751_976_000; // 2025-07-08T12:00:00Z

describe("describeSource", () => {
  it("names the profile, with its kind when the profile is known", () => {
    const c = withSource({ kind: "awsProfile", profile: "dev" });
    expect(describeSource(c).text).toBe("AWS profile dev");
    expect(describeSource(c, [{ name: "dev", region: null, kind: "sso", loginCommand: null }]).text).toBe(
      "AWS profile dev (SSO)",
    );
  });

  it("shows masked access keys and whether they are temporary", () => {
    expect(describeSource(withSource({ kind: "accessKeys", accessKeyIdMasked: "AKIA…WXYZ", temporary: true })).text).toBe(
      "Access keys AKIA…WXYZ (temporary)",
    );
    expect(describeSource(withSource({ kind: "accessKeys", accessKeyIdMasked: "AKIA…WXYZ", temporary: false })).text).toBe(
      "Access keys AKIA…WXYZ",
    );
  });

  it("says when an API key expires, and warns within the hour or after", () => {
    const key = (expiresAt: number | null, keyRegion: string | null = "us-east-1"): SavedSource => ({
      kind: "apiKey",
      expiresAt,
      keyRegion,
      longTerm: false,
    });
    expect(describeSource(withSource(key(null, null)), [], NOW)).toEqual({
      text: "Bedrock API key — expiry unknown",
      warning: false,
    });
    const later = describeSource(withSource(key(NOW + 12 * 3600)), [], NOW);
    expect(later.text).toMatch(/^Bedrock API key — issued in us-east-1; works only in that Region; expires \S/);
    expect(later.warning).toBe(false);
    const soon = describeSource(withSource(key(NOW + 35 * 60)), [], NOW);
    expect(soon.text).toMatch(/expires in 35 minutes/);
    expect(soon.warning).toBe(true);
    const expired = describeSource(withSource(key(NOW - 60)), [], NOW);
    expect(expired.text).toMatch(/; expired /);
    expect(expired.warning).toBe(true);
  });

  it("says a short-term key works only in the Region that issued it, and warns when the connection is elsewhere", () => {
    const source: SavedSource = { kind: "apiKey", expiresAt: NOW + 12 * 3600, keyRegion: "us-west-2", longTerm: false };
    const home = describeSource({ ...withSource(source), region: "us-west-2" }, [], NOW);
    expect(home.text).toMatch(/^Bedrock API key — issued in us-west-2; works only in that Region; expires /);
    expect(home.warning).toBe(false);
    const away = describeSource({ ...withSource(source), region: "eu-west-1" }, [], NOW);
    expect(away.text).toContain("issued in us-west-2 and works only there, but this connection is set to eu-west-1");
    expect(away.warning).toBe(true);
    // Saved before the key's Region was kept: still says that it is bound to one.
    const older = describeSource(withSource({ ...source, keyRegion: null }), [], NOW);
    expect(older.text).toMatch(/^Bedrock API key \(short-term\) — works only in the Region that issued it; expires /);
  });

  it("says what AWS documents of a long-term key, and names no Region limit", () => {
    const longTerm = describeSource(withSource({ kind: "apiKey", expiresAt: null, keyRegion: null, longTerm: true }), [], NOW);
    expect(longTerm).toEqual({
      text: "Bedrock API key (long-term) — AWS documents long-term keys for exploration and names no Region limit for them",
      warning: false,
    });
  });

  it("calls Local Bedrock simulated", () => {
    expect(describeSource(withSource({ kind: "localBedrock" })).text).toBe("Local Bedrock — simulated");
  });
});

describe("describeReport", () => {
  it("says where, as whom, how many models and how fast", () => {
    expect(
      describeReport({
        region: "us-east-1",
        identity: "arn:aws:iam::123456789012:user/dev",
        account: "123456789012",
        foundationModels: 14,
        simulated: false,
        latencyMs: 120,
      }),
    ).toBe("Connected to us-east-1 as arn:aws:iam::123456789012:user/dev — 14 foundation models, 120 ms");
  });

  it("leaves out the identity API keys cannot ask for, and marks simulated results", () => {
    expect(
      describeReport({ region: "eu-west-1", identity: null, account: null, foundationModels: 1, simulated: true, latencyMs: 3 }),
    ).toBe("Connected to eu-west-1 — 1 foundation model, 3 ms (simulated)");
  });
});

describe("profileLabel", () => {
  it("shows the kind and the Region", () => {
    expect(profileLabel({ name: "dev", region: "eu-west-1", kind: "sso", loginCommand: null })).toBe("dev (SSO, eu-west-1)");
    expect(profileLabel({ name: "ci", region: null, kind: "credentialProcess", loginCommand: null })).toBe(
      "ci (credential_process, no Region)",
    );
  });
});
