import { describe, expect, it } from "vitest";
import { coreDisputeErrors, deadline, EVIDENCE_MAX, noteProblem, validateDispute } from "./financeSchemas";

describe("dispute changes", () => {
  const open = { status: "needs_response", evidence: "Delivery logs attached" };

  it("sends only what changed: the evidence when edited, the status when moved", () => {
    expect(validateDispute({ status: "under_review", evidence: "Delivery logs attached ", reason: "" }, open)).toEqual({
      ok: true,
      status: "under_review",
      evidence: null,
      reason: null,
    });
    expect(validateDispute({ status: "needs_response", evidence: " Signed order form ", reason: " customer call " }, open)).toEqual({
      ok: true,
      status: "needs_response",
      evidence: "Signed order form",
      reason: "customer call",
    });
  });

  it("refuses a change that changes nothing, too much evidence, and any change to a closed dispute", () => {
    expect(validateDispute({ status: "needs_response", evidence: "Delivery logs attached", reason: "x" }, open)).toEqual({
      ok: false,
      errors: { form: "Nothing to change: pick another status or edit the evidence." },
    });
    expect(validateDispute({ status: "under_review", evidence: "x".repeat(EVIDENCE_MAX + 1), reason: "" }, open)).toEqual({
      ok: false,
      errors: { evidence: "At most 20,000 characters." },
    });
    expect(validateDispute({ status: "needs_response", evidence: "new", reason: "" }, { status: "won", evidence: null })).toEqual({
      ok: false,
      errors: { form: "This dispute is closed (won); it can no longer change." },
    });
    expect(validateDispute({ status: "reopened", evidence: "", reason: "" }, open)).toMatchObject({ ok: false, errors: { status: "Choose needs response, under review, won or lost." } });
  });

  it("places the core's refusal by the field it names", () => {
    expect(coreDisputeErrors("evidence: at most 20000 characters")).toEqual({ evidence: "At most 20000 characters." });
    expect(coreDisputeErrors("Dispute 4 is closed (lost); it can no longer change.")).toEqual({ form: "Dispute 4 is closed (lost); it can no longer change." });
  });
});

describe("follow-up notes and deadlines", () => {
  it("needs words unless the follow-up is marked done", () => {
    expect(noteProblem({ body: "  ", followUpDone: false })).toBe("Write what was done, or mark the follow-up done.");
    expect(noteProblem({ body: "", followUpDone: true })).toBeNull();
    expect(noteProblem({ body: "y".repeat(4001), followUpDone: false })).toBe("At most 4000 characters.");
  });

  it("colours a deadline by how close it is", () => {
    expect(deadline({ status: "needs_response", daysLeft: 2 })).toEqual({ text: "2 days left", tone: "urgent" });
    expect(deadline({ status: "needs_response", daysLeft: 0 })).toEqual({ text: "Due today", tone: "urgent" });
    expect(deadline({ status: "under_review", daysLeft: 6 })).toEqual({ text: "6 days left", tone: "soon" });
    expect(deadline({ status: "needs_response", daysLeft: 12 })).toEqual({ text: "12 days left", tone: "calm" });
    expect(deadline({ status: "needs_response", daysLeft: -1 })).toEqual({ text: "1 day late", tone: "late" });
    expect(deadline({ status: "lost", daysLeft: 3 })).toEqual({ text: "Closed", tone: "closed" });
  });
});
