//! Generates the Tauri context and the app-command permissions: only the commands listed here
//! can be allowed to the web side, and the capability file allows them one by one.

/// Every command the UI may call (keep in step with `commands::specta_builder`).
const COMMANDS: &[&str] = &[
    "app_status",
    "list_profiles",
    "save_profile",
    "delete_profile",
    "sign_in",
    "sign_out",
    "complete_setup",
    "diagnostics",
    "local_copy",
    "sync_now",
    "app_prefs",
    "save_app_prefs",
    "cs_book",
    "cs_search",
    "cs_account",
    "cs_add_touchpoint",
    "cs_complete_milestone",
    "cs_export_brief",
    "billing_invoices",
    "billing_invoice",
    "billing_aging",
    "billing_exceptions",
    "billing_dunning",
    "billing_add_dunning_note",
    "billing_disputes",
    "billing_update_dispute",
    "billing_tenants",
    "billing_proration",
    "finance_export",
    "revenue_mrr",
    "revenue_waterfall",
    "admin_audit",
    "admin_staff",
    "admin_set_roles",
    "admin_staff_form",
    "admin_create_staff",
    "admin_renew_setup_code",
    "admin_import_preview",
    "admin_import_apply",
    "admin_deactivation_plan",
    "admin_deactivate",
    "admin_settings",
    "admin_setting",
    "admin_change_setting",
    "admin_promote_setting",
    "admin_rollback_setting",
    "admin_flags",
    "admin_stale_flags",
    "admin_flag",
    "admin_set_flag",
    "admin_rollback_flag",
    "admin_archive_flag",
    "admin_flag_reach",
    "admin_policies",
    "admin_policy",
    "admin_policy_preview",
    "admin_change_policy",
    "alerts_inbox",
    "alert_detail",
    "alert_ack",
    "alert_resolve",
    "alert_add_note",
    "notification_settings",
    "save_notification_settings",
];

fn main() {
    let attrs = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attrs) {
        // A build script reports failure by panicking; say why first.
        eprintln!("tauri-build failed: {e:#}");
        std::process::exit(1);
    }
}
