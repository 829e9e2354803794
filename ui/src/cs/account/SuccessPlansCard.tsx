import type { SuccessPlanView } from "../../bindings";
import { formatDay, humanize } from "../../lib/format";
import { Card, CardEmpty } from "../../components/Card";

const STATUS_TONE: Record<string, string> = {
  active: "badge-accent",
  achieved: "badge-ok",
  met: "badge-ok",
  missed: "badge-danger",
  abandoned: "",
  dropped: "",
  draft: "",
  open: "",
};

/** The customer's objectives and the goals that measure them; overdue goals stand out. */
export function SuccessPlansCard({ plans }: { plans: SuccessPlanView[] }) {
  return (
    <Card title="Success plans" meta={plans.length > 0 ? plans.length : undefined} testId="success-plans-card">
      {plans.length === 0 ? (
        <CardEmpty>No success plan yet.</CardEmpty>
      ) : (
        <div className="plans">
          {plans.map((p) => (
            <div key={p.id} className="plan" data-testid="success-plan">
              <div className="plan-head">
                <span className="plan-title">{p.title}</span>
                <span className={`badge ${STATUS_TONE[p.status] ?? ""}`}>{humanize(p.status)}</span>
              </div>
              {p.objective !== "" ? <p className="plan-objective">{p.objective}</p> : null}
              {p.goals.length > 0 ? (
                <ul className="goals">
                  {p.goals.map((g) => (
                    <li key={g.id} className={`goal${g.overdue ? " is-overdue" : ""}`} data-testid="goal">
                      <span className={`badge ${g.overdue ? "badge-danger" : (STATUS_TONE[g.status] ?? "")}`}>{g.overdue ? "Overdue" : humanize(g.status)}</span>
                      <span className="goal-text">
                        {g.description}
                        {g.metric !== null ? (
                          <span className="muted">
                            {" "}
                            · {g.metric}
                            {g.targetValue !== null ? ` ≥ ${g.targetValue}` : ""}
                          </span>
                        ) : null}
                      </span>
                      <span className={`goal-due${g.overdue ? " negative" : " faint"}`}>{g.dueOn === null ? "" : formatDay(g.dueOn)}</span>
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          ))}
        </div>
      )}
    </Card>
  );
}
