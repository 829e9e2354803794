import * as Tooltip from "@radix-ui/react-tooltip";
import { CircleAlert, CloudUpload } from "lucide-react";
import type { ReactElement } from "react";
import type { RecordSync } from "../bindings";
import { humanize } from "../lib/format";

export const PENDING_HINT = "Saved on this laptop; it will be sent when the platform is reachable";

function WithTooltip({ text, children }: { text: string; children: ReactElement }) {
  return (
    <Tooltip.Root>
      <Tooltip.Trigger asChild>{children}</Tooltip.Trigger>
      <Tooltip.Portal>
        <Tooltip.Content className="tooltip tooltip-wrap" sideOffset={5}>
          {text}
        </Tooltip.Content>
      </Tooltip.Portal>
    </Tooltip.Root>
  );
}

/** "Pending sync" while a change waits for the platform; "Refused: reason" when it was refused. */
export function SyncBadge({ sync }: { sync: RecordSync }) {
  if (sync.state === "synced") return null;
  if (sync.state === "pending") {
    return (
      <WithTooltip text={PENDING_HINT}>
        <span className="badge badge-pending" data-testid="sync-badge" data-state="pending" tabIndex={0}>
          <CloudUpload size={11} aria-hidden /> Pending sync
        </span>
      </WithTooltip>
    );
  }
  return (
    <WithTooltip text={`The platform refused this change: ${sync.message}`}>
      <span className="badge badge-danger" data-testid="sync-badge" data-state="refused" tabIndex={0}>
        <CircleAlert size={11} aria-hidden /> Refused: {humanize(sync.reason).toLowerCase()}
      </span>
    </WithTooltip>
  );
}

/** The book's marker for an account with changes not yet accepted by the platform. */
export function PendingCount({ count }: { count: number }) {
  if (count <= 0) return null;
  return (
    <WithTooltip text={`${count === 1 ? "1 change" : `${count} changes`} to this account: ${PENDING_HINT.toLowerCase()}`}>
      <span className="badge badge-pending" data-testid="row-pending" data-count={count}>
        <CloudUpload size={11} aria-hidden /> {count} pending
      </span>
    </WithTooltip>
  );
}
