import { describe, expect, it } from "vitest";
import { daysFromToday, humanize } from "../lib/format";
import { formatDaysAgo, formatDaysUntil, formatDelta, splitPlanName } from "./format";

describe("days", () => {
  // Local noon, so the calendar day is the same in every zone the tests may run in.
  const now = new Date(2026, 10, 25, 12, 0, 0);

  it("counts calendar days from the user's today", () => {
    expect(daysFromToday("2026-11-25", now)).toBe(0);
    expect(daysFromToday("2026-12-25", now)).toBe(30);
    expect(daysFromToday("2026-11-13", now)).toBe(-12);
    expect(daysFromToday("2026-11-13T23:59:00Z", now)).toBe(-12);
    expect(daysFromToday("soon", now)).toBeNull();
  });

  it("says how long ago a touchpoint was", () => {
    expect(formatDaysAgo(null, now)).toBe("never");
    expect(formatDaysAgo("2026-11-25", now)).toBe("today");
    expect(formatDaysAgo("2026-11-24", now)).toBe("yesterday");
    expect(formatDaysAgo("2026-11-13", now)).toBe("12 d ago");
    expect(formatDaysAgo("2025-11-25", now)).toBe("365 d ago");
  });

  it("says how far away a renewal is, across a month and a leap day", () => {
    expect(formatDaysUntil("2026-11-25", now)).toBe("today");
    expect(formatDaysUntil("2026-11-26", now)).toBe("tomorrow");
    expect(formatDaysUntil("2026-12-14", now)).toBe("in 19 days");
    expect(formatDaysUntil("2026-11-20", now)).toBe("5 days ago");
    expect(formatDaysUntil("2028-03-01", new Date(2028, 1, 28, 12))).toBe("in 2 days");
  });
});

describe("words", () => {
  it("turns the core's words into labels and score changes into arrows", () => {
    expect(humanize("past_due")).toBe("Past due");
    expect(humanize("usageDrop")).toBe("Usage drop");
    expect(formatDelta(4)).toEqual({ arrow: "up", text: "▲ 4" });
    expect(formatDelta(-12)).toEqual({ arrow: "down", text: "▼ 12" });
    expect(formatDelta(0)).toEqual({ arrow: "flat", text: "–" });
    expect(splitPlanName("Enterprise (annual)")).toEqual({ name: "Enterprise", term: "annual" });
    expect(splitPlanName("Growth")).toEqual({ name: "Growth", term: null });
  });
});
