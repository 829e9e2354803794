import { useEffect } from "react";
import { ViewTabs } from "../components/ViewTabs";
import { FINANCE_VIEWS, isPlainShortcut, useNav, type FinanceView } from "../lib/nav";
import { AgingView } from "./AgingView";
import { DisputesView } from "./DisputesView";
import { DunningView } from "./DunningView";
import { InvoiceDetail } from "./InvoiceDetail";
import { InvoicesView } from "./InvoicesView";
import { MrrView } from "./MrrView";
import { ProrationView } from "./ProrationView";
import { ReconciliationView } from "./ReconciliationView";
import { RevenueView } from "./RevenueView";
import { FINANCE_VIEW_META } from "./views";

/** The sub-view a plain key press opens, if any. */
export function viewForKey(key: string): FinanceView | null {
  const k = key.toUpperCase();
  return FINANCE_VIEWS.find((v) => FINANCE_VIEW_META[v].key === k) ?? null;
}

/** Billing: invoices, reconciliation, failed payments, disputes, aging, MRR, revenue, proration. */
export function FinanceScreen({ online }: { online: boolean }) {
  const nav = useNav();
  const { finance: view, invoice, openFinance } = nav;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.shiftKey || !isPlainShortcut(e)) return;
      const target = viewForKey(e.key);
      if (target === null) return;
      e.preventDefault();
      openFinance(target);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [openFinance]);

  return (
    <div className="book-screen finance-screen" data-testid="finance-screen" data-view={view}>
      <div className="book-toolbar finance-tabs">
        <ViewTabs
          label="Billing views"
          views={FINANCE_VIEWS}
          active={view}
          tab={(v) => {
            const meta = FINANCE_VIEW_META[v];
            return { label: meta.tab, icon: meta.icon, title: `${meta.title} (${meta.key})`, kbd: meta.key };
          }}
          onOpen={openFinance}
          testIdPrefix="finance-tab-"
        />
      </div>
      {invoice !== null ? <InvoiceDetail key={invoice} id={invoice} /> : <ViewBody view={view} online={online} />}
    </div>
  );
}

function ViewBody({ view, online }: { view: FinanceView; online: boolean }) {
  switch (view) {
    case "invoices":
      return <InvoicesView />;
    case "reconciliation":
      return <ReconciliationView />;
    case "dunning":
      return <DunningView online={online} />;
    case "disputes":
      return <DisputesView online={online} />;
    case "aging":
      return <AgingView />;
    case "mrr":
      return <MrrView />;
    case "revenue":
      return <RevenueView />;
    case "proration":
      return <ProrationView />;
  }
}
