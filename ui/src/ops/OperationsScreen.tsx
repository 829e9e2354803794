// Operations, for desk_ops and desk_security: a tab bar over its views (service health, customer
// escalations, deployments, the knowledge base for desk_ops; security incidents for
// desk_security; third-party integrations for desk_ops, whose onboardings security also works
// on), as Admin and Billing have. Only the tabs of the member's roles show, and a
// view they cannot use falls back to their first (a security-only member lands on Incidents).
// Where the member is lives in lib/nav (the palette and links between views move it), what each
// view was filtered by in opsState.
import { BookOpen, HeartPulse, LifeBuoy, Plug, Rocket, ShieldAlert } from "lucide-react";
import type { ReactNode } from "react";
import type { DeskRole } from "../bindings";
import { ViewTabs } from "../components/ViewTabs";
import { IntegrationsView } from "../integrations/IntegrationsView";
import { OPS_VIEWS, useNav, type OpsView } from "../lib/nav";
import { IncidentsView } from "../security/IncidentsView";
import { DeploymentsView } from "./DeploymentsView";
import { EscalationsView } from "./EscalationsView";
import { HealthView } from "./HealthView";
import { KbView } from "./KbView";

type Props = {
  online: boolean;
  /** Whether the member also has Alerts (a probable incident's alert then opens there). */
  alertsSection: boolean;
  /** The member's roles: each view shows to the role it is for. */
  roles: readonly DeskRole[];
};

const VIEWS: Record<OpsView, { label: string; icon: typeof HeartPulse; role: DeskRole; also?: DeskRole; body: (p: Props) => ReactNode }> = {
  health: { label: "Service health", icon: HeartPulse, role: "ops", body: (p) => <HealthView alertsSection={p.alertsSection} /> },
  escalations: { label: "Escalations", icon: LifeBuoy, role: "ops", body: (p) => <EscalationsView online={p.online} /> },
  deployments: { label: "Deployments", icon: Rocket, role: "ops", body: (p) => <DeploymentsView online={p.online} /> },
  kb: { label: "Knowledge base", icon: BookOpen, role: "ops", body: () => <KbView /> },
  incidents: { label: "Incidents", icon: ShieldAlert, role: "security", body: (p) => <IncidentsView online={p.online} /> },
  // Security completes the onboardings' security reviews there (it sees the Onboarding view only).
  integrations: { label: "Integrations", icon: Plug, role: "ops", also: "security", body: (p) => <IntegrationsView online={p.online} roles={p.roles} /> },
};

/** The Operations views a member holding `roles` may use, in tab order. */
export function opsViewsFor(roles: readonly DeskRole[]): OpsView[] {
  return OPS_VIEWS.filter((v) => {
    const also = VIEWS[v].also;
    return roles.includes(VIEWS[v].role) || (also !== undefined && roles.includes(also));
  });
}

export function OperationsScreen(props: Props) {
  const nav = useNav();
  const views = opsViewsFor(props.roles);
  const view: OpsView = views.includes(nav.ops) ? nav.ops : (views[0] ?? nav.ops);
  return (
    <div className="book-screen ops-screen" data-testid="ops-screen" data-view={view}>
      <div className="book-toolbar finance-tabs">
        <ViewTabs
          label="Operations views"
          views={views}
          active={view}
          tab={(v) => VIEWS[v]}
          onOpen={nav.openOps}
          testIdPrefix="ops-tab-"
        />
      </div>
      {VIEWS[view].body(props)}
    </div>
  );
}
