import { CircleAlert, CircleCheck, CircleDashed, CircleX, FileText } from "lucide-react";
import { useEffect, useId, useRef, useState, type KeyboardEvent, type SyntheticEvent } from "react";
import type { DunningCase, RetryView } from "../bindings";
import { Kbd } from "../components/Kbd";
import { Spinner } from "../components/Spinner";
import { SyncBadge } from "../components/SyncBadge";
import { useToast } from "../components/Toast";
import { deskErrorOf, errorMessage } from "../lib/errors";
import { formatDateTime, formatMoney, humanize } from "../lib/format";
import { isPlainShortcut } from "../lib/nav";
import { isMacPlatform } from "../lib/sections";
import { noteProblem, NOTE_MAX } from "./financeSchemas";
import { InvoiceStatus } from "./InvoiceStatus";
import { useAddDunningNote } from "./opsQueries";

type Props = {
  item: DunningCase;
  online: boolean;
  onOpenInvoice: () => void;
};

/** One failed payment: what failed, the retries so far and to come, and the follow-up notes. */
export function DunningDetail({ item, online, onOpenInvoice }: Props) {
  return (
    <aside className="finance-pane" data-testid="dunning-detail" data-payment-id={item.paymentId} aria-label="Failed payment">
      <header className="pane-head">
        <div className="pane-title">{item.tenantName ?? item.tenantId}</div>
        <div className="pane-amount num">{formatMoney(item.amountMinor, item.currency)}</div>
        <div className="pane-sub">
          <button type="button" className="link-button mono" data-testid="dunning-open-invoice" onClick={onOpenInvoice} title="Open the invoice">
            <FileText size={12} aria-hidden /> {item.invoiceNumber}
          </button>
          <InvoiceStatus status={item.invoiceStatus} />
          {item.followUpDone ? <span className="badge badge-ok">Followed up</span> : null}
        </div>
        <p className="negative pane-reason">
          Failed {formatDateTime(item.failedAt)}: {humanize(item.failureReason)}
        </p>
      </header>
      <section className="pane-section" aria-label="Retries">
        <h4 className="section-label">Retries</h4>
        <RetryTimeline retries={item.retries} nextRetryAt={item.nextRetryAt} />
      </section>
      <section className="pane-section" aria-label="Follow-up notes">
        <h4 className="section-label">Follow-up notes</h4>
        {item.notes.length === 0 ? (
          <p className="card-empty">No note yet.</p>
        ) : (
          <ul className="timeline" data-testid="dunning-notes">
            {item.notes.map((n) => (
              <li key={n.id} className={`timeline-item sync-${n.sync.state}`} data-testid="dunning-note" data-sync={n.sync.state}>
                <span className="timeline-icon">{n.followUpDone ? <CircleCheck size={12} aria-hidden /> : <FileText size={12} aria-hidden />}</span>
                <div className="timeline-body">
                  <div className="timeline-head">
                    <span className="timeline-meta">
                      {n.author} · {formatDateTime(n.createdAt)}
                      {n.followUpDone ? " · follow-up done" : ""}
                    </span>
                    <SyncBadge sync={n.sync} />
                  </div>
                  {n.body === "" ? null : <div className="timeline-text">{n.body}</div>}
                </div>
              </li>
            ))}
          </ul>
        )}
        <NoteForm paymentId={item.paymentId} online={online} />
      </section>
    </aside>
  );
}

const OUTCOME_ICON = { succeeded: CircleCheck, failed: CircleX } as const;

