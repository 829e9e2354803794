// A policy's rules as the typed form holds them, and back: the rules' JSON text read into boxes
// (numbers and lists as text, on/off as booleans, the segregation-of-duties pairs as rows) and
// the boxes written back to the JSON the core checks. Any field the form does not know is kept
// and passed through unchanged; a number that is not one goes as typed so the core names the
// problem beside its field. No React here, so every rule is unit-tested in policyDraft.test.ts.
import { auditDiff } from "./auditDiff";
import { parseList } from "./flagsFormat";
import { fieldsOf, type PolicyField } from "./policyFields";

/** One forbidden pair as the editor holds it; `rest` keeps any other key the pair had. */
export type PairDraft = { a: string; b: string; reason: string; rest: Record<string, unknown> };

export type PolicyDraft = {
  /** Number, list and one-per-line fields, as typed. */
  text: Record<string, string>;
  /** On/off fields. */
  checked: Record<string, boolean>;
  /** The segregation-of-duties pairs. */
  pairs: PairDraft[];
  /** The fields the form does not know, passed through unchanged. */
  other: Record<string, unknown>;
  /** The fields the rules had (an optional list left blank stays `[]` only if it was there). */
  had: string[];
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The rules' JSON text as an object ({} when it is not one). */
export function parseRules(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown;
    return isRecord(v) ? v : {};
  } catch {
    return {};
  }
}

/** A value shown in a text box: numbers and text as they are, anything else as JSON. */
function boxText(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

/** A list shown in a box: items joined with `sep`. */
function listText(v: unknown, sep: string): string {
  return Array.isArray(v) ? v.map(boxText).join(sep) : boxText(v);
}

function pairOf(v: unknown): PairDraft {
  if (!isRecord(v)) return { a: "", b: "", reason: "", rest: {} };
  const { roles, reason, ...rest } = v;
  const list: unknown[] = Array.isArray(roles) ? roles : [];
  return { a: boxText(list[0]), b: boxText(list[1]), reason: boxText(reason), rest };
}

/** A new pair row: no roles chosen yet, no reason. */
export function newPair(): PairDraft {
  return { a: "", b: "", reason: "", rest: {} };
}

/** The boxes for a policy's rules (JSON text). */
export function draftOf(name: string, rulesText: string): PolicyDraft {
  const rules = parseRules(rulesText);
  const fields = fieldsOf(name);
  const draft: PolicyDraft = { text: {}, checked: {}, pairs: [], other: {}, had: Object.keys(rules) };
  for (const f of fields) {
    const v = rules[f.key];
    switch (f.kind) {
      case "boolean":
        draft.checked[f.key] = v === true;
        break;
      case "pairs":
        draft.pairs = Array.isArray(v) ? v.map(pairOf) : [];
        break;
      case "list":
        draft.text[f.key] = listText(v, ", ");
        break;
      case "lines":
        draft.text[f.key] = listText(v, "\n");
        break;
      case "number":
        draft.text[f.key] = boxText(v);
        break;
    }
  }
  const known = new Set(fields.map((f) => f.key));
  for (const [k, v] of Object.entries(rules)) if (!known.has(k)) draft.other[k] = v;
  return draft;
}

/** Left out of the rules. */
const OMIT = Symbol("omit");

/** A number box as JSON: the number; blank is left out (optional) or null; anything else as typed. */
function numberValue(f: PolicyField, text: string): unknown {
  const t = text.trim();
  if (t === "") return f.optional ? OMIT : null;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

function fieldValue(f: PolicyField, draft: PolicyDraft): unknown {
  const text = draft.text[f.key] ?? "";
  switch (f.kind) {
    case "boolean":
      return draft.checked[f.key] ?? false;
    case "number":
      return numberValue(f, text);
    case "list":
    case "lines": {
      const items = parseList(text);
      return items.length === 0 && f.optional && !draft.had.includes(f.key) ? OMIT : items;
    }
    case "pairs":
      return draft.pairs.map((p) => ({ ...p.rest, roles: [p.a, p.b], reason: p.reason.trim() }));
  }
}

/** The rules the boxes hold, as an object: the form's fields, then the others unchanged. */
export function rulesOf(name: string, draft: PolicyDraft): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fieldsOf(name)) {
    const v = fieldValue(f, draft);
    if (v !== OMIT) out[f.key] = v;
  }
  for (const [k, v] of Object.entries(draft.other)) out[k] = v;
  return out;
}

/** The rules the boxes hold, as the JSON text the core takes. */
export function rulesText(name: string, draft: PolicyDraft): string {
  return JSON.stringify(rulesOf(name, draft));
}

/** Whether two rules' JSON texts hold the same rules (key order and spacing aside). */
export function sameRules(a: string, b: string): boolean {
  const d = auditDiff(a, b);
  return d.kind === "changed" ? d.changes.length === 0 : a.trim() === b.trim();
}
