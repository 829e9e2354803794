import { describe, expect, it } from "vitest";
import { coreFieldErrors, emptyTouchpoint, MAX_TEXT, parseLocalDateTime, toLocalDateTime, validateTouchpoint, type TouchpointFormValues } from "./touchpointSchema";

const now = new Date(2026, 10, 25, 14, 5, 30);
const good: TouchpointFormValues = {
  kind: "call",
  summary: "  QBR prep with the head of growth ",
  outcome: "Wants the deliverability report monthly",
  nextStep: "   ",
  when: "2026-11-25T13:30",
};

describe("the touchpoint form", () => {
  it("starts as a call, now, with nothing typed", () => {
    expect(emptyTouchpoint(now)).toEqual({ kind: "call", summary: "", outcome: "", nextStep: "", when: "2026-11-25T14:05" });
  });

  it("builds the core's draft: trimmed texts, an empty next step as null, the time in RFC 3339", () => {
    const r = validateTouchpoint(good, "t-1", now);
    expect(r).toEqual({
      ok: true,
      draft: {
        tenantId: "t-1",
        kind: "call",
        summary: "QBR prep with the head of growth",
        outcome: "Wants the deliverability report monthly",
        nextStep: null,
        happenedAt: new Date(2026, 10, 25, 13, 30).toISOString(),
      },
    });
    if (!r.ok) throw new Error("refused");
    expect(r.draft.happenedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it("refuses what the core refuses, naming each field", () => {
    const r = validateTouchpoint({ ...good, summary: "   ", when: "2026-11-26T09:00" }, "t-1", now);
    expect(r).toEqual({
      ok: false,
      errors: { summary: "Say what the touchpoint was about.", when: "A touchpoint cannot be in the future." },
    });
  });

  it("allows five minutes of clock skew, like the core", () => {
    expect(validateTouchpoint({ ...good, when: "2026-11-25T14:09" }, "t", now).ok).toBe(true);
    expect(validateTouchpoint({ ...good, when: "2026-11-25T14:12" }, "t", now).ok).toBe(false);
  });

  it("refuses texts over the core's limit, counted in characters not UTF-16 units", () => {
    const emoji = "😀".repeat(MAX_TEXT);
    expect(validateTouchpoint({ ...good, outcome: emoji }, "t", now).ok).toBe(true);
    const r = validateTouchpoint({ ...good, nextStep: "x".repeat(MAX_TEXT + 1) }, "t", now);
    expect(r).toEqual({ ok: false, errors: { nextStep: `At most ${MAX_TEXT} characters.` } });
  });

  it("refuses an unknown kind and a time that is not one", () => {
    const r = validateTouchpoint({ ...good, kind: "fax" as TouchpointFormValues["kind"], when: "" }, "t", now);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.kind).toBe("Choose call, e-mail, meeting or note.");
    expect(r.errors.when).toBe("Enter a date and time.");
    expect(Number.isNaN(parseLocalDateTime("2026-02-31T10:00"))).toBe(true);
    expect(toLocalDateTime(new Date(2026, 0, 2, 3, 4))).toBe("2026-01-02T03:04");
  });

  it("puts the core's invalidInput words beside the fields they name", () => {
    expect(coreFieldErrors("summary: say what the touchpoint was about; next step: at most 4000 characters; when: a touchpoint cannot be in the future; tenant gone")).toEqual({
      errors: {
        summary: "Say what the touchpoint was about.",
        nextStep: "At most 4000 characters.",
        when: "A touchpoint cannot be in the future.",
      },
      rest: ["tenant gone"],
    });
  });
});
