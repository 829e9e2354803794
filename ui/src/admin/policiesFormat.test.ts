import { describe, expect, it } from "vitest";
import type { PolicyView } from "../bindings";
import { applyBlocked, applyLabel, changedLine, orderPolicies, policySummary, sessionsEnding, versionLine } from "./policiesFormat";
import { policyTitle, roleName } from "./policyFields";

const view = (name: string, over: Partial<PolicyView> = {}): PolicyView => ({
  name,
  description: "",
  version: 1,
  rules: "{}",
  changedAt: null,
  changedBy: null,
  ...over,
});

describe("policySummary", () => {
  it("says each policy's live rules in one line", () => {
    expect(policySummary("password", '{"min_length": 12, "max_age_days": 365}', "en-US")).toBe("at least 12 characters · changed every 365 days");
    expect(policySummary("session", '{"idle_timeout_minutes": 30, "max_lifetime_hours": 12}', "en-US")).toBe("idle 30 min · at most 12 h");
    expect(policySummary("mfa", '{"required_for_staff": true, "required_for_admins": true}', "en-US")).toBe("staff ✓ · admins ✓");
    expect(policySummary("mfa", '{"required_for_staff": false, "required_for_admins": true, "methods": ["totp", "webauthn"]}', "en-US")).toBe(
      "staff ✗ · admins ✓ · totp, webauthn",
    );
    expect(policySummary("data_retention", '{"audit_days": 2555, "staff_archive_days": 2555}', "en-US")).toBe("audit 2,555 days · leavers 2,555 days");
    expect(policySummary("data_retention", '{"audit_days": 400, "staff_archive_days": 400, "usage_days": 90}', "en-US")).toBe("audit 400 days · leavers 400 days · usage 90 days");
    expect(policySummary("ip_allowlist", '{"enabled": false, "cidrs": []}', "en-US")).toBe("off");
    expect(policySummary("ip_allowlist", '{"enabled": true, "cidrs": ["10.20.0.0/16", "192.168.1.0/24"]}', "en-US")).toBe("on · 2 networks");
    expect(policySummary("ip_allowlist", '{"enabled": true, "cidrs": ["10.20.0.0/16"]}', "en-US")).toBe("on · 1 network");
    const pair = { roles: ["desk_admin", "desk_finance"], reason: "x" };
    expect(policySummary("segregation_of_duties", JSON.stringify({ pairs: [pair, pair] }), "en-US")).toBe("2 forbidden pairs");
    expect(policySummary("segregation_of_duties", JSON.stringify({ pairs: [pair] }), "en-US")).toBe("1 forbidden pair");
    expect(policySummary("segregation_of_duties", '{"pairs": []}', "en-US")).toBe("no forbidden pairs");
  });

  it("copes with missing, odd or unknown rules", () => {
    expect(policySummary("password", "{}", "en-US")).toBe("—");
    expect(policySummary("password", "not json", "en-US")).toBe("—");
    expect(policySummary("password", '{"min_length": "twelve"}', "en-US")).toBe('at least "twelve" characters');
    expect(policySummary("geo_fence", '{"countries": ["DE"]}', "en-US")).toBe('{"countries": ["DE"]}');
    expect(policySummary("geo_fence", "{}", "en-US")).toBe("—");
  });
});

describe("list and version lines", () => {
  it("orders the six policies as the list shows them, unknown ones last", () => {
    const names = ["segregation_of_duties", "zeta", "mfa", "password", "ip_allowlist", "session", "data_retention"];
    expect(orderPolicies(names.map((n) => view(n))).map((p) => p.name)).toEqual([
      "password",
      "session",
      "mfa",
      "data_retention",
      "ip_allowlist",
      "segregation_of_duties",
      "zeta",
    ]);
  });

  it("says who changed the version edited, and when", () => {
    const now = new Date("2026-11-05T12:00:00Z");
    const p = view("password", { version: 3, changedAt: "2026-11-03T10:00:00Z", changedBy: "sandbox_admin" });
    expect(versionLine(p, now)).toBe("v3, changed 2 days ago by sandbox_admin");
    expect(changedLine(view("mfa"), now)).toBe("not changed yet");
    expect(changedLine(view("mfa", { changedAt: "2026-11-05T11:30:00Z" }), now)).toBe("changed 30 min ago");
  });

  it("titles the policies and names the desk roles", () => {
    expect(policyTitle("ip_allowlist")).toBe("IP allow list");
    expect(policyTitle("segregation_of_duties")).toBe("Segregation of duties");
    expect(policyTitle("geo_fence")).toBe("Geo fence");
    expect(roleName("desk_cs")).toBe("Customer success");
    expect(roleName("desk_ops")).toBe("Operations");
    expect(roleName("desk_auditor")).toBe("desk_auditor");
  });
});

describe("apply", () => {
  it("says how many sessions applying ends", () => {
    const impact = [
      { subject: "ana_ops", effect: "idle: session ends", endsSession: true },
      { subject: "bo_cs", effect: "session ends", endsSession: true },
      { subject: "audit trail", effect: "3 entries become deletable", endsSession: false },
    ];
    expect(sessionsEnding(impact)).toBe(2);
    expect(applyLabel(0)).toBe("Apply");
    expect(applyLabel(1)).toBe("Apply and end 1 session");
    expect(applyLabel(2)).toBe("Apply and end 2 sessions");
  });

  it("goes only online, for a changed draft previewed as it is, compliant, with a rationale", () => {
    const ready = { online: true, changed: true, violations: 0, stalePreview: false, rationale: "Auditors" };
    expect(applyBlocked(ready)).toBeNull();
    expect(applyBlocked({ ...ready, online: false })).toMatch(/^Offline/);
    expect(applyBlocked({ ...ready, changed: false })).toBe("Change a rule to apply a new version.");
    expect(applyBlocked({ ...ready, violations: null })).toBe("Preview the change to apply it.");
    expect(applyBlocked({ ...ready, violations: null, stalePreview: true })).toBe("The draft changed since its preview: preview it again.");
    expect(applyBlocked({ ...ready, violations: 1 })).toBe("Resolve the violation and preview again.");
    expect(applyBlocked({ ...ready, violations: 2 })).toBe("Resolve the 2 violations and preview again.");
    expect(applyBlocked({ ...ready, rationale: "  " })).toBe("Say why to apply.");
  });
});
