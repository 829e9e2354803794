import { AlertTriangle } from "lucide-react";
import { useEffect, useState, type ReactNode } from "react";
import { Spinner } from "../components/Spinner";
import { errorMessage } from "../lib/errors";

/** A failed read: what could not be read, the core's words, and Retry. */
export function ReportError({ title, error, onRetry, testId }: { title: string; error: unknown; onRetry: () => void; testId: string }) {
  return (
    <div className="banner banner-error finance-error" role="alert" data-testid={testId}>
      <AlertTriangle size={14} aria-hidden />
      <span>
        <strong>{title}</strong> {errorMessage(error)}
      </span>
      <button type="button" className="button button-small" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}

/** Nothing to show, said calmly, with what to do about it. */
export function ReportEmpty(props: { icon: ReactNode; title: string; body: ReactNode; action?: ReactNode; testId: string }) {
  return (
    <div className="empty-state empty-state-book" data-testid={props.testId}>
      <div className="empty-icon">{props.icon}</div>
      <h2>{props.title}</h2>
      <p>{props.body}</p>
      {props.action}
    </div>
  );
}

/** A first load that is usually quick: a spinner and what is being read. */
export function ReportLoading({ label, testId }: { label: string; testId: string }) {
  return (
    <div className="finance-loading" data-testid={testId} aria-busy>
      <Spinner size={16} label={label} />
      <span className="muted">{label}</span>
    </div>
  );
}

/** Seconds since this mounted, ticking every second (for work that may take a while). */
function useElapsed(): number {
  const [start] = useState(() => Date.now());
  const [now, setNow] = useState(start);
  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(t);
  }, []);
  return Math.floor((now - start) / 1000);
}

/**
 * Work that can take several seconds (the revenue waterfall over a large book): an indeterminate
 * bar, what is being worked out, and for how long so far, so a slow answer never looks frozen.
 */
export function ReportProgress({ label, detail, testId }: { label: string; detail?: string; testId: string }) {
  const seconds = useElapsed();
  return (
    <div className="finance-progress" role="progressbar" aria-label={label} aria-busy data-testid={testId}>
      <div className="progress-track">
        <div className="progress-bar-indeterminate" />
      </div>
      <div className="finance-progress-text">
        <span>{label}</span>
        <span className="faint num">{seconds >= 1 ? `${seconds} s` : null}</span>
      </div>
      {detail ? <p className="faint small">{detail}</p> : null}
    </div>
  );
}

/** A thin bar along the top of a report that is being refreshed while the old figures stay. */
export function RefreshBar({ active }: { active: boolean }) {
  return active ? (
    <div className="progress-track progress-thin" role="progressbar" aria-label="Refreshing" data-testid="report-refreshing">
      <div className="progress-bar-indeterminate" />
    </div>
  ) : null;
}

/** The currency a report shows: the one chosen if the data has it, else USD, else the first. */
export function pickCurrency(available: readonly string[], chosen: string | undefined): string | null {
  if (chosen !== undefined && available.includes(chosen)) return chosen;
  if (available.includes("USD")) return "USD";
  return available[0] ?? null;
}

/** The currencies of a report, sorted, without duplicates. */
export function currenciesOf(rows: readonly { currency: string }[]): string[] {
  return [...new Set(rows.map((r) => r.currency))].sort();
}

/** One currency at a time: reports never add amounts of different currencies. */
export function CurrencyPicker({ currencies, value, onChange, testId }: { currencies: string[]; value: string | null; onChange: (c: string) => void; testId: string }) {
  if (currencies.length <= 1) {
    return value === null ? null : (
      <span className="filter-group">
        <span className="filter-label">Currency</span>
        <span className="badge mono" data-testid={testId}>
          {value}
        </span>
      </span>
    );
  }
  return (
    <div className="filter-group">
      <label className="filter-label" htmlFor={`${testId}-select`}>
        Currency
      </label>
      <select id={`${testId}-select`} className="input input-small select" data-testid={testId} value={value ?? ""} onChange={(e) => onChange(e.target.value)}>
        {currencies.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </div>
  );
}
