// The incident panel's change dialogs: move it on (the statuses it may go to; a false positive
// needs its reason), reclassify it (type, severity and why), confirm a data breach (what
// confirmed it; the 72-hour clock starts) and record that the authority was notified (its
// reference). Each is a live call sent with the version seen; a refusal shows beside its field,
// the platform out of reach calmly at the top, and what was typed stays.
import { useId, useState, type SyntheticEvent } from "react";
import type { IncidentRecord } from "../bindings";
import { TextField } from "../components/FormField";
import { ChangeDialog, ChangeForm } from "./ChangeDialog";
import { ClassificationFields } from "./ClassificationFields";
import { useClassify, useConfirmBreach, useNotifyAuthority, useSetStatus } from "./queries";
import { BREACH_FIELDS, CLASSIFY_FIELDS, labelOf, NOTIFY_FIELDS, STATUS_FIELDS, STATUS_LABELS } from "./securityFormat";
import { required, useChangeForm } from "./useChangeForm";

type DialogProps = { incident: IncidentRecord; open: boolean; online: boolean; onOpenChange: (open: boolean) => void };

type FormProps = { incident: IncidentRecord; online: boolean; onDone: () => void };

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

function StatusForm({ incident, online, onDone }: FormProps) {
  const [status, setStatus] = useState(incident.nextStatuses[0] ?? "");
  const [note, setNote] = useState("");
  const { refusal, pending, send } = useChangeForm(useSetStatus(), STATUS_FIELDS);
  const id = useId();
  const falsePositive = status === "false_positive";

  const onSubmit = (ev: SyntheticEvent<HTMLFormElement>) => {
    ev.preventDefault();
    if (status === "") return;
    send({ id: incident.id, status, note: note.trim(), version: incident.version }, onDone, falsePositive ? required(note, "note", "Say why it is a false positive.") : null);
  };

  const submit = { pending, label: falsePositive ? "Close as false positive" : `Move to ${labelOf(STATUS_LABELS, status).toLowerCase()}`, testId: "status-submit" };
  return (
    <ChangeForm label="Move the incident on" refusal={refusal} testId="status" online={online} needs="moving an incident on" onSubmit={onSubmit} submit={submit}>
      <div className="field" role="radiogroup" aria-label="Next status" data-testid="status-next">
        {incident.nextStatuses.map((s) => (
          <label key={s} className={`checkbox status-option${s === "false_positive" ? " is-fp" : ""}`}>
            <input type="radio" name={`${id}-status`} value={s} checked={status === s} data-testid={`status-option-${s}`} onChange={() => setStatus(s)} />
            <span className="strong">{labelOf(STATUS_LABELS, s)}</span>
            <span className="faint small">{STATUS_HINTS[s] ?? ""}</span>
          </label>
        ))}
      </div>
      <TextField
        id={`${id}-note`}
        label={falsePositive ? "Why it is a false positive" : "Note (optional)"}
        rows={3}
        testId="status-note"
        required={falsePositive}
        value={note}
        placeholder={falsePositive ? "The logins were the red team's scheduled exercise (ticket SEC-412)" : "What changed"}
        onValue={refusal.editing("note", setNote)}
        lines={refusal.errors.fields.note}
        errorTestId="status-error-note"
      />
    </ChangeForm>
  );
}

export function ReclassifyDialog({ incident, open, online, onOpenChange }: DialogProps) {
  return (
    <ChangeDialog open={open} onOpenChange={onOpenChange} title="Reclassify" description="The change and its reason go on the timeline." testId="reclassify-dialog">
      <ReclassifyForm incident={incident} online={online} onDone={() => onOpenChange(false)} />
    </ChangeDialog>
  );
}

