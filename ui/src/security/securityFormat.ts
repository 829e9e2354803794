// Pure words and numbers for security incident response (types, severities, statuses, the
// breach clock, file sizes and hashes, the refusals of the incident forms, reading evidence
// files), so every view says them alike and each rule is unit-tested in securityFormat.test.ts.
// No React here.
import type { IncidentDetail, IncidentRecord } from "../bindings";
import { userLocale } from "../lib/format";

/** The incident types, in the order the forms offer them. */
export const INCIDENT_TYPES = ["credential_compromise", "phishing", "malware", "dos", "data_breach", "insider", "other"] as const;

export const TYPE_LABELS: Record<string, string> = {
  credential_compromise: "Credential compromise",
  phishing: "Phishing",
  malware: "Malware",
  dos: "Denial of service",
  data_breach: "Data breach",
  insider: "Insider",
  other: "Other",
};

/** SEV1 is the worst. */
export const INCIDENT_SEVERITIES = ["SEV1", "SEV2", "SEV3", "SEV4"] as const;

export const SEVERITY_HINTS: Record<string, string> = {
  SEV1: "SEV1 — critical: customer data or the platform at risk now",
  SEV2: "SEV2 — high: serious, contained to part of the platform",
  SEV3: "SEV3 — moderate: limited impact",
  SEV4: "SEV4 — low: no known impact",
};

export const STATUS_LABELS: Record<string, string> = {
  detected: "Detected",
  investigating: "Investigating",
  contained: "Contained",
  eradicated: "Eradicated",
  recovered: "Recovered",
  closed: "Closed",
  false_positive: "False positive",
};

export const TIMELINE_LABELS: Record<string, string> = {
  note: "Note",
  classification: "Classification",
  containment: "Containment",
  evidence: "Evidence",
  status_change: "Status",
  lesson: "Lesson",
  team: "Team",
  breach: "Breach confirmed",
  authority_notified: "Authority notified",
  evidence_mismatch: "Evidence hash mismatch",
  follow_up: "Follow-up",
};

/** A word from the core as its label ("false_positive" → "False positive"). */
export function labelOf(labels: Record<string, string>, word: string): string {
  const known = labels[word];
  if (known !== undefined) return known;
  const spaced = word.replace(/_/g, " ");
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** Whether the incident is over (closed, or found a false positive). */
export function isFinished(status: string): boolean {
  return status === "closed" || status === "false_positive";
}

/** The badge tone of a status. */
export function statusTone(status: string): "danger" | "warn" | "accent" | "ok" | "neutral" {
  switch (status) {
    case "detected":
      return "danger";
    case "investigating":
      return "warn";
    case "contained":
    case "eradicated":
      return "accent";
    case "recovered":
      return "ok";
    default:
      return "neutral";
  }
}

/** The alert severity class a SEV chip borrows (SEV1 red … SEV4 grey). */
export function severityClass(severity: string): string {
  switch (severity) {
    case "SEV1":
      return "sev-critical";
    case "SEV2":
      return "sev-high";
    case "SEV3":
      return "sev-medium";
    default:
      return "sev-low";
  }
}

// The breach clock

const MINUTE_S = 60;
const HOUR_S = 3600;
const DAY_S = 24 * HOUR_S;

/** Under this many seconds left, the clock turns red. */
export const BREACH_RED_SECONDS = 24 * HOUR_S;

/** Seconds from `now` to the deadline (negative: past), or null if it cannot be read. */
export function secondsUntil(deadline: string, now: Date): number | null {
  const t = Date.parse(deadline);
  return Number.isNaN(t) ? null : Math.floor((t - now.getTime()) / 1000);
}

/**
 * A span of seconds, dense: "2 d 03 h 04 min", "23 h 59 min 08 s", "4 min 05 s", "12 s". The
 * seconds show only under a day (they tick where it matters).
 */
export function formatSpan(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(Math.abs(totalSeconds)));
  const d = Math.floor(s / DAY_S);
  const h = Math.floor((s % DAY_S) / HOUR_S);
  const m = Math.floor((s % HOUR_S) / MINUTE_S);
  const sec = s % MINUTE_S;
  const pad = (n: number) => String(n).padStart(2, "0");
  if (d > 0) return `${d} d ${pad(h)} h ${pad(m)} min`;
  if (h > 0) return `${h} h ${pad(m)} min ${pad(sec)} s`;
  if (m > 0) return `${m} min ${pad(sec)} s`;
  return `${sec} s`;
}

/** A compact span for a list cell: "2 d 3 h", "5 h 12 min", "14 min". */
export function formatSpanShort(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(Math.abs(totalSeconds)));
  const d = Math.floor(s / DAY_S);
  const h = Math.floor((s % DAY_S) / HOUR_S);
  const m = Math.floor((s % HOUR_S) / MINUTE_S);
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  return `${m} min`;
}

export type ClockState = "running" | "urgent" | "overdue" | "notifiedInTime" | "notifiedLate";

/** Where a breach clock stands at `now`. */
export function clockState(clock: { deadline: string; notifiedAt: string | null; notifiedInTime: boolean | null }, now: Date): ClockState {
  if (clock.notifiedAt !== null || clock.notifiedInTime !== null) return clock.notifiedInTime === false ? "notifiedLate" : "notifiedInTime";
  const left = secondsUntil(clock.deadline, now);
  if (left === null) return "running";
  if (left < 0) return "overdue";
  return left < BREACH_RED_SECONDS ? "urgent" : "running";
}

