// A new member's first sign-in: they signed in with the one-time setup code from their welcome
// e-mail, and before the desk opens they choose the password they will sign in with from now
// on (typed twice). The platform replaces the code with it at once; its refusals show beside
// the password or the confirmation. Signing out instead leaves the code as it was.
import { CircleAlert, LogOut } from "lucide-react";
import { useId, useState, type SyntheticEvent } from "react";
import type { Session } from "../bindings";
import { FieldMessage, FormErrors, invalidProps } from "../components/FieldMessages";
import { Spinner } from "../components/Spinner";
import { errorMessage } from "../lib/errors";
import { fieldErrorsOf, NO_FIELD_ERRORS, withoutField, type FieldErrors } from "../lib/fieldErrors";
import { formatDateTime } from "../lib/format";
import { useCompleteSetup, useSignOut } from "../lib/queries";

const FIELDS = ["password", "confirm"] as const;

type Props = {
  session: Session;
  version: string;
};

export function ChoosePasswordScreen({ session, version }: Props) {
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const complete = useCompleteSetup();
  const signOut = useSignOut();
  const id = useId();

  const submit = (e: SyntheticEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (complete.isPending) return;
    complete.mutate({ password, confirm }, { onError: (err) => setErrors(fieldErrorsOf(err, FIELDS)) });
  };

  const f = errors.fields;
  const until = session.setupPendingUntil;
  return (
    <div className="signin" data-testid="setup-screen">
      <div className="signin-card">
        <header className="signin-header">
          <div className="brand-mark" aria-hidden>
            PD
          </div>
          <div>
            <h1>Choose your password</h1>
            <p className="muted">
              You signed in with a one-time setup code (valid until <span className="num">{formatDateTime(until)}</span>). Choose the password you will sign
              in with from now on.
            </p>
          </div>
        </header>
        <form className="signin-form" onSubmit={submit} noValidate aria-label="Choose your password">
          <div className="setup-login muted">
            Signed in as <span className="mono">{session.login}</span> on {session.profileName}
          </div>
          <FormErrors lines={errors.general} testId="setup-error" />
          <div className={`field${f.password ? " field-invalid" : ""}`}>
            <label htmlFor={`${id}-password`}>Password</label>
            <input
              id={`${id}-password`}
              className="input"
              type="password"
              data-testid="setup-password"
              value={password}
              onChange={(e) => {
                setPassword(e.target.value);
                setErrors((x) => withoutField(x, "password"));
              }}
              autoComplete="new-password"
              autoFocus
              disabled={complete.isPending}
              {...invalidProps(`${id}-password-error`, f.password, `${id}-hint`)}
            />
            <FieldMessage id={`${id}-password-error`} lines={f.password} testId="setup-error-password" />
            <p className="field-hint" id={`${id}-hint`}>
              At least 12 characters; not your login.
            </p>
          </div>
          <div className={`field${f.confirm ? " field-invalid" : ""}`}>
            <label htmlFor={`${id}-confirm`}>Confirm password</label>
            <input
              id={`${id}-confirm`}
              className="input"
              type="password"
              data-testid="setup-confirm"
              value={confirm}
              onChange={(e) => {
                setConfirm(e.target.value);
                setErrors((x) => withoutField(x, "confirm"));
              }}
              autoComplete="new-password"
              disabled={complete.isPending}
              {...invalidProps(`${id}-confirm-error`, f.confirm)}
            />
            <FieldMessage id={`${id}-confirm-error`} lines={f.confirm} testId="setup-error-confirm" />
          </div>
          <button type="submit" className="button button-primary button-large button-block" data-testid="setup-submit" disabled={complete.isPending}>
            {complete.isPending ? (
              <>
                <Spinner /> Saving your password…
              </>
            ) : (
              "Set password and continue"
            )}
          </button>
          {signOut.isError ? (
            <div className="banner banner-error" role="alert" data-testid="setup-signout-error">
              <CircleAlert size={14} aria-hidden />
              <span>{errorMessage(signOut.error)}</span>
            </div>
          ) : null}
          <button
            type="button"
            className="button button-ghost button-small setup-signout"
            data-testid="setup-sign-out"
            disabled={signOut.isPending || complete.isPending}
            onClick={() => signOut.mutate()}
          >
            <LogOut size={12} aria-hidden /> Sign out
          </button>
        </form>
      </div>
      <footer className="signin-footer muted">Penguin Desk {version}</footer>
    </div>
  );
}
