// The optimisation candidates: services that got slower or failed more this week than last,
// each with its figures side by side and the core's reasons in words.
import { TrendingUp } from "lucide-react";
import type { Candidate } from "../bindings";
import { Card, CardEmpty } from "../components/Card";
import { formatCount } from "../lib/format";
import { formatMs, formatRate } from "./opsFormat";

export function CandidatesCard({ candidates }: { candidates: readonly Candidate[] }) {
  return (
    <Card title="Optimisation candidates" meta={candidates.length > 0 ? formatCount(candidates.length) : undefined} testId="health-candidates">
      {candidates.length === 0 ? (
        <CardEmpty>No service got slower or failed more than the week before.</CardEmpty>
      ) : (
        <ul className="rows">
          {candidates.map((c) => (
            <li key={c.service} className="row-item ops-candidate" data-testid={`candidate-${c.service}`}>
              <div className="ops-candidate-head">
                <TrendingUp size={13} className="attention" aria-hidden />
                <span className="mono-small strong">{c.service}</span>
                <span className="faint small num">
                  p95 {formatMs(c.lastWeek.p95Ms)} → {formatMs(c.thisWeek.p95Ms)} · errors {formatRate(c.lastWeek.errorRate)} → {formatRate(c.thisWeek.errorRate)}
                </span>
              </div>
              <ul className="ops-reasons">
                {c.reasons.map((r) => (
                  <li key={r} data-testid="candidate-reason">
                    {r}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
