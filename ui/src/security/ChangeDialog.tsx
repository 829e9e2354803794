// The frame every incident change dialog shares (open, move on, reclassify, confirm the breach,
// record the notification, complete a step, attach or open evidence, close): the dialog itself
// (components/FormDialog, narrow or wide), and its form — the refusal banner on top (the platform
// out of reach calmly), the fields, the offline hint, then Cancel and the submit. The form's
// state is in useChangeForm.
import type { ComponentProps, KeyboardEvent, ReactNode, SyntheticEvent } from "react";
import { DialogActions, FormDialog } from "../components/FormDialog";
import { ChangeErrors, OfflineHint } from "./securityParts";
import type { FormRefusal } from "./useChangeForm";

type DialogProps = Omit<ComponentProps<typeof FormDialog>, "className"> & {
  /** A wider dialog (the evidence viewer, the closing form). */
  wide?: boolean;
};

export function ChangeDialog({ wide = false, ...props }: DialogProps) {
  return <FormDialog {...props} className={wide ? "dialog-form incident-wide-dialog" : "dialog-narrow"} />;
}

type FormProps = {
  /** The form's accessible name. */
  label: string;
  refusal: Pick<FormRefusal, "failure" | "errors">;
  /** Its banner's and offline hint's test ids: `${testId}-refused`, `${testId}-offline`. */
  testId: string;
  online: boolean;
  /** What needs the platform, said by the offline hint ("moving an incident on"). */
  needs: string;
  onSubmit: (ev: SyntheticEvent<HTMLFormElement>) => void;
  onKeyDown?: (ev: KeyboardEvent<HTMLFormElement>) => void;
  /** The Cancel / submit row. */
  submit: ComponentProps<typeof DialogActions>;
  children: ReactNode;
};

export function ChangeForm({ label, refusal, testId, online, needs, onSubmit, onKeyDown, submit, children }: FormProps) {
  return (
    <form className="form" onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate aria-label={label}>
      <ChangeErrors error={refusal.failure} lines={refusal.errors.general} testId={`${testId}-refused`} />
      {children}
      {online ? null : <OfflineHint what={needs} testId={`${testId}-offline`} />}
      <DialogActions {...submit} />
    </form>
  );
}