function RetryTimeline({ retries, nextRetryAt }: { retries: RetryView[]; nextRetryAt: string | null }) {
  if (retries.length === 0 && nextRetryAt === null) return <p className="card-empty">No retry scheduled.</p>;
  return (
    <ol className="retry-timeline" data-testid="retry-timeline">
      {retries.map((r) => {
        const outcome = r.outcome === "succeeded" || r.outcome === "failed" ? r.outcome : null;
        const Icon = outcome === null ? CircleDashed : OUTCOME_ICON[outcome];
        return (
          <li key={r.attempt} className={`retry retry-${outcome ?? "scheduled"}`} data-testid="retry">
            <Icon size={13} aria-hidden />
            <div className="retry-body">
              <div>
                <strong>Attempt {r.attempt}</strong>{" "}
                <span className="muted">{r.attemptedAt === null ? `scheduled ${formatDateTime(r.scheduledAt)}` : formatDateTime(r.attemptedAt)}</span>
              </div>
              {r.outcome === null ? null : (
                <div className={outcome === "failed" ? "negative" : outcome === "succeeded" ? "positive-text" : "muted"}>
                  {humanize(r.outcome)}
                  {r.failureReason === null ? "" : `: ${humanize(r.failureReason)}`}
                </div>
              )}
            </div>
          </li>
        );
      })}
      {nextRetryAt === null ? null : (
        <li className="retry retry-next" data-testid="retry-next">
          <CircleDashed size={13} aria-hidden />
          <div className="retry-body">
            <strong>Next retry</strong> <span className="muted">{formatDateTime(nextRetryAt)}</span>
          </div>
        </li>
      )}
    </ol>
  );
}

/** Adds a follow-up note (offline too: it shows as pending until the platform has it). N focuses it. */
function NoteForm({ paymentId, online }: { paymentId: number; online: boolean }) {
  const [body, setBody] = useState("");
  const [done, setDone] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const [coreError, setCoreError] = useState<string | null>(null);
  const add = useAddDunningNote();
  const toast = useToast();
  const id = useId();
  const box = useRef<HTMLTextAreaElement>(null);
  const mac = isMacPlatform();
  const problem = submitted ? noteProblem({ body, followUpDone: done }) : null;
  const error = problem ?? coreError;

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key.toLowerCase() === "n" && !e.shiftKey && isPlainShortcut(e)) {
        e.preventDefault();
        box.current?.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const submit = () => {
    setSubmitted(true);
    if (noteProblem({ body, followUpDone: done }) !== null || add.isPending) return;
    add.mutate(
      { paymentId, body: body.trim(), followUpDone: done },
      {
        onSuccess: () => {
          toast.show(online ? "Note saved" : "Note saved on this laptop; it will be sent when the platform is reachable");
          setBody("");
          setDone(false);
          setSubmitted(false);
          setCoreError(null);
        },
        onError: (e) => {
          const desk = deskErrorOf(e);
          setCoreError(desk?.code === "invalidInput" ? desk.message.replace(/^note: /, "") : errorMessage(e));
        },
      },
    );
  };

  const onSubmit = (e: SyntheticEvent<HTMLFormElement>) => {
    e.preventDefault();
    submit();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit();
    }
  };

  return (
    <form className="form note-form" onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate data-testid="dunning-note-form">
      <div className={`field${error ? " field-invalid" : ""}`}>
        <label htmlFor={`${id}-body`}>
          Add a note <Kbd>N</Kbd>
        </label>
        <textarea
          ref={box}
          id={`${id}-body`}
          className="input textarea"
          rows={3}
          maxLength={NOTE_MAX * 2}
          placeholder="Called the billing contact; new card promised by Friday"
          data-testid="dunning-note-input"
          value={body}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => {
            setBody(e.target.value);
            setCoreError(null);
          }}
        />
        {error ? (
          <p className="field-error" id={`${id}-error`} role="alert" data-testid="dunning-note-error">
            <CircleAlert size={12} aria-hidden /> {error}
          </p>
        ) : null}
      </div>
      <div className="note-actions">
        <label className="checkbox">
          <input type="checkbox" data-testid="dunning-note-done" checked={done} onChange={(e) => setDone(e.target.checked)} />
          Follow-up done
        </label>
        <span className="dialog-hint faint">
          <Kbd>{mac ? "⌘" : "Ctrl"}</Kbd>
          <Kbd>Enter</Kbd>
        </span>
        <button type="submit" className="button button-primary button-small" data-testid="dunning-note-save" disabled={add.isPending}>
          {add.isPending ? <Spinner size={12} /> : null}
          Save note
        </button>
      </div>
    </form>
  );
}
