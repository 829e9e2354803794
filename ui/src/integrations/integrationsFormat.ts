// Pure words and numbers of the integrations screen (kinds, migration statuses, onboarding
// steps, "21 days left", rotation due), so each rule is unit-tested in integrationsFormat.test.ts.
// No React here.
import type { IntegrationDeprecation, IntegrationOnboarding, IntegrationOnboardingStep, OnboardingPerson, RotationUrgency } from "../bindings";
import { formatCount } from "../lib/format";

export const KIND_LABELS: Record<string, string> = {
  email_provider: "E-mail provider",
  payments: "Payments",
  crm: "CRM",
  chat: "Chat",
  identity: "Identity",
  analytics: "Analytics",
  other: "Other",
};
export const KINDS = ["email_provider", "payments", "crm", "chat", "identity", "analytics", "other"] as const;

export const MIGRATION_STATUSES = ["not_started", "in_progress", "done"] as const;
export const MIGRATION_LABELS: Record<string, string> = { not_started: "Not started", in_progress: "In progress", done: "Done" };

export const ONBOARDING_STEPS = ["requirements", "design", "staging_test", "security_review", "production"] as const;
export const STEP_LABELS: Record<string, string> = {
  requirements: "Requirements",
  design: "Design",
  staging_test: "Staging test",
  security_review: "Security review",
  production: "Production",
};

/** A word from the core as its label, from `labels` or by spacing it ("staging_test" → "Staging test"). */
export function labelFrom(labels: Record<string, string>, word: string): string {
  const known = labels[word];
  if (known !== undefined) return known;
  const spaced = word.replace(/_/g, " ");
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** Days before a deadline in words: "21 days left", "today", "3 days overdue". */
export function daysLeftText(days: number): string {
  if (days === 0) return "today";
  if (days > 0) return `${formatCount(days)} ${days === 1 ? "day" : "days"} left`;
  const late = -days;
  return `${formatCount(late)} ${late === 1 ? "day" : "days"} overdue`;
}

/** A deprecation's days-left cell: its text, and red when it is an alert (under 30 days, not done). */
export function deprecationCell(d: Pick<IntegrationDeprecation, "daysLeft" | "alert" | "urgency"> | null): { text: string; alert: boolean } {
  if (d === null) return { text: "—", alert: false };
  if (d.urgency === "done") return { text: "migrated", alert: false };
  return { text: daysLeftText(d.daysLeft), alert: d.alert };
}

/** A credential rotation in words: "due in 10 days", "due today", "3 days overdue", "not recorded". */
export function rotationText(daysLeft: number | null): string {
  if (daysLeft === null) return "not recorded";
  if (daysLeft === 0) return "due today";
  if (daysLeft > 0) return `due in ${formatCount(daysLeft)} ${daysLeft === 1 ? "day" : "days"}`;
  return daysLeftText(daysLeft);
}

/** The tone of a rotation: overdue is danger, due within 14 days a warning. */
export function rotationTone(r: RotationUrgency): "negative" | "attention" | "" {
  return r === "overdue" ? "negative" : r === "dueSoon" ? "attention" : "";
}

/** The onboarding's progress: "2 of 5 steps". */
export function progressText(o: Pick<IntegrationOnboarding, "steps">): string {
  const done = o.steps.filter((s) => s.completedAt !== null).length;
  return `${done} of ${o.steps.length} steps`;
}

/** Who may own a step: anyone active; the security review only someone from security. */
export function ownersFor(step: string, people: readonly OnboardingPerson[]): OnboardingPerson[] {
  return step === "security_review" ? people.filter((p) => p.team === "security") : [...people];
}

/** Which role completes a step: security the security review, ops the rest. */
export function completingRole(step: string): "security" | "ops" {
  return step === "security_review" ? "security" : "ops";
}

/** Why a member cannot complete `step` of `o` now (null: they can), as the screen says it. */
export function completeBlocked(o: Pick<IntegrationOnboarding, "nextStep" | "completedAt">, s: Pick<IntegrationOnboardingStep, "step" | "owner" | "completedAt">, roles: readonly string[]): string | null {
  if (s.completedAt !== null) return "Completed";
  if (o.nextStep !== s.step) return `Complete ${labelFrom(STEP_LABELS, o.nextStep ?? "").toLowerCase()} first`;
  if (s.owner === null) return "Give it an owner first";
  const role = completingRole(s.step);
  if (!roles.includes(role)) return role === "security" ? "Completed by security" : "Completed by ops";
  return null;
}

/** "2026-12-03" plus `days`, as YYYY-MM-DD (the rotation dialog's default: a quarter ahead). */
export function addDays(day: string, days: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  if (!m) return day;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** The deprecation form's fields as the core names them. */
export const DEPRECATION_FIELDS: Record<string, string> = { status: "status", note: "note" };
/** The rotation dialog's fields. */
export const ROTATION_FIELDS: Record<string, string> = { "next due": "nextDue", note: "note" };
/** The complete-step dialog's fields. */
export const COMPLETE_FIELDS: Record<string, string> = { evidence: "evidence", owner: "owner", step: "step" };
/** The new-onboarding dialog's fields. */
export const ONBOARDING_FIELDS: Record<string, string> = { name: "name", kind: "kind", vendor: "vendor", "api version": "apiVersion", "status url": "statusUrl" };
