//! The one list of commands. It registers them with Tauri and describes them to TypeScript, so the UI's
//! typed wrapper (`ui/src/lib/ipc`) knows every command's name, arguments and result, and an unknown
//! command name is a compile error there.

use ts_rs::TS;

/// A command as TypeScript sees it.
#[derive(Debug)]
pub struct CommandSignature {
    pub name: &'static str,
    /// Argument names as Rust spells them, with their TypeScript types.
    pub args: Vec<(&'static str, String)>,
    pub result: String,
}

/// An argument's TypeScript type: its own, or the one given with `as "…"` (a `Channel` has none of its own).
macro_rules! ts_arg {
    ($cfg:ident, $arg_ty:ty) => {
        <$arg_ty as TS>::name($cfg)
    };
    ($cfg:ident, $arg_ty:ty, $ts:literal) => {
        $ts.to_owned()
    };
}

macro_rules! commands {
    ($( $module:ident :: $name:ident ( $( $arg:ident : $arg_ty:ty $( as $ts:literal )? ),* ) -> $ret:ty ; )*) => {
        /// Tauri's handler for every Outcrop command.
        pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![ $( crate::commands::$module::$name ),* ]
        }

        /// Every command's TypeScript signature, in registration order.
        pub fn signatures(cfg: &ts_rs::Config) -> Vec<CommandSignature> {
            vec![ $( CommandSignature {
                name: stringify!($name),
                args: vec![ $( (stringify!($arg), ts_arg!(cfg, $arg_ty $(, $ts)?)) ),* ],
                result: <$ret as TS>::name(cfg),
            } ),* ]
        }
    };
}

