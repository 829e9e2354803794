// What an audit entry changed, worked out from the JSON of the record before and after it: the
// top-level keys whose value differs (added and removed marked), the keys left as they were, or
// the whole record when it was created or removed. Pure, so diff.test.ts checks every case.

/** One top-level key whose value differs. */
export type KeyChange =
  | { key: string; kind: "changed"; before: unknown; after: unknown }
  | { key: string; kind: "added"; after: unknown }
  | { key: string; kind: "removed"; before: unknown };

export type AuditDiff =
  /** Neither side has a record (an action without one, such as a sign-in). */
  | { kind: "none" }
  /** The record was created: what it was created as. */
  | { kind: "created"; record: unknown }
  /** The record was removed: what it was before. */
  | { kind: "removed"; record: unknown }
  /** Both sides are JSON objects: the keys that changed and those that did not. */
  | { kind: "changed"; changes: KeyChange[]; unchanged: { key: string; value: unknown }[] }
  /** Both sides exist but are not both objects (or not JSON): shown whole, side by side. */
  | { kind: "replaced"; before: unknown; after: unknown };

/** Text that is not JSON, kept as it was sent. */
export class RawText {
  constructor(readonly text: string) {}
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return new RawText(text);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof RawText);
}

/** A value as canonical JSON (object keys sorted), so key order never reads as a change. */
function canonical(v: unknown): string {
  if (v instanceof RawText) return `raw:${v.text}`;
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (isRecord(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

/** The difference between the record before an entry and after it (each JSON text, or null). */
export function auditDiff(beforeText: string | null, afterText: string | null): AuditDiff {
  if (beforeText === null && afterText === null) return { kind: "none" };
  if (beforeText === null) return { kind: "created", record: parse(afterText ?? "null") };
  if (afterText === null) return { kind: "removed", record: parse(beforeText) };
  const before = parse(beforeText);
  const after = parse(afterText);
  if (!isRecord(before) || !isRecord(after)) return { kind: "replaced", before, after };

  const keys = [...Object.keys(before), ...Object.keys(after).filter((k) => !(k in before))];
  const changes: KeyChange[] = [];
  const unchanged: { key: string; value: unknown }[] = [];
  for (const key of keys) {
    const had = Object.hasOwn(before, key);
    const has = Object.hasOwn(after, key);
    if (had && !has) changes.push({ key, kind: "removed", before: before[key] });
    else if (!had && has) changes.push({ key, kind: "added", after: after[key] });
    else if (canonical(before[key]) !== canonical(after[key])) changes.push({ key, kind: "changed", before: before[key], after: after[key] });
    else unchanged.push({ key, value: before[key] });
  }
  return { kind: "changed", changes, unchanged };
}

/** A value on one line, as JSON with a space after each comma: ["cs", "admin"], {"a": 1}. */
export function inlineValue(v: unknown): string {
  if (v instanceof RawText) return v.text;
  if (Array.isArray(v)) return `[${v.map(inlineValue).join(", ")}]`;
  if (isRecord(v)) {
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}: ${inlineValue(x)}`)
      .join(", ")}}`;
  }
  return JSON.stringify(v);
}

/** A whole record pretty-printed (two spaces), or the text as sent when it is not JSON. */
export function prettyValue(v: unknown): string {
  return v instanceof RawText ? v.text : JSON.stringify(v, null, 2);
}
