// The core refuses a form with one message of several lines: a line "field: message" belongs
// beside that field, any other line (e.g. "the new account has 2 problem(s)") is about the
// whole form. One splitter for every form that sends such input (new member, deactivation,
// choosing a password…), so each shows a refusal the same way. No React here.
import { deskErrorOf, errorMessage } from "./errors";

/** The fields the core names in its refusals. */
export const REFUSAL_FIELDS = [
  "fullName",
  "email",
  "login",
  "team",
  "roles",
  "setupCode",
  "file",
  "reason",
  "account",
  "escalation",
  "alert",
  "password",
  "confirm",
] as const;

/** A refusal split for the form: the general lines and each field's lines, in order. */
export type FieldErrors = { general: string[]; fields: Record<string, string[]> };

export const NO_FIELD_ERRORS: FieldErrors = { general: [], fields: {} };

/**
 * "the two passwords differ" → "The two passwords differ."; "desk_admin and …" or an e-mail
 * keeps its spelling, and a line ending in punctuation gets no stop.
 */
export function asSentence(text: string): string {
  const t = text.trim();
  const s = /^[a-z]+([\s:,;]|$)/.test(t) ? t.charAt(0).toUpperCase() + t.slice(1) : t;
  return /[\p{L}\p{N})"'»]$/u.test(s) ? `${s}.` : s;
}

/**
 * Splits a refusal into the general lines and each field's lines. Only the fields in `known`
 * are taken as fields (a line like "note: …" about something else stays general); blank lines
 * are dropped and each line reads as a sentence.
 */
export function splitFieldErrors(message: string, known: readonly string[] = REFUSAL_FIELDS): FieldErrors {
  const out: FieldErrors = { general: [], fields: {} };
  for (const raw of message.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "") continue;
    const m = /^([A-Za-z]+)\s*:\s*(.*)$/.exec(line);
    const field = m?.[1];
    if (m && field !== undefined && known.includes(field) && (m[2] ?? "").trim() !== "") {
      (out.fields[field] ??= []).push(asSentence(m[2] ?? ""));
    } else {
      out.general.push(asSentence(line));
    }
  }
  return out;
}

/**
 * What a failed command means for the form: a refusal of the input (invalidInput) is split by
 * field; anything else (offline, the platform's own failure) is one general message as sent.
 */
export function fieldErrorsOf(e: unknown, known: readonly string[] = REFUSAL_FIELDS): FieldErrors {
  const desk = deskErrorOf(e);
  if (desk?.code === "invalidInput") return splitFieldErrors(desk.message, known);
  return { general: [errorMessage(e)], fields: {} };
}

/** The form's errors without the ones for `field` (the user is correcting it). */
export function withoutField(errors: FieldErrors, field: string): FieldErrors {
  if (!(field in errors.fields)) return errors;
  return { general: errors.general, fields: Object.fromEntries(Object.entries(errors.fields).filter(([k]) => k !== field)) };
}

/** Whether there is anything to show. */
export function hasFieldErrors(errors: FieldErrors): boolean {
  return errors.general.length > 0 || Object.keys(errors.fields).length > 0;
}

/** A cross-setting rule a refusal names: the rule and its line exactly as the core sent it. */
export type RuleViolation = { rule: string; line: string };

/** A refusal that may name rules: their lines (verbatim, in order) and the rest split by field. */
export type RuleRefusal = { rules: RuleViolation[]; errors: FieldErrors };

/**
 * Takes the lines "rule <name>: …" (a cross-setting rule the change would break) out of a
 * refusal, kept as sent since they quote keys, operators and values; the other lines are split
 * as splitFieldErrors does.
 */
export function splitRuleViolations(message: string, known: readonly string[] = REFUSAL_FIELDS): RuleRefusal {
  const rules: RuleViolation[] = [];
  const rest: string[] = [];
  for (const raw of message.split(/\r?\n/)) {
    const line = raw.trim();
    const m = /^rule\s+([^\s:]+)\s*:\s*\S/.exec(line);
    const rule = m?.[1];
    if (rule !== undefined) rules.push({ rule, line });
    else rest.push(raw);
  }
  return { rules, errors: splitFieldErrors(rest.join("\n"), known) };
}

/** What a failed command means for a form whose refusals may name rules (see fieldErrorsOf). */
export function ruleRefusalOf(e: unknown, known: readonly string[] = REFUSAL_FIELDS): RuleRefusal {
  const desk = deskErrorOf(e);
  if (desk?.code === "invalidInput") return splitRuleViolations(desk.message, known);
  return { rules: [], errors: { general: [errorMessage(e)], fields: {} } };
}