commands! {
    app_info::app_info() -> crate::commands::app_info::AppInfo;
    startup::app_started(phase: crate::commands::startup::StartupPhase) -> ();
    connections::connections_overview() -> outcrop_bedrock::connections::ConnectionsOverview;
    connections::aws_profiles() -> Vec<outcrop_core::aws_profiles::AwsProfile>;
    connections::connection_check(draft: outcrop_bedrock::connections::NewConnection) -> Vec<outcrop_core::connection_input::FieldError>;
    connections::connection_add(draft: outcrop_bedrock::connections::NewConnection) -> outcrop_bedrock::SavedConnection;
    connections::connection_remove(id: String) -> outcrop_bedrock::connections::ConnectionsOverview;
    connections::connection_activate(id: String) -> outcrop_bedrock::SavedConnection;
    connections::connection_set_region(id: String, region: String) -> outcrop_bedrock::SavedConnection;
    connections::connection_set_messages_endpoint(id: String, endpoint: outcrop_core::MessagesEndpoint) -> outcrop_bedrock::SavedConnection;
    connections::connection_set_endpoints(id: String, endpoint_url: Option<String>, runtime_endpoint_url: Option<String>) -> outcrop_bedrock::SavedConnection;
    connections::connection_test(id: String) -> outcrop_bedrock::connections::ConnectionReport;
    connections::welcome_finish() -> outcrop_bedrock::connections::ConnectionsOverview;
    connections::local_bedrock_reset() -> ();
    profiles::models_catalog() -> outcrop_bedrock::profiles::Catalog;
    profiles::model_resolve(input: String) -> outcrop_core::resolver::Resolution;
    profiles::model_verdict(input: String) -> outcrop_core::resolver::Verdict;
    profiles::profile_details(id: String) -> outcrop_bedrock::profiles::ProfileDetails;
    profiles::profile_preview(request: outcrop_bedrock::profiles::CreateProfile) -> crate::commands::profiles::CreatePreview;
    profiles::profile_check_tags(tags: Vec<outcrop_core::profiles::Tag>) -> Vec<outcrop_core::connection_input::FieldError>;
    profiles::profile_create(request: outcrop_bedrock::profiles::CreateProfile) -> outcrop_bedrock::profiles::Profile;
    profiles::profile_set_tags(arn: String, tags: Vec<outcrop_core::profiles::Tag>) -> Vec<outcrop_core::profiles::Tag>;
    profiles::profile_delete(id: String) -> ();
    projects::projects_overview() -> crate::commands::projects::ProjectsOverview;
    projects::project_preview(request: outcrop_bedrock::projects::CreateProject) -> crate::commands::projects::ProjectPreview;
    projects::project_check_name(name: String) -> Vec<outcrop_core::connection_input::FieldError>;
    projects::project_create(request: outcrop_bedrock::projects::CreateProject) -> outcrop_bedrock::projects::Project;
    projects::project_rename(id: String, name: String) -> outcrop_bedrock::projects::Project;
    projects::project_archive(id: String) -> outcrop_bedrock::projects::Project;
    usage::usage_overview() -> crate::commands::usage::UsageOverview;
    usage::usage_report(target: outcrop_core::usage::metrics::PublishedTarget, range: outcrop_core::usage::UsageRange, period_seconds: u32) -> outcrop_core::usage::UsageReport;
    usage::usage_dashboard_preview(name: String, targets: Vec<outcrop_core::usage::dashboard::DashboardTarget>) -> crate::commands::usage::DashboardPreview;
    usage::usage_put_dashboard(name: String, targets: Vec<outcrop_core::usage::dashboard::DashboardTarget>) -> crate::commands::usage::DashboardCreated;
    usage::spend_overview() -> crate::commands::usage::SpendOverview;
    usage::spend_report(tag_key: String, range: outcrop_core::usage::SpendRange) -> crate::commands::usage::SpendAnswer;
    playground::playground_plan(request: crate::commands::playground::PlanRequest) -> outcrop_bedrock::playground::PlanView;
    playground::playground_count_tokens(request: crate::commands::playground::PlanRequest) -> outcrop_bedrock::playground::TokenCountReport;
    playground::playground_send(request: crate::commands::playground::SendRequest, on_event: tauri::ipc::Channel<outcrop_bedrock::playground::TurnEvent> as "Channel<TurnEvent>") -> outcrop_bedrock::playground::TurnRecord;
    playground::playground_cancel(session_id: String) -> bool;
    playground::playground_bakeoff(request: outcrop_bedrock::playground::BakeoffRequest, on_event: tauri::ipc::Channel<outcrop_bedrock::playground::BakeoffEvent> as "Channel<BakeoffEvent>") -> outcrop_bedrock::playground::BakeoffReport;
    playground::playground_bakeoff_cancel() -> bool;
    playground::playground_copy_as_code(request: crate::commands::playground::CopyRequest, format: outcrop_core::request_code::CodeFormat) -> outcrop_bedrock::playground::CopiedCode;
    playground::session_create(title: String, draft: outcrop_bedrock::playground::Draft, run: Option<outcrop_bedrock::playground::SessionRun>) -> outcrop_bedrock::playground::Session;
    playground::session_get(id: String) -> outcrop_bedrock::playground::Session;
    playground::session_earlier_turns(id: String, before: u32) -> outcrop_bedrock::playground::EarlierTurns;
    playground::sessions_list(query: String) -> Vec<outcrop_bedrock::playground::SessionSummary>;
    playground::session_save_draft(id: String, draft: outcrop_bedrock::playground::Draft) -> String;
    playground::session_rename(id: String, title: String) -> ();
    playground::session_delete(id: String) -> ();
    playground::session_export(id: String) -> String;
    playground::session_save_to_downloads(id: String) -> String;
    playground::session_import(json: String) -> outcrop_bedrock::playground::Session;
    playground::session_run_delete(run_id: String) -> u32;
    playground::session_run_export(run_id: String) -> String;
    playground::session_run_save_to_downloads(run_id: String) -> String;
    playground::prices_get() -> outcrop_bedrock::playground::PriceTableText;
    playground::prices_save(json: String) -> outcrop_bedrock::playground::PriceTableText;
    playground::prices_reset() -> outcrop_bedrock::playground::PriceTableText;
    floor_probe::floor_probe_plan(model_choice: String) -> outcrop_bedrock::playground::FloorProbePlan;
    floor_probe::floor_probe_run(model_choice: String, on_event: tauri::ipc::Channel<outcrop_bedrock::playground::FloorProbeEvent> as "Channel<FloorProbeEvent>") -> outcrop_bedrock::playground::FloorProbeReport;
    floor_probe::floor_probe_stop() -> bool;
    floor_probe::floor_probes_list() -> Vec<outcrop_bedrock::playground::StoredFloorProbe>;
    floor_probe::floor_probe_delete(id: i64 as "number") -> ();
    what_if::what_if_models() -> Vec<outcrop_core::what_if::WhatIfModel>;
    what_if::what_if_prefill(session_id: Option<String>) -> outcrop_core::what_if::WhatIfPrefill;
    what_if::what_if(input: outcrop_core::what_if::WhatIfInput) -> outcrop_core::what_if::WhatIf;
    demos::demo_list() -> outcrop_bedrock::playground::demos::DemoLibrary;
    demos::demo_import(json: String) -> outcrop_bedrock::playground::demos::DemoEntry;
    demos::demo_from_session(session_id: String, title: String, lang: String) -> outcrop_bedrock::playground::demos::DemoEntry;
    demos::demo_save_to_downloads(id: String) -> String;
    demos::demo_tool_results(id: String, reply: Vec<outcrop_core::conversation::ContentItem>) -> Vec<outcrop_core::conversation::ContentItem>;
    demos::demo_delete(id: String) -> bool;
    report::report_default_folder() -> String;
    report::report_pick_folder(title: String, start: String) -> Option<String>;
    report::report_save(input: outcrop_core::report::ReportInput, labels: outcrop_core::report::ReportLabels, folder: String, name: String) -> crate::commands::report::ReportSaved;
}

