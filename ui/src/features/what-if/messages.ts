// The What-if page's strings.
import { registerMessages, type Translation } from "../../lib/i18n/index.svelte";

export const en = {
  title: "What-if: caching at your traffic",
  lead: "What a month costs with no cache, with a 5-minute and with a 1-hour TTL, at the traffic you expect, priced from the price table.",
  inputs: {
    legend: "Your traffic",
    model: "Model",
    route: "Route",
    tier: "Service tier",
    prefix: "Prefix (cached) tokens",
    question: "Question tokens per request",
    answer: "Answer tokens per request",
    rate: "Requests per hour",
    rateHint: "The month's requests over all its hours.",
    spread: "Spread",
    burstSize: "Requests per burst",
  },
  routes: {
    global: "Global (global.)",
    geographic: "Geographic ({{geography}}.)",
    inRegion: "In-Region ID",
  },
  tiers: { default: "Standard", priority: "Priority", flex: "Flex", reserved: "Reserved" },
  spreads: {
    steady: "Steady, day and night",
    bursts: "Bursts, then silence",
    officeHours: "Office hours (9–17, weekdays)",
  },
  prefill: {
    fromSession_one: "From this session: {{fields}} (its last turn).",
    fromSession_other: "From this session: {{fields}} ({{count}} turns).",
    example: "No turns in the playground yet: these are the long-document example's figures.",
    reset: "Back to this session's figures",
    separator: ", ",
    fields: {
      model: "model",
      route: "route",
      tier: "tier",
      prefixTokens: "prefix",
      questionTokens: "question",
      answerTokens: "answer",
      requestsPerHour: "pace",
    },
  },
  results: {
    heading: "A month (30.44 days) of {{requests}} requests",
    noCache: "No cache",
    fiveMinutes: "5-minute TTL",
    oneHour: "1-hour TTL",
    perMonth: "a month",
    saves: "saves {{amount}}",
    costsMore: "costs {{amount}} more",
    writesReads: "Cache writes: {{writes}} · reads: {{reads}}",
    breakEven: {
      always: "Cheaper than no cache at any rate",
      above: "Cheaper from a pace of {{rate}} an hour",
      never: "Never cheaper",
    },
    status: {
      belowFloor: "Caches nothing: the prefix ({{prefix}} tokens) is below the model's minimum of {{floor}} tokens per cache point.",
      notOffered: "This model has no {{ttl}} cache.",
      noPrice: "The price table has no {{ttl}} write price for this model.",
    },
  },
  chart: {
    title: "Cost a month against traffic",
    axis: "Requests per hour (log scale)",
    today: "Your traffic",
    label: "Cost a month against requests per hour, your traffic at {{rate}} an hour: {{points}}",
  },
  prices: {
    heading: "Where the figures come from",
    entry: "Priced by {{entry}} ({{row}}), checked {{asOf}}",
    short: "{{entry}} · {{row}} · {{asOf}}",
    source: "Source: {{source}}",
    tierUnknown: "No price is published for the {{tier}} tier: priced at Standard.",
    tier: "{{tier}} tier: × {{multiplier}}.",
    longContext: "Over the long-context threshold: the long-context rate applies.",
    floor: "Minimum per cache point: {{floor}} tokens.",
    floorMeasured: "Minimum per cache point: {{floor}} tokens, measured here.",
    model: "The month is 30.44 days; a read refreshes the TTL; a gap longer than the TTL expires the entry (AWS user guide).",
    rows: {
      base: "its one row",
      global: "global-profile row",
      geographic: "geographic-profile row",
      inRegion: "in-Region row",
      geography: "the {{geography}}. row",
    },
  },
  loading: "Working it out…",
  palette: {
    reset: "What-if: back to this session's figures",
  },
};

