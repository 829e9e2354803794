// Adding to an escalation's timeline: the kind (note, finding, root cause, vendor contact,
// customer update), the text, the vendor for a vendor contact, when the customer's next update
// is due for a customer update, and optionally moving the escalation on (resolving has its own
// dialog). The core checks it (locally, so offline too) and queues it; a refusal's
// "field: message" lines show beside their fields. Ctrl/Cmd-Enter saves.
import { useId, useState, type KeyboardEvent, type SyntheticEvent } from "react";
import type { EscalationRecord } from "../bindings";
import { FieldMessage, FormErrors, invalidProps } from "../components/FieldMessages";
import { Kbd } from "../components/Kbd";
import { Spinner } from "../components/Spinner";
import { useToast } from "../components/Toast";
import { NO_FIELD_ERRORS, withoutField, type FieldErrors } from "../lib/fieldErrors";
import { isMacPlatform } from "../lib/sections";
import { ENTRY_FIELDS, ENTRY_KINDS, entryStates, KIND_LABELS, labelOf, localToIso, opsErrorsOf, STATE_LABELS, type EntryKind } from "./opsFormat";
import { useEscalationEntry } from "./queries";

type Props = { escalation: EscalationRecord; online: boolean };

type Values = { kind: EntryKind; body: string; vendor: string; nextDue: string; state: string };

const PLACEHOLDERS: Record<EntryKind, string> = {
  note: "Checked the relay logs for the tenant's domain",
  finding: "Bounces started at 09:40 when the DKIM key rotated",
  root_cause: "The new DKIM selector was never published in DNS",
  vendor_contact: "Opened a ticket with the DNS provider about propagation",
  customer_update: "Told the customer we found the cause and expect a fix within the hour",
};

