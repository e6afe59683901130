//! The profiles of `~/.aws/config` and `~/.aws/credentials`, read for display: name, Region and how each
//! gets its credentials. (The SDK resolves the credentials themselves; this never reads a secret value.)

use serde::Serialize;
use ts_rs::TS;

/// How a profile obtains credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum AwsProfileKind {
    /// `aws_access_key_id` in the credentials or config file.
    StaticKeys,
    /// IAM Identity Center: `sso_session` or `sso_start_url`.
    Sso,
    /// `role_arn` with a `source_profile` or `credential_source`.
    AssumeRole,
    /// `credential_process`.
    CredentialProcess,
    /// `web_identity_token_file`.
    WebIdentity,
    /// Named, but with nothing that yields credentials by itself.
    Other,
}

/// A profile as the Connections page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AwsProfile {
    pub name: String,
    pub region: Option<String>,
    pub kind: AwsProfileKind,
    /// For SSO profiles, the command that refreshes their token.
    pub login_command: Option<String>,
}

#[derive(Debug, Default)]
struct Section {
    keys: Vec<(String, String)>,
}

impl Section {
    fn get(&self, key: &str) -> Option<&str> {
        self.keys
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// `[name]` / `[profile name]` sections of an AWS INI file; `is_config` says which naming applies.
fn sections(text: &str, is_config: bool) -> Vec<(String, Section)> {
    let mut out: Vec<(String, Section)> = Vec::new();
    let mut current: Option<usize> = None;
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(header) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let header = header.trim();
            let name = if is_config {
                match header.strip_prefix("profile ") {
                    Some(name) => Some(name.trim()),
                    None if header == "default" => Some("default"),
                    None => None, // [sso-session x], [services x]: not profiles
                }
            } else {
                Some(header)
            };
            current = name.map(|name| match out.iter().position(|(n, _)| n == name) {
                Some(i) => i,
                None => {
                    out.push((name.to_owned(), Section::default()));
                    out.len() - 1
                }
            });
            continue;
        }
        // Indented lines continue a nested block (`s3 =` sub-settings); they hold nothing listed here.
        if raw.starts_with(' ') || raw.starts_with('\t') {
            continue;
        }
        if let (Some(index), Some((key, value))) = (current, line.split_once('=')) {
            out[index]
                .1
                .keys
                .push((key.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    out
}

/// Lists the profiles of both files, config first, in file order, each once.
pub fn parse(config: &str, credentials: &str) -> Vec<AwsProfile> {
    let config = sections(config, true);
    let credentials = sections(credentials, false);
    let mut names: Vec<&str> = config.iter().map(|(n, _)| n.as_str()).collect();
    for (name, _) in &credentials {
        if !names.contains(&name.as_str()) {
            names.push(name);
        }
    }
    names
        .into_iter()
        .map(|name| {
            let in_config = config.iter().find(|(n, _)| n == name).map(|(_, s)| s);
            let in_credentials = credentials.iter().find(|(n, _)| n == name).map(|(_, s)| s);
            let get = |key: &str| {
                in_config
                    .and_then(|s| s.get(key))
                    .or_else(|| in_credentials.and_then(|s| s.get(key)))
            };
            let kind = if get("sso_session").is_some() || get("sso_start_url").is_some() {
                AwsProfileKind::Sso
            } else if get("role_arn").is_some() && get("web_identity_token_file").is_some() {
                AwsProfileKind::WebIdentity
            } else if get("role_arn").is_some() {
                AwsProfileKind::AssumeRole
            } else if get("credential_process").is_some() {
                AwsProfileKind::CredentialProcess
            } else if get("aws_access_key_id").is_some() {
                AwsProfileKind::StaticKeys
            } else {
                AwsProfileKind::Other
            };
            AwsProfile {
                name: name.to_owned(),
                region: get("region").map(str::to_owned),
                kind,
                login_command: (kind == AwsProfileKind::Sso).then(|| sso_login_command(name)),
            }
        })
        .collect()
}

/// The program a profile's `credential_process` runs: its first word, unquoted — of the profile itself or, for
/// a profile that assumes a role, of its `source_profile` (followed as the SDK does). Only the program: the
/// arguments may hold secrets. `None` when no `credential_process` gives this profile its credentials.
pub fn credential_process_program(config: &str, credentials: &str, profile: &str) -> Option<String> {
    let config = sections(config, true);
    let credentials = sections(credentials, false);
    let get = |name: &str, key: &str| -> Option<String> {
        let find = |all: &[(String, Section)]| {
            all.iter()
                .find(|(n, _)| n == name)
                .and_then(|(_, s)| s.get(key))
                .map(str::to_owned)
        };
        find(&config).or_else(|| find(&credentials))
    };
    let mut current = profile.to_owned();
    // A chain of source profiles is short; a loop in it ends here instead of spinning.
    for _ in 0..8 {
        match (get(&current, "role_arn"), get(&current, "source_profile")) {
            (Some(_), Some(source)) if source != current => current = source,
            _ => return get(&current, "credential_process").and_then(|c| first_word(&c)),
        }
    }
    None
}

/// The first word of a command line as a shell reads it: quoted (`"C:\Program Files\x.exe" --flag`) or bare.
fn first_word(command: &str) -> Option<String> {
    let command = command.trim();
    let word = match command.chars().next()? {
        quote @ ('"' | '\'') => command[1..].split(quote).next().unwrap_or_default(),
        _ => command.split_whitespace().next().unwrap_or_default(),
    };
    (!word.is_empty()).then(|| word.to_owned())
}

/// `aws sso login --profile NAME`, with the name quoted when the shell would split it.
pub fn sso_login_command(profile: &str) -> String {
    if profile
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    {
        format!("aws sso login --profile {profile}")
    } else {
        format!("aws sso login --profile '{}'", profile.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = "
[default]
region = us-east-1

[profile dev-sso]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Developer
region = eu-west-1

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1

[profile analyst]
role_arn = arn:aws:iam::111122223333:role/Analyst
source_profile = default
region = ap-northeast-1
s3 =
  max_concurrent_requests = 20

[profile vault]
credential_process = /usr/local/bin/vault-aws
";
    const CREDENTIALS: &str = "
[default]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY

[ci]
aws_access_key_id = AKIAI44QH8DHBEXAMPLE
aws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY
";

    #[test]
    fn lists_every_profile_with_its_kind_and_region() {
        let profiles = parse(CONFIG, CREDENTIALS);
        let summary: Vec<(&str, Option<&str>, AwsProfileKind)> = profiles
            .iter()
            .map(|p| (p.name.as_str(), p.region.as_deref(), p.kind))
            .collect();
        assert_eq!(
            summary,
            [
                ("default", Some("us-east-1"), AwsProfileKind::StaticKeys),
                ("dev-sso", Some("eu-west-1"), AwsProfileKind::Sso),
                ("analyst", Some("ap-northeast-1"), AwsProfileKind::AssumeRole),
                ("vault", None, AwsProfileKind::CredentialProcess),
                ("ci", None, AwsProfileKind::StaticKeys),
            ]
        );
        assert_eq!(
            profiles[1].login_command.as_deref(),
            Some("aws sso login --profile dev-sso")
        );
    }

    #[test]
    fn never_carries_a_secret() {
        let debug = format!("{:?}", parse(CONFIG, CREDENTIALS));
        assert!(
            !debug.contains("wJalrXUtnFEMI") && !debug.contains("AKIAIOSFODNN7EXAMPLE"),
            "{debug}"
        );
    }

    #[test]
    fn empty_or_missing_files_list_nothing() {
        assert!(parse("", "").is_empty());
        assert!(parse("garbage without sections\n[", "").is_empty());
    }

    #[test]
    fn names_the_credential_process_program_never_its_arguments() {
        let config = "
[profile vault]
credential_process = /usr/local/bin/vault-aws --token s3cr3t

[profile quoted]
credential_process = \"/opt/My Tools/creds\" --profile x

[profile role-on-vault]
role_arn = arn:aws:iam::111122223333:role/Analyst
source_profile = vault

[profile loop]
role_arn = arn:aws:iam::111122223333:role/Analyst
source_profile = loop2

[profile loop2]
role_arn = arn:aws:iam::111122223333:role/Analyst
source_profile = loop
";
        let program = |name| credential_process_program(config, CREDENTIALS, name);
        assert_eq!(program("vault").as_deref(), Some("/usr/local/bin/vault-aws"));
        assert_eq!(program("quoted").as_deref(), Some("/opt/My Tools/creds"));
        assert_eq!(
            program("role-on-vault").as_deref(),
            Some("/usr/local/bin/vault-aws")
        );
        assert_eq!(program("default"), None, "static keys run nothing");
        assert_eq!(program("loop"), None);
        assert_eq!(program("missing"), None);
    }

    #[test]
    fn quotes_odd_profile_names() {
        assert_eq!(
            sso_login_command("my profile"),
            "aws sso login --profile 'my profile'"
        );
    }
}
