// Small pieces every Operations view shows the same way: a service's status (dot and word), an
// escalation's severity and state, a deployment's status chip (running with a spinner), the
// offline note on actions that need the platform, and a fact list row.
import { CloudOff } from "lucide-react";
import type { ReactNode } from "react";
import type { ServiceStatus } from "../bindings";
import { Spinner } from "../components/Spinner";
import { DEPLOY_STATUS_LABELS, deployTone, labelOf, STATE_LABELS, STATUS_LABELS } from "./opsFormat";

export function StatusDot({ status, testId }: { status: ServiceStatus; testId?: string }) {
  return (
    <span className={`ops-status ops-status-${status}`} data-testid={testId} data-status={status}>
      <span className="ops-dot" aria-hidden />
      {STATUS_LABELS[status]}
    </span>
  );
}

export function SeverityChip({ severity }: { severity: string }) {
  return (
    <span className={`sev-chip sev-${severity}`} data-testid="escalation-severity" data-severity={severity}>
      <span className="sev-dot" aria-hidden />
      {labelOf({}, severity)}
    </span>
  );
}

export function StateChip({ state }: { state: string }) {
  return (
    <span className={`badge ops-state ops-state-${state}`} data-testid="escalation-state" data-state={state}>
      {labelOf(STATE_LABELS, state)}
    </span>
  );
}

const TONE_CLASS: Record<string, string> = { ok: "badge-ok", warn: "badge-warn", danger: "badge-danger", accent: "badge-accent", neutral: "" };

export function DeployStatusChip({ status, testId = "deployment-status" }: { status: string; testId?: string }) {
  return (
    <span className={`badge ops-deploy-status ${TONE_CLASS[deployTone(status)] ?? ""}`} data-testid={testId} data-status={status}>
      {status === "running" ? <Spinner size={10} /> : null}
      {labelOf(DEPLOY_STATUS_LABELS, status)}
    </span>
  );
}

/** Why an action that needs the platform is off while offline. */
export function NeedsPlatform({ what, testId }: { what: string; testId: string }) {
  return (
    <p className="field-hint roles-locked" data-testid={testId}>
      <CloudOff size={12} aria-hidden /> Offline: {what} needs the platform.
    </p>
  );
}

/** One row of a detail panel's fact list; nothing for an empty value unless `always`. */
export function Fact({ label, children, testId, always = false }: { label: string; children: ReactNode; testId?: string; always?: boolean }) {
  if (!always && (children === null || children === undefined || children === "")) return null;
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </>
  );
}
