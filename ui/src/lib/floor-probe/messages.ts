// The cache-floor probe's words: the floor line (every published claim, the measured value, which one
// planning uses, a measured value no source agrees with), and the probe's confirmation, progress and result.
import { registerMessages, type Translation } from "../i18n/index.svelte";

export const en = {
  line: {
    label: "Minimum per cache point",
    claim: "{{by}}: {{tokens}}",
    claimTitle: "{{by}} · {{source}} · checked {{asOf}}",
    measuredHere: "measured here: {{tokens}}",
    notMeasured: "measured here: —",
    separator: " · ",
    sources: "Where each claim comes from",
    uses: {
      highest: "Planning uses {{tokens}}, the highest claim, until measured.",
      only: "Planning uses {{tokens}}, the published floor, until measured.",
      measured: "Planning uses {{tokens}}: measured on {{date}} in {{region}} through {{invoked}}.",
      measuredBelow: "Planning uses {{tokens}}: measured on {{date}} in {{region}} through {{invoked}} (at or below the smallest size tried).",
    },
    disagrees: "The measured floor ({{tokens}}) matches no published claim ({{claims}}): this account caches differently from what the sources say.",
    measure: "Measure floor",
    remeasure: "Measure again",
    forget: "Delete measurement",
    forgetting: "Deleting…",
    forgotten: "Measurement deleted: planning uses the published claims again.",
    noChoice: "Choose a model to measure its floor.",
  },
  dialog: {
    title: "Measure the cache floor of {{model}}",
    loading: "Working out what the probe sends…",
    sends:
      "Outcrop sends fresh synthetic prefixes (a system prompt with a cache point, a one-line question, at most {{output}} output tokens) to {{invoked}} in {{region}}, sized between {{smallest}} and {{largest}} tokens, and bisects between the published floors: {{candidates}}.",
    sizesCounted: "Sizes are counted with CountTokens before sending (free).",
    sizesEstimated: "This model cannot be counted with CountTokens: sizes are estimated, then corrected from the usage each reply reports.",
    requests: "At most {{n}} requests.",
    worstCase: "Worst case {{cost}} at the prices of {{date}} (every request writing its largest prefix and reading it back).",
    worstCaseUnknown: "No price is known for this model, so the worst-case cost cannot be shown.",
    proves: "A size caches when its first request writes to the cache and an identical repeat reads it back. The result is kept and used for planning until you delete it.",
    confirm: "Confirm and run",
    cancel: "Cancel",
    stop: "Stop",
    stopping: "Stopping…",
    close: "Close",
    progress: "Request {{n}} of at most {{max}}",
    started: "Probing {{invoked}} in {{region}}.",
    request: {
      write: "{{candidate}}: a prefix of {{tokens}} tokens was written to the cache ({{written}} written).",
      noWrite: "{{candidate}}: a prefix of {{tokens}} tokens did not cache.",
      read: "{{candidate}}: the repeat read {{read}} tokens back: caches at {{tokens}}.",
      noRead: "{{candidate}}: the repeat read nothing back: not counted as caching.",
    },
    result: {
      floor_one: "Measured: the floor is {{tokens}} tokens (a prefix of {{notAt}} did not cache). {{requests}} request.",
      floor_other: "Measured: the floor is {{tokens}} tokens (a prefix of {{notAt}} did not cache). {{requests}} requests.",
      floorNoMiss_one: "Measured: the floor is {{tokens}} tokens. {{requests}} request.",
      floorNoMiss_other: "Measured: the floor is {{tokens}} tokens. {{requests}} requests.",
      atOrBelow_one: "Measured: even {{tokens}} tokens cached, so the floor is at or below {{tokens}}. {{requests}} request.",
      atOrBelow_other: "Measured: even {{tokens}} tokens cached, so the floor is at or below {{tokens}}. {{requests}} requests.",
      aboveEvery: "Nothing cached, even at {{notAt}} tokens: nothing was recorded. This route may not cache, or its floor is above every published one.",
      stopped_one: "Stopped after {{requests}} request: nothing was recorded.",
      stopped_other: "Stopped after {{requests}} requests: nothing was recorded.",
      undecided: "The floor was not decided within {{requests}} requests (the sizes estimated from the replies were too far off): nothing was recorded. Try again.",
      inconsistent: "The answers contradict each other (a prefix of {{cachedAt}} tokens cached but one of {{missedAt}} did not; a cross-Region profile may have sent them to different Regions): nothing was recorded. Try again, or through an in-Region ID.",
    },
    failed: "The probe failed, and nothing was recorded: {{message}}",
    alreadyRunning: "Another cache-floor probe is running; stop it or wait for it to finish.",
  },
};

