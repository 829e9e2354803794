//! The typed commands the UI calls, one module per area, collected into one tauri-specta
//! builder that also generates `ui/src/bindings.ts`.

pub mod admin;
pub mod alerts;
pub mod app;
pub mod billing;
pub mod cs;
pub mod flags;
pub mod incidents;
pub mod integrations;
pub mod kpi;
pub mod ops;
pub mod policies;
pub mod profiles;
pub mod revenue;
pub mod session;
pub mod updates;

use desk_core::DeskError;
use specta_typescript::Typescript;
use tauri::Wry;
use tauri_specta::{collect_commands, collect_events, Builder};

use crate::events::{OpenAlert, StatusChanged};
use crate::updates::{OpenUpdates, UpdateAvailable, UpdateProgress};

/// Where the generated TypeScript bindings are committed, relative to `src-tauri/`.
pub const BINDINGS_PATH: &str = "../ui/src/bindings.ts";

/// Every command and event of the app (keep the command list in step with `build.rs`).
pub fn specta_builder() -> Builder<Wry> {
    Builder::<Wry>::new()
        .commands(collect_commands![
            app::app_status,
            app::diagnostics,
            app::local_copy,
            app::sync_now,
            app::app_prefs,
            app::save_app_prefs,
            updates::app_about,
            updates::update_check,
            updates::update_install,
            updates::update_restart,
            admin::admin_audit,
            admin::admin_staff,
            admin::admin_set_roles,
            admin::admin_staff_form,
            admin::admin_create_staff,
            admin::admin_renew_setup_code,
            admin::admin_import_preview,
            admin::admin_import_apply,
            admin::admin_deactivation_plan,
            admin::admin_deactivate,
            admin::admin_settings,
            admin::admin_setting,
            admin::admin_change_setting,
            admin::admin_promote_setting,
            admin::admin_rollback_setting,
            flags::admin_flags,
            flags::admin_stale_flags,
            flags::admin_flag,
            flags::admin_set_flag,
            flags::admin_rollback_flag,
            flags::admin_archive_flag,
            flags::admin_flag_reach,
            policies::admin_policies,
            policies::admin_policy,
            policies::admin_policy_preview,
            policies::admin_change_policy,
            ops::ops_health,
            ops::ops_probe,
            ops::ops_last_probes,
            ops::ops_deployments,
            ops::ops_request_deployment,
            ops::ops_request_rollback,
            ops::ops_review_rollback,
            ops::ops_escalations,
            ops::ops_escalation,
            ops::ops_escalation_patterns,
            ops::ops_tenants,
            ops::ops_open_escalation,
            ops::ops_escalation_entry,
            ops::ops_resolve_escalation,
            ops::ops_record_satisfaction,
            integrations::ops_integrations,
            integrations::ops_integration,
            integrations::ops_probe_integrations,
            integrations::ops_last_integration_probes,
            integrations::ops_set_deprecation_status,
            integrations::ops_record_rotation,
            integrations::ops_onboardings,
            integrations::ops_start_onboarding,
            integrations::ops_assign_onboarding_step,
            integrations::ops_complete_onboarding_step,
            ops::kb_search,
            ops::kb_article,
            kpi::kpis,
            kpi::kpi_rows,
            incidents::security_incidents,
            incidents::security_incident,
            incidents::security_proposed_team,
            incidents::security_open_incident,
            incidents::security_classify,
            incidents::security_add_entry,
            incidents::security_add_step,
            incidents::security_complete_step,
            incidents::security_attach_evidence,
            incidents::security_open_evidence,
            incidents::security_confirm_breach,
            incidents::security_notify_authority,
            incidents::security_set_status,
            incidents::security_close,
            alerts::alerts_inbox,
            alerts::alert_detail,
            alerts::alert_ack,
            alerts::alert_resolve,
            alerts::alert_add_note,
            alerts::notification_settings,
            alerts::save_notification_settings,
            cs::cs_book,
            cs::cs_search,
            cs::cs_account,
            cs::cs_add_touchpoint,
            cs::cs_complete_milestone,
            cs::cs_export_brief,
            billing::billing_invoices,
            billing::billing_invoice,
            billing::billing_aging,
            billing::billing_exceptions,
            billing::billing_dunning,
            billing::billing_add_dunning_note,
            billing::billing_disputes,
            billing::billing_update_dispute,
            billing::billing_tenants,
            billing::billing_proration,
            billing::finance_export,
            revenue::revenue_mrr,
            revenue::revenue_waterfall,
            profiles::list_profiles,
            profiles::save_profile,
            profiles::delete_profile,
            session::sign_in,
            session::sign_out,
            session::complete_setup,
        ])
        .events(collect_events![
            StatusChanged,
            OpenAlert,
            UpdateProgress,
            UpdateAvailable,
            OpenUpdates
        ])
        // Money is in minor units (i64): exact as a JavaScript number up to 2^53, far beyond
        // any amount the desk shows, so the bindings carry it as `number`.
        .dangerously_cast_bigints_to_number()
        // One TypeScript type per Rust type (none of ours reads differently than it writes).
        .disable_serde_phases()
}

/// The folder exports and briefs are saved in: Downloads, else Documents, else home.
pub(crate) fn export_dir(app: &tauri::AppHandle) -> Result<std::path::PathBuf, DeskError> {
    use tauri::Manager;
    let paths = app.path();
    paths
        .download_dir()
        .or_else(|_| paths.document_dir())
        .or_else(|_| paths.home_dir())
        .map_err(|e| DeskError::Internal(format!("no folder to save the file in: {e}")))
}

/// The TypeScript exporter with the project's settings.
pub fn typescript() -> Typescript {
    Typescript::default().header("// Generated by tauri-specta from the Rust commands (src-tauri/src/commands). Do not edit:\n// run `UPDATE_BINDINGS=1 cargo test -p penguin-desk bindings_are_fresh` after changing a command.\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fails when the committed bindings differ from what the Rust code generates; with
    /// `UPDATE_BINDINGS=1` it rewrites them instead.
    #[test]
    fn bindings_are_fresh() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fresh = dir.path().join("bindings.ts");
        specta_builder()
            .export(typescript(), &fresh)
            .expect("export bindings");
        let fresh = std::fs::read_to_string(&fresh).expect("read fresh bindings");
        let committed_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(BINDINGS_PATH);
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&committed_path, &fresh).expect("write bindings");
            return;
        }
        let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
        assert!(
            committed == fresh,
            "ui/src/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test -p penguin-desk bindings_are_fresh` and commit it"
        );
    }
}
