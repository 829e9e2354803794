// Pure words and numbers for Operations (health, escalations, deployments, knowledge base), so
// every screen says them alike and each rule is unit-tested in opsFormat.test.ts. No React here.
import type { DeploymentCheck, EscalationRecord, HealthWindow, ServiceStatus } from "../bindings";
import { deskErrorOf, errorMessage } from "../lib/errors";
import { asSentence, type FieldErrors } from "../lib/fieldErrors";
import { userLocale } from "../lib/format";

export const HEALTH_WINDOWS: readonly HealthWindow[] = ["day", "week", "month"];
export const WINDOW_LABELS: Record<HealthWindow, string> = { day: "24 h", week: "7 d", month: "30 d" };
export const WINDOW_WORDS: Record<HealthWindow, string> = { day: "the last 24 hours", week: "the last 7 days", month: "the last 30 days" };

export const STATUS_LABELS: Record<ServiceStatus, string> = { healthy: "Healthy", degraded: "Degraded", down: "Down", unknown: "Unknown" };

/** A percentage with up to `digits` decimals: 99.953 → "99.95 %"; null → "—". */
export function formatPercent(value: number | null, digits = 2, locale = userLocale()): string {
  if (value === null || !Number.isFinite(value)) return "—";
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value)} %`;
}

/** A fraction as a percentage: 0.0123 → "1.23 %". */
export function formatRate(fraction: number | null, locale = userLocale()): string {
  return fraction === null ? "—" : formatPercent(fraction * 100, fraction * 100 < 1 ? 2 : 1, locale);
}

/** Milliseconds, whole: 412.4 → "412 ms"; null → "—". */
export function formatMs(ms: number | null, locale = userLocale()): string {
  if (ms === null || !Number.isFinite(ms)) return "—";
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(ms)} ms`;
}

/** Requests per hour, grouped and whole ("12,400"). */
export function formatPerHour(n: number | null, locale = userLocale()): string {
  if (n === null || !Number.isFinite(n)) return "—";
  return new Intl.NumberFormat(locale, { maximumFractionDigits: n < 10 ? 1 : 0 }).format(n);
}

/** The offline banner's sentence: "Last known state, read 2 hours ago — the platform is unreachable". */
export function offlineLine(age: string, reason: string | null): string {
  const why = reason?.trim() ?? "";
  return `Last known state, read ${age}${why === "" ? "" : ` — ${why}`}`;
}

/** A cascade's span: "14:02 – 14:09 (7 min)" in the user's zone; one moment reads once. */
export function cascadeSpan(startedAt: string, endedAt: string, locale = userLocale()): string {
  const a = Date.parse(startedAt);
  const b = Date.parse(endedAt);
  if (Number.isNaN(a) || Number.isNaN(b)) return `${startedAt} – ${endedAt}`;
  const day = new Date(a).toLocaleDateString(locale, { month: "short", day: "numeric" });
  const time = (t: number) => new Date(t).toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit" });
  const minutes = Math.round((b - a) / 60_000);
  if (minutes <= 0) return `${day}, ${time(a)}`;
  const length = minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return `${day}, ${time(a)} – ${time(b)} (${length})`;
}

// Escalations

export const ESCALATION_STATES = ["new", "investigating", "waiting_on_customer", "waiting_on_vendor", "resolved", "closed"] as const;
export const OPEN_STATES = ["new", "investigating", "waiting_on_customer", "waiting_on_vendor"] as const;
export const SEVERITIES = ["critical", "high", "medium", "low"] as const;
export const CATEGORIES = ["deliverability", "sending", "billing", "integration", "account", "performance", "other"] as const;
/** The kinds of entry a member writes (state changes and satisfaction are written by their actions). */
export const ENTRY_KINDS = ["note", "finding", "root_cause", "vendor_contact", "customer_update"] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export const STATE_LABELS: Record<string, string> = {
  new: "New",
  investigating: "Investigating",
  waiting_on_customer: "Waiting on customer",
  waiting_on_vendor: "Waiting on vendor",
  resolved: "Resolved",
  closed: "Closed",
};

export const KIND_LABELS: Record<string, string> = {
  note: "Note",
  finding: "Finding",
  root_cause: "Root cause",
  vendor_contact: "Vendor contact",
  customer_update: "Customer update",
  state_change: "State change",
  satisfaction: "Satisfaction",
};

