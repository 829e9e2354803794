import type { DeskRole, Section } from "../bindings";

/** The order the navigation shows sections in, whatever order the core sends. */
export const SECTION_ORDER: readonly Section[] = [
  "home",
  "customers",
  "billing",
  "alerts",
  "operations",
  "admin",
  "kpis",
];

export const SECTION_LABELS: Record<Section, string> = {
  home: "Home",
  customers: "Customers",
  billing: "Billing",
  alerts: "Alerts",
  operations: "Operations",
  admin: "Admin",
  kpis: "KPIs",
};

/** The session's sections in navigation order, without duplicates or unknown names. */
export function visibleSections(granted: readonly string[]): Section[] {
  const set = new Set(granted);
  return SECTION_ORDER.filter((s) => set.has(s));
}

/** Only the first nine sections can have a digit shortcut. */
const MAX_SHORTCUTS = 9;

/** The digit (1-based) of the n-th (0-based) visible section, or null when it has none. */
export function shortcutDigit(index: number): number | null {
  return index >= 0 && index < MAX_SHORTCUTS ? index + 1 : null;
}

/** The key event fields the shortcut matcher reads. */
export type ShortcutKey = Pick<KeyboardEvent, "code" | "key" | "altKey" | "ctrlKey" | "metaKey" | "shiftKey">;

/**
 * The section an Alt+digit or Ctrl/Cmd+digit press goes to, or null.
 * Reads `code` (Digit1…) first because Alt+1 on macOS types "¡" into `key`.
 */
export function sectionForShortcut(e: ShortcutKey, visible: readonly Section[]): Section | null {
  if (e.shiftKey) return null;
  const mods = [e.altKey, e.ctrlKey, e.metaKey].filter(Boolean).length;
  if (mods !== 1) return null;
  const m = /^(?:Digit|Numpad)([1-9])$/.exec(e.code) ?? /^([1-9])$/.exec(e.key);
  if (!m?.[1]) return null;
  return visible[Number(m[1]) - 1] ?? null;
}

/** What each role can do in the desk, for the Home screen. */
export const ROLE_ABILITIES: Record<DeskRole, { label: string; abilities: string[] }> = {
  admin: {
    label: "Admin",
    abilities: [
      "Create, change and deactivate staff accounts",
      "Change platform settings and security policies, with rollback",
      "Manage feature flags: rollout, targeting, clean-up",
    ],
  },
  finance: {
    label: "Finance",
    abilities: [
      "Work invoices, payments, reconciliation and disputes",
      "Preview proration and issue credit notes",
      "Follow MRR/ARR movements and revenue recognition",
    ],
  },
  cs: {
    label: "Customer success",
    abilities: [
      "Review your book of accounts and their health scores",
      "Prepare calls with the account 360 brief",
      "Record touchpoints, onboarding milestones and success plans",
    ],
  },
  ops: {
    label: "Operations",
    abilities: [
      "Watch platform health and work the alert inbox",
      "Handle support escalations with a timeline",
      "Follow deployments, rollbacks and integration health",
    ],
  },
  security: {
    label: "Security",
    abilities: [
      "Detect, classify and contain security incidents",
      "Keep hash-stamped evidence and a timeline",
      "Review security alerts and the audit trail",
    ],
  },
};

/** The platform's modifier label for shortcuts. */
export function isMacPlatform(): boolean {
  if (typeof navigator === "undefined") return false;
  return /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
}
