import { afterEach, describe, expect, it } from "vitest";
import { i18n } from "../i18n/index.svelte";
import type { Refusal, ResolutionReason } from "../ipc/bindings";
import { en, ja } from "./messages";
import { reasonText, refusalText, verdictText } from "./words";

const US = ["us-east-1", "us-east-2", "us-west-2"];
const SONNET = "anthropic.claude-3-7-sonnet-20250219-v1:0";

/** One of each reason Rust sends, with the words each language must show. */
const reasons: { reason: ResolutionReason; en: string; ja: string }[] = [
  {
    reason: { kind: "onDemand", modelId: "amazon.nova-lite-v1:0", region: "us-east-1" },
    en: "amazon.nova-lite-v1:0 runs on demand in us-east-1.",
    ja: "amazon.nova-lite-v1:0 は us-east-1 でオンデマンドで動きます。",
  },
  {
    reason: { kind: "profileOnly", modelId: SONNET, profileId: `us.${SONNET}`, destinations: US },
    en: `${SONNET} runs only through an inference profile here, so Outcrop calls us.${SONNET}, which sends requests to us-east-1, us-east-2, us-west-2.`,
    ja: `${SONNET} はここでは推論プロファイル経由でしか動かないため、Outcrop は us.${SONNET} を呼び出します。リクエストは us-east-1、us-east-2、us-west-2 に送られます。`,
  },
  {
    reason: { kind: "profileOnly", modelId: SONNET, profileId: `us.${SONNET}`, destinations: [] },
    en: `${SONNET} runs only through an inference profile here, so Outcrop calls us.${SONNET}.`,
    ja: `${SONNET} はここでは推論プロファイル経由でしか動かないため、Outcrop は us.${SONNET} を呼び出します。`,
  },
  {
    reason: { kind: "modelNotListed", modelId: "acme.new-v1:0", region: "eu-west-1" },
    en: "acme.new-v1:0 is not in eu-west-1's catalogue, so Outcrop cannot check it: Bedrock decides when you send. If AWS added it recently, reload the catalogue.",
    ja: "acme.new-v1:0 は eu-west-1 のカタログにないため、Outcrop では確認できません。送信したときに Bedrock が判断します。AWS が最近追加したものなら、カタログを再読み込みしてください。",
  },
  {
    reason: { kind: "systemProfile", profileId: `us.${SONNET}`, destinations: US },
    en: `us.${SONNET} is a system inference profile this Region lists; it sends requests to us-east-1, us-east-2, us-west-2.`,
    ja: `us.${SONNET} は、このリージョンに一覧されているシステム推論プロファイルです。リクエストは us-east-1、us-east-2、us-west-2 に送られます。`,
  },
  {
    reason: { kind: "profileNotListed", profileId: `mars.${SONNET}`, region: "us-east-1" },
    en: `mars.${SONNET} is not in us-east-1's list, so Outcrop cannot check it: Bedrock decides when you send. If AWS added it recently, reload the catalogue.`,
    ja: `mars.${SONNET} は us-east-1 の一覧にないため、Outcrop では確認できません。送信したときに Bedrock が判断します。AWS が最近追加したものなら、カタログを再読み込みしてください。`,
  },
  {
    reason: { kind: "applicationProfile", profileId: "a1b2c3", modelId: SONNET },
    en: `Your application inference profile; it invokes ${SONNET}.`,
    ja: `あなたのアプリケーション推論プロファイルです。${SONNET} を呼び出します。`,
  },
  {
    reason: { kind: "applicationProfileNotListed", profileId: "a1b2c3", accountId: "111122223333", region: "us-east-1" },
    en: "Application inference profile a1b2c3 (account 111122223333) is not in us-east-1's list, so the model behind it is unknown.",
    ja: "アプリケーション推論プロファイル a1b2c3（アカウント 111122223333）は us-east-1 の一覧にないため、背後のモデルはわかりません。",
  },
];

const refusals: { refusal: Refusal; en: string; ja: string }[] = [
  {
    refusal: { kind: "notABedrockId", input: "claude-sonnet-4", suggestions: [] },
    en: "Bedrock will refuse “claude-sonnet-4”: it is not a Bedrock model ID.",
    ja: "Bedrock は「claude-sonnet-4」を受け付けません。Bedrock のモデル ID ではありません。",
  },
  {
    refusal: { kind: "notCallableHere", profileId: `apac.${SONNET}`, geography: "apac", region: "us-east-1", geographiesHere: ["us"], useInstead: [] },
    en: `apac.${SONNET} cannot be called from us-east-1: the source Regions of the “apac” geography do not include us-east-1.`,
    ja: `apac.${SONNET} は us-east-1 から呼び出せません。「apac」地域の送信元リージョンに us-east-1 が含まれていません。`,
  },
  {
    refusal: { kind: "noProfileInRegion", modelId: SONNET, region: "me-south-1" },
    en: `${SONNET} runs only through an inference profile, and me-south-1 lists none that contains it. Choose another Region or model.`,
    ja: `${SONNET} は推論プロファイル経由でしか動きませんが、me-south-1 にはこのモデルを含むプロファイルがありません。別のリージョンかモデルを選んでください。`,
  },
];

afterEach(() => i18n.set("en"));

describe("the resolver's reasons in words", () => {
  it("has a sentence for every reason Rust sends, in both languages", () => {
    const kinds = new Set(reasons.map((c) => c.reason.kind));
    for (const kind of kinds) expect(Object.keys(en.why)).toContain(kind);
    expect(Object.keys(ja.why).sort()).toEqual(Object.keys(en.why).sort());
    expect(Object.keys(ja.refused).sort()).toEqual(Object.keys(en.refused).sort());
  });

  it.each(reasons)("words $reason.kind in Japanese with its figures", ({ reason, ja: words }) => {
    i18n.set("ja");
    expect(reasonText(reason)).toBe(words);
  });

  it.each(reasons)("words $reason.kind in English with its figures", ({ reason, en: words }) => {
    i18n.set("en");
    expect(reasonText(reason)).toBe(words);
  });

  it.each(refusals)("words the $refusal.kind refusal in Japanese and English", ({ refusal, en: english, ja: japanese }) => {
    i18n.set("ja");
    expect(refusalText(refusal)).toBe(japanese);
    expect(verdictText({ verdict: "refused", refusal })).toBe(japanese);
    i18n.set("en");
    expect(refusalText(refusal)).toBe(english);
  });

  it("words a callable verdict by its reason", () => {
    i18n.set("ja");
    const reason = reasons[0]!.reason;
    const resolution = { invokeId: "amazon.nova-lite-v1:0", foundationModelId: "amazon.nova-lite-v1:0", route: "onDemand", reason, alternatives: [] };
    expect(verdictText({ verdict: "callable", resolution } as never)).toBe(reasons[0]!.ja);
  });
});
