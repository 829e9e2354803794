import * as Dialog from "@radix-ui/react-dialog";
import { Command } from "cmdk";
import { Bell, BookOpen, Building2, Copy, Flag, HeartPulse, Inbox, LifeBuoy, LogOut, Moon, Plug, Plus, RefreshCw, Rocket, ScrollText, ShieldAlert, ShieldCheck, SlidersHorizontal, Sun, Users } from "lucide-react";
import { useState } from "react";
import type { DeskRole, Section } from "../bindings";
import { FINANCE_VIEW_META } from "../finance/views";
import { BandDot } from "../cs/HealthScore";
import { useAccountSearch } from "../cs/queries";
import { Spinner } from "../components/Spinner";
import { requestSync } from "../lib/queries";
import { useDebounced } from "../lib/useDebounced";
import { FINANCE_VIEWS, type AdminView, type AlertsView, type FinanceView, type OpsView } from "../lib/nav";
import { usePaletteRecords } from "../ops/paletteRecords";
import { usePaletteIncidents } from "../security/paletteIncidents";
import { SECTION_LABELS } from "../lib/sections";
import type { Theme } from "../lib/theme";
import { SECTION_ICONS } from "./sectionIcons";
import { UpdateCommands } from "../updates/UpdateCommands";

type Props = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  sections: readonly Section[];
  /** The member's roles (Operations' views are per role). */
  roles: readonly DeskRole[];
  theme: Theme;
  onGo: (s: Section) => void;
  onToggleTheme: () => void;
  onCopyDiagnostics: () => void;
  onSignOut: () => void;
  onOpenAccount: (tenantId: string) => void;
  onOpenFinance: (view: FinanceView) => void;
  onOpenAlerts: (view: AlertsView) => void;
  onOpenAdmin: (view: AdminView) => void;
  onOpenOps: (view: OpsView) => void;
  onOpenEscalation: (id: string) => void;
  onOpenArticle: (idOrSlug: string) => void;
  onOpenIncident: (id: string) => void;
  /** Opens the open-incident form. */
  onNewIncident: () => void;
};

/** Operations' views in the palette. */
const OPS_ENTRIES: { view: OpsView; title: string; icon: typeof HeartPulse; keywords: string[] }[] = [
  { view: "health", title: "Operations: Service health", icon: HeartPulse, keywords: ["ops", "health", "uptime", "sla", "latency", "p95", "probe", "services", "incidents"] },
  { view: "escalations", title: "Operations: Escalations", icon: LifeBuoy, keywords: ["ops", "escalations", "support", "customer", "tickets", "timeline"] },
  { view: "deployments", title: "Operations: Deployments", icon: Rocket, keywords: ["ops", "deployments", "deploy", "release", "rollback"] },
  { view: "kb", title: "Operations: Knowledge base", icon: BookOpen, keywords: ["ops", "knowledge", "kb", "articles", "docs", "runbook"] },
  { view: "integrations", title: "Operations: Integrations", icon: Plug, keywords: ["ops", "integrations", "vendors", "providers", "sendgrid", "stripe", "deprecations", "api", "credentials", "rotation", "onboarding"] },
];

/** The KPI section's icon, for its palette entry. */
const KpiIcon = SECTION_ICONS.kpis;

/** How long typing must pause before accounts are searched. */
const SEARCH_DEBOUNCE_MS = 120;

