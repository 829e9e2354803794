// The review of a finished rollback: who and what was affected, and what we learned. Saved on
// the platform (so it needs the platform; offline, the core's message shows here).
import { useId, useState, type SyntheticEvent } from "react";
import type { RollbackView } from "../bindings";
import { FieldMessage, FormErrors, invalidProps } from "../components/FieldMessages";
import { Spinner } from "../components/Spinner";
import { useToast } from "../components/Toast";
import { NO_FIELD_ERRORS, withoutField, type FieldErrors } from "../lib/fieldErrors";
import { opsErrorsOf, ROLLBACK_FIELDS } from "./opsFormat";
import { useReviewRollback } from "./queries";

export function RollbackReview({ rollback }: { rollback: RollbackView }) {
  const [impact, setImpact] = useState("");
  const [lessons, setLessons] = useState("");
  const [errors, setErrors] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const review = useReviewRollback();
  const toast = useToast();
  const id = useId();
  const f = errors.fields;

  const onSubmit = (ev: SyntheticEvent<HTMLFormElement>) => {
    ev.preventDefault();
    if (review.isPending) return;
    setErrors(NO_FIELD_ERRORS);
    review.mutate(
      { rollback: rollback.id, impact, lessons },
      {
        onSuccess: () => toast.show("Review saved"),
        onError: (err) => setErrors(opsErrorsOf(err, ROLLBACK_FIELDS)),
      },
    );
  };

  return (
    <form className="form ops-review" onSubmit={onSubmit} noValidate data-testid="rollback-review" aria-label="Review the rollback">
      <FormErrors lines={errors.general} testId="rollback-review-refused" />
      <div className={`field${f.impact ? " field-invalid" : ""}`}>
        <label htmlFor={`${id}-impact`}>Impact</label>
        <textarea
          id={`${id}-impact`}
          className="input textarea"
          rows={2}
          data-testid="rollback-impact"
          value={impact}
          placeholder="About 4 % of sends failed for 12 minutes; no data lost"
          onChange={(ev) => {
            setImpact(ev.target.value);
            setErrors((er) => withoutField(er, "impact"));
          }}
          {...invalidProps(`${id}-impact-error`, f.impact)}
        />
        <FieldMessage id={`${id}-impact-error`} lines={f.impact} testId="rollback-error-impact" />
      </div>
      <div className={`field${f.lessons ? " field-invalid" : ""}`}>
        <label htmlFor={`${id}-lessons`}>Lessons learned</label>
        <textarea
          id={`${id}-lessons`}
          className="input textarea"
          rows={2}
          data-testid="rollback-lessons"
          value={lessons}
          placeholder="Canary the send path before a full rollout"
          onChange={(ev) => {
            setLessons(ev.target.value);
            setErrors((er) => withoutField(er, "lessons"));
          }}
          {...invalidProps(`${id}-lessons-error`, f.lessons)}
        />
        <FieldMessage id={`${id}-lessons-error`} lines={f.lessons} testId="rollback-error-lessons" />
      </div>
      <div className="note-actions">
        <button type="submit" className="button button-small" data-testid="rollback-review-save" disabled={review.isPending} aria-busy={review.isPending}>
          {review.isPending ? <Spinner size={12} /> : null}
          Save review
        </button>
      </div>
    </form>
  );
}
