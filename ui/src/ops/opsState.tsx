// What Operations remembers while the member is in another tab or section: the health window
// and the service open, the escalation filters (and whether the patterns report shows), the
// deployment filters and the deployment open, and the knowledge-base words — so coming back
// finds each view as it was left. The escalation and article open live in lib/nav (the palette
// and other views open them).
import { createContext, useContext, useMemo, useState, type ReactNode } from "react";
import type { DeploymentQuery, EscalationQuery, HealthWindow } from "../bindings";
import { OPEN_STATES } from "./opsFormat";

export const DEFAULT_ESCALATION_QUERY: EscalationQuery = { states: [...OPEN_STATES], search: null, overdueOnly: false, tenantId: null };
export const DEFAULT_DEPLOYMENT_QUERY: DeploymentQuery = { service: null, statuses: [] };

type OpsStateApi = {
  healthWindow: HealthWindow;
  setHealthWindow: (w: HealthWindow) => void;
  /** The service open in the health detail panel. */
  service: string | null;
  setService: (name: string | null) => void;
  escalationQuery: EscalationQuery;
  setEscalationQuery: (update: (q: EscalationQuery) => EscalationQuery) => void;
  /** The escalations tab shows the patterns report instead of the list. */
  patterns: boolean;
  setPatterns: (on: boolean) => void;
  deploymentQuery: DeploymentQuery;
  setDeploymentQuery: (update: (q: DeploymentQuery) => DeploymentQuery) => void;
  /** The deployment open in its panel. */
  deployment: number | null;
  setDeployment: (id: number | null) => void;
  kbQuery: string;
  setKbQuery: (q: string) => void;
};

const OpsStateContext = createContext<OpsStateApi | null>(null);

export function OpsStateProvider({ children }: { children: ReactNode }) {
  const [healthWindow, setHealthWindow] = useState<HealthWindow>("day");
  const [service, setService] = useState<string | null>(null);
  const [escalationQuery, setEscalationQuery] = useState<EscalationQuery>(DEFAULT_ESCALATION_QUERY);
  const [patterns, setPatterns] = useState(false);
  const [deploymentQuery, setDeploymentQuery] = useState<DeploymentQuery>(DEFAULT_DEPLOYMENT_QUERY);
  const [deployment, setDeployment] = useState<number | null>(null);
  const [kbQuery, setKbQuery] = useState("");
  const api = useMemo(
    () => ({
      healthWindow,
      setHealthWindow,
      service,
      setService,
      escalationQuery,
      setEscalationQuery,
      patterns,
      setPatterns,
      deploymentQuery,
      setDeploymentQuery,
      deployment,
      setDeployment,
      kbQuery,
      setKbQuery,
    }),
    [healthWindow, service, escalationQuery, patterns, deploymentQuery, deployment, kbQuery],
  );
  return <OpsStateContext.Provider value={api}>{children}</OpsStateContext.Provider>;
}

export function useOpsState(): OpsStateApi {
  const ctx = useContext(OpsStateContext);
  if (!ctx) throw new Error("useOpsState must be used inside <OpsStateProvider>");
  return ctx;
}
