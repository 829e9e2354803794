import { describe, expect, it } from "vitest";
import { actionArea, areasOf, areaTone, datesReversed, DEFAULT_AUDIT_FILTER, formatAuditTime, hasAuditFilters } from "./format";

describe("audit format", () => {
  it("writes an entry's time to the second in the user's zone", () => {
    // Built from local fields, so the test holds in any time zone.
    const at = new Date(2026, 11, 2, 9, 18, 4).toISOString();
    expect(formatAuditTime(at, "en-GB")).toBe("2 Dec 2026, 09:18:04");
    expect(formatAuditTime("yesterday", "en-GB")).toBe("yesterday");
  });

  it("groups actions by the area before the dot, with one tone per area", () => {
    expect(actionArea("staff.roles")).toBe("staff");
    expect(actionArea("alert.ack.bulk")).toBe("alert");
    expect(actionArea("login")).toBe("login");
    expect(areaTone("staff")).toBe(areaTone(actionArea("staff.deactivate")));
    expect(areaTone("staff")).not.toBe(areaTone("alert"));
    expect(areaTone("somethingnew")).toBe(areaTone("somethingnew"));
    expect(areasOf(["staff.roles", "alert.ack", "staff.create", "login"])).toEqual(["alert", "staff"]);
  });

  it("tells when the filters narrow the trail and when the days are reversed", () => {
    expect(hasAuditFilters(DEFAULT_AUDIT_FILTER)).toBe(false);
    expect(hasAuditFilters({ ...DEFAULT_AUDIT_FILTER, action: "staff." })).toBe(true);
    expect(datesReversed({ ...DEFAULT_AUDIT_FILTER, from: "2026-12-02", to: "2026-12-01" })).toBe(true);
    expect(datesReversed({ ...DEFAULT_AUDIT_FILTER, from: "2026-12-01", to: "2026-12-01" })).toBe(false);
  });
});
