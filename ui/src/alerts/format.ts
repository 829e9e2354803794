// Pure rules of the Alerts screen: severities in order, how old an alert is in two words, who
// acted on it, the inbox's default filter, the member's teams and snooze times. No React here,
// so each rule is unit-tested in format.test.ts.
import type { AlertQuery, AlertView, DeskRole, Severity } from "../bindings";

/** Severities, most urgent first (the order of the filter and the settings). */
export const SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low"];

export const SEVERITY_LABELS: Record<Severity, string> = {
  critical: "Critical",
  high: "High",
  medium: "Medium",
  low: "Low",
};

/** Least urgent first: a severity's rank for "at least" comparisons. */
const RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export function severityRank(s: Severity): number {
  return RANK[s];
}

/** The platform's alert statuses, in the order an alert goes through them. */
export const ALERT_STATUSES = ["triggered", "acknowledged", "resolved"] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** The inbox opens on what needs someone: triggered and acknowledged (open) alerts. */
export const DEFAULT_ALERT_FILTER: AlertQuery = {
  statuses: ["triggered", "acknowledged"],
  severities: [],
  teams: [],
  search: null,
  overdueOnly: false,
};

/** Whether the filter narrows the inbox beyond its default (open alerts). */
export function hasAlertFilters(f: AlertQuery): boolean {
  const d = DEFAULT_ALERT_FILTER;
  return (
    f.statuses.length !== d.statuses.length ||
    f.statuses.some((s) => !d.statuses.includes(s)) ||
    f.severities.length > 0 ||
    f.teams.length > 0 ||
    (f.search !== null && f.search.trim() !== "") ||
    f.overdueOnly
  );
}

/** Whether the filter shows exactly the open alerts and nothing narrows it. */
export function isOpenInbox(f: AlertQuery): boolean {
  return !hasAlertFilters(f);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** An alert's age in a dense column: "now", "12 min", "3 h", "5 d"; "—" if unreadable. */
export function formatAge(iso: string, now: Date): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return "—";
  const diff = Math.max(0, now.getTime() - t);
  if (diff < MINUTE) return "now";
  if (diff < HOUR) return `${Math.floor(diff / MINUTE)} min`;
  if (diff < DAY) return `${Math.floor(diff / HOUR)} h`;
  return `${Math.floor(diff / DAY)} d`;
}

/** A time span from now in words, for the escalation: "in 12 min", "3 h ago". */
export function formatFromNow(iso: string, now: Date): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return "";
  const diff = t - now.getTime();
  const span = Math.abs(diff);
  const words = span < MINUTE ? "under a minute" : span < HOUR ? `${Math.floor(span / MINUTE)} min` : span < DAY ? `${Math.floor(span / HOUR)} h` : `${Math.floor(span / DAY)} d`;
  return diff >= 0 ? `in ${words}` : `${words} ago`;
}

/** Who acted on the alert, in words: "Acknowledged by ana", "Resolved by ops", "Triggered". */
export function statusLine(a: Pick<AlertView, "status" | "acknowledgedBy" | "resolvedBy">): string {
  if (a.status === "resolved") return a.resolvedBy ? `Resolved by ${a.resolvedBy}` : "Resolved";
  if (a.status === "acknowledged") return a.acknowledgedBy ? `Acknowledged by ${a.acknowledgedBy}` : "Acknowledged";
  if (a.status === "triggered") return "Triggered";
  return a.status;
}

/** Why an action cannot be taken on the alert now, or null when it can. */
export function actionBlocked(a: Pick<AlertView, "status" | "acknowledgedBy" | "resolvedBy" | "falsePositive">, action: "ack" | "resolve"): string | null {
  if (a.status === "resolved") {
    const how = a.falsePositive ? " as a false positive" : "";
    return `Already resolved${how}${a.resolvedBy ? ` by ${a.resolvedBy}` : ""}`;
  }
  if (action === "ack" && a.status === "acknowledged") {
    return `Already acknowledged${a.acknowledgedBy ? ` by ${a.acknowledgedBy}` : ""}`;
  }
  return null;
}

/** The teams alerts are routed to, as the platform names them. */
export const TEAMS = ["ops", "security", "finance", "cs"] as const;

/**
 * The teams a member holding `roles` serves: each desk role's team, every team for an admin.
 * Mirrors `teams_of` in crates/desk-domain/src/alerts.rs (the core refuses any other team).
 */
export function teamsOf(roles: readonly DeskRole[]): string[] {
  if (roles.includes("admin")) return [...TEAMS];
  return TEAMS.filter((t) => roles.includes(t));
}

/** The settings' teams next to the member's: every team they serve, in the usual order, once. */
export function memberTeams(roles: readonly DeskRole[], listed: readonly string[]): string[] {
  const all = new Set([...teamsOf(roles), ...listed]);
  return [...TEAMS.filter((t) => all.has(t)), ...[...all].filter((t) => !(TEAMS as readonly string[]).includes(t)).sort()];
}

/** A team's label: "ops" → "Ops", "cs" → "CS". */
export function teamLabel(team: string): string {
  if (team === "cs") return "CS";
  return team.charAt(0).toUpperCase() + team.slice(1);
}

/** The snooze choices of the settings panel. */
export type SnoozeChoice = "1h" | "4h" | "tomorrow";

/** When a snooze chosen at `now` ends: in 1 or 4 hours, or tomorrow at 08:00 local time. */
export function snoozeEnd(choice: SnoozeChoice, now: Date): Date {
  switch (choice) {
    case "1h":
      return new Date(now.getTime() + HOUR);
    case "4h":
      return new Date(now.getTime() + 4 * HOUR);
    case "tomorrow":
      return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 8, 0, 0, 0);
  }
}

/** Whether a snooze (an ISO time, or none) still holds at `now`. */
export function snoozeActive(until: string | undefined, now: Date): until is string {
  if (until === undefined) return false;
  const t = Date.parse(until);
  return !Number.isNaN(t) && t > now.getTime();
}

const two = (n: number) => String(n).padStart(2, "0");

/**
 * A snooze's end in the member's local time: "14:05" today, "tomorrow 08:00", else
 * "Dec 3, 08:00". `locale` only names the month.
 */
export function formatSnoozeEnd(iso: string, now: Date, locale?: string): string {
  const t = new Date(Date.parse(iso));
  if (Number.isNaN(t.getTime())) return iso;
  const hm = `${two(t.getHours())}:${two(t.getMinutes())}`;
  const dayOf = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((dayOf(t) - dayOf(now)) / DAY);
  if (days === 0) return hm;
  if (days === 1) return `tomorrow ${hm}`;
  return `${t.toLocaleDateString(locale, { month: "short", day: "numeric" })}, ${hm}`;
}
