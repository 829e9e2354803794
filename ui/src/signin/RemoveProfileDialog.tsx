import * as AlertDialog from "@radix-ui/react-alert-dialog";
import { CircleAlert } from "lucide-react";
import type { ProfileView } from "../bindings";
import { Spinner } from "../components/Spinner";
import { errorMessage } from "../lib/errors";
import { useDeleteProfile } from "../lib/queries";

type Props = { profile: ProfileView | null; onOpenChange: (open: boolean) => void; onRemoved: (id: string) => void };

export function RemoveProfileDialog({ profile, onOpenChange, onRemoved }: Props) {
  const del = useDeleteProfile();
  return (
    <AlertDialog.Root
      open={profile !== null}
      onOpenChange={(o) => {
        if (!o) del.reset();
        onOpenChange(o);
      }}
    >
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="dialog-overlay" />
        <AlertDialog.Content className="dialog dialog-narrow" data-testid="remove-profile-dialog">
          <AlertDialog.Title className="dialog-title">Remove “{profile?.name}”?</AlertDialog.Title>
          <AlertDialog.Description className="dialog-description">
            The profile and its password in the keychain are removed from this computer. Your
            PostgreSQL login and the platform itself are not affected.
          </AlertDialog.Description>
          {del.error ? (
            <div className="banner banner-error" role="alert">
              <CircleAlert size={14} aria-hidden />
              <span>{errorMessage(del.error)}</span>
            </div>
          ) : null}
          <div className="dialog-actions">
            <AlertDialog.Cancel className="button">Cancel</AlertDialog.Cancel>
            <button
              type="button"
              className="button button-danger"
              data-testid="remove-profile-confirm"
              disabled={del.isPending}
              onClick={() => {
                if (!profile) return;
                const id = profile.id;
                del.mutate(id, { onSuccess: () => onRemoved(id) });
              }}
            >
              {del.isPending ? <Spinner /> : null}
              Remove profile
            </button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