export function EntryForm({ escalation: e, online }: Props) {
  const [values, setValues] = useState<Values>({ kind: "note", body: "", vendor: "", nextDue: "", state: "" });
  const [errors, setErrors] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const add = useEscalationEntry();
  const toast = useToast();
  const id = useId();
  const fid = (f: string) => `${id}-${f}`;
  const mac = isMacPlatform();
  const states = entryStates(e);
  const f = errors.fields;

  const set = (k: keyof Values, v: string, field: string = k) => {
    setValues((old) => ({ ...old, [k]: v }));
    setErrors((er) => withoutField(er, field));
  };

  const submit = () => {
    if (add.isPending) return;
    setErrors(NO_FIELD_ERRORS);
    const due = values.kind === "customer_update" && values.nextDue !== "" ? (localToIso(values.nextDue) ?? values.nextDue) : null;
    add.mutate(
      {
        id: e.id,
        entry: {
          kind: values.kind,
          body: values.body,
          newState: values.state === "" ? null : values.state,
          nextUpdateDue: due,
          vendor: values.kind === "vendor_contact" ? values.vendor : null,
        },
      },
      {
        onSuccess: () => {
          toast.show(online ? `${labelOf(KIND_LABELS, values.kind)} saved` : `${labelOf(KIND_LABELS, values.kind)} saved on this laptop; it will be sent when the platform is reachable`);
          setValues({ kind: values.kind, body: "", vendor: "", nextDue: "", state: "" });
        },
        onError: (err) => setErrors(opsErrorsOf(err, ENTRY_FIELDS)),
      },
    );
  };
  const onSubmit = (ev: SyntheticEvent<HTMLFormElement>) => {
    ev.preventDefault();
    submit();
  };
  const onKeyDown = (ev: KeyboardEvent<HTMLFormElement>) => {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      submit();
    } else if (ev.key === "Escape" && ev.target instanceof HTMLTextAreaElement) {
      // Esc leaves the box (a second Esc closes the panel), so nothing typed is lost by accident.
      ev.preventDefault();
      ev.stopPropagation();
      ev.target.blur();
    }
  };

  return (
    <form className="form pane-section ops-entry-form" onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate data-testid="escalation-entry-form" aria-label="Add to the timeline">
      <h4 className="section-label">Add to the timeline</h4>
      <FormErrors lines={errors.general} testId="entry-refused" />
      <div className="field-row ops-entry-row">
        <div className={`field${f.kind ? " field-invalid" : ""}`}>
          <label htmlFor={fid("kind")}>Kind</label>
          <select
            id={fid("kind")}
            className="input select"
            data-testid="entry-kind"
            value={values.kind}
            onChange={(ev) => {
              const kind = ENTRY_KINDS.find((k) => k === ev.target.value) ?? "note";
              setValues((old) => ({ ...old, kind }));
              setErrors((er) => ["kind", "vendor", "nextDue"].reduce(withoutField, er));
            }}
            {...invalidProps(fid("kind-error"), f.kind)}
          >
            {ENTRY_KINDS.map((k) => (
              <option key={k} value={k}>
                {labelOf(KIND_LABELS, k)}
              </option>
            ))}
          </select>
          <FieldMessage id={fid("kind-error")} lines={f.kind} testId="entry-error-kind" />
        </div>
        {states.length > 0 ? (
          <div className={`field${f.state ? " field-invalid" : ""}`}>
            <label htmlFor={fid("state")}>Move to (optional)</label>
            <select id={fid("state")} className="input select" data-testid="entry-state" value={values.state} onChange={(ev) => set("state", ev.target.value)} {...invalidProps(fid("state-error"), f.state)}>
              <option value="">Stay {labelOf(STATE_LABELS, e.state).toLowerCase()}</option>
              {states.map((s) => (
                <option key={s} value={s}>
                  {labelOf(STATE_LABELS, s)}
                </option>
              ))}
            </select>
            <FieldMessage id={fid("state-error")} lines={f.state} testId="entry-error-state" />
          </div>
        ) : null}
      </div>
      {values.kind === "vendor_contact" ? (
        <div className={`field${f.vendor ? " field-invalid" : ""}`}>
          <label htmlFor={fid("vendor")}>Vendor</label>
          <input
            id={fid("vendor")}
            className="input"
            data-testid="entry-vendor"
            value={values.vendor}
            placeholder="Cloudflare"
            autoComplete="off"
            onChange={(ev) => set("vendor", ev.target.value)}
            {...invalidProps(fid("vendor-error"), f.vendor)}
          />
          <FieldMessage id={fid("vendor-error")} lines={f.vendor} testId="entry-error-vendor" />
        </div>
      ) : null}
      {values.kind === "customer_update" ? (
        <div className={`field${f.nextDue ? " field-invalid" : ""}`}>
          <label htmlFor={fid("due")}>Next update due</label>
          <input
            id={fid("due")}
            className="input input-date"
            type="datetime-local"
            required
            aria-required
            data-testid="entry-next-due"
            value={values.nextDue}
            onChange={(ev) => set("nextDue", ev.target.value)}
            {...invalidProps(fid("due-error"), f.nextDue, fid("due-hint"))}
          />
          <FieldMessage id={fid("due-error")} lines={f.nextDue} testId="entry-error-next-due" />
          <p className="field-hint" id={fid("due-hint")}>
            When you promised the customer the next update; the list turns red once it passes.
          </p>
        </div>
      ) : null}
      <div className={`field${f.body ? " field-invalid" : ""}`}>
        <label htmlFor={fid("body")}>{values.kind === "customer_update" ? "What the customer was told" : "Text"}</label>
        <textarea
          id={fid("body")}
          className="input textarea"
          rows={3}
          data-testid="entry-body"
          value={values.body}
          placeholder={PLACEHOLDERS[values.kind]}
          onChange={(ev) => set("body", ev.target.value)}
          {...invalidProps(fid("body-error"), f.body)}
        />
        <FieldMessage id={fid("body-error")} lines={f.body} testId="entry-error-body" />
      </div>
      <div className="note-actions">
        <span className="dialog-hint faint">
          <Kbd>{mac ? "⌘" : "Ctrl"}</Kbd>
          <Kbd>Enter</Kbd>
        </span>
        <button type="submit" className="button button-primary button-small" data-testid="entry-submit" disabled={add.isPending} aria-busy={add.isPending}>
          {add.isPending ? <Spinner size={12} /> : null}
          Add {labelOf(KIND_LABELS, values.kind).toLowerCase()}
        </button>
      </div>
    </form>
  );
}
