import { Copy, RefreshCw, TriangleAlert } from "lucide-react";
import type { DeskError } from "../bindings";
import { useDiagnostics } from "../components/Diagnostics";
import { errorTitle } from "../lib/errors";

const EXPLANATIONS: Partial<Record<DeskError["code"], string>> = {
  keychainUnavailable:
    "No keychain is reachable, so Penguin Desk will not store customer data unencrypted. Unlock or start your system keychain (GNOME Keyring, KWallet, macOS Keychain, Windows Credential Manager) and restart.",
  storeKeyMissing:
    "The local store is encrypted with a key kept in your system keychain, and that key is no longer there, so the store cannot be read. Nothing has been changed or deleted. If your keychain was reset or replaced, restore it and restart; otherwise send the diagnostics to the desk administrators.",
  storeKeyMismatch:
    "The key in your system keychain does not open the local store (for example after restoring a keychain or copying the store from another computer). Nothing has been changed or deleted. Restore the matching keychain and restart, or send the diagnostics to the desk administrators.",
  store:
    "The encrypted local store could not be opened, so Penguin Desk has stopped before showing any data. Nothing has been changed. Restart the app; if this persists, send the diagnostics to the desk administrators.",
};

const FALLBACK =
  "Penguin Desk cannot open its encrypted local store, so it has stopped before showing any data. Restart the app; if this persists, send the diagnostics to the desk administrators.";

export function StoreProblemScreen({ problem, version }: { problem: DeskError; version: string }) {
  const diagnostics = useDiagnostics();
  return (
    <div className="problem" data-testid="store-problem" data-code={problem.code}>
      <div className="problem-card" role="alert">
        <div className="problem-icon">
          <TriangleAlert size={22} aria-hidden />
        </div>
        <h1>{errorTitle(problem.code)}</h1>
        <p className="problem-explanation">{EXPLANATIONS[problem.code] ?? FALLBACK}</p>
        <div className="problem-detail">
          <span className="section-label">Details</span>
          <code data-testid="store-problem-message">{problem.message}</code>
        </div>
        <div className="problem-actions">
          <button
            type="button"
            className="button button-primary"
            data-testid="copy-diagnostics"
            onClick={() => void diagnostics.copy()}
            disabled={diagnostics.busy}
          >
            <Copy size={13} aria-hidden /> Copy diagnostics
          </button>
        </div>
        <p className="muted problem-footer">
          <RefreshCw size={12} aria-hidden /> Penguin Desk {version} checks again when it restarts.
        </p>
      </div>
    </div>
  );
}
