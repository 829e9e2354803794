// The incident panel's change dialogs: move it on (the statuses it may go to; a false positive
// needs its reason), reclassify it (type, severity and why), confirm a data breach (what
// confirmed it; the 72-hour clock starts) and record that the authority was notified (its
// reference). Each is a live call sent with the version seen; a refusal shows beside its field,
// the platform out of reach calmly at the top, and what was typed stays.
import * as Dialog from "@radix-ui/react-dialog";
import { useId, useState, type SyntheticEvent } from "react";
import type { IncidentRecord } from "../bindings";
import { FieldMessage, invalidProps } from "../components/FieldMessages";
import { Spinner } from "../components/Spinner";
import { ChangeDialog, useFormRefusal } from "./ChangeDialog";
import { useClassify, useConfirmBreach, useNotifyAuthority, useSetStatus } from "./queries";
import { BREACH_FIELDS, CLASSIFY_FIELDS, INCIDENT_SEVERITIES, INCIDENT_TYPES, labelOf, NOTIFY_FIELDS, SEVERITY_HINTS, STATUS_FIELDS, STATUS_LABELS, TYPE_LABELS } from "./securityFormat";
import { ChangeErrors, OfflineHint, useChange } from "./securityParts";

type DialogProps = { incident: IncidentRecord; open: boolean; online: boolean; onOpenChange: (open: boolean) => void };

function Actions({ pending, label, testId, danger = false }: { pending: boolean; label: string; testId: string; danger?: boolean }) {
  return (
    <div className="dialog-actions">
      <Dialog.Close className="button" type="button">
        Cancel
      </Dialog.Close>
      <button type="submit" className={`button ${danger ? "button-danger" : "button-primary"}`} data-testid={testId} disabled={pending} aria-busy={pending}>
        {pending ? <Spinner size={12} /> : null}
        {label}
      </button>
    </div>
  );
}

const STATUS_HINTS: Record<string, string> = {
  investigating: "Someone is on it.",
  contained: "The damage can no longer spread.",
  eradicated: "The cause is removed.",
  recovered: "Systems are back to normal.",
  false_positive: "It was not an incident; closes it with the reason.",
};

export function StatusDialog({ incident, open, online, onOpenChange }: DialogProps) {
  return (
    <ChangeDialog open={open} onOpenChange={onOpenChange} title="Move to…" description={`${incident.title} is ${labelOf(STATUS_LABELS, incident.status).toLowerCase()}. It only moves forward.`} testId="status-dialog">
      <StatusForm incident={incident} online={online} onDone={() => onOpenChange(false)} />
    </ChangeDialog>
  );
}

function StatusForm({ incident, online, onDone }: { incident: IncidentRecord; online: boolean; onDone: () => void }) {
  const [status, setStatus] = useState(incident.nextStatuses[0] ?? "");
  const [note, setNote] = useState("");
  const refusal = useFormRefusal(STATUS_FIELDS);
  const m = useSetStatus();
  const change = useChange();
  const id = useId();
  const f = refusal.errors.fields;
  const falsePositive = status === "false_positive";

  const onSubmit = (ev: SyntheticEvent<HTMLFormElement>) => {
    ev.preventDefault();
    if (m.isPending || status === "") return;
    if (falsePositive && note.trim() === "") {
      refusal.set("note", "Say why it is a false positive.");
      return;
    }
    refusal.clear();
    change.run(m, { id: incident.id, status, note: note.trim(), version: incident.version }, { onSuccess: onDone, onError: refusal.fail });
  };

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Move the incident on">
      <ChangeErrors error={refusal.failure} lines={refusal.errors.general} testId="status-refused" />
      <div className="field" role="radiogroup" aria-label="Next status" data-testid="status-next">
        {incident.nextStatuses.map((s) => (
          <label key={s} className={`checkbox status-option${s === "false_positive" ? " is-fp" : ""}`}>
            <input type="radio" name={`${id}-status`} value={s} checked={status === s} data-testid={`status-option-${s}`} onChange={() => setStatus(s)} />
            <span className="strong">{labelOf(STATUS_LABELS, s)}</span>
            <span className="faint small">{STATUS_HINTS[s] ?? ""}</span>
          </label>
        ))}
      </div>
      <div className={`field${f.note ? " field-invalid" : ""}`}>
        <label htmlFor={`${id}-note`}>{falsePositive ? "Why it is a false positive" : "Note (optional)"}</label>
        <textarea
          id={`${id}-note`}
          className="input textarea"
          rows={3}
          data-testid="status-note"
          required={falsePositive}
          value={note}
          placeholder={falsePositive ? "The logins were the red team's scheduled exercise (ticket SEC-412)" : "What changed"}
          onChange={(ev) => {
            setNote(ev.target.value);
            refusal.edit("note");
          }}
          {...invalidProps(`${id}-note-error`, f.note)}
        />
        <FieldMessage id={`${id}-note-error`} lines={f.note} testId="status-error-note" />
      </div>
      {online ? null : <OfflineHint what="moving an incident on" testId="status-offline" />}
      <Actions pending={m.isPending} label={falsePositive ? "Close as false positive" : `Move to ${labelOf(STATUS_LABELS, status).toLowerCase()}`} testId="status-submit" />
    </form>
  );
}

