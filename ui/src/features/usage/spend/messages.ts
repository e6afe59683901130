// The Spend tab's strings (Usage & spend). AWS failures and the tag-key rules are worded in lib/aws-reason-messages
// and lib/rule-messages; tag values, profile and project names and service names are shown as they are.
import { registerMessages, type Translation } from "../../../lib/i18n/index.svelte";

export const en = {
  lead: "Bedrock's cost by cost-allocation tag, from Cost Explorer: which department, team or project spent what, and through which of your profiles and projects.",
  loading: "Loading the tag keys…",
  loadFailed: "The Spend tab could not be loaded",
  retry: "Try again",
  noConnection: "Choose a connection to see its spend.",
  form: {
    legend: "Query",
    tagKey: "Tag key",
    tagKeyHint: "Known on your profiles and projects: {{keys}}.",
    tagKeyNone: "None of your profiles or projects carries a tag yet; type the key your cost-allocation tags use.",
    range: "Period",
    submit: "Query Cost Explorer",
    submitPriced: "Query Cost Explorer ({{price}})",
    querying: "Asking Cost Explorer…",
    failed: "Cost Explorer did not answer",
    kept: "Your tag key and period are kept; fix the cause and query again.",
  },
  ranges: {
    last7Days: "Last 7 days",
    last30Days: "Last 30 days",
    last3Months: "Last 3 months",
  },
  charge: {
    title: "Cost Explorer bills each request",
    body: "AWS bills {{price}} for every Cost Explorer API request, and every page of an answer is one request. A query here is usually one page.",
    source: "Source: {{source}} (as of {{asOf}})",
    session_one: "{{count}} Cost Explorer request this session ({{cost}}).",
    session_other: "{{count}} Cost Explorer requests this session ({{cost}}).",
    local: "Local Bedrock answers from what it served: free, and at once. AWS's Cost Explorer data comes up to {{hours}} hours late.",
  },
  result: {
    heading: "Bedrock cost by {{tagKey}}, {{start}} to {{end}}",
    estimated: "Some periods are still Cost Explorer's estimate: their figures may change.",
    empty: "Cost Explorer shows no Bedrock cost in this period.",
    services: "From: {{services}}",
    serviceEntry: "{{service}} {{amount}}",
    separator: " · ",
    onlyBedrock:
      "Why only Bedrock: Outcrop groups the account's cost by the tag and by service, and keeps the services whose name contains “Bedrock” — Amazon Bedrock itself, and the AWS Marketplace services “… (Amazon Bedrock Edition)” that Claude and other third-party models bill under.",
  },
  chart: {
    title: "Cost per period",
    label: "Stacked bars of Bedrock cost per period by {{tagKey}}: {{periods}}",
    period: "{{period}}: {{groups}}",
    entry: "{{value}} {{amount}}",
    separator: ", ",
    periodSeparator: "; ",
  },
  table: {
    caption: "Bedrock cost by {{tagKey}}",
    value: "{{tagKey}}",
    carriers: "Carried by",
    total: "Total",
    share: "Share",
    untagged: "No {{tagKey}} tag",
    untaggedCarriers: "Requests through no profile or project with this tag",
    noCarrier: "No profile or project Outcrop knows",
    profile: "profile {{name}}",
    project: "project {{name}}",
    totalRow: "Total",
  },
  why: {
    title: "No cost carries the tag {{tagKey}}",
    lead: "Cost Explorer may have no data for a tag for any of these reasons:",
    activation:
      "The tag must be activated as a cost-allocation tag: Billing and Cost Management → Cost allocation tags → select {{tagKey}} → Activate. Activation takes up to {{hours}} hours and is not retroactive: only cost incurred after it carries the tag.",
    enabled: "Cost Explorer must be enabled once for the account; its first data is ready about {{hours}} hours later.",
    refresh: "Cost Explorer refreshes cost data at least once every {{hours}} hours: today's requests may not show yet.",
    since: "A profile's or project's tags are billed from the day they were set: cost before that carries no tag.",
    source: "Source: {{source}} (as of {{asOf}})",
    local: "Local Bedrock bills each request with the tags of the profile or project it went through: send a turn through a profile or project tagged {{tagKey}}, then query again.",
  },
};

