// Security policies, Admin's fifth tab: the six policies from the local copy (so they read
// offline, as last synced) with their live rules in one line, version and who changed them.
// Enter opens a policy in the panel beside the list, where an administrator edits its rules in a
// typed form, previews the compliance rules the draft breaks and who it affects, and applies it;
// Esc closes it, the row kept.
import { ShieldCheck } from "lucide-react";
import { useEffect, useMemo, useRef } from "react";
import { Spinner } from "../components/Spinner";
import { ReportEmpty, ReportError } from "../finance/parts";
import { formatCount } from "../lib/format";
import { isTypingTarget, overlayOpen } from "../lib/nav";
import { PoliciesList } from "./PoliciesList";
import { orderPolicies } from "./policiesFormat";
import { PoliciesOfflineNote } from "./policiesParts";
import { usePolicies } from "./policiesQueries";
import { usePoliciesState } from "./policiesState";
import { PolicyPanel } from "./PolicyPanel";

type Props = {
  online: boolean;
  /** When the local copy last synced (the policies are as fresh as that offline). */
  lastSyncAt: string | null;
};

export function PoliciesView({ online, lastSyncAt }: Props) {
  const { position, open, setOpen } = usePoliciesState();
  const policies = usePolicies();
  const rows = useMemo(() => (policies.data === undefined ? undefined : orderPolicies(policies.data)), [policies.data]);
  const listHost = useRef<HTMLDivElement>(null);
  // The panel shows the policy as last listed (an apply or a sync refreshes it).
  const policy = open === null ? undefined : rows?.find((p) => p.name === open);

  const focusList = () => listHost.current?.querySelector<HTMLElement>('[role="listbox"]')?.focus({ preventScroll: true });
  // The list takes the keyboard as soon as it shows.
  useEffect(() => {
    focusList();
  }, []);

  // Esc closes the panel (not while typing, nor with a dialog or menu open).
  useEffect(() => {
    if (open === null) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape" || e.defaultPrevented || overlayOpen() || isTypingTarget(e.target)) return;
      e.preventDefault();
      setOpen(null);
      focusList();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open, setOpen]);

  const choose = (name: string) => {
    // While the panel is open it follows the choice, as a mail client's reading pane does.
    if (open !== null) setOpen(name);
  };

  return (
    <div className="finance-list policies-view" data-testid="policies-view">
      <div className="finance-toolbar">
        <div className="book-summary muted" data-testid="policies-summary">
          {policies.isFetching && rows !== undefined ? <Spinner size={12} /> : null}
          {rows === undefined ? null : <span className="num">{`${formatCount(rows.length)} ${rows.length === 1 ? "policy" : "policies"}`}</span>}
        </div>
        {online ? null : <PoliciesOfflineNote lastSyncAt={lastSyncAt} />}
      </div>
      {policies.isError ? (
        <ReportError title="The policies could not be read." error={policies.error} onRetry={() => void policies.refetch()} testId="policies-load-error" />
      ) : null}
      <div className={`audit-split policies-split${policy === undefined ? "" : " has-pane"}`}>
        <div className="book-host" ref={listHost}>
          <PoliciesList
            rows={rows}
            position={position}
            openName={policy?.name ?? null}
            onOpen={setOpen}
            onChoose={choose}
            empty={
              <ReportEmpty
                icon={<ShieldCheck size={20} aria-hidden />}
                title="No policies yet"
                body="Security policies arrive with the first sync."
                testId="policies-empty"
              />
            }
          />
        </div>
        {policy === undefined ? null : (
          <PolicyPanel
            key={policy.name}
            policy={policy}
            online={online}
            onClose={() => {
              setOpen(null);
              focusList();
            }}
          />
        )}
      </div>
    </div>
  );
}
