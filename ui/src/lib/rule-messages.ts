// The rules Rust checks before anything is stored or sent (a FieldError's `rule`), worded in English and
// Japanese. `describeRule` (rules.ts) picks the message by the rule's code and fills in its parameters. A
// JSON parser's own explanation (`{{error}}`, in English) is shown in English only: Japanese gives line and
// column. The price table's and the SDK's explanations have no code yet and are shown as they are in both.
import { registerMessages, type Translation } from "./i18n/index.svelte";

export const en = {
  regionFormat: "“{{region}}” is not a Region code; write it like us-east-1 or eu-central-1",
  connectionNameEmpty: "Give the connection a name, such as “Work account” or “Sandbox”",
  connectionNameTooLong: "A connection name has at most {{max}} characters",
  connectionNameTaken: "A connection named “{{name}}” exists already; choose another name",
  endpointUrlSpaces: "The endpoint URL contains spaces",
  endpointUrlScheme: "The endpoint URL starts with https:// (or http:// for a local endpoint)",
  endpointUrlNoHost: "The endpoint URL has no host after https://",
  endpointUrlPlainHttp: "The endpoint URL uses plain http:// for {{host}}, which is not this machine: use https:// (http:// is only for a local endpoint such as 127.0.0.1)",
  endpointUrlLocalBedrock: "Local Bedrock runs inside Outcrop at an address Outcrop chooses; it takes no endpoint override",
  endpointUrlUserInfo: "The endpoint URL has a user name or password before the host (user@host): remove it; Outcrop signs requests itself",
  accessKeyIdEmpty: "Enter the access key ID (it starts with AKIA or ASIA)",
  accessKeyIdFormat: "An access key ID has only capital letters and digits, usually 20 of them, starting with AKIA or ASIA",
  secretAccessKeyEmpty: "Enter the secret access key shown when the key was created",
  secretAccessKeyFormat: "A secret access key is about 40 characters with no spaces",
  sessionTokenNeeded: "Keys starting with ASIA are temporary and need their session token; paste it too",
  sessionTokenSpaces: "The session token contains spaces; paste it again as one line",
  apiKeyEmpty: "Paste the Bedrock API key",
  apiKeySpaces: "The API key contains spaces; paste it again as one line",
  apiKeyPrefix: "A Bedrock API key starts with bedrock-api-key- (short-term) or ABSK (long-term)",
  apiKeyRegion:
    "This key was issued in {{keyRegion}} and works only there: set the Region to {{keyRegion}}, or create a key in {{region}}",
  awsProfileEmpty: "Choose an AWS profile",
  awsProfileUnknown: "There is no profile “{{profile}}” in {{config}} or {{credentials}}",

  profileNameEmpty: "Enter a name (1–64 characters)",
  profileNameTooLong: "The name has {{length}} characters; at most {{max}} are allowed",
  profileNameCharacters: "{{problem}}. A name is letters and digits, joined by single spaces, _ or - (pattern ([0-9a-zA-Z][ _-]?)+)",
  descriptionTooLong: "The description has {{length}} characters; at most {{max}} are allowed",
  descriptionCharacters:
    "{{problem}}. A description allows letters, digits, : and . joined by single spaces, _ or - — no commas, parentheses or slashes",
  textProblem: {
    startsWithSeparator: "It starts with “{{character}}”",
    doubledSeparator: "“{{character}}” follows another separator at position {{position}}",
    notAllowed: "“{{character}}” at position {{position}} is not allowed",
  },
  projectNameEmpty: "Enter a name (1–127 characters)",
  projectNameTooLong: "The name has {{length}} characters; at most {{max}} are allowed",
  projectNameBlank: "The name is only spaces; it needs at least one other character",
  usagePeriodForRange: "A point every {{period}} does not suit this range: choose {{allowed}}",
  dashboardNameEmpty: "Name the dashboard, such as BedrockPromptCaching",
  dashboardNameTooLong: "A dashboard name has at most {{max}} characters; this one has {{length}}",
  dashboardNameCharacter: "“{{character}}” at position {{position}} is not allowed: a dashboard name has only letters, digits, - and _",
  dashboardNoTargets: "Choose at least one model or profile for the dashboard",
  usageNeedsAwsCredentials: "CloudWatch and Cost Explorer take AWS credentials; a Bedrock API key works for Bedrock alone. Use a connection with an AWS profile or access keys",
  projectWithApplicationProfile:
    "Application inference profiles don't support non-default projects: send under {{project}} to a foundation model or a system-defined profile, or choose the default project",
  projectNotOnMessagesApi:
    "The Messages API has no project field: send under {{project}} with Converse or InvokeModel, or choose the default project",
  tooManyTags: "{{count}} tags; a profile can have at most {{max}}",
  tagKeyEmpty: "A tag key cannot be empty",
  tagKeyTooLong: "The key has {{length}} characters; at most {{max}} are allowed",
  tagKeyCharacter: "“{{character}}” is not allowed in a tag key; use ASCII letters, digits, spaces and . _ : / = + @ -",
  tagKeyReserved: "Keys starting with aws: are reserved for AWS",
  tagValueTooLong: "The value has {{length}} characters; at most {{max}} are allowed",
  tagValueCharacter: "“{{character}}” is not allowed in a tag value; use ASCII letters, digits, spaces and . _ : / = + @ -",
  tagKeyDuplicate: "The key “{{key}}” appears twice; each key can be used once",
  tagTargetArn:
    "Tags are set on an application inference profile's ARN (arn:aws:bedrock:<region>:<account>:application-inference-profile/<id>)",
  copyFromArn:
    "Copy from a foundation model ARN (…:foundation-model/…) or a system inference profile ARN (…:inference-profile/…)",

  toolNameFormat: "A tool name is 1 to 64 letters, digits, '_' or '-'.",
  toolNameDuplicate: 'Two tools are called "{{name}}"; rename one.',
  inputSchemaNotObject: 'The input schema must be a JSON object, such as {"type": "object", "properties": {}}.',
  inputSchemaInvalidJson: "The input schema is not valid JSON (line {{line}}, column {{column}}): {{error}}.",
  noMessages: "Write a user message to send.",
  roleOrder: "Messages alternate user, assistant, user…; message {{message}} should be from the {{expected}}.",
  role: { user: "user", assistant: "assistant" },
  contentOnlyCachePoints: "A message needs some content besides cache points.",
  tooManyDocuments: "This message holds {{count}} documents; Bedrock accepts at most {{max}} in one message. Move some to another turn.",
  tooManyDocumentsInRequest:
    "This conversation holds {{count}} documents; Bedrock accepts at most {{max}} in one request, and every turn sends the earlier ones again. Remove the ones the question does not need, or start a new session.",
  documentTooLarge:
    "This document is {{size}}; Bedrock accepts documents of at most {{max}} each. Keep the part the question needs, or split it across turns.",
  emptyText: "This text block is empty; write something or remove it.",
  toolInputInvalidJson: "The tool input is not valid JSON: {{error}}.",
  documentName: "A document name is letters, digits, spaces, hyphens, parentheses and square brackets, with no two spaces in a row.",
  lastMessageNotUser: "The last message must be from the user: that is what the model answers.",
  temperatureRange: "Temperature is between 0 and 1.",
  topPRange: "Top P is between 0 and 1.",
  maxTokensZero: "Max tokens must be at least 1.",
  tooManyStopSequences: "At most {{max}} stop sequences.",
  topKRange: "Top K is a whole number from 1 to {{max}}.",
  imageUnreadable: "{{name}} is not a PNG, JPEG, GIF or WebP image Outcrop can read; open the file again.",
  imageFormatMismatch: "This image is sent as {{declared}} but its bytes are {{actual}}; open it again.",
  imageTooLarge: "This image is {{size}}; Bedrock accepts images of at most {{max}} each. Save it smaller or at a lower resolution.",
  imageTooWide: "This image is {{width}} × {{height}} px; Bedrock accepts at most {{max}} px each way.",
  tooManyImagesInRequest: "This conversation holds {{count}} images; Bedrock accepts at most {{max}} in one request, and every turn sends the earlier ones again. Remove the ones the question does not need.",
  parameterRefused: "{{model}} does not take {{param}}; clear it to use the model's own.",
  temperatureOrTopP: "{{model}} takes temperature or top P, not both; clear one of them.",
  thinkingNotOffered: "{{model}} does not offer {{mode}}; it offers {{offered}}.",
  thinkingNotOfferedAtAll: "{{model}} does not think on request; turn thinking off.",
  thinkingBudgetTooSmall: "A thinking budget is at least {{min}} tokens.",
  thinkingBudgetNotBelowMaxTokens: "The thinking budget ({{budget}}) must be below max tokens ({{max}}); raise max tokens or lower the budget.",
  thinkingBudgetNoMaxTokens: "With a thinking budget, set max tokens above it ({{budget}}).",
  samplingWithThinking: "With thinking on, {{param}} cannot be changed (temperature and top K stay at their defaults, top P is from 0.95 to 1).",
  paramNames: { temperature: "temperature", topP: "top P", topK: "top K" },
  periods: {
    minutes_one: "{{count}} minute",
    minutes_other: "{{count}} minutes",
    hours_one: "{{count}} hour",
    hours_other: "{{count}} hours",
    days_one: "{{count}} day",
    days_other: "{{count}} days",
  },
  thinkingModes: { budget: "thinking with a budget", adaptive: "adaptive thinking" },
  apiNotServed: "{{model}} does not serve {{api}} on bedrock-runtime; send it with {{instead}} instead.",
  apiNotServedNoOther: "{{model}} does not serve {{api}} on bedrock-runtime.",
  automaticCacheMessagesOnly: "Automatic cache placement (a top-level cache_control) is a field of the Messages API only; {{api}} does not take it. Send through the Messages API, or turn automatic placement off and place cache points.",
  apiNotOnMantle:
    "This connection sends the Messages API to bedrock-mantle, which does not serve {{model}}; bedrock-runtime does: switch the connection's Messages API endpoint to bedrock-runtime on the Connections page, or send with Converse.",
  apiNotOnMantleNoOther:
    "This connection sends the Messages API to bedrock-mantle, which does not serve {{model}}; send it with Converse, or choose a model bedrock-mantle serves.",
  anthropicBodyOnly: "InvokeModel here sends an Anthropic Messages body, which {{model}} does not read; send it with Converse.",
  tierNotOffered: "{{model}} does not offer the {{tier}} service tier; it offers {{offered}}. Pick one of those, or send without a tier.",
  apiNames: { converse: "Converse", invokeModel: "InvokeModel", countTokens: "CountTokens", messages: "the Messages API" },
  tierNames: { default: "default (Standard)", priority: "Priority", flex: "Flex", reserved: "Reserved" },
  overContextWindow:
    "The request is {{total}} tokens; {{model}} reads at most {{context}} tokens. This block is the largest ({{largest}} tokens): shorten or remove it.",
  overContextWindowEstimated:
    "The request is about {{total}} tokens; {{model}} reads at most {{context}} tokens. This block is the largest (about {{largest}} tokens): shorten or remove it.",
  cachePoint: {
    ttlNotSupported: "Cache point {{n}}: this model does not offer the {{ttl}} TTL; use 5m.",
    longerTtlAfterShorter: "Cache point {{n}}: a 1h point cannot follow a 5m one; put the 1h points first or make this one 5m.",
    sectionNotCacheable: "Cache point {{n}}: this model cannot cache {{section}}; remove the point or move it into another section.",
    sectionNotCacheableTools:
      "Cache point {{n}}: this model cannot cache tool specifications; remove the point or move it into the system prompt or the messages.",
    afterReasoning:
      'Cache point {{n}} follows a reasoning block, which Bedrock refuses ("Cache point cannot be inserted after reasoning block"); move it before the reasoning or after the next block.',
    beyondLimit: "Cache point {{n}}: Bedrock allows at most {{limit}} cache points per request; remove one.",
    belowMinimum:
      "Cache point {{n}} caches nothing: its prefix needs {{tokens}} more tokens to reach the model's minimum. Move it later or add content before it.",
    section: { tools: "tool specifications", system: "the system prompt", messages: "messages" },
  },

  chooseModel: "Choose a model or inference profile to send to.",
  requestBody: "The request could not be built for counting tokens: {{error}}.",
  priceTableInvalid: "The price table was not saved: {{error}}.",
  priceTableEmpty: "The price table was not saved: it lists no models.",
  placementCount: "Choose {{min}} to {{max}} placements to compare.",
  bakeoffRunCount:
    "With {{transports}} transports, choose 1 to {{maxPlacements}} placements: at most {{maxRuns}} runs (placements × transports) keep a bake-off to a few minutes.",
  tooManyFollowUps: "At most {{max}} follow-up questions.",
  followUpEmpty: "This follow-up question is empty.",
  sessionTitleEmpty: "A session needs a title.",
  notSessionExport: "This is not an Outcrop session export (line {{line}}, column {{column}}: {{error}}).",
  sessionExportVersion: "This file is “{{format}}” version {{version}}; Outcrop imports “outcrop-session” version 1.",
  runIdLength: "A run needs an ID of 1 to {{max}} characters.",
  runLabelTooLong: "A run's label is at most {{max}} characters.",
  notRunExport: "This is not an Outcrop run export (line {{line}}, column {{column}}: {{error}}).",
  runExportVersion: "This file is run export version {{version}}; Outcrop imports version 1.",
  runExportEmpty: "This run export holds no sessions.",
  whatIfModelUnknown: "No price or caching facts are known for {{model}}: choose a model from the list.",
  whatIfTokens: "Enter a whole number of tokens from {{min}} to {{max}}.",
  whatIfOverContext: "The prefix and question together are {{total}} tokens, over {{model}}'s context window of {{context}}.",
  whatIfRate: "Enter requests per hour above 0 and at most {{max}}.",
  whatIfBurstSize: "A burst is a whole number of requests from {{min}} to {{max}}.",
};

