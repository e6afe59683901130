import { afterEach, describe, expect, it } from "vitest";
import { i18n } from "./i18n/index.svelte";
import type { FieldError, PointProblem, Rule } from "./ipc/bindings";
import { describeFieldError, describeRule } from "./rules";
import { errorText } from "./aws-reason";

/** Three Latin words in a row: an English sentence (or part of one) left in Japanese text. */
const ENGLISH = /[A-Za-z]{2,}[\s,;:]+[A-Za-z]{2,}[\s,;:]+[A-Za-z]{2,}/;

// What Rust sends for the rules a Japanese demo meets most: a document over 4.5 MB, an empty system block, a bad
// tag key, a broken profile name, a refused cache point, a request over the context window.
const RULES: FieldError[] = [
  {
    field: "messages[0].content[1]",
    rule: { code: "documentTooLarge", bytes: 5_000_000, maxBytes: 4_500_000 },
    message: "This document is 5.0 MB; Bedrock accepts documents of at most 4.5 MB each. Keep the part the question needs, or split it across turns.",
  },
  { field: "system[0].text", rule: { code: "emptyText" }, message: "This text block is empty; write something or remove it." },
  {
    field: "tags.0.key",
    rule: { code: "tagKeyCharacter", character: "," },
    message: "“,” is not allowed in a tag key; use ASCII letters, digits, spaces and . _ : / = + @ -",
  },
  {
    field: "name",
    rule: { code: "profileNameCharacters", problem: { kind: "doubledSeparator", character: "-", position: 3 } },
    message: "“-” follows another separator at position 3. A name is letters and digits, joined by single spaces, _ or -",
  },
  {
    field: "system[1]",
    rule: { code: "cachePoint", point: 2, problem: { kind: "longerTtlAfterShorter" } },
    message: "Cache point 2: a 1h point cannot follow a 5m one; put the 1h points first or make this one 5m.",
  },
  {
    field: "messages[1].role",
    rule: { code: "roleOrder", message: 2, expected: "assistant" },
    message: "Messages alternate user, assistant, user…; message 2 should be from the assistant.",
  },
  {
    field: "messages[0].content[0]",
    rule: { code: "overContextWindow", totalTokens: 1_251_020, contextTokens: 200_000, largestTokens: 1_250_000, model: "Claude Sonnet 4.5", estimated: true },
    message: "The request is about 1,251,020 tokens; Claude Sonnet 4.5 reads at most 200,000 tokens.",
  },
];