export function ReclassifyDialog({ incident, open, online, onOpenChange }: DialogProps) {
  return (
    <ChangeDialog open={open} onOpenChange={onOpenChange} title="Reclassify" description="The change and its reason go on the timeline." testId="reclassify-dialog">
      <ReclassifyForm incident={incident} online={online} onDone={() => onOpenChange(false)} />
    </ChangeDialog>
  );
}

function ReclassifyForm({ incident, online, onDone }: { incident: IncidentRecord; online: boolean; onDone: () => void }) {
  const [kind, setKind] = useState(incident.kind);
  const [severity, setSeverity] = useState(incident.severity);
  const [reason, setReason] = useState("");
  const refusal = useFormRefusal(CLASSIFY_FIELDS);
  const m = useClassify();
  const change = useChange();
  const id = useId();
  const f = refusal.errors.fields;

  const onSubmit = (ev: SyntheticEvent<HTMLFormElement>) => {
    ev.preventDefault();
    if (m.isPending) return;
    if (reason.trim() === "") {
      refusal.set("reason", "Say why it is reclassified.");
      return;
    }
    refusal.clear();
    change.run(m, { id: incident.id, kind, severity, reason: reason.trim(), version: incident.version }, { onSuccess: onDone, onError: refusal.fail });
  };

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Reclassify">
      <ChangeErrors error={refusal.failure} lines={refusal.errors.general} testId="reclassify-refused" />
      <div className="field-row">
        <div className={`field grow${f.kind ? " field-invalid" : ""}`}>
          <label htmlFor={`${id}-kind`}>Type</label>
          <select id={`${id}-kind`} className="input select" data-testid="reclassify-type" value={kind} onChange={(ev) => setKind(ev.target.value)}>
            {INCIDENT_TYPES.map((t) => (
              <option key={t} value={t}>
                {TYPE_LABELS[t]}
              </option>
            ))}
          </select>
          <FieldMessage id={`${id}-kind-error`} lines={f.kind} testId="reclassify-error-type" />
        </div>
        <div className={`field grow${f.severity ? " field-invalid" : ""}`}>
          <label htmlFor={`${id}-severity`}>Severity</label>
          <select id={`${id}-severity`} className="input select" data-testid="reclassify-severity" value={severity} title={SEVERITY_HINTS[severity]} onChange={(ev) => setSeverity(ev.target.value)}>
            {INCIDENT_SEVERITIES.map((s) => (
              <option key={s} value={s} title={SEVERITY_HINTS[s]}>
                {s}
              </option>
            ))}
          </select>
          <FieldMessage id={`${id}-severity-error`} lines={f.severity} testId="reclassify-error-severity" />
        </div>
      </div>
      <div className={`field${f.reason ? " field-invalid" : ""}`}>
        <label htmlFor={`${id}-reason`}>Reason</label>
        <textarea
          id={`${id}-reason`}
          className="input textarea"
          rows={3}
          required
          data-testid="reclassify-reason"
          value={reason}
          placeholder="Exfiltration to an external bucket confirmed in the proxy logs"
          onChange={(ev) => {
            setReason(ev.target.value);
            refusal.edit("reason");
          }}
          {...invalidProps(`${id}-reason-error`, f.reason)}
        />
        <FieldMessage id={`${id}-reason-error`} lines={f.reason} testId="reclassify-error-reason" />
      </div>
      {online ? null : <OfflineHint what="reclassifying" testId="reclassify-offline" />}
      <Actions pending={m.isPending} label="Reclassify" testId="reclassify-submit" />
    </form>
  );
}

