// The regulatory clock of a confirmed data breach, prominent at the top of the incident: a live
// countdown to the 72-hour deadline (red under 24 hours, "overdue by …" once past) with
// "Record authority notified"; once notified, whether it was in time, when, and the reference.
import { AlarmClock, BadgeCheck, CircleAlert, Send } from "lucide-react";
import type { BreachClock as Clock } from "../bindings";
import { formatDateTime } from "../lib/format";
import { useNow } from "../lib/useNow";
import { clockState, clockWords } from "./securityFormat";

type Props = {
  clock: Clock;
  reference: string | null;
  /** Offered while the clock runs and the incident can still change. */
  onNotify: (() => void) | null;
};

export function BreachClock({ clock, reference, onNotify }: Props) {
  const now = useNow(1000);
  const state = clockState(clock, now);
  if (state === "notifiedInTime" || state === "notifiedLate") {
    const late = state === "notifiedLate";
    return (
      <section className={`breach-clock is-${state}`} data-testid="breach-clock" data-state={state} aria-label="Breach clock">
        {late ? <CircleAlert size={18} aria-hidden /> : <BadgeCheck size={18} aria-hidden />}
        <div className="breach-clock-body">
          <div className="breach-clock-head">
            <strong data-testid="breach-clock-verdict">{late ? "Authority notified late" : "Authority notified in time"}</strong>
          </div>
          <div className="small">
            Notified {formatDateTime(clock.notifiedAt)}
            {reference === null ? null : (
              <>
                {" "}
                · reference <span className="mono" data-testid="breach-reference">{reference}</span>
              </>
            )}
            <span className="faint"> · deadline was {formatDateTime(clock.deadline)}</span>
          </div>
        </div>
      </section>
    );
  }
  return (
    <section className={`breach-clock is-${state}`} data-testid="breach-clock" data-state={state} role="timer" aria-live="off" aria-label="Breach clock">
      <AlarmClock size={20} aria-hidden />
      <div className="breach-clock-body">
        <div className="breach-clock-head">
          <span className="breach-clock-label">Data breach — notify the authority</span>
          <strong className="breach-countdown num" data-testid="breach-countdown">
            {clockWords(clock.deadline, now)}
          </strong>
        </div>
        <div className="small">
          Confirmed {formatDateTime(clock.confirmedAt)} · deadline <span data-testid="breach-deadline">{formatDateTime(clock.deadline)}</span> (72 h)
        </div>
      </div>
      {onNotify === null ? null : (
        <button type="button" className={`button button-small ${state === "running" ? "" : "button-danger"}`} data-testid="authority-notify" onClick={onNotify}>
          <Send size={12} aria-hidden /> Record authority notified
        </button>
      )}
    </section>
  );
}
