//! Generates the Tauri context and one `allow-<command>` permission per app command, so the capability file
//! can grant exactly the commands the main window uses (keep this list in step with `src/ipc.rs`; a test
//! checks it).

/// Every app command; each gets `allow-<name>` / `deny-<name>` permissions.
const COMMANDS: &[&str] = &[
    "app_info",
    "app_started",
    "connections_overview",
    "aws_profiles",
    "connection_check",
    "connection_add",
    "connection_remove",
    "connection_activate",
    "connection_set_region",
    "connection_set_messages_endpoint",
    "connection_set_endpoints",
    "connection_test",
    "welcome_finish",
    "local_bedrock_reset",
    "models_catalog",
    "model_resolve",
    "model_verdict",
    "profile_details",
    "profile_preview",
    "profile_check_tags",
    "profile_create",
    "profile_set_tags",
    "profile_delete",
    "projects_overview",
    "project_preview",
    "project_check_name",
    "project_create",
    "project_rename",
    "project_archive",
    "usage_overview",
    "usage_report",
    "usage_dashboard_preview",
    "usage_put_dashboard",
    "spend_overview",
    "spend_report",
    "playground_plan",
    "playground_count_tokens",
    "playground_send",
    "playground_cancel",
    "playground_bakeoff",
    "playground_bakeoff_cancel",
    "playground_copy_as_code",
    "session_create",
    "session_get",
    "session_earlier_turns",
    "sessions_list",
    "session_save_draft",
    "session_rename",
    "session_delete",
    "session_export",
    "session_save_to_downloads",
    "session_import",
    "session_run_delete",
    "session_run_export",
    "session_run_save_to_downloads",
    "prices_get",
    "prices_save",
    "prices_reset",
    "floor_probe_plan",
    "floor_probe_run",
    "floor_probe_stop",
    "floor_probes_list",
    "floor_probe_delete",
    "what_if_models",
    "what_if_prefill",
    "what_if",
    "demo_list",
    "demo_import",
    "demo_from_session",
    "demo_save_to_downloads",
    "demo_tool_results",
    "demo_delete",
    "report_default_folder",
    "report_pick_folder",
    "report_save",
];

fn main() {
    for git_path in ["../.git/HEAD", "../.git/refs/heads", "../.git/packed-refs"] {
        println!("cargo:rerun-if-changed={git_path}");
    }
    let commit = std::process::Command::new("git")
        .args(["rev-parse", "--short=10", "HEAD"])
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned())
        .unwrap_or_default();
    println!("cargo:rustc-env=OUTCROP_GIT_COMMIT={commit}");

    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .unwrap_or_else(|error| panic!("tauri-build failed: {error:#}"));
}
