// The playground page's own strings (the editor, run view and compare panels register theirs).
import { registerMessages, type Translation } from "../../lib/i18n/index.svelte";

export const en = {
  title: "Playground",
  lead: "Place cache points, send, and see for every turn what was written to and read from the cache, and what that cost and saved.",
  tabs: { chat: "Chat", demos: "Demos", compare: "Compare", bakeoff: "Placement bake-off", prices: "Prices" },
  example: {
    load: "Load the long-document example",
    hint: "A 6,000-token field guide behind a cache point, and a first question about it.",
  },
  composer: {
    label: "Your message",
    placeholder: "Ask a question… (Ctrl+Enter to send)",
    send: "Send",
    sending: "Sending…",
    stop: "Stop",
    blocked: "Fix the problems marked above to send.",
    noModel: "Choose a model or inference profile first.",
  },
  noSession: "Creating a session…",
  sessions: "Sessions ({{count}})",
  sessionTitle: "Session title",
  prices: {
    title: "Price table",
    lead: "Prices per million tokens, by model and geography, with the date and source of each figure. Costs and savings everywhere in Outcrop use this table.",
    customised: "Your edited table is in use (bundled table: {{asOf}}).",
    bundled: "The bundled table is in use, checked on {{asOf}}.",
    save: "Save prices",
    reset: "Back to the bundled table",
    saved: "Saved. New turns are priced with your table.",
    editorLabel: "Price table (JSON)",
  },
  palette: {
    send: "Send the message",
    example: "Load the long-document example",
    newSession: "New playground session",
    compare: "Open Compare",
    bakeoff: "Open the placement bake-off",
  },
};

export const ja: Translation<typeof en> = {
  title: "プレイグラウンド",
  lead: "キャッシュポイントを置いて送信し、ターンごとにキャッシュへの書き込み・読み出しと、その費用と節約額を確認します。",
  tabs: { chat: "チャット", demos: "デモ", compare: "比較", bakeoff: "配置の比較実験", prices: "料金" },
  example: {
    load: "長文ドキュメントの例を読み込む",
    hint: "キャッシュポイントの手前に約6,000トークンの野外ガイドを置き、それについて最初の質問をします。",
  },
  composer: {
    label: "メッセージ",
    placeholder: "質問を入力…（Ctrl+Enterで送信）",
    send: "送信",
    sending: "送信中…",
    stop: "停止",
    blocked: "送信するには、上に示された問題を修正してください。",
    noModel: "先にモデルまたは推論プロファイルを選んでください。",
  },
  noSession: "セッションを作成しています…",
  sessions: "セッション（{{count}}）",
  sessionTitle: "セッション名",
  prices: {
    title: "料金表",
    lead: "モデルと地域ごとの100万トークンあたりの料金（各数値の日付と出典付き）。Outcropのすべての費用と節約額はこの表で計算します。",
    customised: "編集した料金表を使用中です（同梱の表：{{asOf}}）。",
    bundled: "同梱の料金表を使用中です（{{asOf}} 時点）。",
    save: "料金を保存",
    reset: "同梱の料金表に戻す",
    saved: "保存しました。これからのターンはこの料金表で計算されます。",
    editorLabel: "料金表（JSON）",
  },
  palette: {
    send: "メッセージを送信",
    example: "長文ドキュメントの例を読み込む",
    newSession: "新しいプレイグラウンドセッション",
    compare: "比較を開く",
    bakeoff: "配置の比較実験を開く",
  },
};

registerMessages("playground.page", en, ja);

declare module "../../lib/i18n/keys" {
  interface Registered {
    "playground.page": typeof en;
  }
}