export const ja: Translation<typeof en> = {
  title: "コスト試算: 想定トラフィックでのキャッシュ",
  lead: "想定するトラフィックで、キャッシュなし・5 分 TTL・1 時間 TTL のそれぞれで 1 か月いくらかかるかを、料金表から試算します。",
  inputs: {
    legend: "トラフィック",
    model: "モデル",
    route: "経路",
    tier: "サービス階層",
    prefix: "プレフィックス（キャッシュ対象）のトークン数",
    question: "リクエストあたりの質問トークン数",
    answer: "リクエストあたりの回答トークン数",
    rate: "1 時間あたりのリクエスト数",
    rateHint: "1 か月のリクエスト数を月の全時間で割った値です。",
    spread: "到着のしかた",
    burstSize: "1 バーストのリクエスト数",
  },
  routes: {
    global: "グローバル（global.）",
    geographic: "地域（{{geography}}.）",
    inRegion: "リージョン内 ID",
  },
  tiers: { default: "標準", priority: "Priority", flex: "Flex", reserved: "Reserved" },
  spreads: {
    steady: "一定（昼夜を問わず）",
    bursts: "まとめて送り、その後は間隔が空く",
    officeHours: "営業時間のみ（平日 9〜17 時）",
  },
  prefill: {
    fromSession_one: "このセッションから: {{fields}}（最後のターン）",
    fromSession_other: "このセッションから: {{fields}}（{{count}} ターン）",
    example: "プレイグラウンドにまだターンがありません。長文ドキュメントの例の数値です。",
    reset: "このセッションの数値に戻す",
    separator: "、",
    fields: {
      model: "モデル",
      route: "経路",
      tier: "階層",
      prefixTokens: "プレフィックス",
      questionTokens: "質問",
      answerTokens: "回答",
      requestsPerHour: "送信ペース",
    },
  },
  results: {
    heading: "1 か月（30.44 日）、{{requests}} リクエスト",
    noCache: "キャッシュなし",
    fiveMinutes: "5 分 TTL",
    oneHour: "1 時間 TTL",
    perMonth: "／月",
    saves: "{{amount}} の節約",
    costsMore: "{{amount}} の割高",
    writesReads: "キャッシュ書き込み: {{writes}} 回 · 読み出し: {{reads}} 回",
    breakEven: {
      always: "どのペースでもキャッシュなしより安い",
      above: "1 時間あたり {{rate}} リクエスト以上で安くなる",
      never: "安くなることはない",
    },
    status: {
      belowFloor: "何もキャッシュされません。プレフィックス（{{prefix}} トークン）がモデルのキャッシュポイントあたりの最小値 {{floor}} トークンに届きません。",
      notOffered: "このモデルには {{ttl}} のキャッシュがありません。",
      noPrice: "料金表にこのモデルの {{ttl}} 書き込み料金がありません。",
    },
  },
  chart: {
    title: "トラフィックと月額費用",
    axis: "1 時間あたりのリクエスト数（対数目盛）",
    today: "想定トラフィック",
    label: "1 時間あたりのリクエスト数に対する月額費用（想定は 1 時間 {{rate}} 件）: {{points}}",
  },
  prices: {
    heading: "数値の根拠",
    entry: "{{entry}}（{{row}}）の料金、確認日 {{asOf}}",
    short: "{{entry}} · {{row}} · {{asOf}}",
    source: "出典: {{source}}",
    tierUnknown: "{{tier}} 階層の料金は公開されていないため、標準の料金で計算しています。",
    tier: "{{tier}} 階層: × {{multiplier}}",
    longContext: "ロングコンテキストのしきい値を超えるため、ロングコンテキスト料金を適用しています。",
    floor: "キャッシュポイントあたりの最小値: {{floor}} トークン",
    floorMeasured: "キャッシュポイントあたりの最小値: {{floor}} トークン（この環境で測定）",
    model: "1 か月は 30.44 日です。読み出しで TTL が延長され、TTL より長い間隔が空くとエントリは失効します（AWS ユーザーガイド）。",
    rows: {
      base: "共通の行",
      global: "グローバルプロファイルの行",
      geographic: "地域プロファイルの行",
      inRegion: "リージョン内の行",
      geography: "{{geography}}. の行",
    },
  },
  loading: "計算しています…",
  palette: {
    reset: "コスト試算: このセッションの数値に戻す",
  },
};

registerMessages("whatIf", en, ja);

declare module "../../lib/i18n/keys" {
  interface Registered {
    whatIf: typeof en;
  }
}
