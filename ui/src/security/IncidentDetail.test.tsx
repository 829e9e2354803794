import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { IncidentDetail } from "../bindings";
import { commands, emit, ok, refused, resetBindings } from "../test/bindingsMock";
import { appStatus } from "../test/fixtures";
import { renderApp } from "../test/renderApp";
import { EV_ID, evidenceItem, HASH_A, HASH_B, INC_ID, incidentDetail, incidentList, minutesAgo, opening, secondsFromNow, securitySession } from "../test/securityFixtures";

vi.mock("../bindings", () => import("../test/bindingsMock"));

const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, "clientHeight");
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, "clientHeight", {
    configurable: true,
    get(this: HTMLElement) {
      return this.getAttribute("role") === "grid" ? 420 : 0;
    },
  });
});
afterAll(() => {
  if (clientHeight) Object.defineProperty(HTMLElement.prototype, "clientHeight", clientHeight);
});
afterEach(() => {
  vi.useRealTimers();
});

/** A sync finished: the status-changed listeners hear it. */
function syncArrives() {
  emit("statusChanged", { status: appStatus({ session: securitySession(), connection: "online", lastSyncAt: new Date().toISOString() }) });
}

function serve(detail: IncidentDetail) {
  commands.securityIncident.mockImplementation(() => ok(detail));
  commands.securityIncidents.mockImplementation(() => ok(incidentList([detail.incident])));
}

beforeEach(() => {
  resetBindings();
  commands.appStatus.mockReturnValue(ok(appStatus({ session: securitySession(), connection: "online", lastSyncAt: new Date().toISOString() })));
  commands.listProfiles.mockReturnValue(ok([]));
  commands.localCopy.mockReturnValue(ok([]));
  commands.alertsInbox.mockReturnValue(ok({ alerts: [], matched: 0, counts: { open: 0, overdue: 0, critical: 0 } }));
  serve(incidentDetail());
});

async function openIncident() {
  renderApp();
  await userEvent.click(await screen.findByTestId("nav-operations"));
  await userEvent.click(await screen.findByTestId(`incident-row-${INC_ID}`));
  const detail = await screen.findByTestId("incident-detail");
  await waitFor(() => expect(detail).toHaveAttribute("data-id", INC_ID));
  return detail;
}

describe("closing", () => {
  it("is off with the reason while the incident is not contained", async () => {
    const detail = await openIncident();
    const close = within(detail).getByTestId("incident-close");
    expect(close).toBeDisabled();
    expect(close).toHaveAttribute("title", "Contain it before closing.");
    expect(within(detail).getByTestId("incident-close-reason")).toHaveTextContent("Contain it before closing.");
  });

  it("takes the lessons and follow-up rows, and shows a row's refusal beside it", async () => {
    serve(incidentDetail({ status: "recovered", nextStatuses: [], closeRefusal: null, containedAt: minutesAgo(30) }));
    commands.securityClose.mockReturnValueOnce(refused("invalidInput", "Closing the incident is refused (1 problem(s))\nfollowUps.1.owner: name who does it"));
    commands.securityClose.mockReturnValueOnce(ok(null));
    const detail = await openIncident();
    const close = within(detail).getByTestId("incident-close");
    expect(close).toBeEnabled();
    await userEvent.click(close);
    const dialog = await screen.findByTestId("close-dialog");
    await userEvent.click(within(dialog).getByTestId("close-submit"));
    expect(await within(dialog).findByTestId("close-error-lessons")).toHaveTextContent("Write the lessons learned.");
    expect(commands.securityClose).not.toHaveBeenCalled();

    await userEvent.type(within(dialog).getByTestId("close-lessons"), "MFA on every admin account");
    await userEvent.click(within(dialog).getByTestId("followup-add"));
    await userEvent.click(within(dialog).getByTestId("followup-add"));
    await userEvent.click(within(dialog).getByTestId("followup-add"));
    await userEvent.type(within(dialog).getByTestId("followup-action-0"), "Enforce MFA");
    await userEvent.type(within(dialog).getByTestId("followup-owner-0"), "ana_sec");
    await userEvent.type(within(dialog).getByTestId("followup-due-0"), "2030-01-15");
    await userEvent.type(within(dialog).getByTestId("followup-action-1"), "Alert on new ASNs");
    await userEvent.click(within(dialog).getByTestId("followup-remove-2"));
    expect(within(dialog).queryByTestId("followup-2")).toBeNull();
    await userEvent.click(within(dialog).getByTestId("close-submit"));
    await waitFor(() =>
      expect(commands.securityClose).toHaveBeenCalledWith(
        INC_ID,
        "MFA on every admin account",
        [
          { action: "Enforce MFA", owner: "ana_sec", dueOn: "2030-01-15" },
          { action: "Alert on new ASNs", owner: "", dueOn: null },
        ],
        4,
      ),
    );
    expect(await within(dialog).findByTestId("followup-error-owner-1")).toHaveTextContent("Name who does it.");
    expect(within(dialog).getByTestId("followup-action-1")).toHaveValue("Alert on new ASNs");
    await userEvent.type(within(dialog).getByTestId("followup-owner-1"), "sam_sec");
    expect(within(dialog).queryByTestId("followup-error-owner-1")).toBeNull();
    await userEvent.click(within(dialog).getByTestId("close-submit"));
    await waitFor(() => expect(commands.securityClose).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(screen.queryByTestId("close-dialog")).toBeNull());
  });
});

