// A form's field as every form shows it: the label, the control, and the refusal of that field
// under it (see FieldMessages) — the field turns red and the control points at the refusal while
// there is one. Field takes any control; TextField is the common one, a text input or textarea.
import type { InputHTMLAttributes, ReactNode } from "react";
import { FieldMessage, invalidProps } from "./FieldMessages";

/** What the control inside a Field takes: its id, and its link to the refusal. */
export type ControlProps = { id: string } & ReturnType<typeof invalidProps>;

type FieldProps = {
  /** The control's id; the refusal's is `${id}-error`. */
  id: string;
  label: ReactNode;
  /** The field's refusal (none when undefined). */
  lines: readonly string[] | undefined;
  /** The refusal's data-testid. */
  errorTestId: string;
  /** Classes after "field" ("grow"). */
  className?: string;
  children: (control: ControlProps) => ReactNode;
};

export function Field({ id, label, lines, errorTestId, className, children }: FieldProps) {
  const errorId = `${id}-error`;
  return (
    <div className={`field${className === undefined ? "" : ` ${className}`}${lines ? " field-invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, ...invalidProps(errorId, lines) })}
      <FieldMessage id={errorId} lines={lines} testId={errorTestId} />
    </div>
  );
}

type TextFieldProps = Omit<FieldProps, "children"> & {
  /** The control's data-testid. */
  testId: string;
  value: string;
  onValue: (value: string) => void;
  /** A textarea of that many rows; a one-line input without. */
  rows?: number;
  /** The control's classes: "input" (an input) or "input textarea" (a textarea) unless given. */
  inputClassName?: string;
} & Pick<InputHTMLAttributes<HTMLInputElement>, "placeholder" | "required" | "autoFocus" | "autoComplete" | "spellCheck" | "disabled">;

/** A field whose control is a text box: an input, or a textarea when `rows` is given. */
export function TextField({ testId, value, onValue, rows, inputClassName, placeholder, required, autoFocus, autoComplete, spellCheck, disabled, ...field }: TextFieldProps) {
  const common = { "data-testid": testId, value, placeholder, required, autoFocus, autoComplete, spellCheck, disabled };
  return (
    <Field {...field}>
      {(control) =>
        rows === undefined ? (
          <input {...control} {...common} className={inputClassName ?? "input"} onChange={(ev) => onValue(ev.target.value)} />
        ) : (
          <textarea {...control} {...common} className={inputClassName ?? "input textarea"} rows={rows} onChange={(ev) => onValue(ev.target.value)} />
        )
      }
    </Field>
  );
}
