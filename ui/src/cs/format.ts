// Pure formatting for the customer-success screens: how long ago, how soon, health bands.
// No React here, so every rule is unit-tested in format.test.ts.

import { daysFromToday } from "../lib/format";

/** "today", "yesterday", "12 d ago" for a past day; "never" for none. */
export function formatDaysAgo(day: string | null, now: Date): string {
  if (day === null) return "never";
  const n = daysFromToday(day, now);
  if (n === null) return "unknown";
  if (n > 0) return `in ${n} d`;
  if (n === 0) return "today";
  if (n === -1) return "yesterday";
  return `${-n} d ago`;
}

/** "in 19 days", "tomorrow", "today", "3 days ago" for a coming day. */
export function formatDaysUntil(day: string, now: Date): string {
  const n = daysFromToday(day, now);
  if (n === null) return "";
  if (n === 0) return "today";
  if (n === 1) return "tomorrow";
  if (n === -1) return "yesterday";
  if (n < 0) return `${-n} days ago`;
  return `in ${n} days`;
}

export type Band = "healthy" | "watch" | "atRisk";

export const BAND_LABELS: Record<Band, string> = {
  healthy: "Healthy",
  watch: "Watch",
  atRisk: "At risk",
};

/** A band name from the core, or "watch" for anything unknown. */
export function asBand(band: string): Band {
  return band === "healthy" || band === "atRisk" ? band : "watch";
}

/** "▲ 4", "▼ 12" or "–" for a score change. */
export function formatDelta(delta: number): { arrow: "up" | "down" | "flat"; text: string } {
  if (delta > 0) return { arrow: "up", text: `▲ ${delta}` };
  if (delta < 0) return { arrow: "down", text: `▼ ${-delta}` };
  return { arrow: "flat", text: "–" };
}

/** "Enterprise (annual)" → { name: "Enterprise", term: "annual" }; a name without a term stays whole. */
export function splitPlanName(planName: string): { name: string; term: string | null } {
  const m = /^(.*\S)\s*\(([^()]+)\)$/.exec(planName.trim());
  return m?.[1] !== undefined && m[2] !== undefined ? { name: m[1], term: m[2] } : { name: planName, term: null };
}
