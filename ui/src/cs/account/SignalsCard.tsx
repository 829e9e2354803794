import { TrendingDown, TrendingUp } from "lucide-react";
import type { Signal } from "../../bindings";
import { humanize } from "../../lib/format";
import { Card, CardEmpty } from "../../components/Card";

/** Churn signals (red) and expansion signals (green), each with its reason in words. */
export function SignalsCard({ signals }: { signals: Signal[] }) {
  return (
    <Card title="Signals" meta={signals.length > 0 ? signals.length : undefined} testId="signals-card">
      {signals.length === 0 ? (
        <CardEmpty>No churn or expansion signal is firing.</CardEmpty>
      ) : (
        <ul className="signals">
          {signals.map((s) => (
            <li key={s.code} className={`signal signal-${s.kind}`} data-testid="signal" data-kind={s.kind}>
              {s.kind === "churn" ? <TrendingDown size={14} aria-hidden /> : <TrendingUp size={14} aria-hidden />}
              <div>
                <div className="signal-title">
                  {s.kind === "churn" ? "Churn risk" : "Expansion"} · {humanize(s.code)}
                </div>
                <div className="signal-reason">{s.reason}</div>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
