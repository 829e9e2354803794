import { z } from "zod";
import type { DisputeView } from "../bindings";
import { formatCount } from "../lib/format";
import { codePoints } from "../signin/profileSchema";

// These rules mirror crates/desk-core/src/billing.rs (check_note, check_dispute_update): the core
// checks again when saving, and its refusal is shown by the field it names.

/** The longest follow-up note (NOTE_MAX). */
export const NOTE_MAX = 4000;
/** The longest dispute evidence (EVIDENCE_MAX). */
export const EVIDENCE_MAX = 20_000;

export const DISPUTE_STATUSES = ["needs_response", "under_review", "won", "lost"] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

export const DISPUTE_STATUS_LABELS: Record<DisputeStatus, string> = {
  needs_response: "Needs response",
  under_review: "Under review",
  won: "Won",
  lost: "Lost",
};

/** A dispute status in words ("needs_response" → "Needs response"). */
export function disputeStatusLabel(status: string): string {
  return DISPUTE_STATUSES.find((s) => s === status) !== undefined ? DISPUTE_STATUS_LABELS[status as DisputeStatus] : status.replace(/_/g, " ");
}

/** Won and lost disputes are closed: the platform accepts no further change. */
export function isClosedDispute(status: string): boolean {
  return status === "won" || status === "lost";
}

export type NoteValues = { body: string; followUpDone: boolean };

/** Why a follow-up note cannot be saved, or null. */
export function noteProblem(v: NoteValues): string | null {
  const body = v.body.trim();
  if (body === "" && !v.followUpDone) return "Write what was done, or mark the follow-up done.";
  if (codePoints(body) > NOTE_MAX) return `At most ${NOTE_MAX} characters.`;
  return null;
}

export type DisputeValues = { status: string; evidence: string; reason: string };
export type DisputeField = keyof DisputeValues | "form";
export type DisputeErrors = Partial<Record<DisputeField, string>>;

/** The dispute as the local copy has it, which the change is checked against. */
export type DisputeNow = { status: string; evidence: string | null };

function disputeSchema(now: DisputeNow) {
  return z
    .object({
      status: z.enum(DISPUTE_STATUSES, { message: "Choose needs response, under review, won or lost." }),
      evidence: z.string().refine((s) => codePoints(s.trim()) <= EVIDENCE_MAX, `At most ${formatLimit(EVIDENCE_MAX)} characters.`),
      reason: z.string(),
    })
    .superRefine((v, ctx) => {
      if (isClosedDispute(now.status)) {
        ctx.addIssue({ code: "custom", path: ["form"], message: `This dispute is closed (${disputeStatusLabel(now.status).toLowerCase()}); it can no longer change.` });
        return;
      }
      const evidenceChanged = v.evidence.trim() !== (now.evidence ?? "").trim();
      if (v.status === now.status && !evidenceChanged) {
        ctx.addIssue({ code: "custom", path: ["form"], message: "Nothing to change: pick another status or edit the evidence." });
      }
    });
}

function formatLimit(n: number): string {
  return new Intl.NumberFormat("en-US").format(n);
}

export type DisputeResult = { ok: true; evidence: string | null; reason: string | null; status: DisputeStatus } | { ok: false; errors: DisputeErrors };

/**
 * Checks the dialog's values against the dispute now. On success, gives what to send: the
 * evidence only when it changed (null keeps it), the reason trimmed (null when empty).
 */
export function validateDispute(v: DisputeValues, now: DisputeNow): DisputeResult {
  const parsed = disputeSchema(now).safeParse(v);
  if (!parsed.success) {
    const errors: DisputeErrors = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      const key: DisputeField = field === "status" || field === "evidence" || field === "reason" ? field : "form";
      errors[key] ??= issue.message;
    }
    return { ok: false, errors };
  }
  const evidence = parsed.data.evidence.trim();
  return {
    ok: true,
    status: parsed.data.status,
    evidence: evidence === (now.evidence ?? "").trim() ? null : evidence,
    reason: parsed.data.reason.trim() === "" ? null : parsed.data.reason.trim(),
  };
}

/** The core's "field: message" refusal placed by its field (anything else goes on the form). */
export function coreDisputeErrors(message: string): DisputeErrors {
  const m = /^(status|evidence|reason): (.*)$/s.exec(message);
  if (m?.[1] !== undefined && m[2] !== undefined) {
    const text = m[2].charAt(0).toUpperCase() + m[2].slice(1);
    return { [m[1]]: text.endsWith(".") ? text : `${text}.` };
  }
  return { form: message };
}

/** Evidence due this close is urgent (red); within a week, a warning. */
export const URGENT_DAYS = 3;
export const SOON_DAYS = 7;

/** The deadline's words and tone: "3 days left" in red, "Closed" faint… */
export function deadline(d: Pick<DisputeView, "status" | "daysLeft">): { text: string; tone: "closed" | "none" | "late" | "urgent" | "soon" | "calm" } {
  if (isClosedDispute(d.status)) return { text: "Closed", tone: "closed" };
  if (d.daysLeft === null) return { text: "No deadline", tone: "none" };
  if (d.daysLeft < 0) return { text: `${formatCount(-d.daysLeft)} ${d.daysLeft === -1 ? "day" : "days"} late`, tone: "late" };
  if (d.daysLeft === 0) return { text: "Due today", tone: "urgent" };
  const text = `${formatCount(d.daysLeft)} ${d.daysLeft === 1 ? "day" : "days"} left`;
  return { text, tone: d.daysLeft <= URGENT_DAYS ? "urgent" : d.daysLeft <= SOON_DAYS ? "soon" : "calm" };
}
