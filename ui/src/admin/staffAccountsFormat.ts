// Pure wording for a staff member's account from start to end: the role a team starts with,
// what a new setup code means, the HR import's counts and outcome, and what a deactivation
// hands over to whom (and what is missing before it can be sent). No React here, so each rule
// is unit-tested.
import type { Dependant, DependantKind, DeskRole, ImportOutcome, ImportPreview, ImportStatus, Successors } from "../bindings";
import { formatCount } from "../lib/format";
import type { FieldErrors } from "../lib/fieldErrors";
import { DESK_ROLES } from "./staffFormat";

/** The desk role a team starts with (the same rule as the HR import's rows without roles). */
export function teamRole(team: string): DeskRole | null {
  return DESK_ROLES.find((r) => r === team) ?? null;
}

/** "1 member" / "3 members". */
export function members(n: number): string {
  return `${formatCount(n)} ${n === 1 ? "member" : "members"}`;
}

/** Whether a setup code's time is up. */
export function setupExpired(expiresAt: string, now: Date): boolean {
  const t = Date.parse(expiresAt);
  return !Number.isNaN(t) && t <= now.getTime();
}

/** "3 new · 1 already has an account · 2 with problems". */
export function importCounts(p: Pick<ImportPreview, "newCount" | "existingCount" | "invalidCount">): string {
  return [
    `${formatCount(p.newCount)} new`,
    `${formatCount(p.existingCount)} already ${p.existingCount === 1 ? "has" : "have"} an account`,
    `${formatCount(p.invalidCount)} with problems`,
  ].join(" · ");
}

/** The apply button: "Create 3 members". */
export function applyLabel(newCount: number): string {
  return `Create ${members(newCount)}`;
}

/** "Created 3 members; skipped 1 who already has an account; left out 2 with problems". */
export function importOutcome(o: ImportOutcome): string {
  return `Created ${members(o.created.length)}; skipped ${formatCount(o.skipped)} who already ${o.skipped === 1 ? "has" : "have"} an account; left out ${formatCount(o.invalid)} with problems`;
}

/** Each import status as the preview's chip shows it. */
export const IMPORT_STATUS: Record<ImportStatus, { label: string; tone: string }> = {
  new: { label: "New", tone: "badge-ok" },
  exists: { label: "Has an account", tone: "badge-muted" },
  invalid: { label: "Problems", tone: "badge-danger" },
};

/** The kinds of dependants in the order the dialog lists them. */
export const DEPENDANT_KINDS: readonly DependantKind[] = ["account", "escalation", "alert"];

/** Each kind's heading, what its successor is called, and who could be one. */
export const DEPENDANT_META: Record<DependantKind, { title: string; successor: string; needs: string; noun: string }> = {
  account: {
    title: "Accounts and success plans they own",
    successor: "New owner of the accounts",
    needs: "an active desk_cs member",
    noun: "account",
  },
  escalation: {
    title: "Escalations assigned to them",
    successor: "New assignee of the escalations",
    needs: "an active desk_ops member",
    noun: "escalation",
  },
  alert: {
    title: "Alerts they acknowledged",
    successor: "Who takes over the alerts",
    needs: "an active member serving the alert's team",
    noun: "alert",
  },
};

/** The dependants by kind, in DEPENDANT_KINDS order, leaving out kinds with none. */
export function groupDependants(dependants: readonly Dependant[]): { kind: DependantKind; items: Dependant[] }[] {
  return DEPENDANT_KINDS.map((kind) => ({ kind, items: dependants.filter((d) => d.kind === kind) })).filter((g) => g.items.length > 0);
}

/** No successor chosen yet. */
export const NO_SUCCESSORS: Successors = { account: null, escalation: null, alert: null };

/**
 * What stops a deactivation from being sent, checked before the platform is asked (it checks
 * again): a reason, and a successor for each kind of dependant the member has.
 */
export function deactivationProblems(reason: string, dependants: readonly Dependant[], successors: Successors): FieldErrors {
  const fields: Record<string, string[]> = {};
  if (reason.trim() === "") fields.reason = ["Say why the member is deactivated (it goes into the audit trail)."];
  for (const { kind, items } of groupDependants(dependants)) {
    if ((successors[kind] ?? "") !== "") continue;
    const n = items.length;
    const noun = DEPENDANT_META[kind].noun;
    fields[kind] = [`Choose who takes over the ${n === 1 ? noun : `${formatCount(n)} ${noun}s`}.`];
  }
  return { general: [], fields };
}

/** The successors to send: one for each kind the member has, none for the others. */
export function successorsToSend(dependants: readonly Dependant[], chosen: Successors): Successors {
  const present = new Set(dependants.map((d) => d.kind));
  const pick = (kind: DependantKind) => (present.has(kind) && (chosen[kind] ?? "") !== "" ? chosen[kind] : null);
  return { account: pick("account"), escalation: pick("escalation"), alert: pick("alert") };
}
