// How the UI words a classified AWS failure (`AwsReason` from Rust), in English and Japanese. `awsMessage` is
// AWS's own text and stays as AWS wrote it; text between backticks is a command the person can copy.
import { registerMessages, type Translation } from "./i18n/index.svelte";

export const en = {
  ssoSessionExpired:
    "The IAM Identity Center (SSO) session of profile “{{profile}}” has expired or was never started. Run `{{loginCommand}}` and test again.",
  ssoRoleRefused:
    "IAM Identity Center refused the account or role of profile “{{profile}}” ({{awsMessage}}). Check its sso_account_id and sso_role_name, or ask your administrator for access.",
  credentialProcessMissing: {
    profile:
      "Profile “{{profile}}” gets its credentials by running “{{program}}” (its credential_process), and there is no such program on this computer. Install it, or correct the path in your AWS config.",
    connection:
      "This connection gets its credentials by running “{{program}}” (its credential_process), and there is no such program on this computer. Install it, or correct the path in your AWS config.",
  },
  credentialsUnreachable: {
    profile:
      "Profile “{{profile}}” could not get credentials: AWS could not be reached ({{cause}}). Check your network connection and try again; nothing was sent to Bedrock.",
    connection:
      "This connection could not get credentials: AWS could not be reached ({{cause}}). Check your network connection and try again; nothing was sent to Bedrock.",
  },
  credentialsTimedOut: {
    profile:
      "Profile “{{profile}}” could not get credentials in time. Check your network connection and try again; nothing was sent to Bedrock.",
    connection:
      "This connection could not get credentials in time. Check your network connection and try again; nothing was sent to Bedrock.",
  },
  profileWithoutCredentials:
    "Profile “{{profile}}” did not yield credentials. Check it in your AWS config (`aws configure list --profile {{profile}}`).",
  noCredentials: "This connection did not yield credentials. Check its AWS configuration.",
  unrecognisedAccessKey: "AWS does not recognise this access key ID. Check it, or create a new access key in IAM.",
  apiKeyNotAccepted: "AWS does not accept this API key. Create a new Bedrock API key and add it again.",
  signatureMismatch: "The secret access key does not match the access key ID. Paste the secret again.",
  missingIamAction:
    "Access denied: this identity may not call {{action}}. Ask your administrator to allow {{action}} (AWS said: {{awsMessage}})",
  credentialsExpired: "These credentials have expired ({{awsMessage}}). Renew them and test again.",
  apiKeyExpired: "This Bedrock API key has expired. Create a new one and add it again.",
  apiKeyWrongRegion:
    "This connection's API key was issued in {{keyRegion}} and works only in that Region, but the connection is set to {{region}}. Set its Region back to {{keyRegion}}, or create a key in {{region}} and add it as a new connection.",
  throttled: "Bedrock is limiting requests, or a quota is used up; wait a moment and try again. (AWS said: {{awsMessage}})",
  needsInferenceProfile:
    "This model cannot be called on demand by its bare ID; use an inference profile that contains it. (AWS said: {{awsMessage}})",
  tierNotSupported:
    "This model does not offer the service tier the request asked for; pick another tier or send without one (the default tier). (AWS said: {{awsMessage}})",
  refused: "Bedrock refused {{operation}} ({{awsCode}}): {{awsMessage}}",
  timedOut: "{{operation}} timed out before Bedrock answered; check the network and try again.",
  unreachable: "{{operation}} could not reach Bedrock; check the network, the Region and the endpoint URL.",
  noAnswer: "{{operation}} failed before Bedrock could answer.",
  regionWithoutBedrock:
    "Could not reach Bedrock in “{{region}}”. Amazon Bedrock is not known to run in that Region; check the Region code.",
  bedrockUnreachable: {
    plain: "Could not reach Bedrock in {{region}}. Check your network connection.",
    endpoint: "Could not reach Bedrock in {{region}} at {{endpointUrl}}. Check your network connection and the endpoint URL.",
  },
};

