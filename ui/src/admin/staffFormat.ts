// Pure wording for the staff directory: the desk roles in the editor's order with what each
// allows, team names, whether a role change is ready to send, and where the core's refusal
// belongs (beside the roles or the reason). No React here, so each rule is unit-tested.
import type { DeskRole, StaffQuery, StaffView } from "../bindings";

/** The desk roles in the order the chips and the editor show them. */
export const DESK_ROLES: readonly DeskRole[] = ["admin", "finance", "cs", "ops", "security"];

/** Each role's name and, for the editor, one line on what it allows. */
export const ROLE_META: Record<DeskRole, { label: string; short: string; description: string }> = {
  admin: { label: "Admin", short: "Admin", description: "Staff accounts, settings, security policies and feature flags." },
  finance: { label: "Finance", short: "Finance", description: "Invoices, payments, disputes and revenue." },
  cs: { label: "Customer success", short: "CS", description: "The book of accounts and their health." },
  ops: { label: "Operations", short: "Ops", description: "Service health, alerts, escalations, deployments and integrations." },
  security: { label: "Security", short: "Security", description: "Security incidents and the audit trail." },
};

const TEAMS: Record<string, string> = { admin: "Admin", finance: "Finance", cs: "Customer success", ops: "Operations", security: "Security" };

/** A team as a label; a team the desk does not know shows as the core sent it. */
export function teamLabel(team: string): string {
  return TEAMS[team] ?? team;
}

/** Roles in the editor's order, without duplicates. */
export function orderRoles(roles: Iterable<DeskRole>): DeskRole[] {
  const set = new Set(roles);
  return DESK_ROLES.filter((r) => set.has(r));
}

/** Whether two role lists hold the same roles, whatever their order. */
export function sameRoles(a: readonly DeskRole[], b: readonly DeskRole[]): boolean {
  const x = orderRoles(a);
  const y = orderRoles(b);
  return x.length === y.length && x.every((r, i) => r === y[i]);
}

/** The directory's query from what is typed and the toggle: blank words ask for everyone. */
export function staffQuery(search: string, includeInactive: boolean): StaffQuery {
  const t = search.trim();
  return { search: t === "" ? null : t, includeInactive };
}

/** Which field a problem is shown beside. */
export type RoleField = "roles" | "reason" | "form";
export type RoleProblem = { field: RoleField; message: string };

/** What stops a change from being sent, checked before the core is asked (it checks again). */
export function roleChangeProblem(roles: readonly DeskRole[], reason: string): RoleProblem | null {
  if (roles.length === 0) return { field: "roles", message: "A staff member needs at least one desk role." };
  if (reason.trim() === "") return { field: "reason", message: "Say why the roles change." };
  return null;
}

/** "word: rest" → "Rest." for a plain first word; "desk_admin and …" keeps its spelling. */
function sentence(text: string): string {
  const t = text.trim();
  const s = /^[a-z]+(\s|$)/.test(t) ? t.charAt(0).toUpperCase() + t.slice(1) : t;
  return /[.!?…]$/.test(s) ? s : `${s}.`;
}

/**
 * Where a refusal from the core belongs: "reason: …" beside the reason, "roles: …" and any other
 * refusal of the input (your own admin role, the member changed since) beside the roles.
 */
export function placeRefusal(message: string): RoleProblem {
  const m = /^(roles|reason):\s*/i.exec(message);
  if (m?.[1]?.toLowerCase() === "reason") return { field: "reason", message: sentence(message.slice(m[0].length)) };
  if (m) return { field: "roles", message: sentence(message.slice(m[0].length)) };
  return { field: "roles", message: sentence(message) };
}

/** Whether the member shows in the list's "active" colour, and the marker's words. */
export function statusLabel(member: Pick<StaffView, "active">): string {
  return member.active ? "Active" : "Deactivated";
}