describe("describeRule", () => {
  afterEach(() => i18n.set("en"));

  it("words Rust's rules in Japanese, with their figures and no English sentence", () => {
    i18n.set("ja");
    const [document, empty, tagKey, name, point, role, context] = RULES.map(describeFieldError);
    expect(document).toBe(
      "このドキュメントは 5.0 MB です。Bedrock が受け付けるドキュメントは 1 つ 4.5 MB までです。質問に必要な部分だけを残すか、複数のターンに分けてください。",
    );
    expect(empty).toBe("このテキストブロックは空です。何か書くか、削除してください。");
    expect(tagKey).toContain("タグのキーに「,」は使えません");
    expect(name).toContain("3 文字目の「-」が別の区切り文字に続いています");
    expect(point).toContain("キャッシュポイント 2");
    expect(role).toContain("メッセージ 2 はアシスタントからのもの");
    expect(context).toContain("約 1,251,020 トークン");
    for (const words of [document, empty, tagKey, name, point, role, context]) expect(words).not.toMatch(ENGLISH);
  });

  it("words them in English as Rust does", () => {
    i18n.set("en");
    for (const error of RULES.slice(0, 3)) expect(describeFieldError(error)).toBe(error.message);
    expect(describeFieldError(RULES[6]!)).toMatch(/^The request is about 1,251,020 tokens; Claude Sonnet 4\.5 reads at most 200,000 tokens\./);
  });

  it("words the endpoint-override rules in both languages, naming the host", () => {
    const plain: Rule = { code: "endpointUrlPlainHttp", host: "10.0.0.5" };
    expect(describeRule(plain, "")).toBe(
      "The endpoint URL uses plain http:// for 10.0.0.5, which is not this machine: use https:// (http:// is only for a local endpoint such as 127.0.0.1)",
    );
    expect(describeRule({ code: "endpointUrlUserInfo" }, "")).toContain("user name or password before the host");
    i18n.set("ja");
    expect(describeRule(plain, "")).toContain("10.0.0.5 に平文の http://");
    expect(describeRule({ code: "endpointUrlUserInfo" }, "")).toContain("ユーザー名またはパスワード");
  });

  it("words the whole request's document count in both languages, with the figures", () => {
    const error: FieldError = {
      field: "messages",
      rule: { code: "tooManyDocumentsInRequest", count: 6, max: 5 },
      message:
        "This conversation holds 6 documents; Bedrock accepts at most 5 in one request, and every turn sends the earlier ones again. Remove the ones the question does not need, or start a new session.",
    };
    i18n.set("en");
    expect(describeFieldError(error)).toBe(error.message);
    i18n.set("ja");
    const ja = describeFieldError(error);
    expect(ja).toContain("6 個");
    expect(ja).toContain("5 個まで");
    expect(ja).not.toMatch(ENGLISH);
  });

  it("words a refused cache point as Rust does in English", () => {
    const point = (problem: PointProblem) => describeRule({ code: "cachePoint", point: 3, problem }, "");
    expect(point({ kind: "sectionNotCacheable", section: "tools" })).toBe(
      "Cache point 3: this model cannot cache tool specifications; remove the point or move it into the system prompt or the messages.",
    );
    expect(point({ kind: "beyondLimit", limit: 4 })).toBe("Cache point 3: Bedrock allows at most 4 cache points per request; remove one.");
  });

  it("falls back to Rust's English only for a code it does not know", () => {
    i18n.set("ja");
    const newer = { code: "someRuleAddedLater", limit: 3 } as unknown as Rule;
    expect(describeRule(newer, "A rule from a newer Outcrop")).toBe("A rule from a newer Outcrop");
    expect(describeRule({ code: "sessionTitleEmpty" }, "A session needs a title.")).toBe("セッションにはタイトルが必要です。");
  });

  it("words a refused request by its rules, and leaves any other failure's message as it is", () => {
    i18n.set("ja");
    const refused = { message: RULES.slice(0, 2).map((e) => e.message).join(". "), fields: RULES.slice(0, 2) };
    expect(errorText(refused)).toBe(`${describeFieldError(RULES[0]!)} ${describeFieldError(RULES[1]!)}`);
    expect(errorText(refused)).not.toMatch(ENGLISH);
    expect(errorText({ message: "Slow down", fields: [] })).toBe("Slow down");
  });

  it("words a model bedrock-mantle does not serve, naming bedrock-runtime when it does, in both languages", () => {
    const elsewhere: Rule = { code: "apiNotOnMantle", model: "Claude Sonnet 4.6", onRuntime: true };
    const nowhere: Rule = { code: "apiNotOnMantle", model: "Claude 3.7 Sonnet", onRuntime: false };
    i18n.set("en");
    expect(describeRule(elsewhere, "")).toContain("bedrock-mantle, which does not serve Claude Sonnet 4.6; bedrock-runtime does");
    expect(describeRule(nowhere, "")).toContain("choose a model bedrock-mantle serves");
    i18n.set("ja");
    expect(describeRule(elsewhere, "")).toContain("bedrock-mantle は Claude Sonnet 4.6 に対応していません");
    expect(describeRule(nowhere, "")).toContain("bedrock-mantle が対応しているモデルを選んでください");
  });

  it("words a transport or tier the model does not offer, with what to use instead, in both languages", () => {
    const tier: Rule = { code: "tierNotOffered", tier: "priority", model: "Claude Opus 4.7", offered: ["default"] };
    const api: Rule = { code: "apiNotServed", api: "invokeModel", model: "Some model", instead: "converse" };
    i18n.set("en");
    expect(describeRule(tier, "")).toBe(
      "Claude Opus 4.7 does not offer the Priority service tier; it offers default (Standard). Pick one of those, or send without a tier.",
    );
    expect(describeRule(api, "")).toBe("Some model does not serve InvokeModel on bedrock-runtime; send it with Converse instead.");
    i18n.set("ja");
    expect(describeRule(tier, "")).toContain("Priority サービス階層に対応していません");
    expect(describeRule(api, "")).toContain("代わりに Converse で送信してください");
    const body: Rule = { code: "anthropicBodyOnly", model: "Amazon Nova Lite" };
    expect(describeRule(body, "")).toContain("Amazon Nova Lite はそれを読めません");
    i18n.set("en");
    expect(describeRule(body, "")).toBe(
      "InvokeModel here sends an Anthropic Messages body, which Amazon Nova Lite does not read; send it with Converse.",
    );
  });
});
