// The scaffold of a dialog that holds one form, so every such dialog looks and behaves alike: the
// Radix dialog with its title, close button and description (FormDialog), the Cancel / submit row
// whose button shows a spinner while the call runs (DialogActions), and a form's submit that
// Ctrl/⌘+Enter runs too (submitHandlers). The form itself, its refusal banner and its fields
// (see FormField) stay with each dialog.
import * as Dialog from "@radix-ui/react-dialog";
import { X } from "lucide-react";
import type { KeyboardEvent, ReactNode, SyntheticEvent } from "react";
import { Spinner } from "./Spinner";

type FormDialogProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  /** Under the title; the dialog is described by it (nothing when undefined). */
  description?: ReactNode;
  /** The dialog's data-testid; its description's id is `${testId}-description`. */
  testId: string;
  /** Classes after "dialog" ("dialog-narrow", "dialog-form …"). */
  className?: string;
  children: ReactNode;
};

export function FormDialog({ open, onOpenChange, title, description, testId, className, children }: FormDialogProps) {
  const describedBy = description === undefined ? undefined : `${testId}-description`;
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className={className === undefined ? "dialog" : `dialog ${className}`} data-testid={testId} aria-describedby={describedBy}>
          <div className="dialog-header">
            <Dialog.Title className="dialog-title">{title}</Dialog.Title>
            <Dialog.Close className="icon-button" aria-label="Close">
              <X size={14} />
            </Dialog.Close>
          </div>
          {description === undefined ? null : (
            <Dialog.Description className="dialog-description" id={describedBy}>
              {description}
            </Dialog.Description>
          )}
          {children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

type ActionsProps = {
  /** The call runs: the submit button is disabled, busy and spins. */
  pending: boolean;
  label: string;
  /** The submit button's data-testid. */
  testId: string;
  /** A destructive change (red button). */
  danger?: boolean;
  /** Before the label while not pending (the spinner takes its place while pending). */
  icon?: ReactNode;
  /** Left of Cancel (a keyboard hint). */
  hint?: ReactNode;
};

/** The form's last row: Cancel closes the dialog (what was typed goes), the submit sends. */
export function DialogActions({ pending, label, testId, danger = false, icon, hint }: ActionsProps) {
  return (
    <div className="dialog-actions">
      {hint}
      <Dialog.Close className="button" type="button">
        Cancel
      </Dialog.Close>
      <button type="submit" className={`button ${danger ? "button-danger" : "button-primary"}`} data-testid={testId} disabled={pending} aria-busy={pending}>
        {pending ? <Spinner size={12} /> : icon}
        {icon === undefined ? label : ` ${label}`}
      </button>
    </div>
  );
}

/** A form's handlers that run `submit` on submit and on Ctrl/⌘+Enter anywhere in it. */
export function submitHandlers(submit: () => void) {
  return {
    onSubmit: (ev: SyntheticEvent<HTMLFormElement>) => {
      ev.preventDefault();
      submit();
    },
    onKeyDown: (ev: KeyboardEvent<HTMLElement>) => {
      if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
        ev.preventDefault();
        submit();
      }
    },
  };
}
