// The security policies the desk knows and the fields of each, as the typed policy form renders
// them: the six policy names in the list's order with a human title, every field's key (as the
// rules' JSON names it), label, kind (a number, an on/off box, a short list, a list one per line
// or the segregation-of-duties pairs) and whether it may be left out, and the desk roles a pair
// names with their friendly names. No React here.
import { humanize } from "../lib/format";

/** The policies in the order the list shows them. */
export const POLICY_NAMES = ["password", "session", "mfa", "data_retention", "ip_allowlist", "segregation_of_duties"] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

const TITLES: Record<PolicyName, string> = {
  password: "Password rules",
  session: "Sessions",
  mfa: "Multi-factor authentication",
  data_retention: "Data retention",
  ip_allowlist: "IP allow list",
  segregation_of_duties: "Segregation of duties",
};

/** Whether the core's name is one of the policies the desk knows. */
export function isPolicyName(name: string): name is PolicyName {
  return (POLICY_NAMES as readonly string[]).includes(name);
}

/** A policy's title: "Password rules"; a policy the desk does not know reads as its name. */
export function policyTitle(name: string): string {
  return isPolicyName(name) ? TITLES[name] : humanize(name);
}

/**
 * How a field is edited: a number box, an on/off box, a short list on one line ("totp, webauthn"),
 * a list one per line (networks), or the pairs editor.
 */
export type FieldKind = "number" | "boolean" | "list" | "lines" | "pairs";

export type PolicyField = {
  /** The key in the rules' JSON (and in the core's `field: …` lines). */
  key: string;
  label: string;
  kind: FieldKind;
  /** May be left out of the rules (a blank box leaves it out). */
  optional: boolean;
  /** What a number counts, after the box. */
  unit?: string;
  /** A line under the field. */
  hint?: string;
  placeholder?: string;
};

const FIELDS: Record<PolicyName, readonly PolicyField[]> = {
  password: [
    { key: "min_length", label: "Minimum length", kind: "number", optional: false, unit: "characters" },
    { key: "max_age_days", label: "Maximum age", kind: "number", optional: false, unit: "days", hint: "A password is changed at least this often." },
  ],
  session: [
    { key: "idle_timeout_minutes", label: "Idle timeout", kind: "number", optional: false, unit: "minutes" },
    { key: "max_lifetime_hours", label: "Maximum lifetime", kind: "number", optional: false, unit: "hours" },
  ],
  mfa: [
    { key: "required_for_staff", label: "Required for staff", kind: "boolean", optional: false },
    { key: "required_for_admins", label: "Required for administrators", kind: "boolean", optional: false },
    { key: "methods", label: "Methods", kind: "list", optional: true, hint: "Comma-separated; leave blank for any method.", placeholder: "totp, webauthn" },
  ],
  data_retention: [
    { key: "audit_days", label: "Audit trail", kind: "number", optional: false, unit: "days" },
    { key: "staff_archive_days", label: "Leavers' archive", kind: "number", optional: false, unit: "days" },
    { key: "usage_days", label: "Usage data", kind: "number", optional: true, unit: "days", hint: "Leave blank to keep usage data without a limit." },
  ],
  ip_allowlist: [
    { key: "enabled", label: "Enforce the allow list", kind: "boolean", optional: false },
    { key: "cidrs", label: "Networks, one per line", kind: "lines", optional: false, placeholder: "10.20.0.0/16" },
  ],
  segregation_of_duties: [{ key: "pairs", label: "Forbidden role pairs", kind: "pairs", optional: false }],
};

/** The fields the form shows for a policy (none for one the desk does not know). */
export function fieldsOf(name: string): readonly PolicyField[] {
  return isPolicyName(name) ? FIELDS[name] : [];
}

/** The desk roles a segregation-of-duties pair names, in the selects' order, with their names. */
export const PAIR_ROLES = [
  ["desk_admin", "Admin"],
  ["desk_finance", "Finance"],
  ["desk_cs", "Customer success"],
  ["desk_ops", "Operations"],
  ["desk_security", "Security"],
] as const;

/** A desk role's friendly name ("desk_cs" → "Customer success"); another role reads as sent. */
export function roleName(role: string): string {
  return PAIR_ROLES.find(([r]) => r === role)?.[1] ?? role;
}