export const ja: Translation<typeof en> = {
  regionFormat: "「{{region}}」はリージョンコードではありません。us-east-1 や eu-central-1 のように入力してください",
  connectionNameEmpty: "接続に名前を付けてください (例:「仕事用アカウント」「サンドボックス」)",
  connectionNameTooLong: "接続名は {{max}} 文字までです",
  connectionNameTaken: "「{{name}}」という名前の接続はすでにあります。別の名前を選んでください",
  endpointUrlSpaces: "エンドポイント URL に空白が含まれています",
  endpointUrlScheme: "エンドポイント URL は https:// で始めてください (ローカルのエンドポイントは http://)",
  endpointUrlNoHost: "エンドポイント URL の https:// の後にホストがありません",
  endpointUrlPlainHttp: "エンドポイント URL が {{host}} に平文の http:// を使っていますが、このマシンではありません。https:// を使ってください（http:// は 127.0.0.1 などのローカルのエンドポイント専用です）",
  endpointUrlLocalBedrock: "Local Bedrock は Outcrop の中で Outcrop が選んだアドレスで動くため、エンドポイントの上書きはできません",
  endpointUrlUserInfo: "エンドポイント URL のホストの前にユーザー名またはパスワード（user@host）があります。削除してください。Outcrop が自分でリクエストに署名します",
  accessKeyIdEmpty: "アクセスキー ID を入力してください (AKIA または ASIA で始まります)",
  accessKeyIdFormat: "アクセスキー ID は英大文字と数字だけで、通常 20 文字、AKIA または ASIA で始まります",
  secretAccessKeyEmpty: "キーの作成時に表示されたシークレットアクセスキーを入力してください",
  secretAccessKeyFormat: "シークレットアクセスキーは空白を含まない約 40 文字です",
  sessionTokenNeeded: "ASIA で始まるキーは一時的なもので、セッショントークンが必要です。トークンも貼り付けてください",
  sessionTokenSpaces: "セッショントークンに空白が含まれています。1 行で貼り付け直してください",
  apiKeyEmpty: "Bedrock API キーを貼り付けてください",
  apiKeySpaces: "API キーに空白が含まれています。1 行で貼り付け直してください",
  apiKeyPrefix: "Bedrock API キーは bedrock-api-key- (短期) または ABSK (長期) で始まります",
  apiKeyRegion:
    "このキーは {{keyRegion}} で発行されたもので、そのリージョンでしか使えません。リージョンを {{keyRegion}} にするか、{{region}} でキーを作成してください",
  awsProfileEmpty: "AWS プロファイルを選んでください",
  awsProfileUnknown: "{{config}} にも {{credentials}} にもプロファイル「{{profile}}」がありません",

  profileNameEmpty: "名前を入力してください (1〜64 文字)",
  profileNameTooLong: "名前が {{length}} 文字あります。{{max}} 文字までです",
  profileNameCharacters: "{{problem}}。名前は英数字を 1 つの空白、_ または - でつないだものです (パターン ([0-9a-zA-Z][ _-]?)+)",
  descriptionTooLong: "説明が {{length}} 文字あります。{{max}} 文字までです",
  descriptionCharacters:
    "{{problem}}。説明に使えるのは英数字と : . を 1 つの空白、_ または - でつないだものです。カンマ、括弧、スラッシュは使えません",
  textProblem: {
    startsWithSeparator: "先頭が「{{character}}」です",
    doubledSeparator: "{{position}} 文字目の「{{character}}」が別の区切り文字に続いています",
    notAllowed: "{{position}} 文字目の「{{character}}」は使えません",
  },
  projectNameEmpty: "名前を入力してください (1〜127 文字)",
  projectNameTooLong: "名前が {{length}} 文字あります。{{max}} 文字までです",
  projectNameBlank: "名前が空白だけです。空白以外の文字を 1 文字以上入れてください",
  usagePeriodForRange: "{{period}}ごとの点はこの期間に合いません。{{allowed}} から選んでください",
  dashboardNameEmpty: "ダッシュボードの名前を入れてください（例: BedrockPromptCaching）",
  dashboardNameTooLong: "ダッシュボード名は {{max}} 文字までです（この名前は {{length}} 文字）",
  dashboardNameCharacter: "{{position}} 文字目の「{{character}}」は使えません。ダッシュボード名に使えるのは英数字、- と _ だけです",
  dashboardNoTargets: "ダッシュボードに載せるモデルかプロファイルを 1 つ以上選んでください",
  usageNeedsAwsCredentials: "CloudWatch と Cost Explorer には AWS の認証情報が必要です。Bedrock API キーは Bedrock にしか使えません。AWS プロファイルかアクセスキーの接続を使ってください",
  projectWithApplicationProfile:
    "アプリケーション推論プロファイルは default 以外のプロジェクトに対応していません。{{project}} で送るには基盤モデルかシステム定義の推論プロファイルを選ぶか、default プロジェクトを選んでください",
  projectNotOnMessagesApi:
    "Messages API にはプロジェクトを指定する項目がありません。{{project}} で送るには Converse か InvokeModel を使うか、default プロジェクトを選んでください",
  tooManyTags: "タグが {{count}} 個あります。プロファイルのタグは {{max}} 個までです",
  tagKeyEmpty: "タグのキーは空にできません",
  tagKeyTooLong: "キーが {{length}} 文字あります。{{max}} 文字までです",
  tagKeyCharacter: "タグのキーに「{{character}}」は使えません。半角英数字、半角空白、. _ : / = + @ - を使ってください",
  tagKeyReserved: "aws: で始まるキーは AWS が予約しています",
  tagValueTooLong: "値が {{length}} 文字あります。{{max}} 文字までです",
  tagValueCharacter: "タグの値に「{{character}}」は使えません。半角英数字、半角空白、. _ : / = + @ - を使ってください",
  tagKeyDuplicate: "キー「{{key}}」が 2 回使われています。各キーは 1 回だけ使えます",
  tagTargetArn:
    "タグはアプリケーション推論プロファイルの ARN (arn:aws:bedrock:<リージョン>:<アカウント>:application-inference-profile/<ID>) に設定します",
  copyFromArn:
    "コピー元には基盤モデルの ARN (…:foundation-model/…) またはシステム推論プロファイルの ARN (…:inference-profile/…) を指定してください",

  toolNameFormat: "ツール名は英数字、'_'、'-' からなる 1〜64 文字です。",
  toolNameDuplicate: "「{{name}}」という名前のツールが 2 つあります。どちらかの名前を変えてください。",
  inputSchemaNotObject: '入力スキーマは {"type": "object", "properties": {}} のような JSON オブジェクトにしてください。',
  inputSchemaInvalidJson: "入力スキーマが正しい JSON ではありません ({{line}} 行 {{column}} 列)。",
  noMessages: "送信するユーザーメッセージを書いてください。",
  roleOrder: "メッセージはユーザー、アシスタント、ユーザー…の順に交互に並びます。メッセージ {{message}} は{{expected}}からのものにしてください。",
  role: { user: "ユーザー", assistant: "アシスタント" },
  contentOnlyCachePoints: "メッセージにはキャッシュポイント以外の内容が必要です。",
  tooManyDocuments:
    "このメッセージにはドキュメントが {{count}} 個あります。Bedrock が 1 メッセージで受け付けるのは {{max}} 個までです。いくつかを別のターンに移してください。",
  tooManyDocumentsInRequest:
    "この会話にはドキュメントが {{count}} 個あります。Bedrock が 1 回のリクエストで受け付けるのは {{max}} 個までで、各ターンは前のドキュメントも再送します。質問に不要なものを削除するか、新しいセッションを始めてください。",
  documentTooLarge:
    "このドキュメントは {{size}} です。Bedrock が受け付けるドキュメントは 1 つ {{max}} までです。質問に必要な部分だけを残すか、複数のターンに分けてください。",
  emptyText: "このテキストブロックは空です。何か書くか、削除してください。",
  toolInputInvalidJson: "ツール入力が正しい JSON ではありません ({{line}} 行 {{column}} 列)。",
  documentName: "ドキュメント名に使えるのは英数字、空白、ハイフン、丸括弧、角括弧で、空白を 2 つ続けることはできません。",
  lastMessageNotUser: "最後のメッセージはユーザーからのものにしてください。モデルはそれに答えます。",
  temperatureRange: "Temperature は 0 から 1 の間です。",
  topPRange: "Top P は 0 から 1 の間です。",
  maxTokensZero: "最大トークン数は 1 以上にしてください。",
  tooManyStopSequences: "停止シーケンスは {{max}} 個までです。",
  topKRange: "Top K は 1 から {{max}} までの整数です。",
  imageUnreadable: "{{name}} は Outcrop が読める PNG・JPEG・GIF・WebP の画像ではありません。ファイルを開き直してください。",
  imageFormatMismatch: "この画像は {{declared}} として送られますが、中身は {{actual}} です。開き直してください。",
  imageTooLarge: "この画像は {{size}} です。Bedrock が受け付ける画像は 1 枚 {{max}} までです。小さく、または低い解像度で保存してください。",
  imageTooWide: "この画像は {{width}} × {{height}} px です。Bedrock が受け付けるのは縦横それぞれ {{max}} px までです。",
  tooManyImagesInRequest: "この会話には画像が {{count}} 枚あります。Bedrock が 1 回のリクエストで受け付けるのは {{max}} 枚までで、各ターンは前の画像も送り直します。質問に要らない画像を外してください。",
  parameterRefused: "{{model}} は {{param}} を受け付けません。空にしてモデルの既定値を使ってください。",
  temperatureOrTopP: "{{model}} は temperature と top P のどちらか一方だけを受け付けます。どちらかを空にしてください。",
  thinkingNotOffered: "{{model}} は{{mode}}に対応していません。対応しているのは{{offered}}です。",
  thinkingNotOfferedAtAll: "{{model}} は思考（thinking）に対応していません。思考をオフにしてください。",
  thinkingBudgetTooSmall: "思考の予算は {{min}} トークン以上です。",
  thinkingBudgetNotBelowMaxTokens: "思考の予算（{{budget}}）は最大トークン数（{{max}}）より小さくしてください。最大トークン数を上げるか、予算を下げてください。",
  thinkingBudgetNoMaxTokens: "思考の予算を使うときは、最大トークン数を予算（{{budget}}）より大きく設定してください。",
  samplingWithThinking: "思考がオンのときは {{param}} を変更できません（temperature と top K は既定値のまま、top P は 0.95〜1）。",
  paramNames: { temperature: "temperature", topP: "top P", topK: "top K" },
  periods: {
    minutes_one: "{{count}} 分",
    minutes_other: "{{count}} 分",
    hours_one: "{{count}} 時間",
    hours_other: "{{count}} 時間",
    days_one: "{{count}} 日",
    days_other: "{{count}} 日",
  },
  thinkingModes: { budget: "予算つきの思考", adaptive: "適応型の思考" },
  apiNotServed: "{{model}} は bedrock-runtime で {{api}} に対応していません。代わりに {{instead}} で送信してください。",
  apiNotServedNoOther: "{{model}} は bedrock-runtime で {{api}} に対応していません。",
  automaticCacheMessagesOnly: "自動キャッシュ配置（トップレベルの cache_control）は Messages API だけのフィールドで、{{api}} では使えません。Messages API で送信するか、自動配置をオフにしてキャッシュポイントを置いてください。",
  apiNotOnMantle:
    "この接続は Messages API を bedrock-mantle に送りますが、bedrock-mantle は {{model}} に対応していません。bedrock-runtime は対応しているので、接続ページでこの接続の Messages API のエンドポイントを bedrock-runtime に切り替えるか、Converse で送信してください。",
  apiNotOnMantleNoOther:
    "この接続は Messages API を bedrock-mantle に送りますが、bedrock-mantle は {{model}} に対応していません。Converse で送信するか、bedrock-mantle が対応しているモデルを選んでください。",
  anthropicBodyOnly: "ここでの InvokeModel は Anthropic Messages 形式の本文を送りますが、{{model}} はそれを読めません。Converse で送信してください。",
  tierNotOffered: "{{model}} は {{tier}} サービス階層に対応していません。対応しているのは {{offered}} です。そのいずれかを選ぶか、階層を指定せずに送信してください。",
  apiNames: { converse: "Converse", invokeModel: "InvokeModel", countTokens: "CountTokens", messages: "Messages API" },
  tierNames: { default: "default（標準）", priority: "Priority", flex: "Flex", reserved: "Reserved" },
  overContextWindow:
    "リクエストは {{total}} トークンですが、{{model}} が読めるのは {{context}} トークンまでです。このブロックが最大 ({{largest}} トークン) です。短くするか削除してください。",
  overContextWindowEstimated:
    "リクエストは約 {{total}} トークンですが、{{model}} が読めるのは {{context}} トークンまでです。このブロックが最大 (約 {{largest}} トークン) です。短くするか削除してください。",
  cachePoint: {
    ttlNotSupported: "キャッシュポイント {{n}}: このモデルは TTL {{ttl}} に対応していません。5m を使ってください。",
    longerTtlAfterShorter:
      "キャッシュポイント {{n}}: 5m のポイントの後に 1h のポイントは置けません。1h のポイントを先に置くか、このポイントを 5m にしてください。",
    sectionNotCacheable:
      "キャッシュポイント {{n}}: このモデルは{{section}}をキャッシュできません。ポイントを削除するか、別のセクションに移してください。",
    sectionNotCacheableTools:
      "キャッシュポイント {{n}}: このモデルはツール定義をキャッシュできません。ポイントを削除するか、システムプロンプトかメッセージに移してください。",
    afterReasoning:
      "キャッシュポイント {{n}} は推論ブロックの直後にあり、Bedrock に拒否されます。推論の前か、次のブロックの後に移してください。",
    beyondLimit: "キャッシュポイント {{n}}: Bedrock が 1 リクエストで受け付けるキャッシュポイントは {{limit}} 個までです。1 つ削除してください。",
    belowMinimum:
      "キャッシュポイント {{n}} では何もキャッシュされません。プレフィックスがモデルの最小トークン数に {{tokens}} トークン足りません。ポイントを後ろに移すか、前に内容を足してください。",
    section: { tools: "ツール定義", system: "システムプロンプト", messages: "メッセージ" },
  },

  chooseModel: "送信先のモデルまたは推論プロファイルを選んでください。",
  requestBody: "トークン数を数えるためのリクエストを組み立てられませんでした: {{error}}。",
  priceTableInvalid: "料金表は保存されませんでした: {{error}}。",
  priceTableEmpty: "料金表は保存されませんでした。モデルが 1 つも載っていません。",
  placementCount: "比較する配置を {{min}}〜{{max}} 個選んでください。",
  bakeoffRunCount:
    "送信方法が {{transports}} 個のときは、配置を 1〜{{maxPlacements}} 個選んでください。比較テストを数分に収めるため、実行数（配置 × 送信方法）は {{maxRuns}} 回までです。",
  tooManyFollowUps: "フォローアップの質問は {{max}} 個までです。",
  followUpEmpty: "このフォローアップの質問は空です。",
  sessionTitleEmpty: "セッションにはタイトルが必要です。",
  notSessionExport: "これは Outcrop のセッションのエクスポートではありません ({{line}} 行 {{column}} 列)。",
  sessionExportVersion:
    "このファイルは「{{format}}」バージョン {{version}} です。Outcrop が読み込めるのは「outcrop-session」バージョン 1 です。",
  runIdLength: "実行には 1〜{{max}} 文字の ID が必要です。",
  runLabelTooLong: "実行のラベルは {{max}} 文字までです。",
  notRunExport: "これは Outcrop の実行のエクスポートではありません ({{line}} 行 {{column}} 列)。",
  runExportVersion: "このファイルは実行エクスポートのバージョン {{version}} です。Outcrop が読み込めるのはバージョン 1 です。",
  runExportEmpty: "この実行のエクスポートにはセッションがありません。",
  whatIfModelUnknown: "{{model}} の料金またはキャッシュの情報がありません。一覧からモデルを選んでください。",
  whatIfTokens: "{{min}}〜{{max}} の整数のトークン数を入力してください。",
  whatIfOverContext: "プレフィックスと質問の合計が {{total}} トークンで、{{model}} のコンテキストウィンドウ {{context}} を超えています。",
  whatIfRate: "1 時間あたりのリクエスト数は 0 より大きく {{max}} 以下で入力してください。",
  whatIfBurstSize: "バーストは {{min}}〜{{max}} 件の整数のリクエスト数です。",
};

registerMessages("rules", en, ja);

declare module "./i18n/keys" {
  interface Registered {
    rules: typeof en;
  }
}
