import { AlertTriangle, Copy, RefreshCw } from "lucide-react";
import type { AppStatus } from "../bindings";
import { useDiagnostics } from "../components/Diagnostics";
import { collectionLabel } from "../lib/collections";
import { formatAbsolute, formatRelative } from "../lib/time";
import { useNow } from "../lib/useNow";

export function StatusBar({ status }: { status: AppStatus }) {
  const now = useNow();
  const diagnostics = useDiagnostics();
  const online = status.connection === "online";
  return (
    <footer className="statusbar" data-testid="status-bar">
      <span
        className={`status-connection ${online ? "is-online" : "is-offline"}`}
        data-testid="status-connection"
        data-connection={status.connection}
        title={online ? "Connected to the platform database" : "Working from the local copy; changes are queued"}
      >
        <span className="dot" aria-hidden />
        {online ? "Online" : "Offline"}
      </span>
      <span className="status-item" data-testid="status-last-sync" title={formatAbsolute(status.lastSyncAt)}>
        {status.syncing ? (
          <span className="status-syncing" data-testid="status-syncing">
            <RefreshCw size={11} aria-hidden className="spin" />{" "}
            {status.syncProgress === null
              ? "Syncing…"
              : `Syncing ${collectionLabel(status.syncProgress.collection)} (${status.syncProgress.index}/${status.syncProgress.total}) · ${new Intl.NumberFormat().format(status.syncProgress.rows)} rows`}
          </span>
        ) : (
          <>Last sync: {formatRelative(status.lastSyncAt, now)}</>
        )}
      </span>
      {status.deriving && (
        <span className="status-item status-syncing" data-testid="status-deriving" title="Working out health scores and signals from the freshly synced data">
          <RefreshCw size={11} aria-hidden className="spin" /> Scoring accounts…
        </span>
      )}
      {status.refusedChanges > 0 && (
        <span
          className="status-item status-attention"
          data-testid="status-refused"
          data-count={status.refusedChanges}
          title="The platform refused these changes; each record shows why"
        >
          <AlertTriangle size={11} aria-hidden /> Refused changes: {status.refusedChanges}
        </span>
      )}
      {/* Offline already says why syncing stops; the error matters while connected. */}
      {online && status.syncError !== null && (
        <span className="status-item status-attention" data-testid="status-sync-error" title={status.syncError}>
          <AlertTriangle size={11} aria-hidden /> Sync failed
        </span>
      )}
      <span
        className={`status-item${status.queuedChanges > 0 ? " status-attention" : ""}`}
        data-testid="status-queued"
        data-count={status.queuedChanges}
      >
        Queued changes: {status.queuedChanges}
      </span>
      <span className="status-spacer" />
      <span className="status-item muted" data-testid="status-version">
        v{status.version}
      </span>
      <button
        type="button"
        className="status-action"
        data-testid="copy-diagnostics"
        onClick={() => void diagnostics.copy()}
        disabled={diagnostics.busy}
      >
        <Copy size={12} aria-hidden /> Copy diagnostics
      </button>
    </footer>
  );
}
