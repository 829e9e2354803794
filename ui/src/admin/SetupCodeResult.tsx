// What an administrator sees once a member has a setup code (created, imported, or given a new
// one): who, and where the welcome e-mail went and until when its code works — or, when the
// e-mail could not be queued, the instructions (carrying the code) to hand over in person, with
// Copy. The code is shown only here, once: it is not kept anywhere on this laptop.
import { Check, Copy, TriangleAlert } from "lucide-react";
import { useState } from "react";
import type { CreatedStaff } from "../bindings";
import { useToast } from "../components/Toast";
import { formatDateTime } from "../lib/format";
import { formatAbsolute } from "../lib/time";

type Props = {
  created: CreatedStaff;
  /** A new code for an existing member rather than a new member. */
  renewed?: boolean;
};

/** The sentence on what happened, and the handover box when the e-mail did not go. */
export function SetupCodeResult({ created, renewed = false }: Props) {
  const who = `${created.fullName} (${created.login})`;
  const expires = formatDateTime(created.setupExpiresAt);
  return (
    <div className="setup-result" data-testid="staff-created" data-login={created.login} data-queued={created.welcomeQueued}>
      <p>
        <Check size={14} aria-hidden className="setup-result-mark" />
        {renewed ? `${who} has a new one-time setup code; the previous one no longer works.` : `${who} was created.`}
        {created.welcomeQueued ? (
          <>
            {" "}
            The welcome e-mail with a one-time setup code was queued to <strong>{created.email}</strong>; the code expires{" "}
            <span className="num" title={formatAbsolute(created.setupExpiresAt)}>
              {expires}
            </span>
            .
          </>
        ) : null}
      </p>
      {created.welcomeQueued ? null : <HandoverBox created={created} />}
    </div>
  );
}

/** The welcome e-mail could not be queued: the administrator hands the instructions over. */
export function HandoverBox({ created }: { created: CreatedStaff }) {
  const toast = useToast();
  const [copied, setCopied] = useState(false);
  const text = created.handover ?? "";
  const copy = async () => {
    try {
      // navigator.clipboard is undefined outside a secure context: that TypeError lands below too.
      await navigator.clipboard.writeText(text);
      setCopied(true);
      toast.show(`Instructions for ${created.fullName} copied`);
    } catch {
      toast.show("The clipboard refused the text; select it and copy it by hand.", "error");
    }
  };
  return (
    <div className="handover" role="alert" data-testid="staff-handover" data-login={created.login}>
      <div className="handover-head">
        <TriangleAlert size={15} aria-hidden />
        <strong>
          The welcome e-mail to {created.email} could not be queued. Hand these instructions to {created.fullName} in person; the one-time
          setup code in them expires {formatDateTime(created.setupExpiresAt)}.
        </strong>
      </div>
      <pre className="handover-text" data-testid="staff-handover-text">
        {text === "" ? "The platform sent no instructions: give them a new setup code from their panel." : text}
      </pre>
      <div className="handover-actions">
        <button type="button" className="button button-small" data-testid="staff-handover-copy" disabled={text === ""} onClick={() => void copy()}>
          {copied ? <Check size={12} aria-hidden /> : <Copy size={12} aria-hidden />}
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
    </div>
  );
}