export const ja: Translation<typeof en> = {
  lead: "Cost Explorer から取得した、コスト配分タグごとの Bedrock のコストです。どの部門・チーム・プロジェクトが、どのプロファイルやプロジェクトを通じていくら使ったかがわかります。",
  loading: "タグのキーを読み込んでいます…",
  loadFailed: "支出タブを読み込めませんでした",
  retry: "再試行",
  noConnection: "支出を表示する接続を選んでください。",
  form: {
    legend: "クエリ",
    tagKey: "タグのキー",
    tagKeyHint: "プロファイルとプロジェクトで使われているキー: {{keys}}",
    tagKeyNone: "タグの付いたプロファイルやプロジェクトはまだありません。コスト配分タグのキーを入力してください。",
    range: "期間",
    submit: "Cost Explorer に問い合わせる",
    submitPriced: "Cost Explorer に問い合わせる（{{price}}）",
    querying: "Cost Explorer に問い合わせています…",
    failed: "Cost Explorer から応答がありませんでした",
    kept: "タグのキーと期間はそのまま残っています。原因を解消してから、もう一度問い合わせてください。",
  },
  ranges: {
    last7Days: "過去 7 日間",
    last30Days: "過去 30 日間",
    last3Months: "過去 3 か月",
  },
  charge: {
    title: "Cost Explorer はリクエストごとに課金されます",
    body: "AWS は Cost Explorer API のリクエスト 1 件ごとに {{price}} を課金し、応答の 1 ページが 1 リクエストとして数えられます。ここでの問い合わせは通常 1 ページです。",
    source: "出典: {{source}}（{{asOf}} 時点）",
    session_one: "このセッションの Cost Explorer リクエスト: {{count}} 件（{{cost}}）",
    session_other: "このセッションの Cost Explorer リクエスト: {{count}} 件（{{cost}}）",
    local: "Local Bedrock は自身が処理したリクエストから、無料かつ即座に応答します。AWS の Cost Explorer のデータは最大 {{hours}} 時間遅れて反映されます。",
  },
  result: {
    heading: "{{tagKey}} ごとの Bedrock のコスト（{{start}} 〜 {{end}}）",
    estimated: "一部の期間は Cost Explorer の見積もりです。数値が変わる可能性があります。",
    empty: "この期間の Bedrock のコストは Cost Explorer にありません。",
    services: "内訳: {{services}}",
    serviceEntry: "{{service}} {{amount}}",
    separator: "、",
    onlyBedrock:
      "Bedrock だけを表示する理由: Outcrop はアカウントのコストをタグとサービスでグループ化し、名前に「Bedrock」を含むサービスだけを残します。Amazon Bedrock 自体と、Claude などサードパーティのモデルが課金される AWS Marketplace のサービス「…（Amazon Bedrock Edition）」です。",
  },
  chart: {
    title: "期間ごとのコスト",
    label: "{{tagKey}} ごとの期間別 Bedrock コストの積み上げ棒グラフ: {{periods}}",
    period: "{{period}}: {{groups}}",
    entry: "{{value}} {{amount}}",
    separator: "、",
    periodSeparator: "。",
  },
  table: {
    caption: "{{tagKey}} ごとの Bedrock のコスト",
    value: "{{tagKey}}",
    carriers: "付与先",
    total: "合計",
    share: "割合",
    untagged: "{{tagKey}} タグなし",
    untaggedCarriers: "このタグの付いたプロファイルやプロジェクトを経由しないリクエスト",
    noCarrier: "Outcrop が把握しているプロファイルやプロジェクトはありません",
    profile: "プロファイル {{name}}",
    project: "プロジェクト {{name}}",
    totalRow: "合計",
  },
  why: {
    title: "タグ {{tagKey}} の付いたコストがありません",
    lead: "次のいずれかの理由で、Cost Explorer にタグのデータがない可能性があります。",
    activation:
      "タグをコスト配分タグとして有効化する必要があります: Billing and Cost Management → コスト配分タグ → {{tagKey}} を選択 → 有効化。有効化には最大 {{hours}} 時間かかり、さかのぼっては適用されません。有効化後に発生したコストにだけタグが付きます。",
    enabled: "アカウントで Cost Explorer を一度有効にする必要があります。最初のデータが揃うのは約 {{hours}} 時間後です。",
    refresh: "Cost Explorer のコストデータは少なくとも {{hours}} 時間ごとに更新されます。今日のリクエストはまだ表示されていない可能性があります。",
    since: "プロファイルやプロジェクトのタグは、設定した日から課金に反映されます。それ以前のコストにはタグが付きません。",
    source: "出典: {{source}}（{{asOf}} 時点）",
    local: "Local Bedrock は、各リクエストが経由したプロファイルやプロジェクトのタグで課金します。{{tagKey}} タグの付いたプロファイルかプロジェクトを通じてターンを送信してから、もう一度問い合わせてください。",
  },
};

registerMessages("usageSpend", en, ja);

declare module "../../../lib/i18n/keys" {
  interface Registered {
    usageSpend: typeof en;
  }
}