/// The TypeScript declarations of every type that crosses IPC.
fn declarations(cfg: &ts_rs::Config) -> Vec<(Option<String>, String)> {
    fn decl<T: TS>(cfg: &ts_rs::Config) -> (Option<String>, String) {
        (T::docs(), T::decl(cfg))
    }
    vec![
        decl::<crate::commands::startup::StartupPhase>(cfg),
        decl::<outcrop_core::ErrorCode>(cfg),
        decl::<outcrop_bedrock::AwsReason>(cfg),
        decl::<crate::IpcError>(cfg),
        decl::<crate::commands::app_info::AppInfo>(cfg),
        decl::<crate::commands::app_info::BuildInfo>(cfg),
        decl::<outcrop_bedrock::connections::SavedSource>(cfg),
        decl::<outcrop_bedrock::SavedConnection>(cfg),
        decl::<outcrop_bedrock::connections::ConnectionsOverview>(cfg),
        decl::<outcrop_bedrock::connections::NewSource>(cfg),
        decl::<outcrop_bedrock::connections::NewConnection>(cfg),
        decl::<outcrop_bedrock::connections::ConnectionReport>(cfg),
        decl::<outcrop_core::aws_profiles::AwsProfileKind>(cfg),
        decl::<outcrop_core::aws_profiles::AwsProfile>(cfg),
        decl::<outcrop_core::field_rule::TextProblem>(cfg),
        decl::<outcrop_core::field_rule::Rule>(cfg),
        decl::<outcrop_core::connection_input::FieldError>(cfg),
        decl::<outcrop_bedrock::models::FoundationModel>(cfg),
        decl::<outcrop_bedrock::profiles::Profile>(cfg),
        decl::<outcrop_bedrock::profiles::ProfileRoute>(cfg),
        decl::<outcrop_bedrock::profiles::CatalogModel>(cfg),
        decl::<outcrop_bedrock::profiles::Catalog>(cfg),
        decl::<outcrop_bedrock::profiles::CreateProfile>(cfg),
        decl::<outcrop_core::profiles::Tag>(cfg),
        decl::<outcrop_core::resolver::Route>(cfg),
        decl::<outcrop_core::resolver::ResolutionReason>(cfg),
        decl::<outcrop_core::resolver::Resolution>(cfg),
        decl::<outcrop_core::resolver::Refusal>(cfg),
        decl::<outcrop_core::resolver::Verdict>(cfg),
        decl::<outcrop_core::profiles::CliAction>(cfg),
        decl::<outcrop_core::profiles::CliCommand>(cfg),
        decl::<outcrop_bedrock::profiles::ProfileDetails>(cfg),
        decl::<crate::commands::profiles::CreatePreview>(cfg),
        decl::<outcrop_core::projects::DataRetentionMode>(cfg),
        decl::<outcrop_core::projects::ProjectCliAction>(cfg),
        decl::<outcrop_core::projects::ProjectCliCommand>(cfg),
        decl::<outcrop_bedrock::projects::Project>(cfg),
        decl::<outcrop_bedrock::projects::CreateProject>(cfg),
        decl::<crate::commands::projects::ProjectsOverview>(cfg),
        decl::<crate::commands::projects::ProjectPreview>(cfg),
        decl::<outcrop_core::usage::UsageRange>(cfg),
        decl::<outcrop_core::usage::UsageWindow>(cfg),
        decl::<outcrop_core::usage::window::UsageRangeChoice>(cfg),
        decl::<outcrop_core::usage::MetricKind>(cfg),
        decl::<outcrop_core::usage::MetricSeries>(cfg),
        decl::<outcrop_core::usage::UsageReport>(cfg),
        decl::<outcrop_core::usage::PublishedTarget>(cfg),
        decl::<outcrop_core::usage::dashboard::DashboardTarget>(cfg),
        decl::<outcrop_core::usage::DashboardPlan>(cfg),
        decl::<outcrop_core::usage::facts::Fact<f64>>(cfg),
        decl::<outcrop_core::usage::facts::UsageFacts>(cfg),
        decl::<outcrop_core::usage::SpendRange>(cfg),
        decl::<outcrop_core::usage::spend::SpendGranularity>(cfg),
        decl::<outcrop_core::usage::SpendWindow>(cfg),
        decl::<outcrop_core::usage::spend::TagCarrierKind>(cfg),
        decl::<outcrop_core::usage::spend::TagCarrier>(cfg),
        decl::<outcrop_core::usage::SpendGroup>(cfg),
        decl::<outcrop_core::usage::spend::ServiceSpend>(cfg),
        decl::<outcrop_core::usage::SpendReport>(cfg),
        decl::<outcrop_bedrock::usage::UsageTargetKind>(cfg),
        decl::<outcrop_bedrock::usage::UsageTarget>(cfg),
        decl::<crate::commands::usage::UsageOverview>(cfg),
        decl::<crate::commands::usage::DashboardPreview>(cfg),
        decl::<crate::commands::usage::DashboardCreated>(cfg),
        decl::<crate::commands::usage::SpendOverview>(cfg),
        decl::<crate::commands::usage::SpendAnswer>(cfg),
        decl::<outcrop_core::model_facts::CacheTtl>(cfg),
        decl::<outcrop_core::model_facts::CacheField>(cfg),
        decl::<outcrop_core::conversation::ToolItem>(cfg),
        decl::<outcrop_core::conversation::SystemItem>(cfg),
        decl::<outcrop_core::conversation::DocumentFormat>(cfg),
        decl::<outcrop_core::conversation::ContentItem>(cfg),
        decl::<outcrop_core::conversation::Role>(cfg),
        decl::<outcrop_core::conversation::Message>(cfg),
        decl::<outcrop_core::conversation::InferenceParams>(cfg),
        decl::<outcrop_core::conversation::Conversation>(cfg),
        decl::<outcrop_core::conversation::BlockOrigin>(cfg),
        decl::<outcrop_core::cache_plan::PointProblem>(cfg),
        decl::<outcrop_core::cache_plan::PointPlan>(cfg),
        decl::<outcrop_core::cache_plan::LintKind>(cfg),
        decl::<outcrop_core::cache_plan::LintFix>(cfg),
        decl::<outcrop_core::cache_plan::LintFinding>(cfg),
        decl::<outcrop_core::cache_plan::CachePlan>(cfg),
        decl::<outcrop_core::cache_tracker::CachedPrefix>(cfg),
        decl::<outcrop_core::cache_tracker::PointAction>(cfg),
        decl::<outcrop_core::cache_tracker::BlockDiff>(cfg),
        decl::<outcrop_core::cache_tracker::MissCause>(cfg),
        decl::<outcrop_core::cache_tracker::Prediction>(cfg),
        decl::<outcrop_core::cache_tracker::Reconciliation>(cfg),
        decl::<outcrop_core::model_facts::Sureness>(cfg),
        decl::<outcrop_core::model_facts::FloorClaim>(cfg),
        decl::<outcrop_core::model_facts::MeasuredFloor>(cfg),
        decl::<outcrop_core::floor_probe::ProbePlan>(cfg),
        decl::<outcrop_core::floor_probe::FloorOutcome>(cfg),
        decl::<outcrop_core::floor_probe::ProbeUsage>(cfg),
        decl::<outcrop_core::floor_probe::ProbeRequestLog>(cfg),
        decl::<outcrop_core::model_facts::ModelApi>(cfg),
        decl::<outcrop_core::MessagesEndpoint>(cfg),
        decl::<outcrop_core::model_facts::ApiFacts>(cfg),
        decl::<outcrop_core::model_facts::ServiceTier>(cfg),
        decl::<outcrop_core::model_facts::TierFacts>(cfg),
        decl::<outcrop_core::model_facts::ParameterFacts>(cfg),
        decl::<outcrop_core::model_facts::SamplingParam>(cfg),
        decl::<outcrop_core::model_facts::ThinkingMode>(cfg),
        decl::<outcrop_core::conversation::Thinking>(cfg),
        decl::<outcrop_core::conversation::ImageFormat>(cfg),
        decl::<outcrop_core::pricing::Prices>(cfg),
        decl::<outcrop_core::pricing::PriceRoute>(cfg),
        decl::<outcrop_core::pricing::PriceRow>(cfg),
        decl::<outcrop_core::pricing::LongContextRate>(cfg),
        decl::<outcrop_core::pricing::TierPrice>(cfg),
        decl::<outcrop_core::pricing::Billing>(cfg),
        decl::<outcrop_core::pricing::PriceQuote>(cfg),
        decl::<outcrop_core::pricing::Usage>(cfg),
        decl::<outcrop_core::pricing::TurnCost>(cfg),
        decl::<outcrop_core::pricing::SessionTotals>(cfg),
        decl::<outcrop_core::request_code::CodeFormat>(cfg),
        decl::<outcrop_bedrock::playground::Api>(cfg),
        decl::<outcrop_bedrock::playground::Latency>(cfg),
        decl::<outcrop_bedrock::playground::TurnStatus>(cfg),
        decl::<outcrop_bedrock::playground::TurnError>(cfg),
        decl::<outcrop_bedrock::playground::TurnEvent>(cfg),
        decl::<outcrop_bedrock::playground::TurnRecord>(cfg),
        decl::<outcrop_bedrock::playground::Draft>(cfg),
        decl::<outcrop_bedrock::playground::RequestDelta>(cfg),
        (
            Some("/** A turn of a list Rust sends: whole but its request, which builds on the turn before it in the list. */".into()),
            "type SentTurn = Omit<TurnRecord, \"request\"> & { request: RequestDelta };".into(),
        ),
        decl::<outcrop_bedrock::playground::Session>(cfg),
        (
            Some("/** A session as the screen holds it: its turns' requests rebuilt (`features/playground/sent-turns.ts`). */".into()),
            "type Session = Omit<SentSession, \"turns\"> & { turns: Array<TurnRecord> };".into(),
        ),
        decl::<outcrop_bedrock::playground::EarlierTurns>(cfg),
        (
            Some("/** Earlier turns as the screen holds them: their requests rebuilt. */".into()),
            "type EarlierTurns = Omit<SentEarlierTurns, \"turns\"> & { turns: Array<TurnRecord> };".into(),
        ),
        decl::<outcrop_bedrock::playground::DamagedTurn>(cfg),
        decl::<outcrop_bedrock::playground::TitleSource>(cfg),
        decl::<outcrop_bedrock::playground::RunKind>(cfg),
        decl::<outcrop_bedrock::playground::SessionRun>(cfg),
        decl::<outcrop_bedrock::playground::SessionSummary>(cfg),
        decl::<outcrop_bedrock::playground::CachingRules>(cfg),
        decl::<outcrop_bedrock::playground::EstimateReason>(cfg),
        decl::<outcrop_bedrock::playground::PrefixFraming>(cfg),
        decl::<outcrop_bedrock::playground::SizeBasis>(cfg),
        decl::<outcrop_bedrock::playground::PlanView>(cfg),
        decl::<outcrop_bedrock::playground::TokenCountReport>(cfg),
        decl::<outcrop_bedrock::playground::PriceTableText>(cfg),
        decl::<outcrop_bedrock::playground::CopiedRequest>(cfg),
        decl::<outcrop_bedrock::playground::CopiedCode>(cfg),
        decl::<outcrop_core::bakeoff::Placement>(cfg),
        decl::<outcrop_core::bakeoff::StrategyTurn>(cfg),
        decl::<outcrop_core::bakeoff::StrategyResult>(cfg),
        decl::<outcrop_core::bakeoff::Reason>(cfg),
        decl::<outcrop_core::bakeoff::TransportCause>(cfg),
        decl::<outcrop_core::bakeoff::Recommendation>(cfg),
        decl::<outcrop_bedrock::playground::BakeoffRequest>(cfg),
        decl::<outcrop_bedrock::playground::BakeoffEvent>(cfg),
        decl::<outcrop_bedrock::playground::BakeoffReport>(cfg),
        decl::<outcrop_bedrock::playground::FloorProbePlan>(cfg),
        decl::<outcrop_bedrock::playground::FloorProbeEvent>(cfg),
        decl::<outcrop_bedrock::playground::FloorProbeReport>(cfg),
        decl::<outcrop_bedrock::playground::StoredFloorProbe>(cfg),
        decl::<crate::commands::playground::PlanRequest>(cfg),
        decl::<crate::commands::playground::SendRequest>(cfg),
        decl::<crate::commands::playground::CopyRequest>(cfg),
        decl::<outcrop_core::what_if::Spread>(cfg),
        decl::<outcrop_core::what_if::WhatIfInput>(cfg),
        decl::<outcrop_core::what_if::MonthlyCost>(cfg),
        decl::<outcrop_core::what_if::TtlStatus>(cfg),
        decl::<outcrop_core::what_if::BreakEven>(cfg),
        decl::<outcrop_core::what_if::TtlCost>(cfg),
        decl::<outcrop_core::what_if::SeriesPoint>(cfg),
        decl::<outcrop_core::what_if::WhatIf>(cfg),
        decl::<outcrop_core::what_if::WhatIfModel>(cfg),
        decl::<outcrop_core::what_if::PrefillField>(cfg),
        decl::<outcrop_core::what_if::WhatIfPrefill>(cfg),
        decl::<outcrop_core::demo::Demo>(cfg),
        decl::<outcrop_core::demo::DemoSource>(cfg),
        decl::<outcrop_bedrock::playground::demos::DemoEntry>(cfg),
        decl::<outcrop_bedrock::playground::demos::DemoLibrary>(cfg),
        decl::<outcrop_core::report::ReportKind>(cfg),
        decl::<outcrop_core::report::ReportPair>(cfg),
        decl::<outcrop_core::report::ReportTarget>(cfg),
        decl::<outcrop_core::report::ReportTurn>(cfg),
        decl::<outcrop_core::report::ReportPriceSource>(cfg),
        decl::<outcrop_core::report::ReportGroup>(cfg),
        decl::<outcrop_core::report::ReportRecommendation>(cfg),
        decl::<outcrop_core::report::ReportInput>(cfg),
        decl::<outcrop_core::report::ReportLabels>(cfg),
        decl::<crate::commands::report::PdfOutcome>(cfg),
        decl::<crate::commands::report::ReportSaved>(cfg),
    ]
}