export function CommandPalette(props: Props) {
  const { open, onOpenChange, sections, theme } = props;
  const [search, setSearch] = useState("");
  const debounced = useDebounced(search, SEARCH_DEBOUNCE_MS);
  const canSearchAccounts = sections.includes("customers");
  const accounts = useAccountSearch(debounced, open && canSearchAccounts);
  const hits = search.trim() === "" ? [] : (accounts.data ?? []);
  const canSearchOps = sections.includes("operations") && props.roles.includes("ops");
  const records = usePaletteRecords(search.trim() === "" ? "" : debounced, open && canSearchOps);
  const canSeeIncidents = sections.includes("operations") && props.roles.includes("security");
  const incidents = usePaletteIncidents(search.trim() === "" ? "" : debounced, open && canSeeIncidents);
  const run = (action: () => void) => () => {
    onOpenChange(false);
    action();
  };
  return (
    <Dialog.Root
      open={open}
      onOpenChange={(o) => {
        if (!o) setSearch("");
        onOpenChange(o);
      }}
    >
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay palette-overlay" />
        <Dialog.Content className="palette" data-testid="command-palette" aria-describedby={undefined}>
          <Dialog.Title className="sr-only">Command palette</Dialog.Title>
          <Command label="Command palette" loop>
            <Command.Input
              className="palette-input"
              data-testid="palette-input"
              placeholder={
                canSearchAccounts
                  ? "Type a command, a section or an account…"
                  : canSearchOps
                    ? "Type a command, a section, an escalation or an article…"
                    : canSeeIncidents
                      ? "Type a command, a section or an incident…"
                      : "Type a command or a section…"
              }
              value={search}
              onValueChange={setSearch}
              autoFocus
            />
            <Command.List className="palette-list">
              <Command.Empty className="palette-empty">
                {accounts.isFetching || records.fetching || incidents.fetching ? (
                  <span className="palette-searching">
                    <Spinner size={13} /> Searching accounts…
                  </span>
                ) : (
                  "No matching command or account."
                )}
              </Command.Empty>
              {hits.length > 0 ? (
                <Command.Group heading="Accounts">
                  {hits.map((h) => (
                    <Command.Item
                      key={h.tenantId}
                      value={`account ${h.tenantId} ${h.name} ${h.domain}`}
                      keywords={[h.name, h.domain]}
                      data-testid="palette-account"
                      data-tenant-id={h.tenantId}
                      onSelect={run(() => props.onOpenAccount(h.tenantId))}
                    >
                      <Building2 size={14} aria-hidden />
                      <span className="palette-account-name">{h.name}</span>
                      <span className="palette-account-domain">{h.domain}</span>
                      <span className="palette-account-health">
                        <BandDot band={h.healthBand} /> {h.healthScore}
                      </span>
                    </Command.Item>
                  ))}
                </Command.Group>
              ) : null}
              {records.escalations.length > 0 ? (
                <Command.Group heading="Escalations">
                  {records.escalations.map((e) => (
                    <Command.Item
                      key={e.id}
                      value={`escalation ${e.id} ${e.title} ${e.tenantName}`}
                      keywords={[e.title, e.tenantName]}
                      data-testid="palette-escalation"
                      data-id={e.id}
                      onSelect={run(() => props.onOpenEscalation(e.id))}
                    >
                      <LifeBuoy size={14} aria-hidden />
                      <span className="palette-account-name">{e.title}</span>
                      <span className="palette-account-domain">{e.tenantName}</span>
                    </Command.Item>
                  ))}
                </Command.Group>
              ) : null}
              {incidents.incidents.length > 0 ? (
                <Command.Group heading="Incidents">
                  {incidents.incidents.map((i) => (
                    <Command.Item
                      key={i.id}
                      value={`incident ${i.id} ${i.title} ${i.kindLabel}`}
                      keywords={[i.title, i.kindLabel, i.severity]}
                      data-testid="palette-incident"
                      data-id={i.id}
                      onSelect={run(() => props.onOpenIncident(i.id))}
                    >
                      <ShieldAlert size={14} aria-hidden />
                      <span className="palette-account-name">{i.title}</span>
                      <span className="palette-account-domain">
                        {i.severity} · {i.kindLabel} · {i.status.replace(/_/g, " ")}
                      </span>
                    </Command.Item>
                  ))}
                </Command.Group>
              ) : null}
              {records.articles.length > 0 ? (
                <Command.Group heading="Knowledge base">
                  {records.articles.map((a) => (
                    <Command.Item
                      key={a.id}
                      value={`article ${a.id} ${a.title} ${a.tags.join(" ")}`}
                      keywords={[a.title, ...a.tags]}
                      data-testid="palette-article"
                      data-slug={a.slug}
                      onSelect={run(() => props.onOpenArticle(a.id))}
                    >
                      <BookOpen size={14} aria-hidden />
                      <span className="palette-account-name">{a.title}</span>
                      <span className="palette-account-domain">{a.tags.join(", ")}</span>
                    </Command.Item>
                  ))}
                </Command.Group>
              ) : null}
              <Command.Group heading="Navigation">
                {sections.map((s) => {
                  const Icon = SECTION_ICONS[s];
                  return (
                    <Command.Item
                      key={s}
                      value={`Go to ${SECTION_LABELS[s]}`}
                      data-testid={`palette-go-${s}`}
                      onSelect={run(() => props.onGo(s))}
                    >
                      <Icon size={14} aria-hidden /> Go to {SECTION_LABELS[s]}
                    </Command.Item>
                  );
                })}
              </Command.Group>
              {sections.includes("billing") ? (
                <Command.Group heading="Billing">
                  {FINANCE_VIEWS.map((v) => {
                    const meta = FINANCE_VIEW_META[v];
                    const Icon = meta.icon;
                    return (
                      <Command.Item key={v} value={meta.title} keywords={["billing", "finance", meta.tab]} data-testid={`palette-finance-${v}`} onSelect={run(() => props.onOpenFinance(v))}>
                        <Icon size={14} aria-hidden /> {meta.title}
                      </Command.Item>
                    );
                  })}
                </Command.Group>
              ) : null}
              {sections.includes("alerts") ? (
                <Command.Group heading="Alerts">
                  <Command.Item value="Alerts: inbox" keywords={["alerts", "inbox", "incidents", "on-call"]} data-testid="palette-alerts-inbox" onSelect={run(() => props.onOpenAlerts("inbox"))}>
                    <Inbox size={14} aria-hidden /> Alerts: inbox
                  </Command.Item>
                  <Command.Item
                    value="Alerts: notification settings"
                    keywords={["alerts", "notifications", "snooze", "quiet hours"]}
                    data-testid="palette-alerts-settings"
                    onSelect={run(() => props.onOpenAlerts("settings"))}
                  >
                    <Bell size={14} aria-hidden /> Alerts: notification settings
                  </Command.Item>
                </Command.Group>
              ) : null}
              {canSearchOps || canSeeIncidents ? (
                <Command.Group heading="Operations">
                  {canSearchOps
                    ? OPS_ENTRIES.map((o) => {
                        const Icon = o.icon;
                        return (
                          <Command.Item key={o.view} value={o.title} keywords={o.keywords} data-testid={`palette-ops-${o.view}`} onSelect={run(() => props.onOpenOps(o.view))}>
                            <Icon size={14} aria-hidden /> {o.title}
                          </Command.Item>
                        );
                      })
                    : null}
                  {canSeeIncidents ? (
                    <>
                      <Command.Item
                        value="Operations: Incidents"
                        keywords={["security", "incidents", "breach", "evidence", "containment", "sev1"]}
                        data-testid="palette-ops-incidents"
                        onSelect={run(() => props.onOpenOps("incidents"))}
                      >
                        <ShieldAlert size={14} aria-hidden /> Operations: Incidents
                      </Command.Item>
                      <Command.Item value="Open incident" keywords={["security", "incident", "new", "report", "breach"]} data-testid="palette-incident-new" onSelect={run(props.onNewIncident)}>
                        <Plus size={14} aria-hidden /> Open incident
                      </Command.Item>
                    </>
                  ) : null}
                </Command.Group>
              ) : null}
              {sections.includes("admin") ? (
                <Command.Group heading="Admin">
                  <Command.Item
                    value="Admin: staff"
                    keywords={["admin", "staff", "people", "directory", "roles", "accounts", "members"]}
                    data-testid="palette-admin-staff"
                    onSelect={run(() => props.onOpenAdmin("staff"))}
                  >
                    <Users size={14} aria-hidden /> Admin: staff
                  </Command.Item>
                  <Command.Item
                    value="Admin: audit trail"
                    keywords={["admin", "audit", "trail", "history", "who changed"]}
                    data-testid="palette-admin-audit"
                    onSelect={run(() => props.onOpenAdmin("audit"))}
                  >
                    <ScrollText size={14} aria-hidden /> Admin: audit trail
                  </Command.Item>
                  <Command.Item
                    value="Admin: settings"
                    keywords={["admin", "settings", "config", "configuration", "staging", "production", "promote", "rollback"]}
                    data-testid="palette-admin-settings"
                    onSelect={run(() => props.onOpenAdmin("settings"))}
                  >
                    <SlidersHorizontal size={14} aria-hidden /> Admin: settings
                  </Command.Item>
                  <Command.Item
                    value="Admin: feature flags"
                    keywords={["admin", "flags", "feature", "toggle", "rollout", "variants", "experiment", "stale"]}
                    data-testid="palette-admin-flags"
                    onSelect={run(() => props.onOpenAdmin("flags"))}
                  >
                    <Flag size={14} aria-hidden /> Admin: feature flags
                  </Command.Item>
                  <Command.Item
                    value="Admin: security policies"
                    keywords={["admin", "policies", "security", "password", "session", "mfa", "retention", "allow list", "segregation", "compliance"]}
                    data-testid="palette-admin-policies"
                    onSelect={run(() => props.onOpenAdmin("policies"))}
                  >
                    <ShieldCheck size={14} aria-hidden /> Admin: security policies
                  </Command.Item>
                </Command.Group>
              ) : null}
              {sections.includes("kpis") ? (
                <Command.Group heading="KPIs">
                  <Command.Item
                    value="KPIs: how the platform is run"
                    keywords={["kpi", "kpis", "metrics", "report", "uptime", "churn", "retention", "expansion", "alerts", "deployments", "incidents", "compliance"]}
                    data-testid="palette-kpis"
                    onSelect={run(() => props.onGo("kpis"))}
                  >
                    <KpiIcon size={14} aria-hidden /> KPIs: how the platform is run
                  </Command.Item>
                </Command.Group>
              ) : null}
              <Command.Group heading="Actions">
                <Command.Item value={theme === "dark" ? "Switch to light theme" : "Switch to dark theme"} data-testid="palette-theme" onSelect={run(props.onToggleTheme)}>
                  {theme === "dark" ? <Sun size={14} aria-hidden /> : <Moon size={14} aria-hidden />}
                  {theme === "dark" ? "Switch to light theme" : "Switch to dark theme"}
                </Command.Item>
                <Command.Item value="Sync now" data-testid="palette-sync" onSelect={run(() => void requestSync())}>
                  <RefreshCw size={14} aria-hidden /> Sync now
                </Command.Item>
                <UpdateCommands close={() => onOpenChange(false)} />
                <Command.Item value="Copy diagnostics" data-testid="palette-diagnostics" onSelect={run(props.onCopyDiagnostics)}>
                  <Copy size={14} aria-hidden /> Copy diagnostics
                </Command.Item>
                <Command.Item value="Sign out" data-testid="palette-sign-out" onSelect={run(props.onSignOut)}>
                  <LogOut size={14} aria-hidden /> Sign out
                </Command.Item>
              </Command.Group>
            </Command.List>
          </Command>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
