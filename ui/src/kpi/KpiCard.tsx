// One figure of the KPI screen as a card: its name, the value right-aligned with its unit (a
// share with a bar, a median with its p90, amounts per currency), what it counted, and its
// note; "no data" and "not available for your role" read calmly, with why. The card is a
// button: a click or Enter opens the rows behind it.
import { Info, Lock } from "lucide-react";
import type { KeyboardEvent, Ref } from "react";
import type { KpiFigure } from "../bindings";
import { readFigure } from "./kpiFormat";

type Props = {
  figure: KpiFigure;
  /** Whether its rows are open below. */
  active: boolean;
  /** Whether Tab lands on it (one card of the grid at a time). */
  tabbable: boolean;
  onOpen: () => void;
  onKeyDown: (e: KeyboardEvent<HTMLButtonElement>) => void;
  onFocus: () => void;
  buttonRef?: Ref<HTMLButtonElement>;
};

export function KpiCard({ figure, active, tabbable, onOpen, onKeyDown, onFocus, buttonRef }: Props) {
  const r = readFigure(figure.value);
  const testId = `kpi-card-${figure.id}`;
  return (
    <button
      ref={buttonRef}
      type="button"
      className={`kpi-card kpi-${r.state}${active ? " is-active" : ""}`}
      data-testid={testId}
      data-kind={figure.value.kind}
      aria-pressed={active}
      aria-label={`${figure.title}: ${r.main === null ? r.detail : `${r.main.join(", ")}${r.qualifier ? ` ${r.qualifier}` : ""}, ${r.detail}`}`}
      tabIndex={tabbable ? 0 : -1}
      title={figure.definition}
      onClick={onOpen}
      onKeyDown={onKeyDown}
      onFocus={onFocus}
    >
      <span className="kpi-card-title">{figure.title}</span>
      {r.main === null ? (
        <span className={`kpi-calm${r.state === "notAvailable" ? " kpi-locked" : ""}`} data-testid={`${testId}-calm`}>
          {r.state === "notAvailable" ? <Lock size={12} aria-hidden /> : <Info size={12} aria-hidden />}
          <span>{r.state === "notAvailable" ? "Not available for your role" : "No data"}</span>
        </span>
      ) : (
        <span className="kpi-value" data-testid={`${testId}-value`}>
          {r.qualifier === null ? null : <span className="kpi-qualifier">{r.qualifier}</span>}
          <span className="kpi-main">
            {r.main.map((m) => (
              <span key={m} className="num">
                {m}
              </span>
            ))}
          </span>
        </span>
      )}
      {r.bar === null ? null : (
        <span className="kpi-bar" aria-hidden data-testid={`${testId}-bar`}>
          <span className="kpi-bar-fill" style={{ width: `${r.bar}%` }} />
        </span>
      )}
      <span className={`kpi-detail${r.main === null ? " kpi-reason" : " num"}`} data-testid={`${testId}-detail`}>
        {r.detail}
      </span>
      {figure.note === null || r.main === null ? null : <span className="kpi-note">{figure.note}</span>}
    </button>
  );
}