describe("the breach clock", () => {
  it("counts down live to the 72-hour deadline, turns red under 24 hours and says when it is overdue", async () => {
    const deadline = secondsFromNow(24 * 3600 + 4);
    serve(
      incidentDetail({
        kind: "data_breach",
        kindLabel: "data breach",
        customerDataAffected: true,
        breach: { confirmedAt: minutesAgo(48 * 60), deadline, secondsLeft: 24 * 3600 + 4, notifiedInTime: null, notifiedAt: null },
      }),
    );
    const detail = await openIncident();
    const clock = within(detail).getByTestId("breach-clock");
    expect(clock).toHaveAttribute("data-state", "running");
    expect(within(clock).getByTestId("breach-countdown")).toHaveTextContent(/^1 d 00 h 00 min left$/);
    expect(within(detail).getByTestId("incident-customer-data")).toHaveTextContent("Affected");
    expect(within(detail).queryByTestId("breach-confirm")).toBeNull();

    // The next tick, a few seconds on: under 24 hours, red, seconds ticking.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.parse(deadline) - (23 * 3600 + 59 * 60 + 50) * 1000);
    await waitFor(() => expect(clock).toHaveAttribute("data-state", "urgent"), { timeout: 3000 });
    expect(within(clock).getByTestId("breach-countdown")).toHaveTextContent(/^23 h 59 min 5\d s left$/);
    expect(clock).toHaveClass("is-urgent");

    vi.setSystemTime(Date.parse(deadline) + (3 * 3600 + 2 * 60 + 10) * 1000);
    await waitFor(() => expect(clock).toHaveAttribute("data-state", "overdue"), { timeout: 3000 });
    expect(within(clock).getByTestId("breach-countdown")).toHaveTextContent(/^overdue by 3 h 02 min 1\d s$/);
  });

  it("records the authority notified with its reference, then says it was in time", async () => {
    const running = incidentDetail({
      kind: "data_breach",
      breach: { confirmedAt: minutesAgo(60), deadline: secondsFromNow(71 * 3600), secondsLeft: 71 * 3600, notifiedInTime: null, notifiedAt: null },
    });
    serve(running);
    commands.securityNotifyAuthority.mockReturnValue(ok(null));
    const detail = await openIncident();
    await userEvent.click(within(detail).getByTestId("authority-notify"));
    const dialog = await screen.findByTestId("authority-dialog");
    await userEvent.type(within(dialog).getByTestId("authority-reference"), "ICO-2026-118734");
    await userEvent.click(within(dialog).getByTestId("authority-submit"));
    await waitFor(() => expect(commands.securityNotifyAuthority).toHaveBeenCalledWith(INC_ID, "ICO-2026-118734", 4));
    expect(await within(detail).findByTestId("incident-change-state")).toHaveAttribute("data-phase", "waiting");

    serve(
      incidentDetail(
        {
          kind: "data_breach",
          version: 5,
          authorityReference: "ICO-2026-118734",
          breach: { confirmedAt: minutesAgo(60), deadline: secondsFromNow(71 * 3600), secondsLeft: null, notifiedInTime: true, notifiedAt: minutesAgo(0) },
        },
        { timeline: [...running.timeline, { id: "t9", at: minutesAgo(0), author: "sandbox_security", kind: "authority_notified", body: "authority notified (ICO-2026-118734)", evidenceSha256: null }] },
      ),
    );
    syncArrives();
    await waitFor(() => expect(within(detail).getByTestId("breach-clock")).toHaveAttribute("data-state", "notifiedInTime"));
    expect(within(detail).getByTestId("breach-clock-verdict")).toHaveTextContent("Authority notified in time");
    expect(within(detail).getByTestId("breach-reference")).toHaveTextContent("ICO-2026-118734");
    expect(within(detail).queryByTestId("incident-change-state")).toBeNull();
  });

  it("starts when a breach is confirmed with its note", async () => {
    commands.securityConfirmBreach.mockReturnValue(ok(null));
    const detail = await openIncident();
    await userEvent.click(within(detail).getByTestId("breach-confirm"));
    const dialog = await screen.findByTestId("breach-dialog");
    await userEvent.click(within(dialog).getByTestId("breach-submit"));
    expect(await within(dialog).findByTestId("breach-error-note")).toHaveTextContent("Say what confirmed the breach.");
    await userEvent.type(within(dialog).getByTestId("breach-note"), "Contact lists on a paste site");
    await userEvent.click(within(dialog).getByTestId("breach-submit"));
    await waitFor(() => expect(commands.securityConfirmBreach).toHaveBeenCalledWith(INC_ID, "Contact lists on a paste site", 4));
  });
});

