// The directory's ways to add people: New member (or `n` while the directory is shown and no
// box has the keyboard) and Import from HR. Both need the platform: offline they stay off and
// say why, as the roles editor does.
import * as Tooltip from "@radix-ui/react-tooltip";
import { FileSpreadsheet, UserPlus } from "lucide-react";
import { useEffect, useState, type ReactElement } from "react";
import { Kbd } from "../components/Kbd";
import { isPlainShortcut } from "../lib/nav";
import { ImportStaffDialog } from "./ImportStaffDialog";
import { NewMemberDialog } from "./NewMemberDialog";

/** Why the buttons are off offline. */
export const ADD_OFFLINE_HINT = "Offline: adding staff members needs the platform.";

export function StaffActions({ online }: { online: boolean }) {
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);

  useEffect(() => {
    if (!online) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() !== "n" || e.shiftKey || !isPlainShortcut(e)) return;
      e.preventDefault();
      setCreating(true);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [online]);

  return (
    <div className="finance-actions staff-actions">
      <OfflineHint online={online}>
        <button type="button" className="button button-small" data-testid="staff-import" disabled={!online} onClick={() => setImporting(true)}>
          <FileSpreadsheet size={13} aria-hidden /> Import from HR
        </button>
      </OfflineHint>
      <OfflineHint online={online}>
        <button type="button" className="button button-primary button-small" data-testid="staff-new" disabled={!online} onClick={() => setCreating(true)}>
          <UserPlus size={13} aria-hidden /> New member <Kbd>N</Kbd>
        </button>
      </OfflineHint>
      <NewMemberDialog open={creating} online={online} onOpenChange={setCreating} />
      <ImportStaffDialog open={importing} online={online} onOpenChange={setImporting} />
    </div>
  );
}

/** Offline, a disabled button takes no pointer: its wrapper carries the reason instead. */
function OfflineHint({ online, children }: { online: boolean; children: ReactElement }) {
  if (online) return children;
  return (
    <Tooltip.Root>
      <Tooltip.Trigger asChild>
        <span className="disabled-wrap" tabIndex={0} data-testid="staff-add-blocked" data-hint={ADD_OFFLINE_HINT}>
          {children}
        </span>
      </Tooltip.Trigger>
      <Tooltip.Portal>
        <Tooltip.Content className="tooltip tooltip-wrap" sideOffset={5}>
          {ADD_OFFLINE_HINT}
        </Tooltip.Content>
      </Tooltip.Portal>
    </Tooltip.Root>
  );
}
