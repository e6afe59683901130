// The shell's strings: sidebar, status bar, skip link, command palette, presenter mode, language switch, and
// the small shared components (copy button, text field, planned page).
import { registerMessages, type Translation } from "./i18n/index.svelte";

export const en = {
  brand: "Outcrop",
  skipLink: "Skip to content",
  nav: {
    label: "Main",
    pageTitle: "{{page}} ({{shortcut}})",
  },
  pages: {
    connections: "Connections",
    models: "Models & profiles",
    playground: "Playground",
    whatIf: "What-if",
    usage: "Usage & spend",
  },
  footer: {
    label: "Display settings",
  },
  language: {
    label: "Language",
  },
  presenter: {
    toggle: "Presenter mode",
    title: "Larger type; account IDs, ARNs and access key IDs are hidden ({{shortcut}})",
    on: "Presenter mode on",
    off: "Presenter mode off",
  },
  status: {
    label: "Status",
    activeConnection: "Active connection: {{name}}",
    testFailed: "The last test of {{name}} failed: {{message}}",
    region: "Region {{region}}",
    noRegion: "Region —",
    notConnected: "Not connected",
    simulated: "Simulated",
    simulatedTitle: "Local Bedrock: answers are simulated inside Outcrop and nothing is sent to AWS",
    account: "Account {{account}}",
    identityTitle: "Signed in as {{identity}} (from the last connection test)",
    dataDir: "Data directory: {{dir}}",
    presenter: "Presenter",
  },
  palette: {
    title: "Command palette",
    inputLabel: "Command",
    placeholder: "Type a command or a page…",
    results: "Commands",
    empty: "No command matches “{{query}}”.",
    hint: "↑ ↓ to choose, Enter to run, Esc to close",
    commands: {
      goTo: "Go to {{page}}",
      language: "Switch language to {{language}}",
      presenterOn: "Turn presenter mode on",
      presenterOff: "Turn presenter mode off",
      about: "About Outcrop",
    },
  },
  about: {
    title: "About {{name}}",
    lead: "A desktop workbench for Amazon Bedrock.",
    version: "Version",
    build: "Build",
    licence: "Licence",
    data: "Data folder",
    changes: "What changed in each version: CHANGELOG.md, beside the README.",
    close: "Close",
    open: "About Outcrop (version, build, data folder)",
  },
  planned: {
    badge: "Not built yet",
    holds: "This page will hold:",
  },
  copy: {
    copy: "Copy",
    copied: "Copied",
    failed: "Could not copy; select the text and copy it yourself.",
  },
  field: {
    optional: "(optional)",
  },
  error: {
    details: "Details",
    pageLoad: "Outcrop could not open this page: a part of the app is missing or damaged. Reinstalling Outcrop repairs it.",
  },
  command: {
    copy: "Copy",
    copied: "Copied",
    failed: "Could not copy; select the command and copy it yourself.",
  },
};

export const ja: Translation<typeof en> = {
  brand: "Outcrop",
  skipLink: "本文へ移動",
  nav: {
    label: "メイン",
    pageTitle: "{{page}}（{{shortcut}}）",
  },
  pages: {
    connections: "接続",
    models: "モデルとプロファイル",
    playground: "プレイグラウンド",
    whatIf: "コスト試算",
    usage: "利用状況と費用",
  },
  footer: {
    label: "表示設定",
  },
  language: {
    label: "表示言語",
  },
  presenter: {
    toggle: "プレゼンターモード",
    title: "文字を大きくし、アカウントID・ARN・アクセスキーIDを隠します（{{shortcut}}）",
    on: "プレゼンターモード：オン",
    off: "プレゼンターモード：オフ",
  },
  status: {
    label: "ステータス",
    activeConnection: "使用中の接続：{{name}}",
    testFailed: "{{name}} の前回のテストは失敗しました：{{message}}",
    region: "リージョン {{region}}",
    noRegion: "リージョン —",
    notConnected: "未接続",
    simulated: "シミュレーション",
    simulatedTitle: "Local Bedrock：応答は Outcrop 内でシミュレーションされ、AWS には何も送信されません",
    account: "アカウント {{account}}",
    identityTitle: "{{identity}} としてサインイン中（最後の接続テストの結果）",
    dataDir: "データディレクトリ：{{dir}}",
    presenter: "プレゼンター",
  },
  palette: {
    title: "コマンドパレット",
    inputLabel: "コマンド",
    placeholder: "コマンドやページ名を入力…",
    results: "コマンド",
    empty: "「{{query}}」に一致するコマンドはありません。",
    hint: "↑ ↓ で選択、Enter で実行、Esc で閉じる",
    commands: {
      goTo: "{{page}}へ移動",
      language: "表示言語を{{language}}に切り替える",
      presenterOn: "プレゼンターモードをオンにする",
      presenterOff: "プレゼンターモードをオフにする",
      about: "Outcrop について",
    },
  },
  about: {
    title: "{{name}} について",
    lead: "Amazon Bedrock のためのデスクトップワークベンチです。",
    version: "バージョン",
    build: "ビルド",
    licence: "ライセンス",
    data: "データフォルダー",
    changes: "各バージョンの変更点: README と同じ場所の CHANGELOG.md。",
    close: "閉じる",
    open: "Outcrop について（バージョン、ビルド、データフォルダー）",
  },
  planned: {
    badge: "準備中",
    holds: "このページには次の機能が入る予定です：",
  },
  copy: {
    copy: "コピー",
    copied: "コピーしました",
    failed: "コピーできませんでした。テキストを選択して手動でコピーしてください。",
  },
  field: {
    optional: "（任意）",
  },
  error: {
    details: "詳細",
    pageLoad: "このページを開けませんでした。アプリの一部が見つからないか破損しています。Outcrop を再インストールすると修復されます。",
  },
  command: {
    copy: "コピー",
    copied: "コピーしました",
    failed: "コピーできませんでした。コマンドを選択して手動でコピーしてください。",
  },
};

registerMessages("shell", en, ja);

declare module "./i18n/keys" {
  interface Registered {
    shell: typeof en;
  }
}
