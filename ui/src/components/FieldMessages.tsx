// How a form shows a refusal split by lib/fieldErrors: a field's lines under the field (the
// control points at them with aria-describedby), the general lines in a banner at the top.
// Every form that sends such input shows them alike.
import { CircleAlert } from "lucide-react";

/** A field's refusal under the control; nothing when it has none. */
export function FieldMessage({ id, lines, testId }: { id: string; lines: readonly string[] | undefined; testId: string }) {
  if (lines === undefined || lines.length === 0) return null;
  return (
    <p className="field-error field-message" id={id} role="alert" data-testid={testId}>
      <CircleAlert size={12} aria-hidden />
      <span className="field-message-lines">
        {lines.map((line, i) => (
          <span key={i}>{line}</span>
        ))}
      </span>
    </p>
  );
}

/** The refusal's general lines as a banner; nothing when there are none. */
export function FormErrors({ lines, testId, title }: { lines: readonly string[]; testId: string; title?: string }) {
  if (lines.length === 0) return null;
  return (
    <div className="banner banner-error" role="alert" data-testid={testId}>
      <CircleAlert size={14} aria-hidden />
      <div className="field-message-lines">
        {title === undefined ? null : <strong>{title}</strong>}
        {lines.map((line, i) => (
          <span key={i}>{line}</span>
        ))}
      </div>
    </div>
  );
}

/** The attributes a control takes when its field has a refusal. */
export function invalidProps(id: string, lines: readonly string[] | undefined, hintId?: string) {
  const invalid = lines !== undefined && lines.length > 0;
  return {
    "aria-invalid": invalid ? true : undefined,
    "aria-describedby": invalid ? id : hintId,
  } as const;
}
