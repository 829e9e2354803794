// Pure wording and grouping for the audit trail: the time of an entry to the second, the area
// an action belongs to (its chip colour), and whether the viewer's filters narrow anything.
// No React here, so every rule is unit-tested in format.test.ts.
import type { AuditQuery } from "../bindings";
import { userLocale } from "../lib/format";

/** The viewer's query without the paging fields: what a cached window is keyed by. */
export type AuditFilter = Omit<AuditQuery, "offset" | "limit">;

export const DEFAULT_AUDIT_FILTER: AuditFilter = { actor: null, target: null, action: null, from: null, to: null, text: null };

/** Whether any filter narrows the trail. */
export function hasAuditFilters(f: AuditFilter): boolean {
  return Object.values(f).some((v) => v !== null && v.trim() !== "");
}

/** Both days are set and the first is after the last (the core refuses that query). */
export function datesReversed(f: AuditFilter): boolean {
  return f.from !== null && f.to !== null && f.from > f.to;
}

/** An entry's time in the user's zone, to the second: "2 Dec 2026, 09:18:04". */
export function formatAuditTime(iso: string, locale = userLocale()): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t).toLocaleString(locale, {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  });
}

/** The area of an action, before its first dot: "staff.roles" → "staff". */
export function actionArea(action: string): string {
  const dot = action.indexOf(".");
  return dot <= 0 ? action : action.slice(0, dot);
}

/** How many chip tones there are (audit.css: .action-tone-0 … -5). */
const TONES = 6;

/** Areas the desk knows get a fixed tone; any other area a stable one from its name. */
const KNOWN_TONES: Record<string, number> = { staff: 0, settings: 1, setting: 1, flag: 2, flags: 2, alert: 3, alerts: 3, security: 4, policy: 4, billing: 5 };

/** The chip tone of an action's area: every action of an area shares it. */
export function areaTone(area: string): number {
  const known = KNOWN_TONES[area];
  if (known !== undefined) return known;
  let h = 0;
  for (const ch of area) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h % TONES;
}

/** The areas of a list of actions, sorted, without duplicates (for the filter's "every staff.* action"). */
export function areasOf(actions: readonly string[]): string[] {
  return [...new Set(actions.filter((a) => a.includes(".")).map(actionArea))].sort();
}
