// The member's desk roles as one checkbox per role with what it allows, the reason the audit
// trail keeps, and Save (Ctrl/Cmd-Enter too). The platform decides: offline the editor stays
// read-only and says why; a refusal shows beside the roles or the reason, and what was ticked
// and typed stays. The change carries the version the ticks started from, so a member changed
// meanwhile on the platform is refused rather than overwritten.
import { CircleAlert } from "lucide-react";
import { useId, useState, type KeyboardEvent, type SyntheticEvent } from "react";
import type { DeskRole, StaffView } from "../bindings";
import { Kbd } from "../components/Kbd";
import { Spinner } from "../components/Spinner";
import { useToast } from "../components/Toast";
import { deskErrorOf, errorMessage } from "../lib/errors";
import { isMacPlatform } from "../lib/sections";
import { DESK_ROLES, orderRoles, placeRefusal, ROLE_META, roleChangeProblem, sameRoles, type RoleProblem } from "./staffFormat";
import { useSetRoles } from "./staffQueries";

/** The core sets no length on a reason; this only keeps a pasted essay in check. */
const REASON_MAX = 2000;

type Props = {
  member: StaffView;
  online: boolean;
};

export function RolesEditor({ member, online }: Props) {
  const [roles, setRoles] = useState<DeskRole[]>(() => orderRoles(member.roles));
  const [reason, setReason] = useState("");
  // The version (and roles) the ticks started from: sent as expectedVersion.
  const [base, setBase] = useState({ version: member.version, roles: member.roles });
  const [problem, setProblem] = useState<RoleProblem | null>(null);
  const save = useSetRoles();
  const toast = useToast();
  const id = useId();
  const mac = isMacPlatform();

  const dirty = !sameRoles(roles, base.roles) || reason.trim() !== "";
  // The row changed (a sync, another administrator) while nothing was touched: follow it.
  if (member.version !== base.version && !dirty && !save.isPending) {
    setBase({ version: member.version, roles: member.roles });
    setRoles(orderRoles(member.roles));
  }

  const inactive = !member.active;
  const unchanged = sameRoles(roles, base.roles);
  const canSave = online && !inactive && !unchanged && !save.isPending;

  const toggle = (role: DeskRole, on: boolean) => {
    setRoles((rs) => orderRoles(on ? [...rs, role] : rs.filter((r) => r !== role)));
    if (problem?.field !== "reason") setProblem(null);
  };

  const submit = () => {
    if (!canSave) return;
    const local = roleChangeProblem(roles, reason);
    if (local !== null) {
      setProblem(local);
      return;
    }
    save.mutate(
      { login: member.login, roles, reason: reason.trim(), expectedVersion: base.version },
      {
        onSuccess: (updated) => {
          toast.show(`Roles of ${updated.fullName} changed`);
          setBase({ version: updated.version, roles: updated.roles });
          setRoles(orderRoles(updated.roles));
          setReason("");
          setProblem(null);
        },
        onError: (e) => {
          const desk = deskErrorOf(e);
          setProblem(desk?.code === "invalidInput" ? placeRefusal(desk.message) : { field: "form", message: errorMessage(e) });
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
  const onReasonKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    // Esc leaves the box (a second Esc closes the panel), so nothing typed is lost by accident.
    if (e.key !== "Escape") return;
    e.preventDefault();
    e.stopPropagation();
    e.currentTarget.blur();
  };

  const errorFor = (field: RoleProblem["field"]) =>
    problem?.field === field ? (
      <p className="field-error" id={`${id}-${field}-error`} role="alert" data-testid="staff-error" data-field={field}>
        <CircleAlert size={12} aria-hidden /> {problem.message}
      </p>
    ) : null;

  const locked = inactive || !online;
  const blockedWhy = inactive
    ? "Deactivated: the roles they held are kept as a record and cannot be changed."
    : !online
      ? "Offline: role changes need the platform."
      : unchanged
        ? "Tick or untick a role to change them."
        : null;

  return (
    <form className="form roles-editor" onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate data-testid="staff-roles-editor" aria-label="Roles">
      <fieldset className={`roles-fieldset${problem?.field === "roles" ? " field-invalid" : ""}`} disabled={inactive} aria-describedby={problem?.field === "roles" ? `${id}-roles-error` : undefined}>
        <legend className="section-label">Roles</legend>
        {DESK_ROLES.map((r) => (
          <label key={r} className="checkbox role-option">
            <input type="checkbox" data-testid={`staff-role-${r}`} checked={roles.includes(r)} onChange={(e) => toggle(r, e.target.checked)} />
            <span className="role-option-text">
              <span className="role-option-name">{ROLE_META[r].label}</span>
              <span className="faint">{ROLE_META[r].description}</span>
            </span>
          </label>
        ))}
        {errorFor("roles")}
      </fieldset>
      <div className={`field${problem?.field === "reason" ? " field-invalid" : ""}`}>
        <label htmlFor={`${id}-reason`}>Reason (kept in the audit trail)</label>
        <textarea
          id={`${id}-reason`}
          className="input textarea"
          rows={2}
          maxLength={REASON_MAX}
          placeholder="Covering the finance rota while Sam is away"
          data-testid="staff-reason"
          value={reason}
          disabled={inactive}
          required
          aria-invalid={problem?.field === "reason" ? true : undefined}
          aria-describedby={problem?.field === "reason" ? `${id}-reason-error` : undefined}
          onKeyDown={onReasonKey}
          onChange={(e) => {
            setReason(e.target.value);
            if (problem?.field === "reason") setProblem(null);
          }}
        />
        {errorFor("reason")}
      </div>
      {errorFor("form")}
      <div className="note-actions roles-actions">
        {blockedWhy === null ? (
          <span className="dialog-hint faint">
            <Kbd>{mac ? "⌘" : "Ctrl"}</Kbd>
            <Kbd>Enter</Kbd>
          </span>
        ) : (
          <span className={`field-hint${locked ? " roles-locked" : ""}`} data-testid="staff-save-blocked">
            {blockedWhy}
          </span>
        )}
        <button type="submit" className="button button-primary button-small" data-testid="staff-save" disabled={!canSave}>
          {save.isPending ? <Spinner size={12} /> : null}
          Save roles
        </button>
      </div>
    </form>
  );
}
