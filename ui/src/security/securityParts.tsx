// Small pieces every incident view shows the same way: the SEV chip, the status chip, the breach
// countdown chip of the list, a shortened hash with its copy button, a refusal or the offline
// note of a form, and the "saving… / waiting for sync" state of a record.
import { AlarmClock, CloudOff, Copy, RefreshCw } from "lucide-react";
import { useCallback, useContext, useState, createContext, type ReactNode } from "react";
import type { MutateOptions } from "@tanstack/react-query";
import { FormErrors } from "../components/FieldMessages";
import { Spinner } from "../components/Spinner";
import { useToast } from "../components/Toast";
import { deskErrorOf } from "../lib/errors";
import { requestSync } from "../lib/queries";
import { clockState, formatSpanShort, labelOf, secondsUntil, severityClass, shortHash, STATUS_LABELS, statusTone } from "./securityFormat";

export function IncidentSeverity({ severity, testId = "incident-severity" }: { severity: string; testId?: string }) {
  return (
    <span className={`sev-chip ${severityClass(severity)}`} data-testid={testId} data-severity={severity}>
      <span className="sev-dot" aria-hidden />
      {severity}
    </span>
  );
}

const TONE_CLASS: Record<string, string> = { ok: "badge-ok", warn: "badge-warn", danger: "badge-danger", accent: "badge-accent", neutral: "" };

export function IncidentStatus({ status, testId = "incident-status" }: { status: string; testId?: string }) {
  return (
    <span className={`badge incident-status ${TONE_CLASS[statusTone(status)] ?? ""}`} data-testid={testId} data-status={status}>
      {labelOf(STATUS_LABELS, status)}
    </span>
  );
}

/** The list's breach countdown: red, "41 h 12 min" or "overdue 3 h 2 min". */
export function BreachChip({ deadline, now }: { deadline: string; now: Date }) {
  const left = secondsUntil(deadline, now);
  const state = clockState({ deadline, notifiedAt: null, notifiedInTime: null }, now);
  return (
    <span className={`breach-chip is-${state}`} data-testid="incident-breach-chip" data-state={state} title="72 hours to notify the authority of a confirmed breach">
      <AlarmClock size={11} aria-hidden />
      <span className="num">{left === null ? "—" : left < 0 ? `overdue ${formatSpanShort(left)}` : formatSpanShort(left)}</span>
    </span>
  );
}

/** A SHA-256 shortened, the whole of it in the tooltip, with a copy button. */
export function HashValue({ hash, testId }: { hash: string; testId: string }) {
  const toast = useToast();
  const copy = async () => {
    try {
      // navigator.clipboard is undefined outside a secure context: that TypeError lands below too.
      await navigator.clipboard.writeText(hash);
      toast.show("SHA-256 copied");
    } catch {
      toast.show("The clipboard refused the hash; select it in the tooltip's text instead.", "error");
    }
  };
  return (
    <span className="hash-value" data-testid={testId} data-hash={hash}>
      <span className="mono-small" title={hash}>
        {shortHash(hash)}
      </span>
      <button type="button" className="icon-button hash-copy" aria-label="Copy the SHA-256" title="Copy the SHA-256" data-testid={`${testId}-copy`} onClick={() => void copy()}>
        <Copy size={11} aria-hidden />
      </button>
    </span>
  );
}

/**
 * A failed change as its form shows it: the platform out of reach calmly (what was typed stays),
 * anything else as the refusal banner.
 */
export function ChangeErrors({ error, lines, testId }: { error: unknown; lines: readonly string[]; testId: string }) {
  if (lines.length === 0) return null;
  if (deskErrorOf(error)?.code === "unreachable") {
    return (
      <div className="banner banner-warn incident-unreachable" role="status" data-testid={testId} data-code="unreachable">
        <CloudOff size={14} aria-hidden />
        <span>
          {lines.join(" ")} <span className="faint">What you typed is kept; try again once the desk is online.</span>
        </span>
      </div>
    );
  }
  return <FormErrors lines={lines} testId={testId} />;
}

/** Why a change is likely to fail now (the desk is offline), said before it is tried. */
export function OfflineHint({ what, testId }: { what: string; testId: string }) {
  return (
    <p className="field-hint roles-locked" data-testid={testId}>
      <CloudOff size={12} aria-hidden /> Offline: {what} needs the platform. What you type is kept until it is back.
    </p>
  );
}

// "Saving… / waiting for sync" on the record

export type ChangePhase = "idle" | "saving" | "waiting";

export type Mutation<V, R> = { mutate: (v: V, o?: MutateOptions<R, Error, V>) => void };

export type ChangeTracker = {
  phase: ChangePhase;
  /** Sends a change; the record shows "saving…", then "waiting for sync" until it has it. */
  run: <V, R>(m: Mutation<V, R>, vars: V, then?: { onSuccess?: (r: R) => void; onError?: (e: Error) => void }) => void;
};

const ChangeContext = createContext<ChangeTracker | null>(null);

/**
 * The state of the member's last change to a record whose local copy reads as `fingerprint`:
 * saving while the call runs, then waiting until the fingerprint moves (sync brought it).
 */
export function useChangeTracker(fingerprint: string): ChangeTracker {
  const [state, setState] = useState<{ phase: ChangePhase; baseline: string | null }>({ phase: "idle", baseline: null });
  const run = useCallback(
    <V, R>(m: Mutation<V, R>, vars: V, then?: { onSuccess?: (r: R) => void; onError?: (e: Error) => void }) => {
      setState({ phase: "saving", baseline: fingerprint });
      m.mutate(vars, {
        onSuccess: (r) => {
          setState((s) => ({ ...s, phase: "waiting" }));
          then?.onSuccess?.(r);
        },
        onError: (e) => {
          setState({ phase: "idle", baseline: null });
          then?.onError?.(e);
        },
      });
    },
    [fingerprint],
  );
  const phase: ChangePhase = state.phase === "waiting" && state.baseline !== fingerprint ? "idle" : state.phase;
  return { phase, run };
}

export function ChangeProvider({ tracker, children }: { tracker: ChangeTracker; children: ReactNode }) {
  return <ChangeContext.Provider value={tracker}>{children}</ChangeContext.Provider>;
}

/** The tracker of the incident open in the panel (a no-op one outside it, e.g. from Alerts). */
export function useChange(): ChangeTracker {
  return useContext(ChangeContext) ?? FALLBACK;
}

const FALLBACK: ChangeTracker = {
  phase: "idle",
  run: (m, vars, then) => {
    m.mutate(vars, {
      onSuccess: (r) => then?.onSuccess?.(r),
      onError: (e) => then?.onError?.(e),
    });
  },
};

/** The record's change state, small, beside its chips. */
export function ChangeState({ phase }: { phase: ChangePhase }) {
  if (phase === "idle") return null;
  return (
    <span className={`incident-change is-${phase}`} data-testid="incident-change-state" data-phase={phase} role="status">
      <Spinner size={10} />
      {phase === "saving" ? "Saving…" : "Waiting for sync…"}
      {phase === "waiting" ? (
        <button type="button" className="link-button" title="Ask the desk to sync now" onClick={() => void requestSync().catch(() => undefined)}>
          <RefreshCw size={10} aria-hidden /> Sync now
        </button>
      ) : null}
    </span>
  );
}
