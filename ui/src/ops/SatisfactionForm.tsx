// The customer's satisfaction once an escalation is resolved: a score from 1 to 5 and their
// words, queued like every escalation change (so it works offline); shown as stars once saved.
import { Star } from "lucide-react";
import { useId, useState, type SyntheticEvent } from "react";
import type { EscalationRecord } from "../bindings";
import { FieldMessage, FormErrors } from "../components/FieldMessages";
import { Spinner } from "../components/Spinner";
import { useToast } from "../components/Toast";
import { NO_FIELD_ERRORS, type FieldErrors } from "../lib/fieldErrors";
import { opsErrorsOf } from "./opsFormat";
import { useRecordSatisfaction } from "./queries";

const SCORES = [1, 2, 3, 4, 5] as const;
const WORDS: Record<number, string> = { 1: "Very unhappy", 2: "Unhappy", 3: "Neutral", 4: "Happy", 5: "Very happy" };

export function SatisfactionForm({ escalation: e, online }: { escalation: EscalationRecord; online: boolean }) {
  const [score, setScore] = useState<number | null>(e.satisfaction);
  const [note, setNote] = useState(e.satisfactionNote ?? "");
  const [errors, setErrors] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const record = useRecordSatisfaction();
  const toast = useToast();
  const id = useId();

  const onSubmit = (ev: SyntheticEvent<HTMLFormElement>) => {
    ev.preventDefault();
    if (record.isPending) return;
    if (score === null) {
      setErrors({ general: [], fields: { satisfaction: ["Choose a score from 1 to 5."] } });
      return;
    }
    setErrors(NO_FIELD_ERRORS);
    record.mutate(
      { id: e.id, score, note: note.trim() },
      {
        onSuccess: () => toast.show(online ? "Satisfaction saved" : "Satisfaction saved on this laptop; it will be sent when the platform is reachable"),
        onError: (err) => setErrors(opsErrorsOf(err, { satisfaction: "satisfaction" })),
      },
    );
  };

  return (
    <form className="form pane-section" onSubmit={onSubmit} noValidate data-testid="satisfaction-form" aria-label="Customer satisfaction">
      <h4 className="section-label">Customer satisfaction</h4>
      <FormErrors lines={errors.general} testId="satisfaction-refused" />
      <div className="ops-stars" role="radiogroup" aria-label="Score">
        {SCORES.map((n) => (
          <button
            key={n}
            type="button"
            role="radio"
            aria-checked={score === n}
            className={`icon-button ops-star${score !== null && n <= score ? " is-on" : ""}`}
            data-testid={`satisfaction-${n}`}
            title={`${n} — ${WORDS[n] ?? ""}`}
            onClick={() => {
              setScore(n);
              setErrors(NO_FIELD_ERRORS);
            }}
          >
            <Star size={16} aria-hidden />
            <span className="sr-only">{n}</span>
          </button>
        ))}
        <span className="muted small">{score === null ? "Not recorded" : `${score}/5 · ${WORDS[score] ?? ""}`}</span>
      </div>
      <FieldMessage id={`${id}-score-error`} lines={errors.fields.satisfaction} testId="satisfaction-error" />
      <div className="field">
        <label htmlFor={`${id}-note`}>Their words (optional)</label>
        <input id={`${id}-note`} className="input" data-testid="satisfaction-note" value={note} placeholder="Quick fix, thanks for the updates" onChange={(ev) => setNote(ev.target.value)} />
      </div>
      <div className="note-actions">
        <button type="submit" className="button button-small" data-testid="satisfaction-save" disabled={record.isPending}>
          {record.isPending ? <Spinner size={12} /> : null}
          Save satisfaction
        </button>
      </div>
    </form>
  );
}
