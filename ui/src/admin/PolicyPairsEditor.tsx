// The segregation-of-duties pairs: a row per pair with the two desk roles one person may not
// hold together (chosen by their friendly names), why, and Remove; Add pair appends an empty
// row. The compliance lines about the pairs show under the rows.
import { Plus, Trash2 } from "lucide-react";
import { newPair, type PairDraft } from "./policyDraft";
import { PAIR_ROLES, roleName } from "./policyFields";
import { FieldViolations } from "./policiesParts";
import type { Violation } from "./policyViolations";

type Props = {
  idBase: string;
  pairs: PairDraft[];
  /** The lines about the pairs. */
  violations: readonly Violation[];
  onChange: (pairs: PairDraft[]) => void;
};

export function PolicyPairsEditor({ idBase, pairs, violations, onChange }: Props) {
  const set = (i: number, patch: Partial<PairDraft>) => onChange(pairs.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  const invalid = violations.length > 0;
  const errorId = `${idBase}-error`;
  return (
    <fieldset
      className={`field policy-pairs${invalid ? " field-invalid" : ""}`}
      data-testid="policy-field-pairs"
      aria-describedby={invalid ? errorId : undefined}
    >
      <legend>Forbidden role pairs</legend>
      <p className="field-hint">Nobody may hold both roles of a pair.</p>
      {pairs.length === 0 ? (
        <p className="field-hint" data-testid="policy-pairs-none">
          No forbidden pairs: anyone may hold any roles together.
        </p>
      ) : (
        <ul className="policy-pair-list">
          {pairs.map((p, i) => (
            <li key={i} className="policy-pair-row" data-testid="policy-pair">
              <RoleSelect label={`Pair ${i + 1}, first role`} value={p.a} testId={`policy-pair-${i}-a`} onChange={(a) => set(i, { a })} />
              <span className="faint" aria-hidden>
                +
              </span>
              <RoleSelect label={`Pair ${i + 1}, second role`} value={p.b} testId={`policy-pair-${i}-b`} onChange={(b) => set(i, { b })} />
              <input
                className="input input-small policy-pair-reason"
                aria-label={`Pair ${i + 1}, reason`}
                placeholder="Why they stay apart"
                data-testid={`policy-pair-${i}-reason`}
                value={p.reason}
                onChange={(e) => set(i, { reason: e.target.value })}
                autoComplete="off"
              />
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove pair ${p.a === "" && p.b === "" ? i + 1 : `${roleName(p.a)} + ${roleName(p.b)}`}`}
                data-testid={`policy-pair-remove-${i}`}
                onClick={() => onChange(pairs.filter((_, j) => j !== i))}
              >
                <Trash2 size={12} />
              </button>
            </li>
          ))}
        </ul>
      )}
      <div>
        <button type="button" className="button button-ghost button-small" data-testid="policy-pair-add" onClick={() => onChange([...pairs, newPair()])}>
          <Plus size={12} aria-hidden /> Add pair
        </button>
      </div>
      <FieldViolations id={errorId} violations={violations} testId="policy-error-pairs" />
    </fieldset>
  );
}

/** A desk role by its friendly name; a role the desk does not know stays choosable as sent. */
function RoleSelect({ label, value, testId, onChange }: { label: string; value: string; testId: string; onChange: (role: string) => void }) {
  const known = PAIR_ROLES.some(([r]) => r === value);
  return (
    <select className="input input-small select policy-pair-role" aria-label={label} data-testid={testId} value={value} onChange={(e) => onChange(e.target.value)}>
      {value === "" ? <option value="">Choose a role…</option> : null}
      {known || value === "" ? null : <option value={value}>{value}</option>}
      {PAIR_ROLES.map(([role, name]) => (
        <option key={role} value={role}>
          {name}
        </option>
      ))}
    </select>
  );
}
