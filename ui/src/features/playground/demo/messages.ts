// The demo player's words, English and Japanese (keys: `playground.demo.*`).
import { registerMessages, type Translation } from "../../../lib/i18n/index.svelte";

export const en = {
  title: "Scripted demos",
  lead: "A demo is a conversation and its questions, played one question at a time: press Next (or a clicker's Page Down) and the savings build up as it goes. Demos are files you can share; two ship with Outcrop.",
  shipped: "Shipped with Outcrop",
  imported: "Yours",
  questions: "{{count}} questions",
  tools: "{{count}} tools",
  model: "Made for {{model}}",
  play: "Play",
  playTitle: "Play {{title}} in a new playground session",
  save: "Save as file",
  saved: "Saved {{title}} to {{path}}.",
  remove: "Delete",
  import: "Import a demo file…",
  importedNote: "Imported {{title}}.",
  record: "Save this session as a demo",
  recordTitle: "Title of the demo",
  recorded: "Saved the session as the demo {{title}}.",
  noSession: "Open a session with at least one question to save it as a demo.",
  unreadable: "These files in the demos folder could not be read: {{files}}.",
  empty: "No demos.",
  bar: {
    label: "Demo: {{title}}",
    progress: "Question {{n}} of {{total}}",
    next: "Next question",
    nextHint: "Next (Page Down or →)",
    upNext: "Next: {{question}}",
    sending: "Asking question {{n}}…",
    tool: "Answering {{tool}} from the demo's script…",
    done: "All {{total}} questions asked.",
    stopped: "Question {{n}} did not finish: see the turn for why. Next goes on with the following question.",
    goOn: "Go on",
    end: "End demo",
  },
  palette: {
    next: "Demo: next question",
    open: "Open scripted demos",
  },
};

export const ja: Translation<typeof en> = {
  title: "台本つきデモ",
  lead: "デモは会話とその質問の台本で、1問ずつ進めます。「次へ」（またはプレゼンターの Page Down）を押すたびに質問が送られ、節約額が積み上がっていきます。デモはファイルとして共有でき、Outcrop には2つ同梱されています。",
  shipped: "Outcrop に同梱",
  imported: "自分のデモ",
  questions: "質問 {{count}} 件",
  tools: "ツール {{count}} 個",
  model: "対象モデル：{{model}}",
  play: "再生",
  playTitle: "{{title}} を新しいプレイグラウンドのセッションで再生",
  save: "ファイルに保存",
  saved: "{{title}} を {{path}} に保存しました。",
  remove: "削除",
  import: "デモファイルを読み込む…",
  importedNote: "{{title}} を読み込みました。",
  record: "このセッションをデモとして保存",
  recordTitle: "デモのタイトル",
  recorded: "セッションをデモ「{{title}}」として保存しました。",
  noSession: "デモとして保存するには、質問を1つ以上送ったセッションを開いてください。",
  unreadable: "デモフォルダーの次のファイルは読めませんでした：{{files}}。",
  empty: "デモはありません。",
  bar: {
    label: "デモ：{{title}}",
    progress: "質問 {{n}} / {{total}}",
    next: "次の質問",
    nextHint: "次へ（Page Down または →）",
    upNext: "次：{{question}}",
    sending: "質問 {{n}} を送信中…",
    tool: "{{tool}} にデモの台本から回答中…",
    done: "{{total}} 問すべて質問しました。",
    stopped: "質問 {{n}} は完了しませんでした。理由はそのターンを見てください。「次へ」で次の質問から続けます。",
    goOn: "続ける",
    end: "デモを終了",
  },
  palette: {
    next: "デモ：次の質問",
    open: "台本つきデモを開く",
  },
};

registerMessages("playground.demo", en, ja);

declare module "../../../lib/i18n/keys" {
  interface Registered {
    "playground.demo": typeof en;
  }
}
