import { describe, expect, it } from "vitest";
import {
  actionBlocked,
  DEFAULT_ALERT_FILTER,
  formatAge,
  formatFromNow,
  formatSnoozeEnd,
  hasAlertFilters,
  memberTeams,
  snoozeActive,
  snoozeEnd,
  statusLine,
  teamsOf,
} from "./format";

const now = new Date("2026-12-02T10:30:00Z");

describe("formatAge", () => {
  it("says minutes, hours and days in a few characters", () => {
    expect(formatAge("2026-12-02T10:29:40Z", now)).toBe("now");
    expect(formatAge("2026-12-02T10:18:00Z", now)).toBe("12 min");
    expect(formatAge("2026-12-02T07:10:00Z", now)).toBe("3 h");
    expect(formatAge("2026-11-27T10:30:00Z", now)).toBe("5 d");
    expect(formatAge("2026-12-02T10:31:00Z", now)).toBe("now");
    expect(formatAge("not a time", now)).toBe("—");
  });

  it("says how far an escalation is", () => {
    expect(formatFromNow("2026-12-02T10:42:00Z", now)).toBe("in 12 min");
    expect(formatFromNow("2026-12-02T08:30:00Z", now)).toBe("2 h ago");
  });
});

describe("who acted", () => {
  const base = { status: "triggered", acknowledgedBy: null, resolvedBy: null, falsePositive: false };
  it("names the member who acknowledged or resolved", () => {
    expect(statusLine(base)).toBe("Triggered");
    expect(statusLine({ ...base, status: "acknowledged", acknowledgedBy: "sandbox_ops" })).toBe("Acknowledged by sandbox_ops");
    expect(statusLine({ ...base, status: "resolved", acknowledgedBy: "a", resolvedBy: "b" })).toBe("Resolved by b");
  });

  it("blocks what no longer applies, with the reason", () => {
    expect(actionBlocked(base, "ack")).toBeNull();
    expect(actionBlocked(base, "resolve")).toBeNull();
    const acked = { ...base, status: "acknowledged", acknowledgedBy: "ana" };
    expect(actionBlocked(acked, "ack")).toBe("Already acknowledged by ana");
    expect(actionBlocked(acked, "resolve")).toBeNull();
    const fp = { ...base, status: "resolved", resolvedBy: "ops", falsePositive: true };
    expect(actionBlocked(fp, "ack")).toBe("Already resolved as a false positive by ops");
    expect(actionBlocked(fp, "resolve")).toBe("Already resolved as a false positive by ops");
  });
});

describe("filters", () => {
  it("counts only what narrows the open inbox", () => {
    expect(hasAlertFilters(DEFAULT_ALERT_FILTER)).toBe(false);
    expect(hasAlertFilters({ ...DEFAULT_ALERT_FILTER, statuses: ["acknowledged", "triggered"] })).toBe(false);
    expect(hasAlertFilters({ ...DEFAULT_ALERT_FILTER, search: "  " })).toBe(false);
    expect(hasAlertFilters({ ...DEFAULT_ALERT_FILTER, statuses: [] })).toBe(true);
    expect(hasAlertFilters({ ...DEFAULT_ALERT_FILTER, severities: ["critical"] })).toBe(true);
    expect(hasAlertFilters({ ...DEFAULT_ALERT_FILTER, search: "relay" })).toBe(true);
    expect(hasAlertFilters({ ...DEFAULT_ALERT_FILTER, overdueOnly: true })).toBe(true);
  });
});

describe("teams", () => {
  it("mirrors the core: one team per desk role, all four for an admin", () => {
    expect(teamsOf(["ops"])).toEqual(["ops"]);
    expect(teamsOf(["cs", "finance"])).toEqual(["finance", "cs"]);
    expect(teamsOf(["admin"])).toEqual(["ops", "security", "finance", "cs"]);
    expect(memberTeams(["ops"], ["ops"])).toEqual(["ops"]);
  });
});

describe("snoozes", () => {
  const local = new Date(2026, 11, 2, 13, 5);
  it("ends in 1 h, 4 h or tomorrow at 08:00 local time", () => {
    expect(snoozeEnd("1h", local).getTime() - local.getTime()).toBe(3_600_000);
    expect(snoozeEnd("4h", local).getTime() - local.getTime()).toBe(4 * 3_600_000);
    const t = snoozeEnd("tomorrow", local);
    expect([t.getDate(), t.getHours(), t.getMinutes()]).toEqual([3, 8, 0]);
  });

  it("reads the end in local time and ignores snoozes that ran out", () => {
    expect(formatSnoozeEnd(new Date(2026, 11, 2, 14, 5).toISOString(), local)).toBe("14:05");
    expect(formatSnoozeEnd(new Date(2026, 11, 3, 8, 0).toISOString(), local)).toBe("tomorrow 08:00");
    expect(formatSnoozeEnd(new Date(2026, 11, 5, 8, 0).toISOString(), local, "en-US")).toBe("Dec 5, 08:00");
    expect(snoozeActive(undefined, local)).toBe(false);
    expect(snoozeActive(new Date(2026, 11, 2, 12, 0).toISOString(), local)).toBe(false);
    expect(snoozeActive(new Date(2026, 11, 2, 14, 0).toISOString(), local)).toBe(true);
  });
});
