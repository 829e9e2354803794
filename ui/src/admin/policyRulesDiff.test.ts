import { describe, expect, it } from "vitest";
import { ruleChangeText, rulesChanges } from "./policyRulesDiff";

const texts = (before: string, after: string) => rulesChanges(before, after).map(ruleChangeText);

describe("rulesChanges", () => {
  it("says what each field became", () => {
    expect(texts('{"min_length": 12, "max_age_days": 365}', '{"min_length": 14, "max_age_days": 365}')).toEqual(["min_length 12 → 14"]);
    expect(texts('{"audit_days": 2555, "staff_archive_days": 2555}', '{"audit_days": 2555, "staff_archive_days": 2555, "usage_days": 400}')).toEqual([
      "usage_days added: 400",
    ]);
    expect(texts('{"required_for_staff": true, "methods": ["sms"]}', '{"required_for_staff": false}')).toEqual([
      "required_for_staff true → false",
      'methods removed: ["sms"]',
    ]);
    expect(texts('{"enabled": false, "cidrs": []}', '{"enabled": true, "cidrs": ["10.20.0.0/16"]}')).toEqual(["enabled false → true", 'cidrs [] → ["10.20.0.0/16"]']);
    expect(texts('{"min_length": 12}', '{"min_length": 12}')).toEqual([]);
  });

  it("compares the forbidden pairs pair by pair, whatever the roles' order", () => {
    const before = JSON.stringify({
      pairs: [
        { roles: ["desk_admin", "desk_finance"], reason: "Money apart" },
        { roles: ["desk_admin", "desk_security"], reason: "Watchers apart" },
      ],
    });
    const after = JSON.stringify({
      pairs: [
        { roles: ["desk_finance", "desk_admin"], reason: "Money stays apart" },
        { roles: ["desk_ops", "desk_cs"], reason: "Ops apart" },
      ],
    });
    expect(rulesChanges(before, after)).toEqual([
      { key: "pairs (Finance + Admin) reason", kind: "changed", before: "Money apart", after: "Money stays apart" },
      { key: "pairs", kind: "removed", before: "Admin + Security" },
      { key: "pairs", kind: "added", after: "Operations + Customer success" },
    ]);
    expect(ruleChangeText({ key: "pairs", kind: "added", after: "Operations + Customer success" })).toBe("pairs added: Operations + Customer success");
  });

  it("shows rules that are not pairs or not objects whole", () => {
    expect(texts('{"pairs": 1}', '{"pairs": []}')).toEqual(["pairs 1 → []"]);
    expect(texts("[1]", '{"a": 1}')).toEqual(['rules [1] → {"a": 1}']);
  });
});
