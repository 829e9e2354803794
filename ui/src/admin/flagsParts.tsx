// Small pieces the flags list and panel show the same way: an environment's state (on/off,
// rollout, variants), the error rate (highlighted from 1 %), the stale and archived badges, and
// the "offline — last synced" note.
import { CloudOff } from "lucide-react";
import type { FlagEnvView, Staleness } from "../bindings";
import { formatAbsolute, formatRelative } from "../lib/time";
import { useNow } from "../lib/useNow";
import { envCellText, errorRate, FLAGS_OFFLINE_HINT, formatRate, rateIsHigh, staleAdvice, staleWords } from "./flagsFormat";

/** On or off, the rollout and the number of variants, quietly when off. */
export function EnvState({ env, testId }: { env: FlagEnvView | null; testId?: string }) {
  if (env === null) {
    return (
      <span className="faint" data-testid={testId} title="No state in this environment yet">
        —
      </span>
    );
  }
  return (
    <span className={`flag-env-state${env.state.enabled ? " is-on" : " is-off"}`} data-testid={testId} data-enabled={env.state.enabled} title={`v${env.version}`}>
      <span className="flag-dot" aria-hidden />
      {envCellText(env)}
    </span>
  );
}

/** Errors per evaluation; a rate from 1 % up stands out. */
export function ErrorRate({ errors, evaluations, testId }: { errors: number; evaluations: number; testId?: string }) {
  const rate = errorRate(errors, evaluations);
  const high = rateIsHigh(rate);
  return (
    <span className={`num${high ? " flag-rate-high" : rate === null ? " faint" : ""}`} data-testid={testId} data-high={high} title={`${errors} of ${evaluations} evaluations ended in an error`}>
      {formatRate(rate)}
    </span>
  );
}

/** "stale" with why, in words. */
export function StaleBadge({ stale }: { stale: Staleness }) {
  return (
    <span className="flag-stale" data-testid="flag-stale" data-stale={stale} title={staleAdvice(stale)}>
      <span className="badge badge-warn">stale</span>
      <span className="cell-text muted small">{staleWords(stale)}</span>
    </span>
  );
}

/** An archived flag: off everywhere, no longer evaluated. */
export function ArchivedBadge({ at }: { at: string }) {
  return (
    <span className="badge badge-muted" data-testid="flag-archived" title={`Archived ${formatAbsolute(at)}: off everywhere, no longer evaluated`}>
      archived
    </span>
  );
}

/** The flags are the local copy: offline they are as fresh as the last sync, and read-only. */
export function FlagsOfflineNote({ lastSyncAt }: { lastSyncAt: string | null }) {
  const now = useNow(30_000);
  return (
    <span className="offline-note" data-testid="flags-offline" title={`${FLAGS_OFFLINE_HINT} Last synced: ${formatAbsolute(lastSyncAt)}`}>
      <CloudOff size={12} aria-hidden />
      {lastSyncAt === null
        ? "Offline: flags have not synced yet; edits are disabled"
        : `Offline: flags as last synced ${formatRelative(lastSyncAt, now)}; edits are disabled`}
    </span>
  );
}
