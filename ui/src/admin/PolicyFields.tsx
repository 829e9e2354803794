// The typed inputs for one policy's rules: a number box with its unit, an on/off box, a short
// list on one line, a list one per line, or the pairs editor — each with the compliance lines
// about it beside it — then the fields the form does not know, shown read-only (they are sent
// back unchanged) with Drop to leave one out.
import { Trash2 } from "lucide-react";
import { inlineValue } from "./auditDiff";
import type { PairDraft, PolicyDraft } from "./policyDraft";
import { fieldsOf, type PolicyField } from "./policyFields";
import { FieldViolations } from "./policiesParts";
import { PolicyPairsEditor } from "./PolicyPairsEditor";
import { violationsFor, type Violation } from "./policyViolations";

type Props = {
  name: string;
  idBase: string;
  draft: PolicyDraft;
  /** The compliance lines shown beside the fields. */
  violations: readonly Violation[];
  onText: (key: string, text: string) => void;
  onChecked: (key: string, on: boolean) => void;
  onPairs: (pairs: PairDraft[]) => void;
  /** Leaves a field the form does not know out of the rules. */
  onDrop: (key: string) => void;
};

export function PolicyFields({ name, idBase, draft, violations, onText, onChecked, onPairs, onDrop }: Props) {
  const others = Object.entries(draft.other);
  return (
    <>
      {fieldsOf(name).map((f) =>
        f.kind === "pairs" ? (
          <PolicyPairsEditor key={f.key} idBase={`${idBase}-${f.key}`} pairs={draft.pairs} violations={violationsFor(violations, f.key)} onChange={onPairs} />
        ) : (
          <FieldInput
            key={f.key}
            field={f}
            id={`${idBase}-${f.key}`}
            draft={draft}
            violations={violationsFor(violations, f.key)}
            onText={(t) => onText(f.key, t)}
            onChecked={(on) => onChecked(f.key, on)}
          />
        ),
      )}
      {others.length === 0 ? null : (
        <div className="field policy-other" data-testid="policy-other-fields">
          <span className="policy-other-label">Other fields (sent back unchanged)</span>
          <ul className="policy-other-list">
            {others.map(([key, value]) => {
              const lines = violationsFor(violations, key);
              return (
                <li key={key} className={lines.length > 0 ? "field-invalid" : undefined} data-testid={`policy-other-${key}`}>
                  <div className="policy-other-row">
                    <code className="mono-small">{key}</code>
                    <span className="mono-small muted policy-other-value">{inlineValue(value)}</span>
                    <button type="button" className="icon-button" aria-label={`Drop ${key}`} title={`Leave ${key} out of the rules`} data-testid={`policy-other-drop-${key}`} onClick={() => onDrop(key)}>
                      <Trash2 size={12} />
                    </button>
                  </div>
                  <FieldViolations id={`${idBase}-other-${key}-error`} violations={lines} testId={`policy-error-${key}`} />
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </>
  );
}

type InputProps = {
  field: PolicyField;
  id: string;
  draft: PolicyDraft;
  violations: readonly Violation[];
  onText: (text: string) => void;
  onChecked: (on: boolean) => void;
};

/** One field's control with its label, unit, hint and lines. */
function FieldInput({ field: f, id, draft, violations, onText, onChecked }: InputProps) {
  const invalid = violations.length > 0;
  const errorId = `${id}-error`;
  const hintId = f.hint === undefined ? undefined : `${id}-hint`;
  const aria = { "aria-invalid": invalid ? true : undefined, "aria-describedby": invalid ? errorId : hintId } as const;
  const testId = `policy-field-${f.key}`;
  const text = draft.text[f.key] ?? "";
  const label = `${f.label}${f.optional ? " (optional)" : ""}`;

  let control;
  switch (f.kind) {
    case "boolean":
      control = (
        <label className="checkbox">
          <input id={id} type="checkbox" data-testid={testId} checked={draft.checked[f.key] ?? false} onChange={(e) => onChecked(e.target.checked)} {...aria} />
          {f.label}
        </label>
      );
      break;
    case "number":
      control = (
        <div className="policy-number-row">
          <input
            id={id}
            className="input num policy-number"
            type="number"
            inputMode="numeric"
            step={1}
            data-testid={testId}
            value={text}
            onChange={(e) => onText(e.target.value)}
            autoComplete="off"
            {...aria}
          />
          {f.unit === undefined ? null : <span className="faint small">{f.unit}</span>}
        </div>
      );
      break;
    case "lines":
      control = (
        <textarea
          id={id}
          className="input textarea mono"
          rows={4}
          placeholder={f.placeholder}
          data-testid={testId}
          value={text}
          onChange={(e) => onText(e.target.value)}
          spellCheck={false}
          {...aria}
        />
      );
      break;
    default:
      control = (
        <input
          id={id}
          className="input mono"
          placeholder={f.placeholder}
          data-testid={testId}
          value={text}
          onChange={(e) => onText(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          {...aria}
        />
      );
  }

  return (
    <div className={`field policy-field${invalid ? " field-invalid" : ""}`} data-field={f.key}>
      {f.kind === "boolean" ? null : (
        <label htmlFor={id}>
          {label} <code className="faint mono-small policy-field-key">{f.key}</code>
        </label>
      )}
      {control}
      {f.hint === undefined ? null : (
        <p className="field-hint policy-field-hint" id={hintId}>
          {f.hint}
        </p>
      )}
      <FieldViolations id={errorId} violations={violations} testId={`policy-error-${f.key}`} />
    </div>
  );
}
