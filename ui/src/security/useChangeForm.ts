// The state every incident change form keeps: its refusal (the core's lines split by the form's
// fields, the rest — or the platform out of reach — for the banner at the top) and its sending
// (nothing while a call runs; a required value left empty said beside its field; otherwise the
// change sent through the record's change tracker, a failure split into the refusal).
import { useState } from "react";
import { NO_FIELD_ERRORS, withoutField, type FieldErrors } from "../lib/fieldErrors";
import { opsErrorsOf } from "../ops/opsFormat";
import { useChange, type Mutation } from "./securityParts";

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
  /** A text field's onValue: keeps the value and clears `field`'s refusal. */
  editing: (field: string, set: (value: string) => void) => (value: string) => void;
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
    editing: (field, set) => (value) => {
      set(value);
      setErrors((er) => withoutField(er, field));
    },
  };
}

/** A required value the form checks before sending: the field to say it beside, and what. */
export type Missing = readonly [field: string, line: string] | null;

/** `[field, line]` when `value` is empty (white space counts as empty), else null. */
export function required(value: string, field: string, line: string): Missing {
  return value.trim() === "" ? [field, line] : null;
}

export type ChangeForm<V, R> = {
  refusal: FormRefusal;
  /** The call runs. */
  pending: boolean;
  /** Sends `vars` unless a call runs or `missing` names an empty required value. */
  send: (vars: V, onSuccess: (r: R) => void, missing?: Missing) => void;
};

/** A change form on mutation `m`, its refusal split by `fields`. */
export function useChangeForm<V, R>(m: Mutation<V, R> & { isPending: boolean }, fields: Record<string, string>): ChangeForm<V, R> {
  const refusal = useFormRefusal(fields);
  const change = useChange();
  const send = (vars: V, onSuccess: (r: R) => void, missing: Missing = null) => {
    if (m.isPending) return;
    if (missing !== null) {
      refusal.set(missing[0], missing[1]);
      return;
    }
    refusal.clear();
    change.run(m, vars, { onSuccess, onError: refusal.fail });
  };
  return { refusal, pending: m.isPending, send };
}