export const ja: Translation<typeof en> = {
  line: {
    label: "キャッシュポイントあたりの最小トークン数",
    claim: "{{by}}：{{tokens}}",
    claimTitle: "{{by}} · {{source}} · {{asOf}} 確認",
    measuredHere: "この環境での実測：{{tokens}}",
    notMeasured: "この環境での実測：—",
    separator: " · ",
    sources: "各公表値の出典",
    uses: {
      highest: "実測するまでは、最も大きい公表値 {{tokens}} で計画します。",
      only: "実測するまでは、公表値 {{tokens}} で計画します。",
      measured: "{{tokens}} で計画します：{{date}} に {{region}} で {{invoked}} を通して実測しました。",
      measuredBelow: "{{tokens}} で計画します：{{date}} に {{region}} で {{invoked}} を通して実測しました（試した最小サイズ以下）。",
    },
    disagrees: "実測した最小値（{{tokens}}）はどの公表値（{{claims}}）とも一致しません。このアカウントでは公表とは違う条件でキャッシュされます。",
    measure: "最小値を実測",
    remeasure: "もう一度実測",
    forget: "実測値を削除",
    forgetting: "削除しています…",
    forgotten: "実測値を削除しました。計画には再び公表値を使います。",
    noChoice: "最小値を実測するモデルを選んでください。",
  },
  dialog: {
    title: "{{model}} のキャッシュ最小トークン数を実測",
    loading: "送信内容を確認しています…",
    sends:
      "Outcrop は毎回新しい合成プレフィックス（キャッシュポイント付きのシステムプロンプト、1 行の質問、出力は最大 {{output}} トークン）を {{region}} の {{invoked}} に送ります。サイズは {{smallest}}〜{{largest}} トークンで、公表されている最小値 {{candidates}} の間を二分探索します。",
    sizesCounted: "サイズは送信前に CountTokens（無料）で数えます。",
    sizesEstimated: "このモデルは CountTokens で数えられないため、サイズは推定し、各応答の使用量で補正します。",
    requests: "リクエストは最大 {{n}} 回です。",
    worstCase: "最悪の場合の費用は {{cost}} です（{{date}} の価格。各リクエストが最大のプレフィックスを書き込み、読み戻した場合）。",
    worstCaseUnknown: "このモデルの価格がわからないため、最悪の場合の費用は表示できません。",
    proves: "最初のリクエストがキャッシュに書き込み、同じ内容の再送がそれを読み戻したとき、そのサイズはキャッシュされると判断します。結果は保存され、削除するまで計画に使われます。",
    confirm: "確認して実行",
    cancel: "キャンセル",
    stop: "停止",
    stopping: "停止しています…",
    close: "閉じる",
    progress: "リクエスト {{n}} / 最大 {{max}}",
    started: "{{region}} の {{invoked}} を調べています。",
    request: {
      write: "{{candidate}}：{{tokens}} トークンのプレフィックスがキャッシュに書き込まれました（{{written}} 書き込み）。",
      noWrite: "{{candidate}}：{{tokens}} トークンのプレフィックスはキャッシュされませんでした。",
      read: "{{candidate}}：再送で {{read}} トークンを読み戻しました。{{tokens}} でキャッシュされます。",
      noRead: "{{candidate}}：再送で何も読み戻せませんでした。キャッシュされたとはみなしません。",
    },
    result: {
      floor_one: "実測しました：最小値は {{tokens}} トークンです（{{notAt}} トークンではキャッシュされませんでした）。リクエスト {{requests}} 回。",
      floor_other: "実測しました：最小値は {{tokens}} トークンです（{{notAt}} トークンではキャッシュされませんでした）。リクエスト {{requests}} 回。",
      floorNoMiss_one: "実測しました：最小値は {{tokens}} トークンです。リクエスト {{requests}} 回。",
      floorNoMiss_other: "実測しました：最小値は {{tokens}} トークンです。リクエスト {{requests}} 回。",
      atOrBelow_one: "実測しました：{{tokens}} トークンでもキャッシュされたため、最小値は {{tokens}} 以下です。リクエスト {{requests}} 回。",
      atOrBelow_other: "実測しました：{{tokens}} トークンでもキャッシュされたため、最小値は {{tokens}} 以下です。リクエスト {{requests}} 回。",
      aboveEvery: "{{notAt}} トークンでもキャッシュされませんでした。何も記録していません。この経路ではキャッシュされないか、最小値がどの公表値よりも大きい可能性があります。",
      stopped_one: "リクエスト {{requests}} 回で停止しました。何も記録していません。",
      stopped_other: "リクエスト {{requests}} 回で停止しました。何も記録していません。",
      undecided: "リクエスト {{requests}} 回では最小値を決められませんでした（応答から推定したサイズのずれが大きすぎました）。何も記録していません。もう一度お試しください。",
      inconsistent: "応答が矛盾しています（{{cachedAt}} トークンのプレフィックスはキャッシュされたのに、{{missedAt}} トークンのものはされませんでした。クロスリージョンプロファイルが別々のリージョンに送った可能性があります）。何も記録していません。もう一度試すか、リージョン内の ID で実測してください。",
    },
    failed: "実測に失敗しました。何も記録していません：{{message}}",
    alreadyRunning: "別のキャッシュ最小値の実測が実行中です。停止するか、終わるまでお待ちください。",
  },
};

registerMessages("floorProbe", en, ja);

declare module "../i18n/keys" {
  interface Registered {
    floorProbe: typeof en;
  }
}
