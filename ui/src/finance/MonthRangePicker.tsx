import * as ToggleGroup from "@radix-ui/react-toggle-group";
import { useId, useState } from "react";
import { useNow } from "../lib/useNow";
import { lastMonths, rangeProblem, type MonthRange } from "./months";

const PRESETS = [12, 24, 36] as const;

type Props = {
  range: MonthRange;
  onChange: (range: MonthRange) => void;
  /** Prefix of the fields' test ids ("mrr", "waterfall"). */
  testId: string;
};

/**
 * From and to months ("YYYY-MM", both included) and the usual spans ending this month. A range
 * the core would refuse is said beside the fields and not asked for.
 */
export function MonthRangePicker({ range, onChange, testId }: Props) {
  const now = useNow(60 * 60_000);
  const [draft, setDraft] = useState(range);
  const [seen, setSeen] = useState(range);
  const id = useId();
  // Changed from outside (a preset, the other report): show it.
  if (range !== seen) {
    setSeen(range);
    setDraft(range);
  }
  const problem = rangeProblem(draft);
  const edit = (next: MonthRange) => {
    setDraft(next);
    if (rangeProblem(next) === null) onChange(next);
  };
  const preset = PRESETS.find((n) => {
    const r = lastMonths(now, n);
    return r.from === range.from && r.to === range.to;
  });
  return (
    <div className="filter-group month-range" data-testid={`${testId}-range`}>
      <label className="filter-label" htmlFor={`${id}-from`}>
        Months
      </label>
      <input
        id={`${id}-from`}
        type="month"
        className={`input input-small input-month${problem !== null ? " is-invalid" : ""}`}
        aria-label="First month"
        placeholder="YYYY-MM"
        data-testid={`${testId}-from`}
        value={draft.from}
        max={draft.to}
        onChange={(e) => edit({ ...draft, from: e.target.value })}
      />
      <span className="faint">to</span>
      <input
        type="month"
        className={`input input-small input-month${problem !== null ? " is-invalid" : ""}`}
        aria-label="Last month"
        placeholder="YYYY-MM"
        data-testid={`${testId}-to`}
        value={draft.to}
        min={draft.from}
        onChange={(e) => edit({ ...draft, to: e.target.value })}
      />
      <ToggleGroup.Root
        type="single"
        className="segmented"
        aria-label="Last months"
        value={preset === undefined ? "" : String(preset)}
        onValueChange={(v) => {
          if (v !== "") onChange(lastMonths(new Date(), Number(v)));
        }}
      >
        {PRESETS.map((n) => (
          <ToggleGroup.Item key={n} value={String(n)} className="segment" data-testid={`${testId}-last-${n}`}>
            {n} mo
          </ToggleGroup.Item>
        ))}
      </ToggleGroup.Root>
      {problem !== null ? (
        <span className="field-error" role="alert" data-testid={`${testId}-range-error`}>
          {problem}
        </span>
      ) : null}
    </div>
  );
}