/** The clock in words: "71 h 59 min 59 s left", "overdue by 3 h 02 min 10 s". */
export function clockWords(deadline: string, now: Date): string {
  const left = secondsUntil(deadline, now);
  if (left === null) return `notify by ${deadline}`;
  return left < 0 ? `overdue by ${formatSpan(left)}` : `${formatSpan(left)} left`;
}

/** Whether a record's breach clock is still running (confirmed, the authority not notified). */
export function clockRunning(i: Pick<IncidentRecord, "breach">): boolean {
  return i.breach !== null && i.breach.notifiedAt === null && i.breach.notifiedInTime === null;
}

// Files and hashes

/** Evidence larger than this is refused before it is read (the core's limit). */
export const MAX_EVIDENCE_BYTES = 50 * 1024 * 1024;

/** Above this size, reading a file shows its progress. */
export const LARGE_FILE_BYTES = 2 * 1024 * 1024;

/** A size for people: "812 B", "14.2 KB", "3.5 MB" (1024-based). */
export function formatBytes(bytes: number, locale = userLocale()): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "—";
  if (bytes < 1024) return `${new Intl.NumberFormat(locale).format(bytes)} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: value < 10 ? 1 : 0 }).format(value)} ${units[unit] ?? "TB"}`;
}

/** A SHA-256 shortened for a list: "3f2a9c…b81e04". */
export function shortHash(hash: string): string {
  return hash.length <= 16 ? hash : `${hash.slice(0, 8)}…${hash.slice(-6)}`;
}

/** Bytes as lower-case hex. */
export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}

/** Bytes per base64 piece: a multiple of 3 (so pieces join without padding) small enough for fromCharCode. */
const BASE64_CHUNK = 3 * 8192;

/**
 * Bytes as base64, a piece at a time: never one huge argument list (which overflows the stack
 * on a large file). `onProgress` gets the fraction done; `yieldEvery` pieces it awaits a tick
 * so a progress bar can paint.
 */
export async function toBase64(bytes: Uint8Array, onProgress?: (fraction: number) => void, yieldEvery = 64): Promise<string> {
  const parts: string[] = [];
  let pieces = 0;
  for (let at = 0; at < bytes.length; at += BASE64_CHUNK) {
    const piece = bytes.subarray(at, Math.min(at + BASE64_CHUNK, bytes.length));
    parts.push(btoa(String.fromCharCode(...piece)));
    pieces += 1;
    if (onProgress !== undefined && pieces % yieldEvery === 0) {
      onProgress(Math.min(1, (at + piece.length) / bytes.length));
      await new Promise((r) => setTimeout(r, 0));
    }
  }
  onProgress?.(1);
  return parts.join("");
}

/** Base64 back to bytes (for saving a copy), a piece at a time. */
export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) out[i] = binary.charCodeAt(i);
  return out;
}

/** The SHA-256 of the bytes (lower-case hex), or null where the window has no Web Crypto. */
export async function sha256Hex(bytes: Uint8Array): Promise<string | null> {
  const subtle = typeof globalThis.crypto === "undefined" ? undefined : (globalThis.crypto.subtle as SubtleCrypto | undefined);
  if (subtle === undefined) return null;
  try {
    const digest = await subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
    return toHex(new Uint8Array(digest));
  } catch {
    return null;
  }
}

// Waiting for sync

/**
 * What changes when a change of the member's reaches the local copy: every change appends to
 * the timeline, bumps the record's version or adds to a chain of custody.
 */
export function detailFingerprint(d: IncidentDetail): string {
  const custody = d.evidence.reduce((n, e) => n + e.custody.length, 0);
  return `${d.incident.version}:${d.timeline.length}:${d.steps.length}:${d.evidence.length}:${custody}`;
}

// Refusals

/** The open-incident form's fields as the core names them. */
export const OPEN_FIELDS: Record<string, string> = { title: "title", type: "kind", kind: "kind", severity: "severity", summary: "summary", team: "team", "response team": "team", alert: "alert" };
export const CLASSIFY_FIELDS: Record<string, string> = { type: "kind", kind: "kind", severity: "severity", reason: "reason" };
export const STATUS_FIELDS: Record<string, string> = { note: "note", status: "status" };
export const BREACH_FIELDS: Record<string, string> = { note: "note" };
export const NOTIFY_FIELDS: Record<string, string> = { reference: "reference" };
export const ENTRY_FIELDS: Record<string, string> = { body: "body", kind: "kind" };
export const STEP_FIELDS: Record<string, string> = { step: "step", assignee: "assignee" };
export const EVIDENCE_FIELDS: Record<string, string> = { file: "file", description: "description" };
export const PURPOSE_FIELDS: Record<string, string> = { purpose: "purpose" };

/**
 * The closing form's fields: lessons, and each follow-up row's action and owner ("followUps.1.owner"
 * → "followUps.1.owner"; the names are matched lower-case).
 */
export function closeFields(rows: number): Record<string, string> {
  const out: Record<string, string> = { lessons: "lessons", "follow-ups": "followUps", followups: "followUps" };
  for (let n = 0; n < rows; n += 1) {
    for (const f of ["action", "owner", "dueOn"]) out[`followups.${n}.${f.toLowerCase()}`] = `followUps.${n}.${f}`;
  }
  return out;
}

/** Today as YYYY-MM-DD in the user's zone (the earliest due date offered). */
export function todayIso(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
