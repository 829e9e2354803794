import { CircleAlert, RefreshCw } from "lucide-react";
import { errorMessage } from "../lib/errors";

/** When even app_status fails (for example the UI runs outside the Tauri shell). */
export function CoreErrorScreen({ error, onRetry, retrying }: { error: unknown; onRetry: () => void; retrying: boolean }) {
  return (
    <div className="problem" data-testid="core-error">
      <div className="problem-card" role="alert">
        <div className="problem-icon">
          <CircleAlert size={22} aria-hidden />
        </div>
        <h1>Penguin Desk's core did not answer</h1>
        <p className="problem-explanation">
          The window could not read the application's status. This happens when the interface runs
          outside the desktop app, or when the core stopped unexpectedly.
        </p>
        <div className="problem-detail">
          <span className="section-label">Details</span>
          <code>{errorMessage(error)}</code>
        </div>
        <div className="problem-actions">
          <button type="button" className="button button-primary" onClick={onRetry} disabled={retrying}>
            <RefreshCw size={13} aria-hidden /> Try again
          </button>
        </div>
      </div>
    </div>
  );
}
