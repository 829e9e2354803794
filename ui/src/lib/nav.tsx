import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import type { Section } from "../bindings";

/** The sub-views of Billing, in the order of its tab bar. */
export const FINANCE_VIEWS = ["invoices", "reconciliation", "dunning", "disputes", "aging", "mrr", "revenue", "proration"] as const;
export type FinanceView = (typeof FINANCE_VIEWS)[number];

/** The sub-views of Alerts: the inbox and the member's notification settings. */
export const ALERTS_VIEWS = ["inbox", "settings"] as const;
export type AlertsView = (typeof ALERTS_VIEWS)[number];

/** The sub-views of Admin, in the order of its tab bar. */
export const ADMIN_VIEWS = ["staff", "audit", "settings", "flags", "policies"] as const;
export type AdminView = (typeof ADMIN_VIEWS)[number];

/** The sub-views of Operations, in the order of its tab bar. */
export const OPS_VIEWS = ["health", "escalations", "deployments", "kb", "incidents", "integrations"] as const;
export type OpsView = (typeof OPS_VIEWS)[number];

/**
 * Where the window is: a section; in Customers, the account open in its 360 (if any); in
 * Billing, the sub-view and the invoice open over it (if any); in Alerts, the sub-view and the
 * alert open over the inbox (if any); in Admin, the sub-view; in Operations, the sub-view, the
 * escalation open in its panel and the knowledge-base article shown.
 */
export type NavApi = {
  /** The section chosen (the shell falls back when the session lacks it). */
  section: Section;
  /** The account whose 360 shows in Customers, or null for the book. */
  account: string | null;
  go: (section: Section) => void;
  /** Switches to Customers and shows the account's 360. */
  openAccount: (tenantId: string) => void;
  /** Back to the book (its filters and scroll position are kept). */
  closeAccount: () => void;
  /** Billing's sub-view. */
  finance: FinanceView;
  /** The invoice shown over Billing's sub-view, or null. */
  invoice: number | null;
  /** The tenant the proration preview starts from (an invoice's), or null to pick one. */
  prorationTenant: string | null;
  /** Switches to Billing and shows that sub-view (closing any open invoice). */
  openFinance: (view: FinanceView) => void;
  /** Switches to Billing and shows the invoice over the current sub-view. */
  openInvoice: (id: number) => void;
  /** Back to the sub-view the invoice was opened from (its filters and scroll are kept). */
  closeInvoice: () => void;
  /** Switches to the proration preview for a tenant. */
  openProration: (tenantId: string | null) => void;
  /** Alerts' sub-view. */
  alerts: AlertsView;
  /** The alert shown over the inbox, or null. */
  alert: number | null;
  /** Switches to Alerts and shows that sub-view (closing any open alert). */
  openAlerts: (view: AlertsView) => void;
  /** Switches to Alerts and shows the alert over the inbox. */
  openAlert: (id: number) => void;
  /** Back to the inbox (its filters and position are kept). */
  closeAlert: () => void;
  /** Admin's sub-view. */
  admin: AdminView;
  /** Switches to Admin and shows that sub-view. */
  openAdmin: (view: AdminView) => void;
  /** Operations' sub-view. */
  ops: OpsView;
  /** The escalation open in its panel, or null. */
  escalation: string | null;
  /** The knowledge-base article shown (id or slug), or null for the search. */
  article: string | null;
  /** Switches to Operations and shows that sub-view. */
  openOps: (view: OpsView) => void;
  /** Switches to Operations → Escalations with that escalation open (null closes it). */
  openEscalation: (id: string | null) => void;
  /** Switches to Operations → Knowledge base with that article open (null: back to the search). */
  openArticle: (idOrSlug: string | null) => void;
  /** The security incident open in its panel, or null. */
  incident: string | null;
  /** Switches to Operations → Incidents with that incident open (null closes it). */
  openIncident: (id: string | null) => void;
  /** Whether the open-incident form was asked for (the palette's "Open incident"). */
  incidentForm: boolean;
  /** Switches to Operations → Incidents and opens the open-incident form (false: it closed). */
  setIncidentForm: (open: boolean) => void;
};

const NavContext = createContext<NavApi | null>(null);

