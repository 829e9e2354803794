// The update dialog, one step at a time: checking, up to date, couldn't check (quiet: a muted
// line, never an error), a newer version with its notes, the download's progress bar, and the
// end (installed: restart; verified but not installable here; refused: why, nothing installed).
import * as Dialog from "@radix-ui/react-dialog";
import { CircleAlert, CircleCheck, Download, RefreshCw, X } from "lucide-react";
import type { InstallSupport, UpdateChannel, UpdateInfo } from "../bindings";
import { Spinner } from "../components/Spinner";

export type UpdatePhase =
  | { kind: "checking" }
  | { kind: "upToDate"; version: string; channel: UpdateChannel }
  | { kind: "couldNotCheck"; message: string }
  | { kind: "available"; update: UpdateInfo }
  | { kind: "downloading"; update: UpdateInfo; downloaded: number; total: number | null }
  | { kind: "installed"; version: string }
  | { kind: "verified"; version: string; message: string }
  | { kind: "refused"; update: UpdateInfo; message: string; detail: string };

/** What installing does on this computer, in the member's words. */
export const SUPPORT_TEXT: Record<InstallSupport, string> = {
  replacesItself: "Penguin Desk replaces its own file, then asks you to restart.",
  packageManager: "Your system's package manager installs it; it asks for an administrator's password. Then restart.",
  runsInstaller: "The installer runs and Penguin Desk closes while it does.",
  manualOnly: "This copy was not installed from a package: the update is downloaded and checked, and you install the new package yourself.",
};

/** Bytes as megabytes with one decimal ("12.3 MB"). */
export function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

type Props = {
  phase: UpdatePhase | null;
  onClose: () => void;
  onInstall: (update: UpdateInfo) => void;
  onRetry: () => void;
  onRestart: () => void;
};

function title(phase: UpdatePhase): string {
  switch (phase.kind) {
    case "checking":
      return "Checking for updates…";
    case "upToDate":
      return "Penguin Desk is up to date";
    case "couldNotCheck":
      return "Check for updates";
    case "available":
    case "refused":
      return `Penguin Desk ${phase.update.version} is available`;
    case "downloading":
      return `Downloading Penguin Desk ${phase.update.version}…`;
    case "installed":
      return `Penguin Desk ${phase.version} is installed`;
    case "verified":
      return `Penguin Desk ${phase.version} was downloaded`;
  }
}

function Notes({ update }: { update: UpdateInfo }) {
  return (
    <>
      <p className="muted" data-testid="update-versions">
        You have {update.currentVersion}.{update.published ? ` Published ${update.published.slice(0, 10)}.` : ""}
      </p>
      <div className="update-notes" data-testid="update-notes" tabIndex={0} aria-label="Release notes">
        {update.notes?.trim() ? update.notes : "No release notes were published with this version."}
      </div>
    </>
  );
}

export function UpdateDialog({ phase, onClose, onInstall, onRetry, onRestart }: Props) {
  return (
    <Dialog.Root open={phase !== null} onOpenChange={(o) => !o && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog update-dialog" data-testid="update-dialog" data-phase={phase?.kind} aria-describedby={undefined}>
          {phase ? (
            <>
              <div className="dialog-header">
                <Dialog.Title className="dialog-title" data-testid="update-title">
                  {title(phase)}
                </Dialog.Title>
                <Dialog.Close className="icon-button" aria-label="Close">
                  <X size={14} />
                </Dialog.Close>
              </div>
              <Body phase={phase} />
              <div className="dialog-actions">
                {phase.kind === "available" ? (
                  <>
                    <Dialog.Close className="button">Later</Dialog.Close>
                    <button type="button" className="button button-primary" data-testid="update-install" onClick={() => onInstall(phase.update)}>
                      <Download size={13} aria-hidden />
                      {phase.update.support === "manualOnly" ? "Download and verify" : "Download and install"}
                    </button>
                  </>
                ) : phase.kind === "installed" ? (
                  <>
                    <Dialog.Close className="button">Later</Dialog.Close>
                    <button type="button" className="button button-primary" data-testid="update-restart" onClick={onRestart}>
                      <RefreshCw size={13} aria-hidden /> Restart now
                    </button>
                  </>
                ) : phase.kind === "couldNotCheck" ? (
                  <>
                    <button type="button" className="button" data-testid="update-retry" onClick={onRetry}>
                      Try again
                    </button>
                    <Dialog.Close className="button button-primary">Close</Dialog.Close>
                  </>
                ) : phase.kind === "downloading" ? (
                  <Dialog.Close className="button">Hide</Dialog.Close>
                ) : (
                  <Dialog.Close className="button button-primary" data-testid="update-close">
                    {phase.kind === "checking" ? "Cancel" : "Close"}
                  </Dialog.Close>
                )}
              </div>
            </>
          ) : null}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function Body({ phase }: { phase: UpdatePhase }) {
  switch (phase.kind) {
    case "checking":
      return (
        <p className="update-line">
          <Spinner size={14} label="Asking the update server" />
        </p>
      );
    case "upToDate":
      return (
        <p className="update-line" data-testid="update-uptodate">
          <CircleCheck size={14} aria-hidden className="update-ok" /> Version {phase.version} is the latest on the {phase.channel} channel.
        </p>
      );
    case "couldNotCheck":
      // Quiet on purpose: a laptop offline or a server down is not the member's problem.
      return (
        <p className="update-line muted" data-testid="update-quiet">
          {phase.message}
        </p>
      );
    case "available":
      return (
        <>
          <Notes update={phase.update} />
          <p className="muted small" data-testid="update-support">
            {SUPPORT_TEXT[phase.update.support]}
          </p>
        </>
      );
    case "downloading": {
      const pct = phase.total ? Math.min(100, Math.round((phase.downloaded / phase.total) * 100)) : null;
      return (
        <>
          <Notes update={phase.update} />
          <div className="update-progress-row">
            {/* Drawn by the page, not GTK's native bar (WebKitGTK's screenshots missed its frames). */}
            <div
              className={`update-progress${pct === null ? " update-progress-unknown" : ""}`}
              data-testid="update-progress"
              role="progressbar"
              aria-label="Download progress"
              aria-valuemin={0}
              aria-valuemax={phase.total ?? undefined}
              aria-valuenow={phase.total ? phase.downloaded : undefined}
            >
              <div className="update-progress-fill" style={{ width: `${pct ?? 100}%` }} />
            </div>
            <span className="muted small" data-testid="update-progress-text">
              {pct === null ? `${megabytes(phase.downloaded)} downloaded` : `${pct}% · ${megabytes(phase.downloaded)} of ${megabytes(phase.total ?? 0)}`}
            </span>
          </div>
          <p className="muted small">The signature is checked before anything is installed.</p>
        </>
      );
    }
    case "installed":
      return (
        <p className="update-line" data-testid="update-installed">
          <CircleCheck size={14} aria-hidden className="update-ok" /> Its signature was checked and it is installed. Restart Penguin Desk to use it.
        </p>
      );
    case "verified":
      return (
        <p className="update-line" data-testid="update-verified">
          <CircleCheck size={14} aria-hidden className="update-ok" /> {phase.message}
        </p>
      );
    case "refused":
      return (
        <>
          <div className="banner banner-error" role="alert" data-testid="update-refused">
            <CircleAlert size={14} aria-hidden />
            <div>
              <strong>{phase.message}</strong>
              <div className="update-detail small">{phase.detail}</div>
            </div>
          </div>
          <p className="muted small">Penguin Desk {phase.update.currentVersion} keeps running as it is.</p>
        </>
      );
  }
}
