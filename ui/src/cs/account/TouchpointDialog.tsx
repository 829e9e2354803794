import * as Dialog from "@radix-ui/react-dialog";
import * as ToggleGroup from "@radix-ui/react-toggle-group";
import { CircleAlert, X } from "lucide-react";
import { useId, useState, type KeyboardEvent, type ReactNode, type SyntheticEvent } from "react";
import { Kbd } from "../../components/Kbd";
import { Spinner } from "../../components/Spinner";
import { useToast } from "../../components/Toast";
import { deskErrorOf, errorMessage } from "../../lib/errors";
import { isMacPlatform } from "../../lib/sections";
import { useAddTouchpoint } from "../queries";
import {
  coreFieldErrors,
  emptyTouchpoint,
  KIND_LABELS,
  TOUCHPOINT_KINDS,
  validateTouchpoint,
  type TouchpointErrors,
  type TouchpointField,
  type TouchpointFormValues,
} from "../touchpointSchema";

type Props = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  tenantId: string;
  accountName: string;
  /** Whether the platform answers now (the toast says when it will be sent). */
  online: boolean;
};

/** Records a call, e-mail, meeting or note; works offline (the record shows it as pending). */
export function TouchpointDialog({ open, onOpenChange, tenantId, accountName, online }: Props) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog dialog-touchpoint" data-testid="touchpoint-form">
          <div className="dialog-header">
            <Dialog.Title className="dialog-title">Add touchpoint</Dialog.Title>
            <Dialog.Close className="icon-button" aria-label="Close">
              <X size={14} />
            </Dialog.Close>
          </div>
          <Dialog.Description className="dialog-description">
            For <strong>{accountName}</strong>. Saved on this laptop at once and sent to the platform when it is reachable.
          </Dialog.Description>
          {open ? <TouchpointForm tenantId={tenantId} online={online} onDone={() => onOpenChange(false)} /> : null}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function TouchpointForm({ tenantId, online, onDone }: { tenantId: string; online: boolean; onDone: () => void }) {
  const [values, setValues] = useState<TouchpointFormValues>(() => emptyTouchpoint(new Date()));
  const [submitted, setSubmitted] = useState(false);
  const [coreErrors, setCoreErrors] = useState<{ errors: TouchpointErrors; rest: string[] }>({ errors: {}, rest: [] });
  const add = useAddTouchpoint();
  const toast = useToast();
  const idBase = useId();
  const mac = isMacPlatform();

  const local = validateTouchpoint(values, tenantId, new Date());
  const errors: TouchpointErrors = { ...coreErrors.errors, ...(submitted && !local.ok ? local.errors : {}) };

  const set = <K extends TouchpointField>(k: K, v: TouchpointFormValues[K]) => {
    setValues((old) => ({ ...old, [k]: v }));
    // A field the core complained about is cleared once the user edits it.
    setCoreErrors((c) => (c.errors[k] === undefined ? c : { ...c, errors: { ...c.errors, [k]: undefined } }));
  };

  const submit = () => {
    setSubmitted(true);
    const result = validateTouchpoint(values, tenantId, new Date());
    if (!result.ok || add.isPending) return;
    add.mutate(result.draft, {
      onSuccess: () => {
        toast.show(online ? "Touchpoint saved" : "Touchpoint saved on this laptop; it will be sent when the platform is reachable");
        onDone();
      },
      onError: (e) => {
        // Keep everything typed; show the core's words beside the fields they name.
        const desk = deskErrorOf(e);
        setCoreErrors(desk?.code === "invalidInput" ? coreFieldErrors(desk.message) : { errors: {}, rest: [errorMessage(e)] });
      },
    });
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

  const fieldId = (f: TouchpointField) => `${idBase}-${f}`;
  const described = (f: TouchpointField) => ({
    id: fieldId(f),
    "aria-invalid": errors[f] ? true : undefined,
    "aria-describedby": errors[f] ? `${fieldId(f)}-error` : undefined,
  });
  const field = (f: TouchpointField, label: string, input: ReactNode, hint?: string) => (
    <div className={`field${errors[f] ? " field-invalid" : ""}`}>
      <label htmlFor={fieldId(f)}>{label}</label>
      {input}
      {errors[f] ? (
        <p className="field-error" id={`${fieldId(f)}-error`} data-testid={`touchpoint-${f}-error`}>
          {errors[f]}
        </p>
      ) : hint ? (
        <p className="field-hint">{hint}</p>
      ) : null}
    </div>
  );

  return (
    <form className="form" onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate>
      <div className={`field${errors.kind ? " field-invalid" : ""}`}>
        <span className="field-label" id={fieldId("kind")}>
          Kind
        </span>
        <ToggleGroup.Root
          type="single"
          className="segmented segmented-wide"
          aria-labelledby={fieldId("kind")}
          value={values.kind}
          onValueChange={(v) => {
            const kind = TOUCHPOINT_KINDS.find((k) => k === v);
            if (kind) set("kind", kind);
          }}
        >
          {TOUCHPOINT_KINDS.map((k) => (
            <ToggleGroup.Item key={k} value={k} className="segment" data-testid={`touchpoint-kind-${k}`}>
              {KIND_LABELS[k]}
            </ToggleGroup.Item>
          ))}
        </ToggleGroup.Root>
        {errors.kind ? <p className="field-error">{errors.kind}</p> : null}
      </div>
      {field(
        "summary",
        "Summary",
        <input
          {...described("summary")}
          className="input"
          data-testid="touchpoint-summary"
          value={values.summary}
          onChange={(e) => set("summary", e.target.value)}
          placeholder="QBR prep call with the head of growth"
          autoFocus
          autoComplete="off"
        />,
      )}
      {field(
        "outcome",
        "Outcome",
        <textarea
          {...described("outcome")}
          className="input textarea"
          data-testid="touchpoint-outcome"
          rows={3}
          value={values.outcome}
          onChange={(e) => set("outcome", e.target.value)}
          placeholder="What was agreed or learned"
        />,
      )}
      <div className="field-row">
        <div className="grow">
          {field(
            "nextStep",
            "Next step",
            <input
              {...described("nextStep")}
              className="input"
              data-testid="touchpoint-next-step"
              value={values.nextStep}
              onChange={(e) => set("nextStep", e.target.value)}
              placeholder="Optional"
              autoComplete="off"
            />,
          )}
        </div>
        <div className="when">
          {field(
            "when",
            "When",
            <input
              {...described("when")}
              type="datetime-local"
              className="input"
              data-testid="touchpoint-when"
              value={values.when}
              onChange={(e) => set("when", e.target.value)}
            />,
          )}
        </div>
      </div>
      {coreErrors.rest.length > 0 ? (
        <div className="banner banner-error" role="alert" data-testid="touchpoint-form-error">
          <CircleAlert size={14} aria-hidden />
          <span>{coreErrors.rest.join("; ")}</span>
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
        <button type="submit" className="button button-primary" data-testid="touchpoint-save" disabled={add.isPending}>
          {add.isPending ? <Spinner size={13} /> : null}
          Save touchpoint
        </button>
      </div>
    </form>
  );
}
