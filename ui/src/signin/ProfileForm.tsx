import * as Dialog from "@radix-ui/react-dialog";
import { CircleAlert, X } from "lucide-react";
import { useId, useState, type ReactNode, type SyntheticEvent } from "react";
import type { ProfileView } from "../bindings";
import { Spinner } from "../components/Spinner";
import { deskErrorOf, errorMessage } from "../lib/errors";
import { useSaveProfile } from "../lib/queries";
import {
  emptyFormValues,
  formValuesFromProfile,
  TLS_LABELS,
  TLS_MODES,
  validateProfileForm,
  type ProfileField,
  type ProfileFormValues,
} from "./profileSchema";

type Props = {
  open: boolean;
  /** The profile to edit, or null to add one. */
  profile: ProfileView | null;
  onOpenChange: (open: boolean) => void;
  onSaved: (p: ProfileView) => void;
};

export function ProfileFormDialog({ open, profile, onOpenChange, onSaved }: Props) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog dialog-form" data-testid="profile-form">
          <div className="dialog-header">
            <Dialog.Title className="dialog-title">{profile ? "Edit profile" : "Add profile"}</Dialog.Title>
            <Dialog.Close className="icon-button" aria-label="Close">
              <X size={14} />
            </Dialog.Close>
          </div>
          <Dialog.Description className="dialog-description">
            Where your platform database is, and the PostgreSQL login you sign in with. The password
            is kept in your system keychain, never in a file.
          </Dialog.Description>
          {/* Keyed so that reopening for another profile starts from that profile's values. */}
          <ProfileFormBody key={profile?.id ?? "new"} profile={profile} onSaved={onSaved} />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function ProfileFormBody({ profile, onSaved }: { profile: ProfileView | null; onSaved: (p: ProfileView) => void }) {
  const [values, setValues] = useState<ProfileFormValues>(() =>
    profile ? formValuesFromProfile(profile) : emptyFormValues(),
  );
  const [submitted, setSubmitted] = useState(false);
  const save = useSaveProfile();
  const idBase = useId();

  // Show field messages once the user tried to save, then keep them live as they fix things.
  const result = validateProfileForm(values, profile?.id ?? null);
  const errors = submitted && !result.ok ? result.errors : {};

  const set = <K extends ProfileField>(k: K, v: ProfileFormValues[K]) => {
    setValues((old) => ({ ...old, [k]: v }));
  };

  const onSubmit = (e: SyntheticEvent<HTMLFormElement>) => {
    e.preventDefault();
    setSubmitted(true);
    if (!result.ok || save.isPending) return;
    save.mutate(result.input, { onSuccess: (p) => onSaved(p) });
  };

  const serverError = save.error ? deskErrorOf(save.error) : null;
  const fieldId = (f: ProfileField) => `${idBase}-${f}`;

  const field = (f: ProfileField, label: string, input: ReactNode, hint?: string) => (
    <div className={`field${errors[f] ? " field-invalid" : ""}`}>
      <label htmlFor={fieldId(f)}>{label}</label>
      {input}
      {errors[f] ? (
        <p className="field-error" id={`${fieldId(f)}-error`} data-testid={`profile-${f === "tlsMode" ? "tls" : f}-error`}>
          {errors[f]}
        </p>
      ) : hint ? (
        <p className="field-hint">{hint}</p>
      ) : null}
    </div>
  );

  const textProps = (f: ProfileField) => ({
    id: fieldId(f),
    "aria-invalid": errors[f] ? true : undefined,
    "aria-describedby": errors[f] ? `${fieldId(f)}-error` : undefined,
  });

  const editingWithPassword = profile?.hasPassword === true;

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      {field(
        "name",
        "Name",
        <input
          {...textProps("name")}
          data-testid="profile-name"
          className="input"
          value={values.name}
          onChange={(e) => set("name", e.target.value)}
          placeholder="Production"
          autoFocus
          autoComplete="off"
        />,
      )}
      <div className="field-row">
        <div className="grow">
          {field(
            "host",
            "Host",
            <input
              {...textProps("host")}
              data-testid="profile-host"
              className="input"
              value={values.host}
              onChange={(e) => set("host", e.target.value)}
              placeholder="db.platform.internal"
              autoComplete="off"
              spellCheck={false}
            />,
          )}
        </div>
        <div className="port">
          {field(
            "port",
            "Port",
            <input
              {...textProps("port")}
              data-testid="profile-port"
              className="input"
              inputMode="numeric"
              value={values.port}
              onChange={(e) => set("port", e.target.value)}
              autoComplete="off"
            />,
          )}
        </div>
      </div>
      {field(
        "database",
        "Database",
        <input
          {...textProps("database")}
          data-testid="profile-database"
          className="input"
          value={values.database}
          onChange={(e) => set("database", e.target.value)}
          placeholder="platform"
          autoComplete="off"
          spellCheck={false}
        />,
      )}
      {field(
        "tlsMode",
        "TLS mode",
        <select
          {...textProps("tlsMode")}
          data-testid="profile-tls"
          className="input select"
          value={values.tlsMode}
          onChange={(e) => {
            const mode = TLS_MODES.find((m) => m === e.target.value);
            if (mode) set("tlsMode", mode);
          }}
        >
          {TLS_MODES.map((m) => (
            <option key={m} value={m}>
              {TLS_LABELS[m]}
            </option>
          ))}
        </select>,
        "verify-full is required for any host but loopback (verify-ca is accepted too).",
      )}
      {field(
        "user",
        "PostgreSQL login",
        <input
          {...textProps("user")}
          data-testid="profile-user"
          className="input"
          value={values.user}
          onChange={(e) => set("user", e.target.value)}
          placeholder="ana"
          autoComplete="username"
          spellCheck={false}
        />,
      )}
      {field(
        "password",
        "Password",
        <input
          {...textProps("password")}
          data-testid="profile-password"
          className="input"
          type="password"
          value={values.password}
          onChange={(e) => set("password", e.target.value)}
          placeholder={editingWithPassword ? "Leave empty to keep the stored password" : "Optional: you can type it at sign-in"}
          autoComplete="new-password"
        />,
      )}
      <label className="checkbox">
        <input
          type="checkbox"
          data-testid="profile-remember"
          checked={values.rememberPassword}
          onChange={(e) => set("rememberPassword", e.target.checked)}
        />
        <span>Remember the password in the system keychain</span>
      </label>

      {save.error ? (
        <div className="banner banner-error" role="alert" data-testid="profile-form-error">
          <CircleAlert size={14} aria-hidden />
          <span>{serverError ? serverError.message : errorMessage(save.error)}</span>
        </div>
      ) : null}

      <div className="dialog-actions">
        <Dialog.Close type="button" className="button">
          Cancel
        </Dialog.Close>
        <button type="submit" className="button button-primary" data-testid="profile-save" disabled={save.isPending}>
          {save.isPending ? <Spinner /> : null}
          {profile ? "Save changes" : "Add profile"}
        </button>
      </div>
    </form>
  );
}
