// One staff member beside the directory: who they are, their team, roles and account dates,
// whether their account setup is pending (with a new setup code), the roles editor,
// Deactivate… (not for oneself), and a way to their entries in the audit trail. Esc (or the
// close button) closes it and leaves the list as it was.
import { ScrollText, UserX, X } from "lucide-react";
import { useState } from "react";
import type { StaffView } from "../bindings";
import { Kbd } from "../components/Kbd";
import { useToast } from "../components/Toast";
import { formatDateTime } from "../lib/format";
import { useNav } from "../lib/nav";
import { formatAbsolute } from "../lib/time";
import { useAuditState } from "./auditState";
import { DeactivateDialog } from "./DeactivateDialog";
import { DEFAULT_AUDIT_FILTER } from "./format";
import { RoleChips } from "./parts";
import { RolesEditor } from "./RolesEditor";
import { SetupPending } from "./SetupPending";
import { teamLabel } from "./staffFormat";
import { useStaffState } from "./staffState";
import { StatusMark } from "./StaffTable";

type Props = {
  member: StaffView;
  online: boolean;
  /** The signed-in member's login (nobody deactivates themself). */
  me: string;
  onClose: () => void;
};

export function StaffDetail({ member, online, me, onClose }: Props) {
  const nav = useNav();
  const audit = useAuditState();
  const { setOpen } = useStaffState();
  const toast = useToast();
  const [deactivating, setDeactivating] = useState<StaffView | null>(null);
  // Role changes, deactivations… of this member are recorded against "staff:<login>".
  const seeInAudit = () => {
    audit.setFilter(() => ({ ...DEFAULT_AUDIT_FILTER, target: `staff:${member.login}` }));
    nav.openAdmin("audit");
  };
  return (
    <aside className="finance-pane staff-pane" data-testid="staff-detail" data-login={member.login} aria-label="Staff member">
      <header className="pane-head">
        <div className="audit-pane-title">
          <StatusMark active={member.active} />
          <button type="button" className="button button-ghost button-small" data-testid="staff-detail-close" onClick={onClose} title="Close (Esc)">
            <X size={12} aria-hidden /> <Kbd>Esc</Kbd>
          </button>
        </div>
        <div className="pane-title" data-testid="staff-detail-name">
          {member.fullName}
        </div>
        <div className="mono-small muted">{member.login}</div>
      </header>
      <dl className="audit-fields staff-fields">
        <dt>E-mail</dt>
        <dd data-testid="staff-detail-email">{member.email}</dd>
        <dt>Team</dt>
        <dd>{teamLabel(member.team)}</dd>
        <dt>Roles</dt>
        <dd>
          <RoleChips roles={member.roles} />
        </dd>
        <dt>Created</dt>
        <dd className="num" title={formatAbsolute(member.createdAt)}>
          {formatDateTime(member.createdAt)}
        </dd>
        {member.deactivatedAt === null ? null : (
          <>
            <dt>Deactivated</dt>
            <dd className="num" title={formatAbsolute(member.deactivatedAt)} data-testid="staff-detail-deactivated">
              {formatDateTime(member.deactivatedAt)}
            </dd>
          </>
        )}
      </dl>
      <SetupPending key={`setup-${member.login}`} member={member} online={online} />
      <section className="pane-section" aria-label="Change roles">
        <RolesEditor key={member.login} member={member} online={online} />
      </section>
      {!member.active || member.login === me ? null : (
        <section className="pane-section" aria-label="Deactivate">
          <div className="note-actions">
            {online ? null : (
              <span className="field-hint roles-locked" data-testid="staff-deactivate-offline">
                Offline: deactivating needs the platform.
              </span>
            )}
            <button
              type="button"
              className="button button-small staff-deactivate"
              data-testid="staff-deactivate"
              disabled={!online}
              onClick={() => setDeactivating(member)}
            >
              <UserX size={12} aria-hidden /> Deactivate…
            </button>
          </div>
        </section>
      )}
      <DeactivateDialog
        member={deactivating}
        online={online}
        onOpenChange={(o) => {
          if (!o) setDeactivating(null);
        }}
        onDeactivated={(archived) => {
          setDeactivating(null);
          // The panel keeps them, now deactivated, even when the list no longer shows them.
          setOpen(archived);
          toast.show(`${archived.fullName} was deactivated`);
        }}
      />
      <section className="pane-section">
        <button type="button" className="button button-ghost button-small staff-audit-link" data-testid="staff-see-audit" onClick={seeInAudit}>
          <ScrollText size={12} aria-hidden /> See in audit trail
        </button>
      </section>
    </aside>
  );
}