/// `snake_case` → `camelCase`, as Tauri renames command arguments.
fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The contents of `ui/src/lib/ipc/bindings.ts`.
pub fn typescript_bindings() -> String {
    let cfg = ts_rs::Config::new();
    let mut out = String::from(
        "// Generated from Outcrop's Rust types. Do not edit: change the Rust, then run\n\
         //   OUTCROP_UPDATE_BINDINGS=1 cargo test -p outcrop --lib bindings\n\
         // A test fails while this file differs from what the Rust would generate.\n\n\
         import type { Channel } from \"@tauri-apps/api/core\";\n\n",
    );
    for (docs, decl) in declarations(&cfg) {
        if let Some(docs) = docs {
            out.push_str(&docs);
            if !docs.ends_with('\n') {
                out.push('\n');
            }
        }
        out.push_str("export ");
        out.push_str(&decl);
        out.push_str("\n\n");
    }
    out.push_str("/** Every Outcrop command: its arguments (as Tauri names them) and its result. */\n");
    out.push_str("export interface Commands {\n");
    for signature in signatures(&cfg) {
        let args = if signature.args.is_empty() {
            "Record<string, never>".to_owned()
        } else {
            let fields: Vec<String> = signature
                .args
                .iter()
                .map(|(name, ty)| format!("{}: {ty}", camel_case(name)))
                .collect();
            format!("{{ {} }}", fields.join("; "))
        };
        out.push_str(&format!(
            "  {}: {{ args: {args}; result: {} }};\n",
            signature.name, signature.result
        ));
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const BINDINGS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/src/lib/ipc/bindings.ts");

    /// The committed TypeScript must match the Rust. Set OUTCROP_UPDATE_BINDINGS=1 to rewrite it.
    #[test]
    fn bindings_are_current() {
        let generated = typescript_bindings();
        if std::env::var_os("OUTCROP_UPDATE_BINDINGS").is_some() {
            std::fs::write(BINDINGS, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(BINDINGS).unwrap_or_default();
        assert!(
            committed == generated,
            "ui/src/lib/ipc/bindings.ts is out of date with the Rust types.\n\
             Run: OUTCROP_UPDATE_BINDINGS=1 cargo test -p outcrop --lib bindings"
        );
    }

    /// Every command needs its `allow-<name>` permission in build.rs and in the main window's capability.
    #[test]
    fn every_command_is_permitted_for_the_main_window() {
        let build_rs = include_str!("../build.rs");
        let capability: serde_json::Value =
            serde_json::from_str(include_str!("../capabilities/main.json")).unwrap();
        let granted: Vec<&str> = capability["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p.as_str())
            .collect();
        for signature in signatures(&ts_rs::Config::new()) {
            assert!(
                build_rs.contains(&format!("\"{}\"", signature.name)),
                "{} is missing from COMMANDS in build.rs",
                signature.name
            );
            let permission = format!("allow-{}", signature.name.replace('_', "-"));
            assert!(
                granted.contains(&permission.as_str()),
                "capabilities/main.json lacks {permission}"
            );
        }
        assert_eq!(
            granted.len(),
            signatures(&ts_rs::Config::new()).len(),
            "only permissions in use"
        );
    }

    #[test]
    fn arguments_are_camel_cased_like_tauri() {
        assert_eq!(camel_case("profile_arn"), "profileArn");
        assert_eq!(camel_case("request"), "request");
    }
}
