import { describe, expect, it } from "vitest";
import type { Dependant } from "../bindings";
import {
  applyLabel,
  deactivationProblems,
  groupDependants,
  importCounts,
  importOutcome,
  NO_SUCCESSORS,
  setupExpired,
  successorsToSend,
  teamRole,
} from "./staffAccountsFormat";

const dep = (kind: Dependant["kind"], id: string): Dependant => ({ kind, id, label: id, detail: "" });

describe("staff account wording", () => {
  it("starts a team with its own role, and a team without one with none", () => {
    expect(teamRole("finance")).toBe("finance");
    expect(teamRole("cs")).toBe("cs");
    expect(teamRole("marketing")).toBeNull();
  });

  it("says whether a setup code has run out", () => {
    const now = new Date("2026-11-25T12:00:00Z");
    expect(setupExpired("2026-11-25T11:59:59Z", now)).toBe(true);
    expect(setupExpired("2026-11-26T12:00:00Z", now)).toBe(false);
    expect(setupExpired("not a date", now)).toBe(false);
  });

  it("counts an import's rows and names the apply button", () => {
    expect(importCounts({ newCount: 3, existingCount: 1, invalidCount: 2 })).toBe("3 new · 1 already has an account · 2 with problems");
    expect(importCounts({ newCount: 0, existingCount: 2, invalidCount: 0 })).toBe("0 new · 2 already have an account · 0 with problems");
    expect(applyLabel(1)).toBe("Create 1 member");
    expect(applyLabel(4)).toBe("Create 4 members");
  });

  it("says what an import did", () => {
    expect(importOutcome({ created: [], skipped: 1, invalid: 2 })).toBe("Created 0 members; skipped 1 who already has an account; left out 2 with problems");
  });
});

describe("deactivation", () => {
  const deps = [dep("alert", "a1"), dep("account", "t1"), dep("account", "t2")];

  it("groups dependants by kind in a fixed order, leaving out kinds with none", () => {
    expect(groupDependants(deps).map((g) => [g.kind, g.items.length])).toEqual([
      ["account", 2],
      ["alert", 1],
    ]);
  });

  it("needs a reason and a successor for each kind present", () => {
    expect(deactivationProblems(" ", deps, NO_SUCCESSORS).fields).toEqual({
      reason: ["Say why the member is deactivated (it goes into the audit trail)."],
      account: ["Choose who takes over the 2 accounts."],
      alert: ["Choose who takes over the alert."],
    });
    expect(deactivationProblems("Left the company", deps, { account: "ana", escalation: null, alert: "zed" }).fields).toEqual({});
    expect(deactivationProblems("Left", [], NO_SUCCESSORS).fields).toEqual({});
  });

  it("sends a successor only for the kinds the member has", () => {
    expect(successorsToSend(deps, { account: "ana", escalation: "bo", alert: "" })).toEqual({ account: "ana", escalation: null, alert: null });
  });
});