function ReclassifyForm({ incident, online, onDone }: FormProps) {
  const [kind, setKind] = useState(incident.kind);
  const [severity, setSeverity] = useState(incident.severity);
  const [reason, setReason] = useState("");
  const { refusal, pending, send } = useChangeForm(useClassify(), CLASSIFY_FIELDS);
  const id = useId();

  const onSubmit = (ev: SyntheticEvent<HTMLFormElement>) => {
    ev.preventDefault();
    send({ id: incident.id, kind, severity, reason: reason.trim(), version: incident.version }, onDone, required(reason, "reason", "Say why it is reclassified."));
  };

  return (
    <ChangeForm label="Reclassify" refusal={refusal} testId="reclassify" online={online} needs="reclassifying" onSubmit={onSubmit} submit={{ pending, label: "Reclassify", testId: "reclassify-submit" }}>
      <ClassificationFields id={id} kind={kind} severity={severity} onKind={setKind} onSeverity={setSeverity} errors={refusal.errors.fields} testId="reclassify" />
      <TextField
        id={`${id}-reason`}
        label="Reason"
        rows={3}
        required
        testId="reclassify-reason"
        value={reason}
        placeholder="Exfiltration to an external bucket confirmed in the proxy logs"
        onValue={refusal.editing("reason", setReason)}
        lines={refusal.errors.fields.reason}
        errorTestId="reclassify-error-reason"
      />
    </ChangeForm>
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

function BreachForm({ incident, online, onDone }: FormProps) {
  const [note, setNote] = useState("");
  const { refusal, pending, send } = useChangeForm(useConfirmBreach(), BREACH_FIELDS);
  const id = useId();

  const onSubmit = (ev: SyntheticEvent<HTMLFormElement>) => {
    ev.preventDefault();
    send({ id: incident.id, note: note.trim(), version: incident.version }, onDone, required(note, "note", "Say what confirmed the breach."));
  };

  const submit = { pending, label: "Confirm breach — start the 72-hour clock", testId: "breach-submit", danger: true };
  return (
    <ChangeForm label="Confirm data breach" refusal={refusal} testId="breach" online={online} needs="confirming a breach" onSubmit={onSubmit} submit={submit}>
      <TextField
        id={`${id}-note`}
        label="What confirmed it"
        rows={3}
        required
        autoFocus
        testId="breach-note"
        value={note}
        placeholder="Customer contact lists found on a paste site; 1,204 tenants affected"
        onValue={refusal.editing("note", setNote)}
        lines={refusal.errors.fields.note}
        errorTestId="breach-error-note"
      />
    </ChangeForm>
  );
}

export function NotifyDialog({ incident, open, online, onOpenChange }: DialogProps) {
  return (
    <ChangeDialog open={open} onOpenChange={onOpenChange} title="Record authority notified" description="Stops the breach clock; the time it took goes on the timeline." testId="authority-dialog">
      <NotifyForm incident={incident} online={online} onDone={() => onOpenChange(false)} />
    </ChangeDialog>
  );
}

function NotifyForm({ incident, online, onDone }: FormProps) {
  const [reference, setReference] = useState("");
  const { refusal, pending, send } = useChangeForm(useNotifyAuthority(), NOTIFY_FIELDS);
  const id = useId();

  const onSubmit = (ev: SyntheticEvent<HTMLFormElement>) => {
    ev.preventDefault();
    send({ id: incident.id, reference: reference.trim(), version: incident.version }, onDone, required(reference, "reference", "Give the authority's reference."));
  };

  return (
    <ChangeForm label="Record authority notified" refusal={refusal} testId="authority" online={online} needs="recording the notification" onSubmit={onSubmit} submit={{ pending, label: "Record notified", testId: "authority-submit" }}>
      <TextField
        id={`${id}-reference`}
        label="The authority's case reference"
        required
        autoFocus
        autoComplete="off"
        testId="authority-reference"
        value={reference}
        placeholder="ICO-2026-118734"
        onValue={refusal.editing("reference", setReference)}
        lines={refusal.errors.fields.reference}
        errorTestId="authority-error-reference"
      />
    </ChangeForm>
  );
}
