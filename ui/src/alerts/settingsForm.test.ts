import { describe, expect, it } from "vitest";
import type { NotificationSettings } from "../bindings";
import { checkValues, coreSettingsErrors, toValues } from "./settingsForm";

const defaults: NotificationSettings = {
  enabled: true,
  teams: ["ops"],
  minSeverity: "high",
  quietHours: null,
  snoozedUntil: {},
  criticalBreaksThrough: true,
  summaryFrom: 4,
};

describe("notification settings form", () => {
  it("round-trips the core's settings, quiet hours off", () => {
    const v = toValues(defaults);
    expect(v.quietOn).toBe(false);
    expect(v.summaryFrom).toBe("4");
    expect(checkValues(v)).toEqual({ ok: true, settings: defaults });
  });

  it("sends quiet hours only when on, reading 7:00 as 07:00", () => {
    const r = checkValues({ ...toValues(defaults), quietOn: true, quietStart: "22:30", quietEnd: "7:00" });
    expect(r).toEqual({ ok: true, settings: { ...defaults, quietHours: { start: "22:30", end: "07:00" } } });
  });

  it("says what is wrong per field, as the core would", () => {
    const bad = checkValues({ ...toValues(defaults), quietOn: true, quietStart: "25:00", quietEnd: "7", summaryFrom: "1" });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(Object.keys(bad.errors).sort()).toEqual(["quietEnd", "quietStart", "summaryFrom"]);
    const same = checkValues({ ...toValues(defaults), quietOn: true, quietStart: "22:00", quietEnd: "22:00" });
    expect(same).toEqual({ ok: false, errors: { quiet: "Quiet hours start and end at the same time; turn them off instead." } });
  });

  it("puts the core's refusals beside the field they name", () => {
    expect(coreSettingsErrors('quiet hours start: "25:00" is not a time of day (HH:MM)')).toEqual({
      quietStart: '"25:00" is not a time of day (HH:MM).',
    });
    expect(coreSettingsErrors("quiet hours start and end at the same time; turn them off instead")).toHaveProperty("quiet");
    expect(coreSettingsErrors('"security" is not one of your teams')).toEqual({ teams: '"security" is not one of your teams.' });
    expect(coreSettingsErrors("summarise from 2 alerts at once or more (got 1)")).toHaveProperty("summaryFrom");
    expect(coreSettingsErrors("the store is busy")).toEqual({ form: "The store is busy." });
  });
});