describe("evidence", () => {
  it("shows a tampered file loudly when it is opened: both hashes, the custody chain with the mismatch in red", async () => {
    const tampered = evidenceItem({
      mismatchSeen: true,
      custody: [
        { at: minutesAgo(60), login: "ana_sec", action: "collected", purpose: "Auth proxy log", sha256Seen: HASH_A, hashMatched: true },
        { at: minutesAgo(5), login: "sam_sec", action: "opened", purpose: "Review", sha256Seen: HASH_B, hashMatched: false },
      ],
    });
    serve(incidentDetail({}, { evidence: [tampered] }));
    // The platform's chain right after this opening ends with it (the synced copy has not got it yet).
    const afterOpening = [
      ...tampered.custody,
      { at: minutesAgo(0), login: "sam_sec", action: "opened", purpose: "Post-incident review", sha256Seen: HASH_B, hashMatched: false },
    ];
    commands.securityOpenEvidence.mockReturnValue(ok(opening({ verdict: "tamperedAtRest", storedSha256: HASH_B, receivedSha256: HASH_B, custody: afterOpening })));
    const detail = await openIncident();
    const row = within(detail).getByTestId("evidence-row-auth-proxy.log");
    expect(within(row).getByTestId("evidence-mismatch")).toHaveTextContent("HASH MISMATCH");
    expect(within(row).getByTestId("evidence-size")).toHaveTextContent("14 KB");
    expect(within(row).getByTestId("evidence-hash")).toHaveTextContent("3f2a9c0d…998877");
    expect(within(row).getByTestId("evidence-custody-count")).toHaveTextContent("2 custody entries");

    await userEvent.click(within(row).getByTestId("evidence-open-auth-proxy.log"));
    const dialog = await screen.findByTestId("evidence-open-dialog");
    await userEvent.click(within(dialog).getByTestId("evidence-purpose-submit"));
    expect(await within(dialog).findByTestId("evidence-error-purpose")).toBeInTheDocument();
    await userEvent.type(within(dialog).getByTestId("evidence-purpose"), "Post-incident review");
    await userEvent.click(within(dialog).getByTestId("evidence-purpose-submit"));
    await waitFor(() => expect(commands.securityOpenEvidence).toHaveBeenCalledWith(EV_ID, "Post-incident review"));

    const verdict = await within(dialog).findByTestId("evidence-verdict");
    expect(verdict).toHaveAttribute("data-verdict", "tamperedAtRest");
    expect(verdict).toHaveClass("is-loud");
    expect(verdict).toHaveAttribute("role", "alert");
    expect(verdict).toHaveTextContent("EVIDENCE TAMPERED");
    expect(verdict).toHaveTextContent(`This file no longer matches the hash recorded when it was collected: recorded ${HASH_A}, stored now ${HASH_B}`);
    expect(within(dialog).getByTestId("evidence-preview")).toHaveTextContent("login admin_1");
    expect(within(dialog).getByTestId("evidence-save")).toBeInTheDocument();
    const custody = within(dialog).getAllByTestId("custody-row");
    expect(custody).toHaveLength(3);
    expect(custody[1]).toHaveAttribute("data-matched", "false");
    expect(custody[1]).toHaveClass("is-mismatch");
    expect(custody[1]).toHaveTextContent("✗");
    expect(custody[2]).toHaveTextContent("Post-incident review");
    expect(custody[2]).toHaveAttribute("data-matched", "false");
  });

  it("says an intact file is intact, calmly, with its hash", async () => {
    commands.securityOpenEvidence.mockReturnValue(ok(opening()));
    const detail = await openIncident();
    await userEvent.click(within(detail).getByTestId("evidence-open-auth-proxy.log"));
    const dialog = await screen.findByTestId("evidence-open-dialog");
    await userEvent.type(within(dialog).getByTestId("evidence-purpose"), "Timeline");
    await userEvent.click(within(dialog).getByTestId("evidence-purpose-submit"));
    const verdict = await within(dialog).findByTestId("evidence-verdict");
    expect(verdict).toHaveAttribute("data-verdict", "intact");
    expect(verdict).toHaveClass("is-intact");
    expect(verdict).not.toHaveClass("is-loud");
    expect(within(verdict).getByTestId("evidence-verdict-hash")).toHaveTextContent(HASH_A);
  });

  it("reads, hashes and base64-encodes an attached file, and refuses one over 50 MB unread", async () => {
    commands.securityAttachEvidence.mockReturnValue(ok("ev-new"));
    const detail = await openIncident();
    await userEvent.click(within(detail).getByTestId("evidence-attach"));
    const dialog = await screen.findByTestId("evidence-attach-dialog");

    const huge = new File(["x"], "disk.img", { type: "application/octet-stream" });
    Object.defineProperty(huge, "size", { value: 51 * 1024 * 1024 });
    const read = vi.spyOn(huge, "arrayBuffer");
    await userEvent.upload(within(dialog).getByTestId("evidence-file"), huge);
    expect(await within(dialog).findByTestId("evidence-error-file")).toHaveTextContent("disk.img is 51 MB; evidence is limited to 50 MB per file.");
    await userEvent.type(within(dialog).getByTestId("evidence-description"), "Disk image");
    await userEvent.click(within(dialog).getByTestId("evidence-submit"));
    expect(read).not.toHaveBeenCalled();
    expect(commands.securityAttachEvidence).not.toHaveBeenCalled();

    const file = new File(["hello"], "note.txt", { type: "text/plain" });
    await userEvent.upload(within(dialog).getByTestId("evidence-file"), file);
    expect(within(dialog).queryByTestId("evidence-error-file")).toBeNull();
    await userEvent.click(within(dialog).getByTestId("evidence-submit"));
    await waitFor(() => expect(commands.securityAttachEvidence).toHaveBeenCalledTimes(1));
    const sent = commands.securityAttachEvidence.mock.calls[0]?.[0] as { sha256: string | null; contentBase64: string };
    expect(commands.securityAttachEvidence).toHaveBeenCalledWith(expect.objectContaining({ incidentId: INC_ID, fileName: "note.txt", mediaType: "text/plain", description: "Disk image", contentBase64: "aGVsbG8=" }));
    // Web Crypto where the window has it; null (the core hashes it) where it does not.
    expect([null, "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"]).toContain(sent.sha256);
    await waitFor(() => expect(screen.queryByTestId("evidence-attach-dialog")).toBeNull());
  });
});

