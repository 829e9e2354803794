// A new flag (New flag, or `n` on the list): its key, what it does and why it is made. The
// platform creates it off in both environments (staging's first change says so, with no rollout,
// variants or targeting); the view then opens it. Refusals show beside their fields.
import * as Dialog from "@radix-ui/react-dialog";
import { X } from "lucide-react";
import { useId, useState, type KeyboardEvent, type SyntheticEvent } from "react";
import { FieldMessage, FormErrors, invalidProps } from "../components/FieldMessages";
import { Spinner } from "../components/Spinner";
import { fieldErrorsOf, NO_FIELD_ERRORS, withoutField, type FieldErrors } from "../lib/fieldErrors";
import { NEW_FLAG_FIELDS, OFF_STATE, REASON_MAX } from "./flagsFormat";
import { useSetFlag } from "./flagsQueries";

type Props = {
  open: boolean;
  online: boolean;
  onOpenChange: (open: boolean) => void;
  /** The keys already taken (an existing key would change that flag, not make one). */
  taken: readonly string[];
  /** The flag exists: its key, description and staging's version. */
  onCreated: (key: string, description: string, version: number) => void;
};

export function NewFlagDialog({ open, online, onOpenChange, taken, onCreated }: Props) {
  // Each opening starts a fresh form.
  const [round, setRound] = useState(0);
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
        <Dialog.Content className="dialog dialog-narrow" data-testid="flag-new-dialog">
          <div className="dialog-header">
            <Dialog.Title className="dialog-title">New feature flag</Dialog.Title>
            <Dialog.Close className="icon-button" aria-label="Close">
              <X size={14} />
            </Dialog.Close>
          </div>
          <Dialog.Description className="dialog-description">It starts off in staging and production; turn it on per environment from its panel.</Dialog.Description>
          <NewFlagForm
            key={round}
            online={online}
            taken={taken}
            onCreated={(key, description, version) => {
              setRound((r) => r + 1);
              onCreated(key, description, version);
            }}
          />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

type Values = { key: string; description: string; reason: string };

function NewFlagForm({ online, taken, onCreated }: { online: boolean; taken: readonly string[]; onCreated: Props["onCreated"] }) {
  const create = useSetFlag();
  const [values, setValues] = useState<Values>({ key: "", description: "", reason: "" });
  const [errors, setErrors] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const id = useId();
  const fid = (f: string) => `${id}-${f}`;
  const f = errors.fields;

  const set = (k: keyof Values, v: string) => {
    setValues((old) => ({ ...old, [k]: v }));
    setErrors((e) => withoutField(e, k));
  };

  const submit = () => {
    if (!online || create.isPending) return;
    const local: Record<string, string[]> = {};
    if (values.key.trim() === "") local.key = ["Name the flag, e.g. new-editor."];
    else if (taken.includes(values.key.trim())) local.key = [`There is a flag ${values.key.trim()} already; change it from its panel.`];
    if (values.description.trim() === "") local.description = ["Say what the flag switches."];
    if (values.reason.trim() === "") local.reason = ["Say why the flag is made."];
    if (Object.keys(local).length > 0) {
      setErrors({ general: [], fields: local });
      return;
    }
    setErrors(NO_FIELD_ERRORS);
    const key = values.key.trim();
    const description = values.description.trim();
    create.mutate(
      { key, environment: "staging", description, state: OFF_STATE, prerequisites: [], reason: values.reason.trim(), expectedVersion: null },
      {
        onSuccess: (version) => onCreated(key, description, version),
        onError: (e) => setErrors(fieldErrorsOf(e, NEW_FLAG_FIELDS)),
      },
    );
  };
  const onSubmit = (e: SyntheticEvent<HTMLFormElement>) => {
    e.preventDefault();
    submit();
  };
  // Enter sends from the one-line boxes; in the reason, Ctrl/Cmd-Enter does.
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key !== "Enter" || e.shiftKey || e.altKey) return;
    if ((e.target as HTMLElement).tagName === "TEXTAREA" && !(e.ctrlKey || e.metaKey)) return;
    e.preventDefault();
    submit();
  };

  return (
    <form className="form" onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate aria-label="New feature flag">
      <FormErrors lines={errors.general} testId="flag-new-refused" />
      <div className={`field${f.key ? " field-invalid" : ""}`}>
        <label htmlFor={fid("key")}>Key</label>
        <input
          id={fid("key")}
          className="input mono"
          data-testid="flag-new-key"
          value={values.key}
          placeholder="new-editor"
          onChange={(e) => set("key", e.target.value)}
          autoComplete="off"
          spellCheck={false}
          autoFocus
          {...invalidProps(fid("key-error"), f.key, fid("key-hint"))}
        />
        <FieldMessage id={fid("key-error")} lines={f.key} testId="flag-new-error-key" />
        <p className="field-hint" id={fid("key-hint")}>
          Lower-case letters, digits, dots, dashes and underscores.
        </p>
      </div>
      <div className={`field${f.description ? " field-invalid" : ""}`}>
        <label htmlFor={fid("description")}>What it does</label>
        <input
          id={fid("description")}
          className="input"
          data-testid="flag-new-description"
          value={values.description}
          placeholder="The rewritten sequence editor"
          onChange={(e) => set("description", e.target.value)}
          autoComplete="off"
          {...invalidProps(fid("description-error"), f.description)}
        />
        <FieldMessage id={fid("description-error")} lines={f.description} testId="flag-new-error-description" />
      </div>
      <div className={`field${f.reason ? " field-invalid" : ""}`}>
        <label htmlFor={fid("reason")}>Reason</label>
        <textarea
          id={fid("reason")}
          className="input textarea"
          rows={2}
          maxLength={REASON_MAX}
          data-testid="flag-new-reason"
          value={values.reason}
          placeholder="Dark launch of the new editor"
          onChange={(e) => set("reason", e.target.value)}
          {...invalidProps(fid("reason-error"), f.reason)}
        />
        <FieldMessage id={fid("reason-error")} lines={f.reason} testId="flag-new-error-reason" />
      </div>
      <div className="dialog-actions">
        <Dialog.Close className="button" type="button">
          Cancel
        </Dialog.Close>
        <button type="submit" className="button button-primary" data-testid="flag-new-submit" disabled={!online || create.isPending} aria-busy={create.isPending}>
          {create.isPending ? <Spinner size={12} /> : null}
          Create flag
        </button>
      </div>
    </form>
  );
}