export function BreachDialog({ incident, open, online, onOpenChange }: DialogProps) {
  return (
    <ChangeDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Confirm data breach"
      description="This starts the regulatory clock: the authority must be notified within 72 hours. The incident becomes a data breach with customer data affected."
      testId="breach-dialog"
    >
      <BreachForm incident={incident} online={online} onDone={() => onOpenChange(false)} />
    </ChangeDialog>
  );
}

function BreachForm({ incident, online, onDone }: { incident: IncidentRecord; online: boolean; onDone: () => void }) {
  const [note, setNote] = useState("");
  const refusal = useFormRefusal(BREACH_FIELDS);
  const m = useConfirmBreach();
  const change = useChange();
  const id = useId();
  const f = refusal.errors.fields;

  const onSubmit = (ev: SyntheticEvent<HTMLFormElement>) => {
    ev.preventDefault();
    if (m.isPending) return;
    if (note.trim() === "") {
      refusal.set("note", "Say what confirmed the breach.");
      return;
    }
    refusal.clear();
    change.run(m, { id: incident.id, note: note.trim(), version: incident.version }, { onSuccess: onDone, onError: refusal.fail });
  };

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Confirm data breach">
      <ChangeErrors error={refusal.failure} lines={refusal.errors.general} testId="breach-refused" />
      <div className={`field${f.note ? " field-invalid" : ""}`}>
        <label htmlFor={`${id}-note`}>What confirmed it</label>
        <textarea
          id={`${id}-note`}
          className="input textarea"
          rows={3}
          required
          autoFocus
          data-testid="breach-note"
          value={note}
          placeholder="Customer contact lists found on a paste site; 1,204 tenants affected"
          onChange={(ev) => {
            setNote(ev.target.value);
            refusal.edit("note");
          }}
          {...invalidProps(`${id}-note-error`, f.note)}
        />
        <FieldMessage id={`${id}-note-error`} lines={f.note} testId="breach-error-note" />
      </div>
      {online ? null : <OfflineHint what="confirming a breach" testId="breach-offline" />}
      <Actions pending={m.isPending} label="Confirm breach — start the 72-hour clock" testId="breach-submit" danger />
    </form>
  );
}

export function NotifyDialog({ incident, open, online, onOpenChange }: DialogProps) {
  return (
    <ChangeDialog open={open} onOpenChange={onOpenChange} title="Record authority notified" description="Stops the breach clock; the time it took goes on the timeline." testId="authority-dialog">
      <NotifyForm incident={incident} online={online} onDone={() => onOpenChange(false)} />
    </ChangeDialog>
  );
}

function NotifyForm({ incident, online, onDone }: { incident: IncidentRecord; online: boolean; onDone: () => void }) {
  const [reference, setReference] = useState("");
  const refusal = useFormRefusal(NOTIFY_FIELDS);
  const m = useNotifyAuthority();
  const change = useChange();
  const id = useId();
  const f = refusal.errors.fields;

  const onSubmit = (ev: SyntheticEvent<HTMLFormElement>) => {
    ev.preventDefault();
    if (m.isPending) return;
    if (reference.trim() === "") {
      refusal.set("reference", "Give the authority's reference.");
      return;
    }
    refusal.clear();
    change.run(m, { id: incident.id, reference: reference.trim(), version: incident.version }, { onSuccess: onDone, onError: refusal.fail });
  };

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Record authority notified">
      <ChangeErrors error={refusal.failure} lines={refusal.errors.general} testId="authority-refused" />
      <div className={`field${f.reference ? " field-invalid" : ""}`}>
        <label htmlFor={`${id}-reference`}>The authority's case reference</label>
        <input
          id={`${id}-reference`}
          className="input"
          required
          autoFocus
          autoComplete="off"
          data-testid="authority-reference"
          value={reference}
          placeholder="ICO-2026-118734"
          onChange={(ev) => {
            setReference(ev.target.value);
            refusal.edit("reference");
          }}
          {...invalidProps(`${id}-reference-error`, f.reference)}
        />
        <FieldMessage id={`${id}-reference-error`} lines={f.reference} testId="authority-error-reference" />
      </div>
      {online ? null : <OfflineHint what="recording the notification" testId="authority-offline" />}
      <Actions pending={m.isPending} label="Record notified" testId="authority-submit" />
    </form>
  );
}
