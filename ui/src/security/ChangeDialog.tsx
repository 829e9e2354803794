// The frame every incident change dialog shares (move on, reclassify, confirm the breach, record
// the notification, complete a step, open evidence, close): a Radix dialog with its title and
// description, and the state of its form's refusal — the core's lines split by field, the rest
// (or the platform out of reach) at the top.
import * as Dialog from "@radix-ui/react-dialog";
import { X } from "lucide-react";
import { useState, type ReactNode } from "react";
import { NO_FIELD_ERRORS, withoutField, type FieldErrors } from "../lib/fieldErrors";
import { opsErrorsOf } from "../ops/opsFormat";

type Props = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  testId: string;
  /** A wider dialog (the evidence viewer, the closing form). */
  wide?: boolean;
  children: ReactNode;
};

export function ChangeDialog({ open, onOpenChange, title, description, testId, wide = false, children }: Props) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className={`dialog ${wide ? "dialog-form incident-wide-dialog" : "dialog-narrow"}`} data-testid={testId} aria-describedby={description === undefined ? undefined : `${testId}-description`}>
          <div className="dialog-header">
            <Dialog.Title className="dialog-title">{title}</Dialog.Title>
            <Dialog.Close className="icon-button" aria-label="Close">
              <X size={14} />
            </Dialog.Close>
          </div>
          {description === undefined ? null : (
            <Dialog.Description className="dialog-description" id={`${testId}-description`}>
              {description}
            </Dialog.Description>
          )}
          {children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

export type FormRefusal = {
  errors: FieldErrors;
  /** The last failure itself (to tell the platform out of reach from a refusal). */
  failure: unknown;
  /** Before sending. */
  clear: () => void;
  /** A failed call, split by the form's fields. */
  fail: (e: unknown) => void;
  /** A check of the form's own, beside `field`. */
  set: (field: string, line: string) => void;
  /** The member is correcting `field`. */
  edit: (field: string) => void;
};

/** A form's refusal state, split by `fields` (the core's names → the form's keys). */
export function useFormRefusal(fields: Record<string, string>): FormRefusal {
  const [errors, setErrors] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const [failure, setFailure] = useState<unknown>(null);
  return {
    errors,
    failure,
    clear: () => {
      setErrors(NO_FIELD_ERRORS);
      setFailure(null);
    },
    fail: (e) => {
      setFailure(e);
      setErrors(opsErrorsOf(e, fields));
    },
    set: (field, line) => setErrors({ general: [], fields: { [field]: [line] } }),
    edit: (field) => setErrors((er) => withoutField(er, field)),
  };
}
