// Small pieces Admin's lists and panels show the same way: the action chip (coloured by its
// area), a member's role chips, and the "offline — last synced" notes.
import { CloudOff } from "lucide-react";
import type { DeskRole } from "../bindings";
import { formatAbsolute, formatRelative } from "../lib/time";
import { useNow } from "../lib/useNow";
import { actionArea, areaTone } from "./format";
import { orderRoles, ROLE_META } from "./staffFormat";

/** An action as a chip; every action of an area ("staff.…") shares a colour. */
export function ActionChip({ action }: { action: string }) {
  const area = actionArea(action);
  return (
    <span className={`action-chip action-tone-${areaTone(area)}`} data-testid="audit-action" data-area={area} title={action}>
      {action}
    </span>
  );
}

/** The trail is read from the local copy: offline it is as fresh as the last sync. */
export function OfflineNote({ lastSyncAt }: { lastSyncAt: string | null }) {
  const now = useNow(30_000);
  return (
    <span className="offline-note" data-testid="audit-offline" title={`The trail as of the last sync: ${formatAbsolute(lastSyncAt)}`}>
      <CloudOff size={12} aria-hidden />
      {lastSyncAt === null ? "Offline — not synced yet" : `Offline — last synced ${formatRelative(lastSyncAt, now)}`}
    </span>
  );
}

/** A member's desk roles as chips, in the editor's order; none reads as a faint dash. */
export function RoleChips({ roles }: { roles: readonly DeskRole[] }) {
  if (roles.length === 0) return <span className="faint">—</span>;
  return (
    <span className="role-chips" data-testid="staff-roles">
      {orderRoles(roles).map((r) => (
        <span key={r} className={`role-chip role-${r}`} data-role={r} title={ROLE_META[r].label}>
          {ROLE_META[r].short}
        </span>
      ))}
    </span>
  );
}

/** The directory is the local copy: offline it is as fresh as the last sync, and read-only. */
export function StaffOfflineNote({ lastSyncAt }: { lastSyncAt: string | null }) {
  const now = useNow(30_000);
  const when = lastSyncAt === null ? "not synced yet" : `as last synced ${formatRelative(lastSyncAt, now)}`;
  return (
    <span className="offline-note" data-testid="staff-offline" title={`Last synced: ${formatAbsolute(lastSyncAt)}`}>
      <CloudOff size={12} aria-hidden />
      {lastSyncAt === null
        ? "Offline: role changes need the platform; the directory has not synced yet"
        : `Offline: role changes need the platform; showing the directory ${when}`}
    </span>
  );
}
