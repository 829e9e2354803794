// The two questions an action may ask: resolving as a false positive takes an optional note
// (kept in the platform's audit trail), and `n` in the inbox writes an investigation note on
// the chosen alert without opening it.
import * as Dialog from "@radix-ui/react-dialog";
import { CircleAlert, X } from "lucide-react";
import { useId, useState, type KeyboardEvent, type SyntheticEvent } from "react";
import type { AlertView } from "../bindings";
import { Kbd } from "../components/Kbd";
import { Spinner } from "../components/Spinner";
import { useToast } from "../components/Toast";
import { deskErrorOf, errorMessage } from "../lib/errors";
import { isMacPlatform } from "../lib/sections";
import { codePoints } from "../signin/profileSchema";
import { ALERT_NOTE_MAX, coreNoteMessage, NoteForm } from "./NoteForm";
import { SeverityChip } from "./parts";
import { useResolveAlert } from "./queries";

/** Resolves the alert as a false positive, with an optional note. */
export function FalsePositiveDialog({ alert, online, onOpenChange }: { alert: AlertView | null; online: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog.Root open={alert !== null} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog dialog-touchpoint" data-testid="alert-fp-dialog">
          <div className="dialog-header">
            <Dialog.Title className="dialog-title">Resolve as false positive</Dialog.Title>
            <Dialog.Close className="icon-button" aria-label="Close">
              <X size={14} />
            </Dialog.Close>
          </div>
          {alert === null ? null : (
            <>
              <Dialog.Description className="dialog-description alert-dialog-subject">
                <SeverityChip severity={alert.severity} /> {alert.title}
              </Dialog.Description>
              <FalsePositiveForm key={alert.id} alert={alert} online={online} onDone={() => onOpenChange(false)} />
            </>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function FalsePositiveForm({ alert, online, onDone }: { alert: AlertView; online: boolean; onDone: () => void }) {
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const resolve = useResolveAlert();
  const toast = useToast();
  const id = useId();
  const mac = isMacPlatform();

  const submit = () => {
    if (resolve.isPending) return;
    const text = note.trim();
    if (codePoints(text) > ALERT_NOTE_MAX) {
      setError(`At most ${ALERT_NOTE_MAX} characters.`);
      return;
    }
    resolve.mutate(
      { id: alert.id, falsePositive: true, note: text === "" ? null : text },
      {
        onSuccess: () => {
          toast.show(online ? "Resolved as a false positive" : "Resolved as a false positive on this laptop; it will be sent when the platform is reachable");
          onDone();
        },
        onError: (e) => {
          const desk = deskErrorOf(e);
          setError(desk?.code === "invalidInput" ? coreNoteMessage(desk.message) : errorMessage(e));
        },
      },
    );
  };
  const onSubmit = (e: SyntheticEvent<HTMLFormElement>) => {
    e.preventDefault();
    submit();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit();
    }
  };

  return (
    <form className="form" onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate>
      <div className={`field${error ? " field-invalid" : ""}`}>
        <label htmlFor={`${id}-note`}>Why it was not a real problem (optional)</label>
        <textarea
          id={`${id}-note`}
          className="input textarea"
          rows={4}
          data-testid="alert-fp-note"
          value={note}
          placeholder="Synthetic check hit a maintenance window"
          autoFocus
          onChange={(e) => {
            setNote(e.target.value);
            setError(null);
          }}
        />
        {error ? (
          <p className="field-error" role="alert" data-testid="alert-fp-error">
            <CircleAlert size={12} aria-hidden /> {error}
          </p>
        ) : null}
      </div>
      <div className="dialog-actions">
        <span className="dialog-hint faint">
          <Kbd>{mac ? "⌘" : "Ctrl"}</Kbd>
          <Kbd>Enter</Kbd> to resolve
        </span>
        <Dialog.Close className="button" type="button">
          Cancel
        </Dialog.Close>
        <button type="submit" className="button button-primary" data-testid="alert-fp-save" disabled={resolve.isPending}>
          {resolve.isPending ? <Spinner size={13} /> : null}
          Resolve as false positive
        </button>
      </div>
    </form>
  );
}

/** Writes an investigation note on an alert from the inbox. */
export function NoteDialog({ alert, online, onOpenChange }: { alert: AlertView | null; online: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog.Root open={alert !== null} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog dialog-touchpoint" data-testid="alert-note-dialog">
          <div className="dialog-header">
            <Dialog.Title className="dialog-title">Investigation note</Dialog.Title>
            <Dialog.Close className="icon-button" aria-label="Close">
              <X size={14} />
            </Dialog.Close>
          </div>
          {alert === null ? null : (
            <>
              <Dialog.Description className="dialog-description alert-dialog-subject">
                <SeverityChip severity={alert.severity} /> {alert.title}
              </Dialog.Description>
              <NoteForm key={alert.id} alertId={alert.id} online={online} autoFocus inDialog onSaved={() => onOpenChange(false)} />
            </>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
