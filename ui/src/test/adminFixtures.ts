// What every Admin screen test answers before its own answers: the bindings reset, the member
// signed in online, no profiles, an empty local copy, audit trail and staff directory. The seven
// admin screen tests each spelled these lines out; a test then answers what it is about (a later
// answer to the same command replaces these).
import type { AuditPage, Session } from "../bindings";
import { commands, ok, resetBindings } from "./bindingsMock";
import { appStatus } from "./fixtures";

export function answerAdminShell(session: Session): void {
  resetBindings();
  commands.appStatus.mockReturnValue(ok(appStatus({ session, connection: "online", lastSyncAt: new Date().toISOString() })));
  commands.listProfiles.mockReturnValue(ok([]));
  commands.localCopy.mockReturnValue(ok([]));
  commands.adminAudit.mockReturnValue(ok<AuditPage>({ total: 0, rows: [], actions: [], actors: [] }));
  commands.adminStaff.mockReturnValue(ok([]));
}
