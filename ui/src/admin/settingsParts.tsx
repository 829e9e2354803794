// Small pieces the settings list and panel show the same way: a value as a reader expects it
// (with its version), an environment or an application's action as a chip, the cross-setting
// rules a refusal names (verbatim), and the "offline — last synced" note.
import { CircleAlert, CloudOff } from "lucide-react";
import type { RuleViolation } from "../lib/fieldErrors";
import { formatAbsolute, formatRelative } from "../lib/time";
import { useNow } from "../lib/useNow";
import { displayValue, environmentLabel, isNumberValue, SETTINGS_OFFLINE_HINT } from "./settingsFormat";

/** A value (JSON text) read plainly; numbers in tabular figures. */
export function SettingValue({ json, testId }: { json: string | null | undefined; testId?: string }) {
  const text = displayValue(json);
  return (
    <span className={`setting-value-text${isNumberValue(json) ? " num" : ""}${json === null || json === undefined ? " faint" : ""}`} title={json ?? undefined} data-testid={testId}>
      {text}
    </span>
  );
}

/** A version number, quietly. */
export function VersionTag({ version }: { version: number }) {
  return <span className="setting-version-tag num">v{version}</span>;
}

/** Staging or production as a chip. */
export function EnvChip({ env }: { env: string }) {
  return (
    <span className={`setting-env-chip env-${env}`} data-testid="setting-live" data-env={env}>
      {environmentLabel(env).toLowerCase()}
    </span>
  );
}

/** What an application did; a restore after a failed health check stands out. */
export function ApplicationAction({ action }: { action: string }) {
  return (
    <span className={`badge setting-action action-${action}${action === "restore" ? " badge-warn" : ""}`} data-testid="setting-application-action" data-action={action}>
      {action}
    </span>
  );
}

/** The cross-setting rules a refusal names, each line as the core sent it. */
export function RuleViolations({ rules, testId }: { rules: readonly RuleViolation[]; testId: string }) {
  if (rules.length === 0) return null;
  return (
    <div className="field-error setting-rules-broken" role="alert" data-testid={testId}>
      <CircleAlert size={12} aria-hidden />
      <ul>
        {rules.map((r, i) => (
          <li key={i} data-testid="setting-rule-violation" data-rule={r.rule}>
            <span className="setting-rule-name">{r.line.slice(0, r.line.indexOf(r.rule) + r.rule.length)}</span>
            {r.line.slice(r.line.indexOf(r.rule) + r.rule.length)}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The settings are the local copy: offline they are as fresh as the last sync, and read-only. */
export function SettingsOfflineNote({ lastSyncAt }: { lastSyncAt: string | null }) {
  const now = useNow(30_000);
  return (
    <span className="offline-note" data-testid="settings-offline" title={`${SETTINGS_OFFLINE_HINT} Last synced: ${formatAbsolute(lastSyncAt)}`}>
      <CloudOff size={12} aria-hidden />
      {lastSyncAt === null ? "Offline: settings have not synced yet" : `Offline: settings as last synced ${formatRelative(lastSyncAt, now)}`}
    </span>
  );
}
