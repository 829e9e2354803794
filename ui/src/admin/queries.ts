// The audit trail as the core pages it: windows of AUDIT_WINDOW entries by offset, each its own
// cached query keyed by the filters and its index, so scrolling back is instant.
import { commands, type AuditPage } from "../bindings";
import { unwrap } from "../lib/errors";
import type { AuditFilter } from "./format";

/** Entries fetched per request as the list scrolls (the core returns at most 500). */
export const AUDIT_WINDOW = 200;

export const auditWindowKey = (filter: AuditFilter, window: number) => ["admin", "audit", filter, window] as const;

/** Fetches one window of the trail (AUDIT_WINDOW entries from window × AUDIT_WINDOW). */
export async function fetchAuditWindow(filter: AuditFilter, window: number): Promise<AuditPage> {
  return unwrap(await commands.adminAudit({ ...filter, offset: window * AUDIT_WINDOW, limit: AUDIT_WINDOW }));
}
