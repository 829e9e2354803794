// The core's compliance lines read for the policy form: "min_length: rule soc2_password_length:
// passwords have at least 12 characters" names the field it belongs beside, the rule broken and
// why; "max_age_days: a whole number is required" names only the field. A refused change is one
// message: its first line about the whole change, then one such line each. No React here, so
// every rule is unit-tested in policyViolations.test.ts.
import { asSentence } from "../lib/fieldErrors";
import { deskErrorOf, errorMessage } from "../lib/errors";

/** One line of the core's, split: the field (null when it names none), the rule (if any), why. */
export type Violation = { field: string | null; rule: string | null; message: string; line: string };

/** A refused change, split: the lines beside fields and the rest, about the whole change. */
export type PolicyRefusal = { violations: Violation[]; general: string[] };

/** The field is the part before the first colon, when it reads as a field's key. */
const FIELD_LINE = /^([A-Za-z][A-Za-z0-9_]*)\s*:\s*(\S.*)$/;
const RULE_PART = /^rule\s+([^\s:]+)\s*:\s*(.*)$/;

/** A line split into field, rule and message. */
export function parseViolation(raw: string): Violation {
  const line = raw.trim();
  const m = FIELD_LINE.exec(line);
  const field = m?.[1];
  const rest = m?.[2];
  if (field === undefined || rest === undefined) return { field: null, rule: null, message: line, line };
  const r = RULE_PART.exec(rest);
  const rule = r?.[1];
  if (rule === undefined) return { field, rule: null, message: rest, line };
  return { field, rule, message: (r?.[2] ?? "").trim(), line };
}

/** Many lines, blanks dropped. */
export function parseViolations(lines: readonly string[]): Violation[] {
  return lines.filter((l) => l.trim() !== "").map(parseViolation);
}

/** The lines about one field. */
export function violationsFor(violations: readonly Violation[], field: string): Violation[] {
  return violations.filter((v) => v.field === field);
}

/** A violation's words beside its field, without the field: the rule and why, or why as a sentence. */
export function violationWords(v: Violation): string {
  return v.rule === null ? asSentence(v.message) : `${v.rule} — ${v.message}`;
}

/**
 * What a failed change means for the form: an invalidInput refusal's lines about a field in
 * `fields` go beside it; the rest (the first line, a stale version, a field the form has not)
 * is about the whole change. Any other failure (offline, the platform's own) is one line as sent.
 */
export function refusalOf(e: unknown, fields: readonly string[]): PolicyRefusal {
  const desk = deskErrorOf(e);
  if (desk?.code !== "invalidInput") return { violations: [], general: [errorMessage(e)] };
  const out: PolicyRefusal = { violations: [], general: [] };
  for (const v of parseViolations(desk.message.split(/\r?\n/))) {
    if (v.field !== null && fields.includes(v.field)) out.violations.push(v);
    else out.general.push(asSentence(v.line));
  }
  return out;
}