const ja: Translation<typeof en> = {
  ssoSessionExpired:
    "プロファイル「{{profile}}」の IAM Identity Center (SSO) セッションは期限切れか、まだ開始されていません。`{{loginCommand}}` を実行してから、もう一度テストしてください。",
  ssoRoleRefused:
    "IAM Identity Center がプロファイル「{{profile}}」のアカウントまたはロールを拒否しました（{{awsMessage}}）。sso_account_id と sso_role_name を確認するか、管理者にアクセス権を依頼してください。",
  credentialProcessMissing: {
    profile:
      "プロファイル「{{profile}}」は credential_process のプログラム「{{program}}」を実行して認証情報を取得しますが、このコンピューターにそのプログラムがありません。インストールするか、AWS の設定ファイルのパスを修正してください。",
    connection:
      "この接続は credential_process のプログラム「{{program}}」を実行して認証情報を取得しますが、このコンピューターにそのプログラムがありません。インストールするか、AWS の設定ファイルのパスを修正してください。",
  },
  credentialsUnreachable: {
    profile:
      "プロファイル「{{profile}}」の認証情報を取得できませんでした。AWS に接続できません（{{cause}}）。ネットワーク接続を確認して、もう一度お試しください。Bedrock には何も送信していません。",
    connection:
      "この接続の認証情報を取得できませんでした。AWS に接続できません（{{cause}}）。ネットワーク接続を確認して、もう一度お試しください。Bedrock には何も送信していません。",
  },
  credentialsTimedOut: {
    profile:
      "プロファイル「{{profile}}」の認証情報を時間内に取得できませんでした。ネットワーク接続を確認して、もう一度お試しください。Bedrock には何も送信していません。",
    connection:
      "この接続の認証情報を時間内に取得できませんでした。ネットワーク接続を確認して、もう一度お試しください。Bedrock には何も送信していません。",
  },
  profileWithoutCredentials:
    "プロファイル「{{profile}}」から認証情報を取得できませんでした。AWS の設定を確認してください（`aws configure list --profile {{profile}}`）。",
  noCredentials: "この接続から認証情報を取得できませんでした。AWS の設定を確認してください。",
  unrecognisedAccessKey: "AWS はこのアクセスキー ID を認識していません。確認するか、IAM で新しいアクセスキーを作成してください。",
  apiKeyNotAccepted: "AWS はこの API キーを受け付けません。新しい Bedrock API キーを作成して、追加し直してください。",
  signatureMismatch: "シークレットアクセスキーがアクセスキー ID と一致しません。シークレットを貼り付け直してください。",
  missingIamAction:
    "アクセスが拒否されました。この ID には {{action}} を呼び出す権限がありません。管理者に {{action}} の許可を依頼してください（AWS のメッセージ: {{awsMessage}}）",
  credentialsExpired: "認証情報の有効期限が切れています（{{awsMessage}}）。更新してから、もう一度テストしてください。",
  apiKeyExpired: "この Bedrock API キーは有効期限が切れています。新しいキーを作成して、追加し直してください。",
  apiKeyWrongRegion:
    "この接続の API キーは {{keyRegion}} で発行されたもので、そのリージョンでしか使えませんが、接続のリージョンは {{region}} になっています。リージョンを {{keyRegion}} に戻すか、{{region}} でキーを作成して新しい接続として追加してください。",
  throttled:
    "Bedrock がリクエストを制限しているか、クォータを使い切っています。少し待ってから、もう一度お試しください（AWS のメッセージ: {{awsMessage}}）",
  needsInferenceProfile:
    "このモデルはモデル ID だけではオンデマンドで呼び出せません。このモデルを含む推論プロファイルを使ってください（AWS のメッセージ: {{awsMessage}}）",
  tierNotSupported:
    "このモデルは指定されたサービス階層に対応していません。別の階層を選ぶか、階層を指定せずに（既定の階層で）送信してください（AWS のメッセージ: {{awsMessage}}）",
  refused: "Bedrock が {{operation}} を拒否しました（{{awsCode}}）: {{awsMessage}}",
  timedOut: "Bedrock が応答する前に {{operation}} がタイムアウトしました。ネットワークを確認して、もう一度お試しください。",
  unreachable: "{{operation}} で Bedrock に接続できませんでした。ネットワーク、リージョン、エンドポイント URL を確認してください。",
  noAnswer: "Bedrock が応答する前に {{operation}} が失敗しました。",
  regionWithoutBedrock:
    "「{{region}}」の Bedrock に接続できませんでした。Amazon Bedrock はこのリージョンで提供されていないようです。リージョンコードを確認してください。",
  bedrockUnreachable: {
    plain: "{{region}} の Bedrock に接続できませんでした。ネットワーク接続を確認してください。",
    endpoint: "{{region}} の Bedrock（{{endpointUrl}}）に接続できませんでした。ネットワーク接続とエンドポイント URL を確認してください。",
  },
};

registerMessages("awsError", en, ja);

declare module "./i18n/keys" {
  interface Registered {
    awsError: typeof en;
  }
}
