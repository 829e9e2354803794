// In-app updates and the About panel, reachable from anywhere: the command palette ("Check for
// updates", "About Penguin Desk"), the tray menu (the shell emits OpenUpdates), and the daily
// check (the shell emits UpdateAvailable, shown as a banner that opens the dialog). The Rust
// side checks, downloads, verifies the signature and installs; this only shows each step.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { commands, events, type UpdateInfo } from "../bindings";
import { errorMessage, unwrap } from "../lib/errors";
import { AboutDialog } from "./AboutDialog";
import { UpdateBanner } from "./UpdateBanner";
import { UpdateDialog, type UpdatePhase } from "./UpdateDialog";

type UpdatesApi = {
  /** Opens the update dialog and checks now. */
  checkForUpdates: () => void;
  /** Opens the About panel. */
  openAbout: () => void;
};

const UpdatesContext = createContext<UpdatesApi | null>(null);

type Listenable<T> = { listen: (cb: (e: { payload: T }) => void) => Promise<() => void> };

/** Listens to a shell event; outside the Tauri shell (or in a test without it) nothing happens. */
function useShellEvent<T>(event: Listenable<T> | undefined, handler: (payload: T) => void) {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    if (!event) return;
    let unlisten: (() => void) | null = null;
    let cancelled = false;
    event
      .listen((e) => latest.current(e.payload))
      .then((u) => {
        if (cancelled) u();
        else unlisten = u;
      })
      .catch((err: unknown) => console.warn("update events unavailable:", err));
    return () => {
      cancelled = true;
      unlisten?.();
    };
  }, [event]);
}

export function UpdatesProvider({ children }: { children: ReactNode }) {
  const [phase, setPhase] = useState<UpdatePhase | null>(null);
  const [aboutOpen, setAboutOpen] = useState(false);
  const [announced, setAnnounced] = useState<UpdateInfo | null>(null);
  const run = useRef(0);

  const checkForUpdates = useCallback(() => {
    const id = ++run.current;
    setAnnounced(null);
    setPhase({ kind: "checking" });
    commands
      .updateCheck()
      .then((r) => {
        if (run.current !== id) return;
        const check = unwrap(r);
        if (check.kind === "available") setPhase({ kind: "available", update: check.update });
        else if (check.kind === "upToDate") setPhase({ kind: "upToDate", version: check.version, channel: check.channel });
        else setPhase({ kind: "couldNotCheck", message: check.message });
      })
      .catch((e: unknown) => {
        // The command itself failed (not the server): still a quiet "couldn't check".
        if (run.current === id) setPhase({ kind: "couldNotCheck", message: `Couldn't check for updates: ${errorMessage(e)}` });
      });
  }, []);

  const install = useCallback((update: UpdateInfo) => {
    const id = ++run.current;
    setPhase({ kind: "downloading", update, downloaded: 0, total: null });
    commands
      .updateInstall()
      .then((r) => {
        if (run.current !== id) return;
        const outcome = unwrap(r);
        if (outcome.kind === "installed") setPhase({ kind: "installed", version: outcome.version });
        else if (outcome.kind === "verified") setPhase({ kind: "verified", version: outcome.version, message: outcome.message });
        else setPhase({ kind: "refused", update, message: outcome.message, detail: outcome.problem.detail });
      })
      .catch((e: unknown) => {
        if (run.current === id) setPhase({ kind: "refused", update, message: "The update could not be installed. Nothing was installed.", detail: errorMessage(e) });
      });
  }, []);

  const restart = useCallback(() => {
    commands.updateRestart().catch((e: unknown) => console.warn("restart failed:", e));
  }, []);

  useShellEvent(events.openUpdates, () => checkForUpdates());
  const phaseNow = useRef(phase);
  useEffect(() => {
    phaseNow.current = phase;
  }, [phase]);
  useShellEvent(events.updateAvailable, (p) => {
    // A dialog already open (the member is checking) shows its own result.
    if (phaseNow.current === null) setAnnounced(p.update);
  });
  useShellEvent(events.updateProgress, (p) =>
    setPhase((current) => (current?.kind === "downloading" ? { ...current, downloaded: p.downloaded, total: p.total } : current)),
  );

  const api = useMemo(() => ({ checkForUpdates, openAbout: () => setAboutOpen(true) }), [checkForUpdates]);

  return (
    <UpdatesContext.Provider value={api}>
      {children}
      {announced && phase === null ? (
        <UpdateBanner
          update={announced}
          onView={() => {
            setPhase({ kind: "available", update: announced });
            setAnnounced(null);
          }}
          onDismiss={() => setAnnounced(null)}
        />
      ) : null}
      <UpdateDialog
        phase={phase}
        onClose={() => {
          // A download in progress goes on in the background; its result is dropped.
          run.current++;
          setPhase(null);
        }}
        onInstall={install}
        onRetry={checkForUpdates}
        onRestart={restart}
      />
      <AboutDialog
        open={aboutOpen}
        onOpenChange={setAboutOpen}
        onCheck={() => {
          setAboutOpen(false);
          checkForUpdates();
        }}
      />
    </UpdatesContext.Provider>
  );
}

export function useUpdates(): UpdatesApi {
  const ctx = useContext(UpdatesContext);
  if (!ctx) throw new Error("useUpdates must be used inside <UpdatesProvider>");
  return ctx;
}
