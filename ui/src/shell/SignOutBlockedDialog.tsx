import * as AlertDialog from "@radix-ui/react-alert-dialog";
import { CloudOff } from "lucide-react";

type Props = {
  /** The core's refusal message, or null when the dialog is closed. */
  message: string | null;
  queued: number;
  onOpenChange: (o: boolean) => void;
};

/**
 * Signing out wipes the local copy, so the core refuses while changes still wait for the platform
 * (`pendingChanges`). This explains why and what to do.
 */
export function SignOutBlockedDialog({ message, queued, onOpenChange }: Props) {
  return (
    <AlertDialog.Root open={message !== null} onOpenChange={onOpenChange}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="dialog-overlay" />
        <AlertDialog.Content className="dialog dialog-narrow" data-testid="sign-out-blocked">
          <div className="dialog-heading">
            <CloudOff size={16} aria-hidden />
            <AlertDialog.Title className="dialog-title">You can't sign out yet</AlertDialog.Title>
          </div>
          <AlertDialog.Description className="dialog-description">
            {queued === 1 ? "1 change has" : queued > 1 ? `${queued} changes have` : "Some changes have"} not reached
            the platform. Signing out wipes the local copy, so they would be lost. Reconnect and sign out once
            the queue is empty.
          </AlertDialog.Description>
          {message ? <p className="dialog-detail">{message}</p> : null}
          <div className="dialog-actions">
            <AlertDialog.Action className="button button-primary" data-testid="sign-out-blocked-ok">
              Stay signed in
            </AlertDialog.Action>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
