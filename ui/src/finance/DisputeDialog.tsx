import * as Dialog from "@radix-ui/react-dialog";
import * as ToggleGroup from "@radix-ui/react-toggle-group";
import { CircleAlert, Lock, X } from "lucide-react";
import { useId, useState, type KeyboardEvent, type SyntheticEvent } from "react";
import type { DisputeView } from "../bindings";
import { Kbd } from "../components/Kbd";
import { Spinner } from "../components/Spinner";
import { SyncBadge } from "../components/SyncBadge";
import { useToast } from "../components/Toast";
import { deskErrorOf, errorMessage } from "../lib/errors";
import { formatCount, formatDay, formatMoney, humanize } from "../lib/format";
import { isMacPlatform } from "../lib/sections";
import { codePoints } from "../signin/profileSchema";
import {
  coreDisputeErrors,
  deadline,
  DISPUTE_STATUS_LABELS,
  DISPUTE_STATUSES,
  EVIDENCE_MAX,
  isClosedDispute,
  validateDispute,
  type DisputeErrors,
  type DisputeValues,
} from "./financeSchemas";
import { useUpdateDispute } from "./opsQueries";

type Props = {
  /** The dispute to respond to, or null when the dialog is closed. */
  dispute: DisputeView | null;
  online: boolean;
  onOpenChange: (open: boolean) => void;
};

