import { describe, expect, it } from "vitest";
import { auditDiff, inlineValue, prettyValue } from "./auditDiff";

describe("auditDiff", () => {
  it("lists the changed, added and removed keys, and keeps the rest apart", () => {
    const before = JSON.stringify({ login: "jdoe", roles: ["cs"], active: true, team: "emea" });
    const after = JSON.stringify({ active: true, roles: ["cs", "admin"], login: "jdoe", mfa: true });
    const diff = auditDiff(before, after);
    if (diff.kind !== "changed") throw new Error(`expected a change, got ${diff.kind}`);
    expect(diff.changes).toEqual([
      { key: "roles", kind: "changed", before: ["cs"], after: ["cs", "admin"] },
      { key: "team", kind: "removed", before: "emea" },
      { key: "mfa", kind: "added", after: true },
    ]);
    expect(diff.unchanged.map((u) => u.key)).toEqual(["login", "active"]);
  });

  it("does not call a nested object changed when only its key order differs", () => {
    const diff = auditDiff('{"limits":{"a":1,"b":2}}', '{"limits":{"b":2,"a":1}}');
    expect(diff).toEqual({ kind: "changed", changes: [], unchanged: [{ key: "limits", value: { a: 1, b: 2 } }] });
  });

  it("gives the whole record for a creation and a removal", () => {
    expect(auditDiff(null, '{"key":"new-billing"}')).toEqual({ kind: "created", record: { key: "new-billing" } });
    expect(auditDiff('{"key":"old"}', null)).toEqual({ kind: "removed", record: { key: "old" } });
    expect(auditDiff(null, null)).toEqual({ kind: "none" });
  });

  it("shows values that are not objects, or not JSON, whole", () => {
    const diff = auditDiff("[1,2]", "not json");
    expect(diff.kind).toBe("replaced");
    if (diff.kind !== "replaced") return;
    expect(prettyValue(diff.before)).toBe("[\n  1,\n  2\n]");
    expect(prettyValue(diff.after)).toBe("not json");
  });
});

describe("inlineValue", () => {
  it("writes a value on one line with a space after each comma", () => {
    expect(inlineValue(["cs", "admin"])).toBe('["cs", "admin"]');
    expect(inlineValue({ a: 1, b: [true, null] })).toBe('{"a": 1, "b": [true, null]}');
    expect(inlineValue("on")).toBe('"on"');
  });
});
