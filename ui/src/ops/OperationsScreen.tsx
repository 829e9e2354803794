// Operations, for desk_ops: a tab bar over its four views (service health, customer
// escalations, deployments, the knowledge base), as Admin and Billing have. Where the member is
// lives in lib/nav (the palette and links between views move it), what each view was filtered
// by in opsState.
import { BookOpen, HeartPulse, LifeBuoy, Rocket } from "lucide-react";
import type { ReactNode } from "react";
import { OPS_VIEWS, useNav, type OpsView } from "../lib/nav";
import { DeploymentsView } from "./DeploymentsView";
import { EscalationsView } from "./EscalationsView";
import { HealthView } from "./HealthView";
import { KbView } from "./KbView";

type Props = {
  online: boolean;
  /** Whether the member also has Alerts (a probable incident's alert then opens there). */
  alertsSection: boolean;
};

const VIEWS: Record<OpsView, { label: string; icon: typeof HeartPulse; body: (p: Props) => ReactNode }> = {
  health: { label: "Service health", icon: HeartPulse, body: (p) => <HealthView alertsSection={p.alertsSection} /> },
  escalations: { label: "Escalations", icon: LifeBuoy, body: (p) => <EscalationsView online={p.online} /> },
  deployments: { label: "Deployments", icon: Rocket, body: (p) => <DeploymentsView online={p.online} /> },
  kb: { label: "Knowledge base", icon: BookOpen, body: () => <KbView /> },
};

export function OperationsScreen(props: Props) {
  const nav = useNav();
  const view = nav.ops;
  return (
    <div className="book-screen ops-screen" data-testid="ops-screen" data-view={view}>
      <div className="book-toolbar finance-tabs">
        <div className="tabs" role="tablist" aria-label="Operations views">
          {OPS_VIEWS.map((v) => {
            const Icon = VIEWS[v].icon;
            const active = v === view;
            return (
              <button
                key={v}
                type="button"
                role="tab"
                aria-selected={active}
                className={`tab${active ? " active" : ""}`}
                data-testid={`ops-tab-${v}`}
                onClick={() => nav.openOps(v)}
              >
                <Icon size={12} aria-hidden />
                {VIEWS[v].label}
              </button>
            );
          })}
        </div>
      </div>
      {VIEWS[view].body(props)}
    </div>
  );
}
