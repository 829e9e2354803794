import type { AppStatus } from "../bindings";

/** A desk status for tests: signed out, nothing synced or queued, with `over` on top. */
export function appStatus(over: Partial<AppStatus> = {}): AppStatus {
  return {
    version: "0.1.0",
    storeProblem: null,
    session: null,
    connection: "signedOut",
    lastSyncAt: null,
    queuedChanges: 0,
    refusedChanges: 0,
    syncing: false,
    syncProgress: null,
    syncError: null,
    deriving: false,
    accessRevoked: null,
    alerts: { open: 0, overdue: 0, critical: 0 },
    ...over,
  };
}
