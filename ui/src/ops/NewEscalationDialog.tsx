// Opening an escalation: the customer (searched in the local copy, or a pasted tenant id), what
// is wrong, severity, category and what support knows. The core checks it and queues it, so it
// works offline; the new escalation then opens in the panel. Refusals show beside their fields.
import * as Dialog from "@radix-ui/react-dialog";
import { X } from "lucide-react";
import { useId, useMemo, useState, type KeyboardEvent, type SyntheticEvent } from "react";
import type { EscalationRecord } from "../bindings";
import { FieldMessage, FormErrors, invalidProps } from "../components/FieldMessages";
import { Spinner } from "../components/Spinner";
import { useToast } from "../components/Toast";
import { NO_FIELD_ERRORS, withoutField, type FieldErrors } from "../lib/fieldErrors";
import { CATEGORIES, labelOf, NEW_ESCALATION_FIELDS, opsErrorsOf, SEVERITIES } from "./opsFormat";
import { useOpenEscalation } from "./queries";
import { TenantPicker, type TenantChoice } from "./TenantPicker";

type Props = {
  open: boolean;
  online: boolean;
  onOpenChange: (open: boolean) => void;
  /** The escalations listed (their tenants are offered too). */
  known: readonly EscalationRecord[];
  onCreated: (id: string) => void;
};

export function NewEscalationDialog({ open, online, onOpenChange, known, onCreated }: Props) {
  const [round, setRound] = useState(0);
  const tenants = useMemo(() => {
    const m = new Map<string, TenantChoice>();
    for (const e of known) m.set(e.tenantId, { id: e.tenantId, name: e.tenantName });
    return [...m.values()];
  }, [known]);
  return (
    <Dialog.Root
      open={open}
      onOpenChange={(o) => {
        if (!o) setRound((r) => r + 1);
        onOpenChange(o);
      }}
    >
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" data-testid="escalation-new-dialog">
          <div className="dialog-header">
            <Dialog.Title className="dialog-title">New escalation</Dialog.Title>
            <Dialog.Close className="icon-button" aria-label="Close">
              <X size={14} />
            </Dialog.Close>
          </div>
          <Dialog.Description className="dialog-description">
            The tenant's CSM is e-mailed once the platform has it{online ? "" : " (offline: it is queued on this laptop)"}.
          </Dialog.Description>
          <NewEscalationForm
            key={round}
            known={tenants}
            online={online}
            onCreated={(id) => {
              setRound((r) => r + 1);
              onCreated(id);
            }}
          />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function NewEscalationForm({ known, online, onCreated }: { known: TenantChoice[]; online: boolean; onCreated: (id: string) => void }) {
  const [tenant, setTenant] = useState<TenantChoice | null>(null);
  const [title, setTitle] = useState("");
  const [severity, setSeverity] = useState<string>("high");
  const [category, setCategory] = useState<string>("deliverability");
  const [context, setContext] = useState("");
  const [errors, setErrors] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const create = useOpenEscalation();
  const toast = useToast();
  const id = useId();
  const fid = (f: string) => `${id}-${f}`;
  const f = errors.fields;

  const submit = () => {
    if (create.isPending) return;
    setErrors(NO_FIELD_ERRORS);
    create.mutate(
      { tenantId: tenant?.id ?? "", title, severity, category, reporterContext: context },
      {
        onSuccess: (newId) => {
          toast.show(online ? "Escalation opened" : "Escalation opened on this laptop; it will be sent when the platform is reachable");
          onCreated(newId);
        },
        onError: (err) => setErrors(opsErrorsOf(err, NEW_ESCALATION_FIELDS)),
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
    }
  };

  return (
    <form className="form" onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate aria-label="New escalation">
      <FormErrors lines={errors.general} testId="escalation-new-refused" />
      <div className={`field${f.tenant ? " field-invalid" : ""}`}>
        <label htmlFor={fid("tenant")}>Tenant</label>
        <TenantPicker
          value={tenant}
          onChange={(t) => {
            setTenant(t);
            setErrors((er) => withoutField(er, "tenant"));
          }}
          known={known}
          inputId={fid("tenant")}
          invalid={f.tenant !== undefined}
          describedBy={f.tenant ? fid("tenant-error") : undefined}
        />
        <FieldMessage id={fid("tenant-error")} lines={f.tenant} testId="escalation-new-error-tenant" />
      </div>
      <div className={`field${f.title ? " field-invalid" : ""}`}>
        <label htmlFor={fid("title")}>Title</label>
        <input
          id={fid("title")}
          className="input"
          data-testid="escalation-new-title"
          value={title}
          placeholder="Campaign e-mails bounce at Gmail since 09:40"
          autoComplete="off"
          onChange={(ev) => {
            setTitle(ev.target.value);
            setErrors((er) => withoutField(er, "title"));
          }}
          {...invalidProps(fid("title-error"), f.title)}
        />
        <FieldMessage id={fid("title-error")} lines={f.title} testId="escalation-new-error-title" />
      </div>
      <div className="field-row">
        <div className={`field${f.severity ? " field-invalid" : ""}`}>
          <label htmlFor={fid("severity")}>Severity</label>
          <select id={fid("severity")} className="input select" data-testid="escalation-new-severity" value={severity} onChange={(ev) => setSeverity(ev.target.value)}>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {labelOf({}, s)}
              </option>
            ))}
          </select>
          <FieldMessage id={fid("severity-error")} lines={f.severity} testId="escalation-new-error-severity" />
        </div>
        <div className={`field${f.category ? " field-invalid" : ""}`}>
          <label htmlFor={fid("category")}>Category</label>
          <select id={fid("category")} className="input select" data-testid="escalation-new-category" value={category} onChange={(ev) => setCategory(ev.target.value)}>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {labelOf({}, c)}
              </option>
            ))}
          </select>
          <FieldMessage id={fid("category-error")} lines={f.category} testId="escalation-new-error-category" />
        </div>
      </div>
      <div className="field">
        <label htmlFor={fid("context")}>Reporter context</label>
        <textarea
          id={fid("context")}
          className="input textarea"
          rows={4}
          data-testid="escalation-new-context"
          value={context}
          placeholder="Who reported it, steps to reproduce, affected campaigns…"
          onChange={(ev) => setContext(ev.target.value)}
        />
        <FieldMessage id={fid("context-error")} lines={f.context} testId="escalation-new-error-context" />
      </div>
      <div className="dialog-actions">
        <Dialog.Close className="button" type="button">
          Cancel
        </Dialog.Close>
        <button type="submit" className="button button-primary" data-testid="escalation-new-submit" disabled={create.isPending} aria-busy={create.isPending}>
          {create.isPending ? <Spinner size={12} /> : null}
          Open escalation
        </button>
      </div>
    </form>
  );
}