/** Edits a dispute's evidence and status; works offline (the list shows it as pending). */
export function DisputeDialog({ dispute, online, onOpenChange }: Props) {
  return (
    <Dialog.Root open={dispute !== null} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog dialog-touchpoint" data-testid="dispute-dialog">
          <div className="dialog-header">
            <Dialog.Title className="dialog-title">Respond to dispute</Dialog.Title>
            <Dialog.Close className="icon-button" aria-label="Close">
              <X size={14} />
            </Dialog.Close>
          </div>
          {dispute === null ? null : (
            <>
              <Dialog.Description className="dialog-description">
                <strong>{formatMoney(dispute.amountMinor, dispute.currency)}</strong> from <strong>{dispute.tenantName ?? dispute.tenantId ?? "an unknown tenant"}</strong>
                {dispute.invoiceNumber === null ? null : (
                  <>
                    {" "}
                    on <span className="mono">{dispute.invoiceNumber}</span>
                  </>
                )}
                , disputed as {humanize(dispute.reason).toLowerCase()}. Evidence due {formatDay(dispute.evidenceDueAt)} ({deadline(dispute).text.toLowerCase()}).{" "}
                <SyncBadge sync={dispute.sync} />
              </Dialog.Description>
              <DisputeForm key={dispute.id} dispute={dispute} online={online} onDone={() => onOpenChange(false)} />
            </>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function DisputeForm({ dispute, online, onDone }: { dispute: DisputeView; online: boolean; onDone: () => void }) {
  const [values, setValues] = useState<DisputeValues>(() => ({ status: dispute.status, evidence: dispute.evidence ?? "", reason: "" }));
  const [submitted, setSubmitted] = useState(false);
  const [coreErrors, setCoreErrors] = useState<DisputeErrors>({});
  const update = useUpdateDispute();
  const toast = useToast();
  const idBase = useId();
  const mac = isMacPlatform();
  const closed = isClosedDispute(dispute.status);
  const now = { status: dispute.status, evidence: dispute.evidence };
  const local = validateDispute(values, now);
  const errors: DisputeErrors = { ...coreErrors, ...(submitted && !local.ok ? local.errors : {}) };

  const set = <K extends keyof DisputeValues>(k: K, v: DisputeValues[K]) => {
    setValues((old) => ({ ...old, [k]: v }));
    // What the core said about this field (or the whole form) goes once the user edits it.
    setCoreErrors((c) => Object.fromEntries(Object.entries(c).filter(([field]) => field !== k && field !== "form")));
  };

  const submit = () => {
    setSubmitted(true);
    const result = validateDispute(values, now);
    if (!result.ok || update.isPending) return;
    update.mutate(
      { disputeId: dispute.id, status: result.status, evidence: result.evidence, reason: result.reason },
      {
        onSuccess: () => {
          toast.show(online ? "Dispute updated" : "Dispute saved on this laptop; it will be sent when the platform is reachable");
          onDone();
        },
        onError: (e) => {
          const desk = deskErrorOf(e);
          setCoreErrors(desk?.code === "invalidInput" ? coreDisputeErrors(desk.message) : { form: errorMessage(e) });
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

  if (closed) {
    return (
      <div className="form">
        <div className="banner banner-muted" data-testid="dispute-closed">
          <Lock size={14} aria-hidden />
          <span>This dispute is closed ({DISPUTE_STATUS_LABELS[dispute.status === "won" ? "won" : "lost"].toLowerCase()}); it can no longer change.</span>
        </div>
        {dispute.evidence ? <pre className="evidence-text">{dispute.evidence}</pre> : <p className="muted">No evidence was recorded.</p>}
        <div className="dialog-actions">
          <Dialog.Close className="button" type="button">
            Close
          </Dialog.Close>
        </div>
      </div>
    );
  }

  const evidenceLength = codePoints(values.evidence.trim());
  const fieldId = (f: string) => `${idBase}-${f}`;
  return (
    <form className="form" onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate>
      <div className={`field${errors.status ? " field-invalid" : ""}`}>
        <span className="field-label" id={fieldId("status")}>
          Status
        </span>
        <ToggleGroup.Root
          type="single"
          className="segmented segmented-wide"
          aria-labelledby={fieldId("status")}
          value={values.status}
          onValueChange={(v) => {
            if (v !== "") set("status", v);
          }}
        >
          {DISPUTE_STATUSES.map((s) => (
            <ToggleGroup.Item key={s} value={s} className="segment" data-testid={`dispute-status-${s}`}>
              {DISPUTE_STATUS_LABELS[s]}
            </ToggleGroup.Item>
          ))}
        </ToggleGroup.Root>
        {errors.status ? <p className="field-error">{errors.status}</p> : null}
      </div>
      <div className={`field${errors.evidence ? " field-invalid" : ""}`}>
        <label htmlFor={fieldId("evidence")}>Evidence</label>
        <textarea
          id={fieldId("evidence")}
          className="input textarea"
          rows={8}
          data-testid="dispute-evidence"
          value={values.evidence}
          onChange={(e) => set("evidence", e.target.value)}
          placeholder="Delivery logs, the customer's usage during the period, the signed order form…"
          aria-invalid={errors.evidence ? true : undefined}
          aria-describedby={errors.evidence ? `${fieldId("evidence")}-error` : `${fieldId("evidence")}-count`}
          autoFocus
        />
        {errors.evidence ? (
          <p className="field-error" id={`${fieldId("evidence")}-error`} data-testid="dispute-evidence-error">
            {errors.evidence}
          </p>
        ) : (
          <p className={`field-hint num${evidenceLength > EVIDENCE_MAX ? " negative" : ""}`} id={`${fieldId("evidence")}-count`}>
            {formatCount(evidenceLength)} / {formatCount(EVIDENCE_MAX)} characters
          </p>
        )}
      </div>
      <div className={`field${errors.reason ? " field-invalid" : ""}`}>
        <label htmlFor={fieldId("reason")}>Why (kept in the audit trail)</label>
        <input
          id={fieldId("reason")}
          className="input"
          data-testid="dispute-reason"
          value={values.reason}
          onChange={(e) => set("reason", e.target.value)}
          placeholder="Optional"
          autoComplete="off"
        />
        {errors.reason ? <p className="field-error">{errors.reason}</p> : null}
      </div>
      {errors.form ? (
        <div className="banner banner-error" role="alert" data-testid="dispute-form-error">
          <CircleAlert size={14} aria-hidden />
          <span>{errors.form}</span>
        </div>
      ) : null}
      <div className="dialog-actions">
        <span className="dialog-hint faint">
          <Kbd>{mac ? "⌘" : "Ctrl"}</Kbd>
          <Kbd>Enter</Kbd> to save
        </span>
        <Dialog.Close className="button" type="button">
          Cancel
        </Dialog.Close>
        <button type="submit" className="button button-primary" data-testid="dispute-save" disabled={update.isPending}>
          {update.isPending ? <Spinner size={13} /> : null}
          Save
        </button>
      </div>
    </form>
  );
}
