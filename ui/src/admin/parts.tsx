// Small pieces the audit list and its detail panel show the same way: the action chip (coloured
// by its area) and the "offline — last synced" note.
import { CloudOff } from "lucide-react";
import { formatAbsolute, formatRelative } from "../lib/time";
import { useNow } from "../lib/useNow";
import { actionArea, areaTone } from "./format";

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
