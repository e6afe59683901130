// What the resolver says, in words: why Outcrop calls the ID it calls (a `ResolutionReason`), and why Bedrock
// would refuse a choice (a `Refusal`). Rust sends codes with their figures; these are the sentences.
import { registerMessages, type Translation } from "../i18n/index.svelte";

export const en = {
  listSeparator: ", ",
  why: {
    onDemand: "{{model}} runs on demand in {{region}}.",
    profileOnly: "{{model}} runs only through an inference profile here, so Outcrop calls {{profile}}.",
    profileOnlyRegions: "{{model}} runs only through an inference profile here, so Outcrop calls {{profile}}, which sends requests to {{regions}}.",
    modelNotListed: "{{model}} is not in {{region}}'s catalogue, so Outcrop cannot check it: Bedrock decides when you send. If AWS added it recently, reload the catalogue.",
    systemProfile: "{{profile}} is a system inference profile this Region lists.",
    systemProfileRegions: "{{profile}} is a system inference profile this Region lists; it sends requests to {{regions}}.",
    profileNotListed: "{{profile}} is not in {{region}}'s list, so Outcrop cannot check it: Bedrock decides when you send. If AWS added it recently, reload the catalogue.",
    applicationProfile: "Your application inference profile; it invokes {{model}}.",
    applicationProfileNotListed: "Application inference profile {{profile}} (account {{account}}) is not in {{region}}'s list, so the model behind it is unknown.",
  },
  refused: {
    notABedrockId: "Bedrock will refuse “{{input}}”: it is not a Bedrock model ID.",
    idShape: "Bedrock model IDs name the provider first and end with a version, such as amazon.nova-lite-v1:0.",
    notCallableHere: "{{profile}} cannot be called from {{region}}: the source Regions of the “{{geography}}” geography do not include {{region}}.",
    geographiesHere: "Cross-Region profiles that {{region}} can call: {{geographies}}.",
    noProfileInRegion: "{{model}} runs only through an inference profile, and {{region}} lists none that contains it. Choose another Region or model.",
  },
};

export const ja: Translation<typeof en> = {
  listSeparator: "、",
  why: {
    onDemand: "{{model}} は {{region}} でオンデマンドで動きます。",
    profileOnly: "{{model}} はここでは推論プロファイル経由でしか動かないため、Outcrop は {{profile}} を呼び出します。",
    profileOnlyRegions: "{{model}} はここでは推論プロファイル経由でしか動かないため、Outcrop は {{profile}} を呼び出します。リクエストは {{regions}} に送られます。",
    modelNotListed: "{{model}} は {{region}} のカタログにないため、Outcrop では確認できません。送信したときに Bedrock が判断します。AWS が最近追加したものなら、カタログを再読み込みしてください。",
    systemProfile: "{{profile}} は、このリージョンに一覧されているシステム推論プロファイルです。",
    systemProfileRegions: "{{profile}} は、このリージョンに一覧されているシステム推論プロファイルです。リクエストは {{regions}} に送られます。",
    profileNotListed: "{{profile}} は {{region}} の一覧にないため、Outcrop では確認できません。送信したときに Bedrock が判断します。AWS が最近追加したものなら、カタログを再読み込みしてください。",
    applicationProfile: "あなたのアプリケーション推論プロファイルです。{{model}} を呼び出します。",
    applicationProfileNotListed: "アプリケーション推論プロファイル {{profile}}（アカウント {{account}}）は {{region}} の一覧にないため、背後のモデルはわかりません。",
  },
  refused: {
    notABedrockId: "Bedrock は「{{input}}」を受け付けません。Bedrock のモデル ID ではありません。",
    idShape: "Bedrock のモデル ID は、先頭にプロバイダー、末尾にバージョンが付きます（例：amazon.nova-lite-v1:0）。",
    notCallableHere: "{{profile}} は {{region}} から呼び出せません。「{{geography}}」地域の送信元リージョンに {{region}} が含まれていません。",
    geographiesHere: "{{region}} から呼び出せるクロスリージョンプロファイル：{{geographies}}",
    noProfileInRegion: "{{model}} は推論プロファイル経由でしか動きませんが、{{region}} にはこのモデルを含むプロファイルがありません。別のリージョンかモデルを選んでください。",
  },
};

registerMessages("resolver", en, ja);

declare module "../i18n/keys" {
  interface Registered {
    resolver: typeof en;
  }
}