/** A word from the core as its label ("waiting_on_vendor" → "Waiting on vendor"). */
export function labelOf(labels: Record<string, string>, word: string): string {
  const known = labels[word];
  if (known !== undefined) return known;
  const spaced = word.replace(/_/g, " ");
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** The states an entry may move the escalation to (resolving has its own dialog). */
export function entryStates(e: Pick<EscalationRecord, "nextStates">): string[] {
  return e.nextStates.filter((s) => s !== "resolved");
}

/** Whether the escalation can be resolved from where it is. */
export function canResolve(e: Pick<EscalationRecord, "nextStates">): boolean {
  return e.nextStates.includes("resolved");
}

/** Whether it is resolved or closed (satisfaction can be recorded). */
export function isFinished(e: Pick<EscalationRecord, "state">): boolean {
  return e.state === "resolved" || e.state === "closed";
}

/** "2026-11-25T14:05" (an <input type=datetime-local>, the user's zone) as RFC 3339 UTC, or null. */
export function localToIso(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** The knowledge-base article a resolution suggests: its title, root cause and resolution. */
export function articleBody(title: string, rootCause: string | null, resolution: string): string {
  const cause = rootCause?.trim() ?? "";
  const how = resolution.trim();
  const parts = [`# ${title.trim()}`];
  parts.push(`## Root cause\n\n${cause === "" ? "_Not recorded._" : cause}`);
  parts.push(`## Resolution\n\n${how === "" ? "_Describe how it was resolved._" : how}`);
  return `${parts.join("\n\n")}\n`;
}

/** Tags as typed ("smtp, dns  relay") → ["smtp", "dns", "relay"], lower-case, without repeats. */
export function parseTags(text: string): string[] {
  const out: string[] = [];
  for (const t of text.split(/[,\s]+/)) {
    const tag = t.trim().toLowerCase();
    if (tag !== "" && !out.includes(tag)) out.push(tag);
  }
  return out;
}

/**
 * The core's field names (some are two words: "next update", "article title") → the form's
 * field keys. A refusal line naming one of them goes beside that field; any other line is general.
 */
export function splitOpsRefusal(message: string, fields: Record<string, string>): FieldErrors {
  const out: FieldErrors = { general: [], fields: {} };
  // Longest names first, so "article title" wins over "article".
  const names = Object.keys(fields).sort((a, b) => b.length - a.length);
  for (const raw of message.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "") continue;
    const name = names.find((n) => line.toLowerCase().startsWith(`${n}:`));
    const key = name === undefined ? undefined : fields[name];
    const rest = name === undefined ? "" : line.slice(name.length + 1).trim();
    if (key !== undefined && rest !== "") (out.fields[key] ??= []).push(asSentence(rest));
    else out.general.push(asSentence(line));
  }
  return out;
}

/** A failed ops command as the form shows it: a refusal split by field, anything else general. */
export function opsErrorsOf(e: unknown, fields: Record<string, string>): FieldErrors {
  const desk = deskErrorOf(e);
  if (desk?.code === "invalidInput") return splitOpsRefusal(desk.message, fields);
  return { general: [errorMessage(e)], fields: {} };
}

/** The entry form's fields as the core names them. */
export const ENTRY_FIELDS: Record<string, string> = { kind: "kind", text: "body", vendor: "vendor", "next update": "nextDue", state: "state" };
/** The new-escalation form's fields. */
export const NEW_ESCALATION_FIELDS: Record<string, string> = { tenant: "tenant", title: "title", severity: "severity", category: "category", context: "context" };
/** The resolve dialog's fields. */
export const RESOLVE_FIELDS: Record<string, string> = { resolution: "resolution", "article title": "articleTitle", slug: "articleTitle", article: "articleBody", state: "state" };
/** The deployment request's fields. */
export const DEPLOY_FIELDS: Record<string, string> = { service: "service", version: "version", tests: "tests", reason: "reason" };
/** The rollback dialog's and review's fields. */
export const ROLLBACK_FIELDS: Record<string, string> = { reason: "reason", impact: "impact", lessons: "lessons" };

// Deployments

export const DEPLOY_STATUSES = ["requested", "running", "succeeded", "failed", "partially_deployed", "rolled_back"] as const;

export const DEPLOY_STATUS_LABELS: Record<string, string> = {
  requested: "Requested",
  running: "Running",
  succeeded: "Succeeded",
  failed: "Failed",
  partially_deployed: "Partially deployed",
  rolled_back: "Rolled back",
};

/** The badge tone of a deployment's or rollback's status. */
export function deployTone(status: string): "ok" | "warn" | "danger" | "accent" | "neutral" {
  switch (status) {
    case "succeeded":
      return "ok";
    case "partially_deployed":
    case "rolled_back":
      return "warn";
    case "failed":
      return "danger";
    case "requested":
    case "running":
      return "accent";
    default:
      return "neutral";
  }
}

/** "✓ 3/3" when every check passed, "✗ 1/3" when any failed, null when none ran. */
export function checksSummary(checks: readonly DeploymentCheck[]): { ok: boolean; text: string } | null {
  if (checks.length === 0) return null;
  const passed = checks.filter((c) => c.ok).length;
  const ok = passed === checks.length;
  return { ok, text: `${ok ? "✓" : "✗"} ${passed}/${checks.length}` };
}

/** A rollback the deployer finished that nobody reviewed yet. */
export function needsReview(r: { status: string; finishedAt: string | null; reviewedAt: string | null }): boolean {
  return r.finishedAt !== null && r.status !== "requested" && r.status !== "running" && r.reviewedAt === null;
}

/** "2026-11" → "Nov 2026". */
export function monthLabel(month: string, locale = userLocale()): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)).toLocaleDateString(locale, { month: "short", year: "numeric", timeZone: "UTC" });
}

/** The message after a rollback request. */
export const ROLLBACK_REQUESTED = "Rollback requested — the deployer picks it up; progress arrives with sync";
