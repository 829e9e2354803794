import { describe, expect, it } from "vitest";
import { addMonths, formatMonth, lastMonths, monthCount, rangeProblem } from "./months";

describe("month ranges", () => {
  it("opens on the last 24 months, this one included, across a year end", () => {
    expect(lastMonths(new Date(Date.UTC(2026, 10, 25)))).toEqual({ from: "2024-12", to: "2026-11" });
    expect(lastMonths(new Date(Date.UTC(2027, 0, 1)), 12)).toEqual({ from: "2026-02", to: "2027-01" });
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(monthCount({ from: "2025-12", to: "2026-11" })).toBe(12);
  });

  it("refuses what the core would refuse, in words", () => {
    expect(rangeProblem({ from: "2026-01", to: "2026-01" })).toBeNull();
    expect(rangeProblem({ from: "2026-02", to: "2026-01" })).toBe("The first month comes after the last one.");
    expect(rangeProblem({ from: "2026-13", to: "2027-01" })).toBe("Choose the first month.");
    expect(rangeProblem({ from: "2026-01", to: "" })).toBe("Choose the last month.");
    expect(rangeProblem({ from: "1900-01", to: "2026-01" })).toBe("A range can span at most 1200 months.");
  });

  it("names a month in the user's words", () => {
    expect(formatMonth("2026-11", "en-US")).toBe("Nov 2026");
  });
});
