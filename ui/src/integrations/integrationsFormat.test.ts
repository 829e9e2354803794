import { describe, expect, it } from "vitest";
import { addDays, completeBlocked, daysLeftText, deprecationCell, labelFrom, ownersFor, progressText, rotationText, rotationTone, STEP_LABELS } from "./integrationsFormat";

describe("integrations format", () => {
  it("says days left, today or overdue", () => {
    expect(daysLeftText(21)).toBe("21 days left");
    expect(daysLeftText(1)).toBe("1 day left");
    expect(daysLeftText(0)).toBe("today");
    expect(daysLeftText(-3)).toBe("3 days overdue");
  });

  it("marks a deprecation cell red only when it is an alert, and says migrated when done", () => {
    expect(deprecationCell(null)).toEqual({ text: "—", alert: false });
    expect(deprecationCell({ daysLeft: 21, alert: true, urgency: "soon" })).toEqual({ text: "21 days left", alert: true });
    expect(deprecationCell({ daysLeft: 75, alert: false, urgency: "later" })).toEqual({ text: "75 days left", alert: false });
    expect(deprecationCell({ daysLeft: -40, alert: false, urgency: "done" })).toEqual({ text: "migrated", alert: false });
  });

  it("words a rotation and its tone", () => {
    expect(rotationText(null)).toBe("not recorded");
    expect(rotationText(10)).toBe("due in 10 days");
    expect(rotationText(0)).toBe("due today");
    expect(rotationText(-3)).toBe("3 days overdue");
    expect(rotationTone("overdue")).toBe("negative");
    expect(rotationTone("dueSoon")).toBe("attention");
    expect(rotationTone("ok")).toBe("");
  });

  it("offers only security for the security review and says why a step cannot be completed", () => {
    const people = [
      { login: "sam_ops", fullName: "Sam Ops", team: "ops" },
      { login: "sue_sec", fullName: "Sue Sec", team: "security" },
    ];
    expect(ownersFor("security_review", people).map((p) => p.login)).toEqual(["sue_sec"]);
    expect(ownersFor("design", people)).toHaveLength(2);
    const o = { nextStep: "security_review", completedAt: null };
    const review = { step: "security_review", owner: "sue_sec", completedAt: null };
    expect(completeBlocked(o, review, ["ops"])).toBe("Completed by security");
    expect(completeBlocked(o, review, ["security"])).toBeNull();
    expect(completeBlocked(o, { step: "production", owner: "sam_ops", completedAt: null }, ["ops"])).toBe("Complete security review first");
    expect(completeBlocked(o, { ...review, owner: null }, ["security"])).toBe("Give it an owner first");
    expect(completeBlocked(o, { step: "design", owner: "sam_ops", completedAt: "2026-11-01T10:00:00Z" }, ["ops"])).toBe("Completed");
  });

  it("labels steps, counts progress and adds days", () => {
    expect(labelFrom(STEP_LABELS, "staging_test")).toBe("Staging test");
    expect(labelFrom({}, "in_progress")).toBe("In progress");
    const step = (done: boolean) => ({ step: "x", position: 1, owner: null, ownerName: null, evidence: null, completedBy: null, completedAt: done ? "2026-11-01T10:00:00Z" : null });
    expect(progressText({ steps: [step(true), step(true), step(false), step(false), step(false)] })).toBe("2 of 5 steps");
    expect(addDays("2026-12-03", 90)).toBe("2027-03-03");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
  });
});
