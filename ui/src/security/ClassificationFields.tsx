// An incident's type and severity side by side, as both the opening form and the reclassify
// dialog ask for them: the type by its label, the severity with what each level means in its
// tooltip, each with its refusal under it.
import type { FieldErrors } from "../lib/fieldErrors";
import { Field } from "../components/FormField";
import { INCIDENT_SEVERITIES, INCIDENT_TYPES, SEVERITY_HINTS, TYPE_LABELS } from "./securityFormat";

type Props = {
  /** The form's useId(): the controls are `${id}-kind` and `${id}-severity`. */
  id: string;
  kind: string;
  severity: string;
  onKind: (kind: string) => void;
  onSeverity: (severity: string) => void;
  /** The form's refusal by field (`kind`, `severity`). */
  errors: FieldErrors["fields"];
  /** The form's test-id prefix: `${testId}-type`, `${testId}-severity`, `${testId}-error-type`, `${testId}-error-severity`. */
  testId: string;
};

export function ClassificationFields({ id, kind, severity, onKind, onSeverity, errors, testId }: Props) {
  return (
    <div className="field-row">
      <Field id={`${id}-kind`} label="Type" lines={errors.kind} errorTestId={`${testId}-error-type`} className="grow">
        {(control) => (
          <select {...control} className="input select" data-testid={`${testId}-type`} value={kind} onChange={(ev) => onKind(ev.target.value)}>
            {INCIDENT_TYPES.map((t) => (
              <option key={t} value={t}>
                {TYPE_LABELS[t]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`${id}-severity`} label="Severity" lines={errors.severity} errorTestId={`${testId}-error-severity`} className="grow">
        {(control) => (
          <select {...control} className="input select" data-testid={`${testId}-severity`} value={severity} title={SEVERITY_HINTS[severity]} onChange={(ev) => onSeverity(ev.target.value)}>
            {INCIDENT_SEVERITIES.map((s) => (
              <option key={s} value={s} title={SEVERITY_HINTS[s]}>
                {s}
              </option>
            ))}
          </select>
        )}
      </Field>
    </div>
  );
}
