import { AlertTriangle, ArrowLeft } from "lucide-react";
import { useEffect, useState } from "react";
import { Spinner } from "../components/Spinner";
import { deskErrorOf, errorMessage } from "../lib/errors";
import { isPlainShortcut, isTypingTarget, overlayOpen, useNav } from "../lib/nav";
import { AccountHeader } from "./account/AccountHeader";
import { EscalationsCard } from "./account/EscalationsCard";
import { HealthCard } from "./account/HealthCard";
import { InvoicesCard } from "./account/InvoicesCard";
import { KpiStrip } from "./account/KpiStrip";
import { MilestonesCard } from "./account/MilestonesCard";
import { RefusedBanner } from "./account/RefusedBanner";
import { SignalsCard } from "./account/SignalsCard";
import { SubscriptionCard } from "./account/SubscriptionCard";
import { SuccessPlansCard } from "./account/SuccessPlansCard";
import { TouchpointDialog } from "./account/TouchpointDialog";
import { TouchpointsCard } from "./account/TouchpointsCard";
import { UsageCard } from "./account/UsageCard";
import { useAccount } from "./queries";

/** The call-prep brief of one account: everything about it, readable offline. */
export function AccountScreen({ tenantId, online }: { tenantId: string; online: boolean }) {
  const nav = useNav();
  const account = useAccount(tenantId);
  const [adding, setAdding] = useState(false);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && !e.defaultPrevented && !overlayOpen() && !isTypingTarget(e.target)) {
        e.preventDefault();
        nav.closeAccount();
      } else if (e.key.toLowerCase() === "n" && !e.shiftKey && isPlainShortcut(e)) {
        e.preventDefault();
        setAdding(true);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [nav]);

  if (account.isPending) {
    return (
      <div className="account-screen account-loading" data-testid="account-loading">
        <Spinner size={16} label="Loading the account" />
        <span className="muted">Loading the account…</span>
      </div>
    );
  }
  if (account.isError) {
    const notFound = deskErrorOf(account.error)?.code === "notFound";
    return (
      <div className="account-screen">
        <div className="empty-state" data-testid="account-error">
          <div className="empty-icon">
            <AlertTriangle size={20} aria-hidden />
          </div>
          <h2>{notFound ? "This account is not in the local copy" : "The account could not be read"}</h2>
          <p>{errorMessage(account.error)}</p>
          <div className="empty-actions">
            <button type="button" className="button" onClick={nav.closeAccount}>
              <ArrowLeft size={13} aria-hidden /> Back to the book
            </button>
            {notFound ? null : (
              <button type="button" className="button button-primary" data-testid="account-retry" onClick={() => void account.refetch()}>
                Retry
              </button>
            )}
          </div>
        </div>
      </div>
    );
  }

  const a = account.data;
  const row = a.account;
  return (
    <div className="account-screen" data-testid="account-screen" data-tenant-id={tenantId}>
      <AccountHeader account={row} onBack={nav.closeAccount} onAddTouchpoint={() => setAdding(true)} online={online} />
      <RefusedBanner refused={a.refused} />
      <KpiStrip account={row} />
      <div className="account-grid">
        <div className="account-col">
          <HealthCard health={a.health} delta={row.healthDelta} trend={a.trend} />
          <UsageCard daily={a.usageDaily} monthly={a.usageMonthly} />
          <EscalationsCard escalations={a.escalations} />
          <InvoicesCard invoices={a.invoices} />
          <SubscriptionCard subscription={a.subscription} history={a.planHistory} />
        </div>
        <div className="account-col">
          <SignalsCard signals={a.signals} />
          <MilestonesCard milestones={a.milestones} />
          <TouchpointsCard touchpoints={a.touchpoints} onAdd={() => setAdding(true)} />
          <SuccessPlansCard plans={a.successPlans} />
        </div>
      </div>
      <TouchpointDialog open={adding} onOpenChange={setAdding} tenantId={tenantId} accountName={row.name} online={online} />
    </div>
  );
}
