import type { Section } from "../bindings";
import { SECTION_ICONS } from "../shell/sectionIcons";

type Copy = { title: string; body: string };

const EMPTY: Record<Exclude<Section, "home">, Copy> = {
  customers: {
    title: "No customer accounts yet",
    body: "Your book of accounts, health scores, onboarding milestones and touchpoint notes will appear here once the platform's customer data has synced.",
  },
  billing: {
    title: "No billing data yet",
    body: "Invoices, payments, reconciliation and revenue will appear here once the platform's billing data has synced.",
  },
  alerts: {
    title: "No alerts yet",
    body: "Alerts routed to your teams will appear here, from triggered to acknowledged and resolved, once the platform's alerts have synced.",
  },
  operations: {
    title: "No operations data yet",
    body: "Service health, support escalations, deployments and integration health will appear here once the platform's operations data has synced.",
  },
  admin: {
    title: "No admin data yet",
    body: "Staff accounts, platform settings, security policies and feature flags will appear here once the platform's admin data has synced.",
  },
};

export function SectionEmptyState({ section }: { section: Exclude<Section, "home"> }) {
  const Icon = SECTION_ICONS[section];
  const copy = EMPTY[section];
  return (
    <div className="empty-state" data-testid="empty-state">
      <div className="empty-icon">
        <Icon size={20} aria-hidden />
      </div>
      <h2>{copy.title}</h2>
      <p>{copy.body}</p>
    </div>
  );
}
