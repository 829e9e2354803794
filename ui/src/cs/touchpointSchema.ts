import { z } from "zod";
import type { TouchpointDraft } from "../bindings";
import { codePoints } from "../signin/profileSchema";

// These rules mirror TouchpointDraft::validate in crates/desk-core/src/cs.rs: a known kind, a
// summary, at most MAX_TEXT characters per text, and a time that parses and is not in the
// future (five minutes of clock skew allowed). The core checks again when saving.

export const TOUCHPOINT_KINDS = ["call", "email", "meeting", "note"] as const;
export type TouchpointKind = (typeof TOUCHPOINT_KINDS)[number];

export const KIND_LABELS: Record<TouchpointKind, string> = {
  call: "Call",
  email: "E-mail",
  meeting: "Meeting",
  note: "Note",
};

export const MAX_TEXT = 4000;
const SKEW_MS = 5 * 60 * 1000;

/** What the form holds, as typed. `when` is a datetime-local value (the user's zone). */
export type TouchpointFormValues = {
  kind: TouchpointKind;
  summary: string;
  outcome: string;
  nextStep: string;
  when: string;
};

export type TouchpointField = keyof TouchpointFormValues;
export type TouchpointErrors = Partial<Record<TouchpointField, string>>;

const tooLong = `At most ${MAX_TEXT} characters.`;
const text = z.string().refine((s) => codePoints(s) <= MAX_TEXT, tooLong);

/** The schema; `now` decides what "the future" is. */
export function touchpointSchema(now: Date) {
  return z.object({
    kind: z.enum(TOUCHPOINT_KINDS, { message: "Choose call, e-mail, meeting or note." }),
    summary: text.refine((s) => s.trim() !== "", "Say what the touchpoint was about."),
    outcome: text,
    nextStep: text,
    when: z
      .string()
      .refine((s) => !Number.isNaN(parseLocalDateTime(s)), "Enter a date and time.")
      .refine((s) => {
        const t = parseLocalDateTime(s);
        return Number.isNaN(t) || t <= now.getTime() + SKEW_MS;
      }, "A touchpoint cannot be in the future."),
  });
}

/** A datetime-local value ("2026-11-25T14:05") in the user's zone, as epoch ms, or NaN. */
export function parseLocalDateTime(value: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return Number.NaN;
  const n = (i: number) => Number(m[i] ?? 0);
  const date = new Date(n(1), n(2) - 1, n(3), n(4), n(5), n(6));
  // Reject rollovers such as February 31st.
  if (date.getMonth() !== n(2) - 1 || date.getDate() !== n(3)) return Number.NaN;
  return date.getTime();
}

/** `now` as a datetime-local value in the user's zone, to the minute. */
export function toLocalDateTime(now: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}T${p(now.getHours())}:${p(now.getMinutes())}`;
}

export function emptyTouchpoint(now: Date): TouchpointFormValues {
  return { kind: "call", summary: "", outcome: "", nextStep: "", when: toLocalDateTime(now) };
}

export type TouchpointResult = { ok: true; draft: TouchpointDraft } | { ok: false; errors: TouchpointErrors };

/** Validates the form and builds the command's draft (trimmed; an empty next step is null). */
export function validateTouchpoint(values: TouchpointFormValues, tenantId: string, now: Date): TouchpointResult {
  const parsed = touchpointSchema(now).safeParse(values);
  if (!parsed.success) {
    const errors: TouchpointErrors = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (typeof field === "string" && field in values) errors[field as TouchpointField] ??= issue.message;
    }
    return { ok: false, errors };
  }
  const v = parsed.data;
  const next = v.nextStep.trim();
  return {
    ok: true,
    draft: {
      tenantId,
      kind: v.kind,
      summary: v.summary.trim(),
      outcome: v.outcome.trim(),
      nextStep: next === "" ? null : next,
      happenedAt: new Date(parseLocalDateTime(v.when)).toISOString(),
    },
  };
}

const CORE_FIELDS: Record<string, TouchpointField> = {
  kind: "kind",
  summary: "summary",
  outcome: "outcome",
  "next step": "nextStep",
  when: "when",
};

/**
 * Splits the core's invalidInput message ("summary: say what …; when: …") into field messages;
 * what names no field is returned as `rest`.
 */
export function coreFieldErrors(message: string): { errors: TouchpointErrors; rest: string[] } {
  const errors: TouchpointErrors = {};
  const rest: string[] = [];
  for (const part of message.split(";").map((s) => s.trim()).filter(Boolean)) {
    const m = /^([a-z ]+):\s*(.+)$/i.exec(part);
    const field = m?.[1] === undefined ? undefined : CORE_FIELDS[m[1].toLowerCase()];
    if (m?.[2] !== undefined && field !== undefined) {
      const text = m[2];
      errors[field] ??= text.charAt(0).toUpperCase() + text.slice(1) + (text.endsWith(".") ? "" : ".");
    } else {
      rest.push(part);
    }
  }
  return { errors, rest };
}
