// How the security policies read in the list and the panel: the live rules in one line ("at
// least 12 characters · changed every 365 days", "on · 2 networks", "2 forbidden pairs"), the
// policies in a fixed order, the version being edited ("v3, changed 2 days ago by ana"), what
// the Apply button says when the change ends sessions, and why Preview or Apply are off. No
// React here, so every rule is unit-tested in policiesFormat.test.ts.
import type { PolicyImpact, PolicyView } from "../bindings";
import { formatCount, userLocale } from "../lib/format";
import { formatRelative } from "../lib/time";
import { inlineValue } from "./auditDiff";
import { parseRules } from "./policyDraft";
import { POLICY_NAMES } from "./policyFields";

/** Why Preview and Apply are off offline. */
export const POLICIES_OFFLINE_HINT = "Changing policies needs the platform; this shows the last synced state.";

/** The core sets no length on a rationale; this only keeps a pasted essay in check. */
export const RATIONALE_MAX = 2000;

/** The policies in the list's order; one the desk does not know comes last, by name. */
export function orderPolicies(list: readonly PolicyView[]): PolicyView[] {
  const rank = (name: string) => {
    const i = (POLICY_NAMES as readonly string[]).indexOf(name);
    return i === -1 ? POLICY_NAMES.length : i;
  };
  return [...list].sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}

/** "1 network", "2 networks". */
function plural(n: number, one: string, many: string, locale: string | undefined): string {
  return `${formatCount(n, locale)} ${n === 1 ? one : many}`;
}

/** A policy's live rules in one line; "—" when they say nothing the line knows. */
export function policySummary(name: string, rulesText: string, locale = userLocale()): string {
  const r = parseRules(rulesText);
  const num = (key: string) => {
    const v = r[key];
    return typeof v === "number" ? formatCount(v, locale) : v === undefined ? null : inlineValue(v);
  };
  const mark = (key: string) => (r[key] === true ? "✓" : "✗");
  const parts: string[] = [];
  const add = (key: string, words: (n: string) => string) => {
    const n = num(key);
    if (n !== null) parts.push(words(n));
  };
  switch (name) {
    case "password":
      add("min_length", (n) => `at least ${n} characters`);
      add("max_age_days", (n) => `changed every ${n} days`);
      break;
    case "session":
      add("idle_timeout_minutes", (n) => `idle ${n} min`);
      add("max_lifetime_hours", (n) => `at most ${n} h`);
      break;
    case "mfa": {
      parts.push(`staff ${mark("required_for_staff")}`, `admins ${mark("required_for_admins")}`);
      const methods = r.methods;
      if (Array.isArray(methods) && methods.length > 0) parts.push(methods.map((m) => (typeof m === "string" ? m : inlineValue(m))).join(", "));
      break;
    }
    case "data_retention":
      add("audit_days", (n) => `audit ${n} days`);
      add("staff_archive_days", (n) => `leavers ${n} days`);
      add("usage_days", (n) => `usage ${n} days`);
      break;
    case "ip_allowlist": {
      const cidrs = Array.isArray(r.cidrs) ? r.cidrs.length : 0;
      parts.push(r.enabled === true ? `on · ${plural(cidrs, "network", "networks", locale)}` : "off");
      break;
    }
    case "segregation_of_duties": {
      const pairs = Array.isArray(r.pairs) ? r.pairs.length : 0;
      parts.push(pairs === 0 ? "no forbidden pairs" : plural(pairs, "forbidden pair", "forbidden pairs", locale));
      break;
    }
    default:
      return Object.keys(r).length === 0 ? "—" : inlineValue(r);
  }
  return parts.length === 0 ? "—" : parts.join(" · ");
}

/** Who made the live version and when: "changed 2 days ago by ana"; the baseline says so. */
export function changedLine(p: Pick<PolicyView, "changedAt" | "changedBy">, now: Date): string {
  if (p.changedAt === null) return "not changed yet";
  return `changed ${formatRelative(p.changedAt, now)}${p.changedBy === null ? "" : ` by ${p.changedBy}`}`;
}

/** The version being edited: "v3, changed 2 days ago by sandbox_admin". */
export function versionLine(p: Pick<PolicyView, "version" | "changedAt" | "changedBy">, now: Date): string {
  return `v${p.version}, ${changedLine(p, now)}`;
}

/** How many sessions applying the change ends. */
export function sessionsEnding(impact: readonly PolicyImpact[]): number {
  return impact.filter((i) => i.endsSession).length;
}

/** The Apply button's words: "Apply", or "Apply and end 2 sessions" when it ends some. */
export function applyLabel(sessions: number): string {
  if (sessions === 0) return "Apply";
  return `Apply and end ${sessions} ${sessions === 1 ? "session" : "sessions"}`;
}

/** What the Apply button waits for. */
export type ApplyGate = {
  online: boolean;
  /** The draft differs from the rules it started from. */
  changed: boolean;
  /** The draft was previewed as it is now; null when it was not (or was edited since). */
  violations: number | null;
  /** A preview of an earlier draft exists (it was edited since). */
  stalePreview: boolean;
  rationale: string;
};

/** Why Apply is off, or null when it can go. */
export function applyBlocked(g: ApplyGate): string | null {
  if (!g.online) return "Offline: previewing and applying need the platform.";
  if (!g.changed) return "Change a rule to apply a new version.";
  if (g.violations === null) return g.stalePreview ? "The draft changed since its preview: preview it again." : "Preview the change to apply it.";
  if (g.violations > 0) return `Resolve the ${g.violations === 1 ? "violation" : `${g.violations} violations`} and preview again.`;
  if (g.rationale.trim() === "") return "Say why to apply.";
  return null;
}
