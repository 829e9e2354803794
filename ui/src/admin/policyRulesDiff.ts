// What one version of a policy changed against the version before it, per field of the rules:
// "min_length 12 → 14", "usage_days added: 400", "methods removed: ["sms"]". The audit trail's
// per-key diff (auditDiff.ts) does the comparing; the segregation-of-duties pairs are compared
// pair by pair ("pairs added: Operations + Customer success") rather than as one long array. No
// React here, so every rule is unit-tested in policyRulesDiff.test.ts.
import { auditDiff, inlineValue, type KeyChange } from "./auditDiff";
import { roleName } from "./policyFields";

/** One field that differs, its values as the history shows them. */
export type RuleChange =
  | { key: string; kind: "changed"; before: string; after: string }
  | { key: string; kind: "added"; after: string }
  | { key: string; kind: "removed"; before: string };

type Pair = { id: string; label: string; reason: string };

/** The pairs of a `pairs` value, or null when it is not a list of pairs. */
function pairsOf(v: unknown): Pair[] | null {
  if (!Array.isArray(v)) return null;
  const out: Pair[] = [];
  for (const p of v) {
    if (typeof p !== "object" || p === null || Array.isArray(p)) return null;
    const rec = p as Record<string, unknown>;
    const roles = Array.isArray(rec.roles) ? rec.roles.map((r) => (typeof r === "string" ? r : inlineValue(r))) : [];
    out.push({
      id: [...roles].sort().join("+"),
      label: roles.map(roleName).join(" + "),
      reason: typeof rec.reason === "string" ? rec.reason : inlineValue(rec.reason),
    });
  }
  return out;
}

/** The pairs added, removed, or given another reason. */
function pairChanges(before: Pair[], after: Pair[]): RuleChange[] {
  const out: RuleChange[] = [];
  for (const b of before) {
    const a = after.find((x) => x.id === b.id);
    if (a === undefined) out.push({ key: "pairs", kind: "removed", before: b.label });
    else if (a.reason !== b.reason) out.push({ key: `pairs (${a.label}) reason`, kind: "changed", before: b.reason, after: a.reason });
  }
  for (const a of after) {
    if (!before.some((b) => b.id === a.id)) out.push({ key: "pairs", kind: "added", after: a.label });
  }
  return out;
}

function fromKeyChange(c: KeyChange): RuleChange[] {
  if (c.kind === "changed" && c.key === "pairs") {
    const before = pairsOf(c.before);
    const after = pairsOf(c.after);
    if (before !== null && after !== null) return pairChanges(before, after);
  }
  switch (c.kind) {
    case "changed":
      return [{ key: c.key, kind: "changed", before: inlineValue(c.before), after: inlineValue(c.after) }];
    case "added":
      return [{ key: c.key, kind: "added", after: inlineValue(c.after) }];
    case "removed":
      return [{ key: c.key, kind: "removed", before: inlineValue(c.before) }];
  }
}

/** What the rules `after` changed against `before` (both JSON texts), field by field. */
export function rulesChanges(before: string, after: string): RuleChange[] {
  const d = auditDiff(before, after);
  switch (d.kind) {
    case "changed":
      return d.changes.flatMap(fromKeyChange);
    case "replaced":
      return [{ key: "rules", kind: "changed", before: inlineValue(d.before), after: inlineValue(d.after) }];
    default:
      return [];
  }
}

/** A change in one line: "min_length 12 → 14", "usage_days added: 400", "methods removed: ["sms"]". */
export function ruleChangeText(c: RuleChange): string {
  switch (c.kind) {
    case "changed":
      return `${c.key} ${c.before} → ${c.after}`;
    case "added":
      return `${c.key} added: ${c.after}`;
    case "removed":
      return `${c.key} removed: ${c.before}`;
  }
}
