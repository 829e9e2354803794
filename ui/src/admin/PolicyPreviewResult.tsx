// What the last preview (or a refused apply) found: every compliance rule the draft breaks, each
// with its field, and — for a preview — who and what applying it affects, as a compact table
// with "session ends" where applying ends one. Marked stale once the draft is edited.
import { CircleCheck, LogOut } from "lucide-react";
import type { PolicyImpact } from "../bindings";
import { ViolationText } from "./policiesParts";
import type { Violation } from "./policyViolations";

type Props = {
  /** The compliance lines (those about the rationale aside). */
  violations: readonly Violation[];
  /** Who and what it affects; null after a refused apply (no preview to show). */
  impact: readonly PolicyImpact[] | null;
  /** The draft was edited since. */
  stale: boolean;
};

export function PolicyPreviewResult({ violations, impact, stale }: Props) {
  return (
    <section className={`policy-preview${stale ? " is-stale" : ""}`} aria-label="Preview" data-testid="policy-preview-result" data-stale={stale}>
      {stale ? (
        <p className="field-hint" data-testid="policy-preview-stale">
          The draft changed since this was checked: preview it again.
        </p>
      ) : null}
      {violations.length > 0 ? (
        <div className="policy-violations" role="alert" data-testid="policy-violations">
          <h4 className="section-label">
            {violations.length === 1 ? "1 compliance rule broken" : `${violations.length} compliance rules broken`}
          </h4>
          <ul>
            {violations.map((v, i) => (
              <li key={i} data-testid="policy-violation" data-field={v.field ?? ""} data-rule={v.rule ?? ""}>
                {v.field === null ? null : <code className="mono-small policy-violation-field">{v.field}</code>}
                <ViolationText violation={v} />
              </li>
            ))}
          </ul>
        </div>
      ) : impact === null ? null : (
        <p className="policy-compliant" data-testid="policy-compliant">
          <CircleCheck size={13} aria-hidden /> Compliant: the draft breaks no compliance rule.
        </p>
      )}
      {impact === null ? null : (
        <div className="policy-impact" data-testid="policy-impact">
          <h4 className="section-label">Impact</h4>
          {impact.length === 0 ? (
            <p className="field-hint" data-testid="policy-impact-none">
              Nobody and nothing else is affected.
            </p>
          ) : (
            <table className="table table-compact policy-impact-table">
              <thead>
                <tr>
                  <th scope="col">Subject</th>
                  <th scope="col">Effect</th>
                  <th scope="col">
                    <span className="sr-only">Session</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {impact.map((i, n) => (
                  <tr key={n} data-testid="policy-impact-row" data-ends-session={i.endsSession}>
                    <td className="policy-impact-subject">{i.subject}</td>
                    <td className="policy-impact-effect">{i.effect}</td>
                    <td>
                      {i.endsSession ? (
                        <span className="badge badge-warn" data-testid="policy-impact-ends">
                          <LogOut size={11} aria-hidden /> session ends
                        </span>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}