describe("containment and the timeline", () => {
  it("ticks a step off with an optional note and adds a step with its assignee", async () => {
    commands.securityCompleteStep.mockReturnValue(ok(null));
    commands.securityAddStep.mockReturnValueOnce(refused("invalidInput", "The step is refused (1 problem(s))\nassignee: nobody_x is not active staff"));
    commands.securityAddStep.mockReturnValueOnce(ok("s4"));
    const detail = await openIncident();
    const containment = within(detail).getByTestId("containment");
    expect(within(containment).getByTestId("containment-progress")).toHaveTextContent("1/3");
    expect(within(containment).getByTestId("step-done-by-1")).toHaveTextContent("Done by ana_sec");
    expect(within(containment).queryByTestId("step-done-1")).toBeNull();
    await userEvent.click(within(containment).getByTestId("step-done-2"));
    const dialog = await screen.findByTestId("step-note-dialog");
    await userEvent.type(within(dialog).getByTestId("step-note"), "Keys rotated 14:05");
    await userEvent.click(within(dialog).getByTestId("step-note-submit"));
    await waitFor(() => expect(commands.securityCompleteStep).toHaveBeenCalledWith("s2", "Keys rotated 14:05", 1));
    await waitFor(() => expect(screen.queryByTestId("step-note-dialog")).toBeNull());

    await userEvent.type(within(containment).getByTestId("step-text"), "Reset the admins' passwords");
    await userEvent.type(within(containment).getByTestId("step-assignee"), "nobody_x");
    await userEvent.click(within(containment).getByTestId("step-add"));
    expect(await within(containment).findByTestId("step-error-assignee")).toHaveTextContent("nobody_x is not active staff.");
    expect(within(containment).getByTestId("step-text")).toHaveValue("Reset the admins' passwords");
    await userEvent.clear(within(containment).getByTestId("step-assignee"));
    await userEvent.type(within(containment).getByTestId("step-assignee"), "sam_sec");
    await userEvent.click(within(containment).getByTestId("step-add"));
    await waitFor(() => expect(commands.securityAddStep).toHaveBeenLastCalledWith(INC_ID, "Reset the admins' passwords", "sam_sec"));
    await waitFor(() => expect(within(containment).getByTestId("step-text")).toHaveValue(""));
  });

  it("lists the timeline oldest first, an evidence mismatch in red, and adds a note; offline it says so and keeps the text", async () => {
    serve(
      incidentDetail({}, {
        timeline: [
          { id: "t1", at: minutesAgo(95), author: "sam_sec", kind: "classification", body: "opened as SEV1 credential compromise", evidenceSha256: null },
          { id: "t2", at: minutesAgo(3), author: "sam_sec", kind: "evidence_mismatch", body: "auth-proxy.log no longer matches its recorded SHA-256", evidenceSha256: HASH_A },
        ],
      }),
    );
    commands.securityAddEntry.mockReturnValueOnce(refused("unreachable", "Adding to the timeline needs the platform, and this desk is offline; the incidents show the last synced state."));
    commands.securityAddEntry.mockReturnValueOnce(ok(null));
    const detail = await openIncident();
    const timeline = within(detail).getByTestId("incident-timeline");
    const entries = within(timeline).getAllByTestId("incident-timeline-entry");
    expect(entries.map((e) => e.getAttribute("data-kind"))).toEqual(["classification", "evidence_mismatch"]);
    expect(entries[1]).toHaveClass("is-mismatch");
    expect(entries[1]).toHaveTextContent("Evidence hash mismatch");

    await userEvent.type(within(timeline).getByTestId("note-text"), "Red team confirms it was not them");
    await userEvent.click(within(timeline).getByTestId("note-add"));
    const calm = await within(timeline).findByTestId("note-refused");
    expect(calm).toHaveAttribute("data-code", "unreachable");
    expect(within(timeline).getByTestId("note-text")).toHaveValue("Red team confirms it was not them");
    await userEvent.selectOptions(within(timeline).getByTestId("note-kind"), "lesson");
    await userEvent.click(within(timeline).getByTestId("note-add"));
    await waitFor(() => expect(commands.securityAddEntry).toHaveBeenLastCalledWith(INC_ID, "lesson", "Red team confirms it was not them"));
    await waitFor(() => expect(within(timeline).getByTestId("note-text")).toHaveValue(""));
  });
});

