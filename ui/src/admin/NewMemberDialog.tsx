// Adding one staff member (New member, or `n` in the directory): name, work e-mail (one of the
// company's domains, listed under it), an optional login, the team and the desk roles, the
// team's role ticked for you until you tick by hand. The platform creates the login and queues
// the welcome e-mail with a one-time setup code; the dialog then says so, or hands over the
// instructions when the e-mail could not be queued. Refusals show beside their fields.
import * as Dialog from "@radix-ui/react-dialog";
import { Plus, X } from "lucide-react";
import { useId, useState, type KeyboardEvent, type SyntheticEvent } from "react";
import type { CreatedStaff, DeskRole } from "../bindings";
import { FieldMessage, FormErrors, invalidProps } from "../components/FieldMessages";
import { Kbd } from "../components/Kbd";
import { Spinner } from "../components/Spinner";
import { errorMessage } from "../lib/errors";
import { fieldErrorsOf, NO_FIELD_ERRORS, withoutField, type FieldErrors } from "../lib/fieldErrors";
import { SetupCodeResult } from "./SetupCodeResult";
import { teamRole } from "./staffAccountsFormat";
import { DESK_ROLES, orderRoles, ROLE_META, teamLabel } from "./staffFormat";
import { useCreateStaff, useStaffForm } from "./staffQueries";

type Props = {
  open: boolean;
  online: boolean;
  onOpenChange: (open: boolean) => void;
};

