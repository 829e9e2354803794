import { describe, expect, it } from "vitest";
import { draftOf, newPair, parseRules, rulesOf, rulesText, sameRules } from "./policyDraft";

describe("draftOf and rulesOf", () => {
  it("reads numbers and lists into boxes and writes them back as JSON numbers and arrays", () => {
    const d = draftOf("password", '{"min_length": 12, "max_age_days": 365}');
    expect(d.text).toEqual({ min_length: "12", max_age_days: "365" });
    expect(rulesOf("password", { ...d, text: { ...d.text, min_length: " 14 " } })).toEqual({ min_length: 14, max_age_days: 365 });
    // Not a number: sent as typed, so the core names the problem beside the field; blank is null.
    expect(rulesOf("password", { ...d, text: { min_length: "12.5x", max_age_days: "" } })).toEqual({ min_length: "12.5x", max_age_days: null });
  });

  it("leaves a blank optional field out, and keeps an optional list that was there", () => {
    const d = draftOf("data_retention", '{"audit_days": 2555, "staff_archive_days": 2555, "usage_days": 90}');
    expect(rulesOf("data_retention", { ...d, text: { ...d.text, usage_days: "" } })).toEqual({ audit_days: 2555, staff_archive_days: 2555 });

    const m = draftOf("mfa", '{"required_for_staff": true, "required_for_admins": false}');
    expect(m.checked).toEqual({ required_for_staff: true, required_for_admins: false });
    expect(m.text.methods).toBe("");
    expect(rulesOf("mfa", m)).toEqual({ required_for_staff: true, required_for_admins: false });
    expect(rulesOf("mfa", { ...m, text: { methods: "totp, webauthn, totp" } })).toEqual({ required_for_staff: true, required_for_admins: false, methods: ["totp", "webauthn"] });
    const had = draftOf("mfa", '{"required_for_staff": true, "required_for_admins": true, "methods": []}');
    expect(rulesOf("mfa", had)).toEqual({ required_for_staff: true, required_for_admins: true, methods: [] });
  });

  it("reads networks one per line", () => {
    const d = draftOf("ip_allowlist", '{"enabled": true, "cidrs": ["10.20.0.0/16", "192.168.1.0/24"]}');
    expect(d.text.cidrs).toBe("10.20.0.0/16\n192.168.1.0/24");
    expect(rulesOf("ip_allowlist", { ...d, text: { cidrs: "10.20.0.0/16\n\n 172.16.0.0/12 \n" } })).toEqual({ enabled: true, cidrs: ["10.20.0.0/16", "172.16.0.0/12"] });
  });

  it("edits the pairs as rows, keeping what else a pair had", () => {
    const rules = { pairs: [{ roles: ["desk_admin", "desk_finance"], reason: "Money apart", since: 2024 }] };
    const d = draftOf("segregation_of_duties", JSON.stringify(rules));
    expect(d.pairs).toEqual([{ a: "desk_admin", b: "desk_finance", reason: "Money apart", rest: { since: 2024 } }]);
    expect(rulesOf("segregation_of_duties", d)).toEqual({ pairs: [{ since: 2024, roles: ["desk_admin", "desk_finance"], reason: "Money apart" }] });
    const more = { ...d, pairs: [...d.pairs, { ...newPair(), a: "desk_ops", b: "desk_cs", reason: " Ops apart " }] };
    expect(rulesOf("segregation_of_duties", more)).toEqual({
      pairs: [
        { since: 2024, roles: ["desk_admin", "desk_finance"], reason: "Money apart" },
        { roles: ["desk_ops", "desk_cs"], reason: "Ops apart" },
      ],
    });
    expect(draftOf("segregation_of_duties", '{"pairs": [{"roles": "odd"}, 3]}').pairs).toEqual([
      { a: "", b: "", reason: "", rest: {} },
      { a: "", b: "", reason: "", rest: {} },
    ]);
  });

  it("passes a field the form does not know through unchanged", () => {
    const d = draftOf("password", '{"colour": "blue", "min_length": 12, "max_age_days": 365, "extra": {"a": [1]}}');
    expect(d.other).toEqual({ colour: "blue", extra: { a: [1] } });
    expect(rulesOf("password", d)).toEqual({ min_length: 12, max_age_days: 365, colour: "blue", extra: { a: [1] } });
    expect(sameRules(rulesText("password", d), '{"colour": "blue", "min_length": 12, "max_age_days": 365, "extra": {"a": [1]}}')).toBe(true);
  });

  it("keeps the live rules unchanged when nothing is edited", () => {
    for (const [name, rules] of [
      ["password", '{"min_length": 12, "max_age_days": 365}'],
      ["session", '{"idle_timeout_minutes": 30, "max_lifetime_hours": 12}'],
      ["mfa", '{"required_for_staff": true, "required_for_admins": true, "methods": ["totp"]}'],
      ["data_retention", '{"audit_days": 2555, "staff_archive_days": 2555}'],
      ["ip_allowlist", '{"enabled": false, "cidrs": []}'],
      ["segregation_of_duties", '{"pairs": [{"roles": ["desk_admin", "desk_finance"], "reason": "x"}]}'],
    ] as const) {
      expect(sameRules(rulesText(name, draftOf(name, rules)), rules)).toBe(true);
    }
  });
});

describe("parseRules and sameRules", () => {
  it("reads an object, anything else as empty", () => {
    expect(parseRules('{"a": 1}')).toEqual({ a: 1 });
    expect(parseRules("[1]")).toEqual({});
    expect(parseRules("nope")).toEqual({});
  });

  it("compares rules whatever the key order and spacing", () => {
    expect(sameRules('{"a": 1, "b": [1, 2]}', '{"b":[1,2],"a":1}')).toBe(true);
    expect(sameRules('{"a": 1}', '{"a": 2}')).toBe(false);
    expect(sameRules('{"b": [2, 1]}', '{"b": [1, 2]}')).toBe(false);
  });
});
