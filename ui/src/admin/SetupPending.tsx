// A member who has not chosen a password yet: until when their one-time setup code works (or
// that it ran out), and New setup code, which replaces it and sends a new welcome e-mail — or
// shows the instructions to hand over when the e-mail could not be queued. Online only.
import { Clock, KeyRound } from "lucide-react";
import { useState } from "react";
import type { CreatedStaff, StaffView } from "../bindings";
import { FormErrors } from "../components/FieldMessages";
import { Spinner } from "../components/Spinner";
import { fieldErrorsOf } from "../lib/fieldErrors";
import { formatDateTime } from "../lib/format";
import { formatAbsolute } from "../lib/time";
import { useNow } from "../lib/useNow";
import { SetupCodeResult } from "./SetupCodeResult";
import { setupExpired } from "./staffAccountsFormat";
import { useRenewSetupCode } from "./staffQueries";

export function SetupPending({ member, online }: { member: StaffView; online: boolean }) {
  const now = useNow(30_000);
  const renew = useRenewSetupCode();
  const [result, setResult] = useState<CreatedStaff | null>(null);
  const expiresAt = member.setupExpiresAt;
  if (!member.active || !expiresAt) return null;

  const expired = setupExpired(expiresAt, now);
  const send = () => {
    if (!online || renew.isPending) return;
    setResult(null);
    renew.mutate(member.login, { onSuccess: setResult });
  };
  const refused = renew.isError ? fieldErrorsOf(renew.error) : null;

  return (
    <section className="pane-section setup-pending-section" aria-label="Account setup">
      <div className={`setup-pending${expired ? " is-expired" : ""}`} data-testid="staff-setup-pending" data-expired={expired}>
        <Clock size={13} aria-hidden />
        <span>
          Setup pending — code {expired ? "expired" : "expires"}{" "}
          <span className="num" title={formatAbsolute(expiresAt)}>
            {formatDateTime(expiresAt)}
          </span>
        </span>
        {expired ? <span className="badge badge-danger">expired</span> : null}
      </div>
      <p className="field-hint">They have not chosen a password yet. A new code replaces the old one and goes out in a new welcome e-mail.</p>
      <div className="note-actions">
        {online ? null : (
          <span className="field-hint roles-locked" data-testid="staff-renew-blocked">
            Offline: a new setup code needs the platform.
          </span>
        )}
        <button type="button" className="button button-small" data-testid="staff-renew-code" disabled={!online || renew.isPending} onClick={send}>
          {renew.isPending ? <Spinner size={12} /> : <KeyRound size={12} aria-hidden />}
          New setup code
        </button>
      </div>
      {refused === null ? null : <FormErrors lines={[...refused.general, ...Object.values(refused.fields).flat()]} testId="staff-renew-error" />}
      {result === null ? null : <SetupCodeResult created={result} renewed />}
    </section>
  );
}
