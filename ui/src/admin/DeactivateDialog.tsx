// Deactivating a member starts by asking the platform what it involves: what depends on them
// and who could take each kind over. The last administrator cannot be deactivated (the dialog
// says what to do instead and offers no confirm); anyone else gets the form that hands their
// work over.
import * as Dialog from "@radix-ui/react-dialog";
import { ShieldAlert, X } from "lucide-react";
import type { StaffView } from "../bindings";
import { FormErrors } from "../components/FieldMessages";
import { Spinner } from "../components/Spinner";
import { errorMessage } from "../lib/errors";
import { DeactivationForm } from "./DeactivationForm";
import { useDeactivationPlan } from "./staffQueries";

type Props = {
  /** The member to deactivate, or null when the dialog is closed. */
  member: StaffView | null;
  online: boolean;
  onOpenChange: (open: boolean) => void;
  /** Deactivated: the member as archived. */
  onDeactivated: (member: StaffView) => void;
};

export function DeactivateDialog({ member, online, onOpenChange, onDeactivated }: Props) {
  return (
    <Dialog.Root open={member !== null} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog dialog-touchpoint" data-testid="staff-deactivate-dialog">
          <div className="dialog-header">
            <Dialog.Title className="dialog-title">Deactivate {member?.fullName ?? "member"}</Dialog.Title>
            <Dialog.Close className="icon-button" aria-label="Close">
              <X size={14} />
            </Dialog.Close>
          </div>
          <Dialog.Description className="dialog-description">
            {member === null ? null : (
              <>
                <span className="mono">{member.login}</span> · {member.email}
              </>
            )}
          </Dialog.Description>
          {member === null ? null : <Plan key={member.login} member={member} online={online} onDeactivated={onDeactivated} />}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function Plan({ member, online, onDeactivated }: { member: StaffView; online: boolean; onDeactivated: (m: StaffView) => void }) {
  const plan = useDeactivationPlan(member.login);
  if (plan.isPending) {
    return (
      <div className="signin-loading" data-testid="staff-deactivate-loading">
        <Spinner /> Reading what depends on {member.fullName}…
      </div>
    );
  }
  if (plan.isError) {
    return (
      <>
        <FormErrors lines={[errorMessage(plan.error)]} testId="staff-deactivate-error" title="What depends on them could not be read." />
        <div className="dialog-actions">
          <Dialog.Close className="button" type="button">
            Close
          </Dialog.Close>
          <button type="button" className="button button-primary" data-testid="staff-deactivate-retry" onClick={() => void plan.refetch()}>
            Retry
          </button>
        </div>
      </>
    );
  }
  if (plan.data.lastAdmin) {
    return (
      <>
        <div className="banner banner-error" role="alert" data-testid="staff-last-admin">
          <ShieldAlert size={14} aria-hidden />
          <span>
            {member.login} is the last administrator and cannot be deactivated. Make another active member an administrator first.
          </span>
        </div>
        <div className="dialog-actions">
          <Dialog.Close className="button" type="button">
            Close
          </Dialog.Close>
        </div>
      </>
    );
  }
  return <DeactivationForm plan={plan.data} online={online} onDeactivated={onDeactivated} />;
}
