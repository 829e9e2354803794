import { describe, expect, it } from "vitest";
import { formatRelative } from "./time";

const now = new Date("2026-11-25T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe("formatRelative", () => {
  it("says never for a sync that never happened and unknown for garbage", () => {
    expect(formatRelative(null, now)).toBe("never");
    expect(formatRelative("not a date", now)).toBe("unknown");
  });

  it.each([
    [0, "just now"],
    [44 * S, "just now"],
    [60 * S, "1 min ago"],
    [5 * M, "5 min ago"],
    [59 * M, "59 min ago"],
    [H, "1 hour ago"],
    [3 * H + 20 * M, "3 hours ago"],
    [23 * H, "23 hours ago"],
    [D + H, "yesterday"],
    [3 * D, "3 days ago"],
    [29 * D, "29 days ago"],
  ])("formats %d ms ago as %j", (ms, expected) => {
    expect(formatRelative(ago(ms), now)).toBe(expected);
  });

  it("treats a timestamp slightly in the future (clock skew) as just now", () => {
    expect(formatRelative(new Date(now.getTime() + 5 * S).toISOString(), now)).toBe("just now");
  });

  it("falls back to a calendar date after a month", () => {
    const s = formatRelative(ago(90 * D), now);
    expect(s).not.toMatch(/ago|yesterday/);
    expect(s).toMatch(/2026/);
  });
});