export function NavProvider({ children, initial = "home" }: { children: ReactNode; initial?: Section }) {
  const [section, setSection] = useState<Section>(initial);
  const [account, setAccount] = useState<string | null>(null);
  const [finance, setFinance] = useState<FinanceView>("invoices");
  const [invoice, setInvoice] = useState<number | null>(null);
  const [prorationTenant, setProrationTenant] = useState<string | null>(null);
  const [alerts, setAlerts] = useState<AlertsView>("inbox");
  const [alert, setAlert] = useState<number | null>(null);
  const [admin, setAdmin] = useState<AdminView>("staff");
  const [ops, setOps] = useState<OpsView>("health");
  const [escalation, setEscalation] = useState<string | null>(null);
  const [article, setArticle] = useState<string | null>(null);
  const [incident, setIncident] = useState<string | null>(null);
  const [incidentForm, setIncidentFormOpen] = useState(false);

  const go = useCallback((s: Section) => setSection(s), []);
  const openAccount = useCallback((tenantId: string) => {
    setSection("customers");
    setAccount(tenantId);
  }, []);
  const closeAccount = useCallback(() => setAccount(null), []);
  const openFinance = useCallback((view: FinanceView) => {
    setSection("billing");
    setFinance(view);
    setInvoice(null);
  }, []);
  const openInvoice = useCallback((id: number) => {
    setSection("billing");
    setInvoice(id);
  }, []);
  const closeInvoice = useCallback(() => setInvoice(null), []);
  const openProration = useCallback((tenantId: string | null) => {
    setSection("billing");
    setFinance("proration");
    setInvoice(null);
    setProrationTenant(tenantId);
  }, []);

  const openAlerts = useCallback((view: AlertsView) => {
    setSection("alerts");
    setAlerts(view);
    setAlert(null);
  }, []);
  const openAlert = useCallback((id: number) => {
    setSection("alerts");
    setAlerts("inbox");
    setAlert(id);
  }, []);
  const closeAlert = useCallback(() => setAlert(null), []);
  const openAdmin = useCallback((view: AdminView) => {
    setSection("admin");
    setAdmin(view);
  }, []);

  const openOps = useCallback((view: OpsView) => {
    setSection("operations");
    setOps(view);
  }, []);
  const openEscalation = useCallback((id: string | null) => {
    setSection("operations");
    setOps("escalations");
    setEscalation(id);
  }, []);
  const openArticle = useCallback((idOrSlug: string | null) => {
    setSection("operations");
    setOps("kb");
    setArticle(idOrSlug);
  }, []);
  const openIncident = useCallback((id: string | null) => {
    setSection("operations");
    setOps("incidents");
    setIncident(id);
  }, []);
  const setIncidentForm = useCallback((open: boolean) => {
    if (open) {
      setSection("operations");
      setOps("incidents");
    }
    setIncidentFormOpen(open);
  }, []);

  const api = useMemo(
    () => ({
      section,
      account,
      go,
      openAccount,
      closeAccount,
      finance,
      invoice,
      prorationTenant,
      openFinance,
      openInvoice,
      closeInvoice,
      openProration,
      alerts,
      alert,
      openAlerts,
      openAlert,
      closeAlert,
      admin,
      openAdmin,
      ops,
      escalation,
      article,
      openOps,
      openEscalation,
      openArticle,
      incident,
      openIncident,
      incidentForm,
      setIncidentForm,
    }),
    [
      section,
      account,
      go,
      openAccount,
      closeAccount,
      finance,
      invoice,
      prorationTenant,
      openFinance,
      openInvoice,
      closeInvoice,
      openProration,
      alerts,
      alert,
      openAlerts,
      openAlert,
      closeAlert,
      admin,
      openAdmin,
      ops,
      escalation,
      article,
      openOps,
      openEscalation,
      openArticle,
      incident,
      openIncident,
      incidentForm,
      setIncidentForm,
    ],
  );
  return <NavContext.Provider value={api}>{children}</NavContext.Provider>;
}

export function useNav(): NavApi {
  const ctx = useContext(NavContext);
  if (!ctx) throw new Error("useNav must be used inside <NavProvider>");
  return ctx;
}

/** Whether a key event comes from somewhere the user types (so single-key shortcuts stay off). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag !== "INPUT") return false;
  const type = (target as HTMLInputElement).type;
  return !["checkbox", "radio", "button", "submit", "reset", "range", "color"].includes(type);
}

/** Whether a modal (dialog, menu, palette) is open: page shortcuts wait until it closes. */
export function overlayOpen(): boolean {
  return document.querySelector('[role="dialog"], [role="alertdialog"], [role="menu"]') !== null;
}

/** A plain single-key shortcut: no modifier, not typing, nothing modal open. */
export function isPlainShortcut(e: KeyboardEvent): boolean {
  return !e.ctrlKey && !e.metaKey && !e.altKey && !e.defaultPrevented && !isTypingTarget(e.target) && !overlayOpen();
}