export function NewMemberDialog({ open, online, onOpenChange }: Props) {
  // Each "Add another" starts a fresh form.
  const [round, setRound] = useState(0);
  const [created, setCreated] = useState<CreatedStaff | null>(null);
  const change = (o: boolean) => {
    if (!o) {
      setCreated(null);
      setRound((r) => r + 1);
    }
    onOpenChange(o);
  };
  return (
    <Dialog.Root open={open} onOpenChange={change}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog dialog-touchpoint" data-testid="staff-create-dialog">
          <div className="dialog-header">
            <Dialog.Title className="dialog-title">New staff member</Dialog.Title>
            <Dialog.Close className="icon-button" aria-label="Close">
              <X size={14} />
            </Dialog.Close>
          </div>
          <Dialog.Description className="dialog-description">
            They get a login with the roles ticked and a one-time setup code by e-mail, and choose their own password when they first sign in.
          </Dialog.Description>
          {created === null ? (
            <NewMemberForm key={round} online={online} onCreated={setCreated} />
          ) : (
            <>
              <SetupCodeResult created={created} />
              <div className="dialog-actions">
                <button
                  type="button"
                  className="button"
                  data-testid="staff-create-another"
                  onClick={() => {
                    setCreated(null);
                    setRound((r) => r + 1);
                  }}
                >
                  <Plus size={13} aria-hidden /> Add another
                </button>
                <Dialog.Close className="button button-primary" type="button" data-testid="staff-create-done">
                  Done
                </Dialog.Close>
              </div>
            </>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

type Values = { fullName: string; email: string; login: string; team: string; roles: DeskRole[] };
const EMPTY: Values = { fullName: "", email: "", login: "", team: "", roles: [] };

function NewMemberForm({ online, onCreated }: { online: boolean; onCreated: (c: CreatedStaff) => void }) {
  const form = useStaffForm(online);
  const create = useCreateStaff();
  const [values, setValues] = useState<Values>(EMPTY);
  // Until a role is ticked by hand, choosing a team ticks its role.
  const [rolesByHand, setRolesByHand] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const id = useId();
  const fid = (f: string) => `${id}-${f}`;

  const set = <K extends keyof Values>(k: K, v: Values[K]) => {
    setValues((old) => ({ ...old, [k]: v }));
    setErrors((e) => withoutField(e, k));
  };
  const chooseTeam = (team: string) => {
    setValues((old) => {
      const role = teamRole(team);
      return { ...old, team, roles: rolesByHand ? old.roles : role === null ? [] : [role] };
    });
    setErrors((e) => (rolesByHand ? withoutField(e, "team") : withoutField(withoutField(e, "team"), "roles")));
  };
  const toggle = (role: DeskRole, on: boolean) => {
    setRolesByHand(true);
    set("roles", orderRoles(on ? [...values.roles, role] : values.roles.filter((r) => r !== role)));
  };

  const canSend = online && !create.isPending;
  const submit = () => {
    if (!canSend) return;
    const login = values.login.trim();
    // A new attempt starts clean: the last refusal's summary no longer applies.
    setErrors(NO_FIELD_ERRORS);
    create.mutate(
      { fullName: values.fullName.trim(), email: values.email.trim(), login: login === "" ? null : login, team: values.team, roles: values.roles },
      {
        onSuccess: onCreated,
        onError: (e) => setErrors(fieldErrorsOf(e)),
      },
    );
  };
  const onSubmit = (e: SyntheticEvent<HTMLFormElement>) => {
    e.preventDefault();
    submit();
  };
  // Enter sends from any control (the team's select and the role boxes too), as from a text box.
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key !== "Enter" || e.shiftKey || e.altKey) return;
    const t = e.target as HTMLElement;
    if (t.tagName === "TEXTAREA" || t.tagName === "BUTTON") return;
    e.preventDefault();
    submit();
  };

  const domains = form.data?.emailDomains ?? [];
  const teams = form.data?.teams ?? [];
  const f = errors.fields;
  const fieldClass = (k: string) => `field${f[k] ? " field-invalid" : ""}`;

  return (
    <form className="form" onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate aria-label="New staff member">
      <FormErrors lines={errors.general} testId="staff-create-error" />
      {form.isError ? (
        <FormErrors lines={[errorMessage(form.error)]} title="The company's e-mail domains and teams could not be read." testId="staff-create-form-error" />
      ) : null}
      <div className={fieldClass("fullName")}>
        <label htmlFor={fid("fullName")}>Full name</label>
        <input
          id={fid("fullName")}
          className="input"
          data-testid="staff-create-name"
          value={values.fullName}
          onChange={(e) => set("fullName", e.target.value)}
          autoComplete="off"
          autoFocus
          {...invalidProps(fid("fullName-error"), f.fullName)}
        />
        <FieldMessage id={fid("fullName-error")} lines={f.fullName} testId="staff-create-error-fullName" />
      </div>
      <div className={fieldClass("email")}>
        <label htmlFor={fid("email")}>Work e-mail</label>
        <input
          id={fid("email")}
          className="input"
          type="email"
          data-testid="staff-create-email"
          value={values.email}
          onChange={(e) => set("email", e.target.value)}
          placeholder={domains[0] === undefined ? undefined : `name@${domains[0]}`}
          autoComplete="off"
          spellCheck={false}
          {...invalidProps(fid("email-error"), f.email, fid("email-hint"))}
        />
        <FieldMessage id={fid("email-error")} lines={f.email} testId="staff-create-error-email" />
        <p className="field-hint" id={fid("email-hint")} data-testid="staff-create-domains">
          {form.isPending && online
            ? "Reading the company's domains…"
            : domains.length === 0
              ? "The company's e-mail domains are not known yet."
              : `An address at ${domains.join(", ")}.`}
        </p>
      </div>
      <div className="field-row">
        <div className={`${fieldClass("login")} grow`}>
          <label htmlFor={fid("login")}>Login (optional)</label>
          <input
            id={fid("login")}
            className="input mono"
            data-testid="staff-create-login"
            value={values.login}
            onChange={(e) => set("login", e.target.value)}
            placeholder="derived from the e-mail"
            autoComplete="off"
            spellCheck={false}
            {...invalidProps(fid("login-error"), f.login)}
          />
          <FieldMessage id={fid("login-error")} lines={f.login} testId="staff-create-error-login" />
        </div>
        <div className={`${fieldClass("team")} grow`}>
          <label htmlFor={fid("team")}>Team</label>
          <select
            id={fid("team")}
            className="input select"
            data-testid="staff-create-team"
            value={values.team}
            onChange={(e) => chooseTeam(e.target.value)}
            {...invalidProps(fid("team-error"), f.team)}
          >
            <option value="">Choose…</option>
            {teams.map((t) => (
              <option key={t} value={t}>
                {teamLabel(t)}
              </option>
            ))}
          </select>
          <FieldMessage id={fid("team-error")} lines={f.team} testId="staff-create-error-team" />
        </div>
      </div>
      <fieldset className={`roles-fieldset create-roles${f.roles ? " field-invalid" : ""}`} aria-describedby={f.roles ? fid("roles-error") : undefined}>
        <legend className="section-label">Desk roles</legend>
        <div className="create-role-options">
          {DESK_ROLES.map((r) => (
            <label key={r} className="checkbox role-option" title={ROLE_META[r].description}>
              <input type="checkbox" data-testid={`staff-create-role-${r}`} checked={values.roles.includes(r)} onChange={(e) => toggle(r, e.target.checked)} />
              <span className="role-option-name">{ROLE_META[r].label}</span>
            </label>
          ))}
        </div>
        <FieldMessage id={fid("roles-error")} lines={f.roles} testId="staff-create-error-roles" />
      </fieldset>
      <div className="dialog-actions">
        {online ? (
          <span className="dialog-hint faint">
            <Kbd>Enter</Kbd> to create
          </span>
        ) : (
          <span className="dialog-hint roles-locked" data-testid="staff-create-blocked">
            Offline: adding a member needs the platform.
          </span>
        )}
        <Dialog.Close className="button" type="button">
          Cancel
        </Dialog.Close>
        <button type="submit" className="button button-primary" data-testid="staff-create-submit" disabled={!canSend} aria-busy={create.isPending}>
          {create.isPending ? (
            <>
              <Spinner size={13} /> Creating…
            </>
          ) : (
            "Create member"
          )}
        </button>
      </div>
    </form>
  );
}
