import { Check } from "lucide-react";
import type { MilestoneView } from "../../bindings";
import { useToast } from "../../components/Toast";
import { errorMessage } from "../../lib/errors";
import { formatDay } from "../../lib/format";
import { useCompleteMilestone } from "../queries";
import { SyncBadge } from "../../components/SyncBadge";
import { Card, CardEmpty } from "../../components/Card";

/** Onboarding milestones as a checklist; a tick works offline and shows as pending. */
export function MilestonesCard({ milestones }: { milestones: MilestoneView[] }) {
  const complete = useCompleteMilestone();
  const toast = useToast();
  const done = milestones.filter((m) => m.completedAt !== null).length;
  const busyId = complete.isPending ? complete.variables.id : null;
  const toggle = (m: MilestoneView) =>
    complete.mutate(
      { id: m.id, done: m.completedAt === null },
      { onError: (e) => toast.show(`Could not change “${m.title}”: ${errorMessage(e)}`, "error") },
    );
  return (
    <Card
      title="Onboarding"
      meta={milestones.length > 0 ? `${done} of ${milestones.length} done` : undefined}
      testId="milestones-card"
    >
      {milestones.length === 0 ? (
        <CardEmpty>No onboarding milestones.</CardEmpty>
      ) : (
        <>
          <div className="progress" aria-hidden>
            <div className="progress-fill" style={{ width: `${(100 * done) / milestones.length}%` }} />
          </div>
          <ul className="checklist">
            {milestones.map((m) => {
              const checked = m.completedAt !== null;
              return (
                <li
                  key={m.id}
                  className={`check-item${checked ? " is-done" : ""}${m.overdue ? " is-overdue" : ""}`}
                  data-testid="milestone"
                  data-milestone-id={m.id}
                  data-sync={m.sync.state}
                  data-done={checked}
                >
                  <label className="check-label">
                    <input
                      type="checkbox"
                      className="sr-only"
                      checked={checked}
                      disabled={busyId === m.id}
                      onChange={() => toggle(m)}
                      data-testid="milestone-checkbox"
                    />
                    <span className="check-box" aria-hidden>
                      {checked ? <Check size={11} strokeWidth={3} /> : null}
                    </span>
                    <span className="check-title">{m.title}</span>
                  </label>
                  <span className="check-meta">
                    <SyncBadge sync={m.sync} />
                    {m.overdue ? (
                      <span className="badge badge-danger">Overdue</span>
                    ) : null}
                    <span className={m.overdue ? "negative" : "faint"}>
                      {checked ? `Done ${formatDay(m.completedAt)}` : m.dueOn !== null ? `Due ${formatDay(m.dueOn)}` : ""}
                    </span>
                  </span>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </Card>
  );
}