describe("moving on", () => {
  it("asks the reason of a false positive, and shows the record waiting for sync until the change arrives", async () => {
    commands.securitySetStatus.mockReturnValue(ok(null));
    const detail = await openIncident();
    await userEvent.click(within(detail).getByTestId("incident-move"));
    const dialog = await screen.findByTestId("status-dialog");
    expect(within(dialog).getAllByRole("radio").map((r) => r.getAttribute("value"))).toEqual(["contained", "eradicated", "recovered", "false_positive"]);
    await userEvent.click(within(dialog).getByTestId("status-option-false_positive"));
    await userEvent.click(within(dialog).getByTestId("status-submit"));
    expect(await within(dialog).findByTestId("status-error-note")).toHaveTextContent("Say why it is a false positive.");
    expect(commands.securitySetStatus).not.toHaveBeenCalled();
    await userEvent.type(within(dialog).getByTestId("status-note"), "Red team exercise SEC-412");
    await userEvent.click(within(dialog).getByTestId("status-submit"));
    await waitFor(() => expect(commands.securitySetStatus).toHaveBeenCalledWith(INC_ID, "false_positive", "Red team exercise SEC-412", 4));
    const state = await within(detail).findByTestId("incident-change-state");
    expect(state).toHaveAttribute("data-phase", "waiting");
    expect(state).toHaveTextContent("Waiting for sync");
    expect(commands.securityIncident.mock.calls.length).toBeGreaterThanOrEqual(2);

    serve(incidentDetail({ status: "false_positive", nextStatuses: [], closeRefusal: "It is already false positive.", falsePositiveReason: "Red team exercise SEC-412", version: 5 }));
    syncArrives();
    await waitFor(() => expect(within(detail).getByTestId("incident-detail-status")).toHaveTextContent("False positive"));
    expect(within(detail).queryByTestId("incident-change-state")).toBeNull();
    expect(within(detail).getByTestId("incident-fp-reason")).toHaveTextContent("Red team exercise SEC-412");
    expect(within(detail).queryByTestId("incident-actions")).toBeNull();
  });

  it("reclassifies with a reason", async () => {
    commands.securityClassify.mockReturnValue(ok(null));
    const detail = await openIncident();
    await userEvent.click(within(detail).getByTestId("incident-reclassify"));
    const dialog = await screen.findByTestId("reclassify-dialog");
    expect(within(dialog).getByTestId("reclassify-type")).toHaveValue("credential_compromise");
    await userEvent.selectOptions(within(dialog).getByTestId("reclassify-type"), "data_breach");
    await userEvent.selectOptions(within(dialog).getByTestId("reclassify-severity"), "SEV2");
    await userEvent.type(within(dialog).getByTestId("reclassify-reason"), "Exfiltration confirmed");
    await userEvent.click(within(dialog).getByTestId("reclassify-submit"));
    await waitFor(() => expect(commands.securityClassify).toHaveBeenCalledWith(INC_ID, "data_breach", "SEV2", "Exfiltration confirmed", 4));
  });
});
