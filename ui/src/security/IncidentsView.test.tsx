import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { AlertView, IncidentQuery, Session } from "../bindings";
import { commands, ok, refused, resetBindings } from "../test/bindingsMock";
import { appStatus } from "../test/fixtures";
import { dashboard } from "../test/opsFixtures";
import { renderApp } from "../test/renderApp";
import { INC2_ID, INC_ID, incident, incidentDetail, incidentList, minutesAgo, RESPONDERS, secondsFromNow, securitySession } from "../test/securityFixtures";

vi.mock("../bindings", () => import("../test/bindingsMock"));

function signIn(session: Session, connection: "online" | "offline" = "online") {
  commands.appStatus.mockReturnValue(ok(appStatus({ session, connection, lastSyncAt: new Date().toISOString() })));
}

// jsdom has no layout: give the grids' scroll boxes a height so the virtualiser renders rows.
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

const breached = incident({
  id: INC2_ID,
  title: "Contact lists on a paste site",
  kind: "data_breach",
  kindLabel: "data breach",
  severity: "SEV2",
  status: "contained",
  nextStatuses: ["eradicated", "recovered"],
  closeRefusal: "A confirmed breach closes only once the authority was notified.",
  customerDataAffected: true,
  stepsDone: 2,
  stepsTotal: 2,
  evidenceCount: 3,
  openedAt: minutesAgo(60 * 30),
  breach: { confirmedAt: minutesAgo(60 * 60), deadline: secondsFromNow(12 * 3600), secondsLeft: 12 * 3600, notifiedInTime: null, notifiedAt: null },
});

beforeEach(() => {
  resetBindings();
  signIn(securitySession());
  commands.listProfiles.mockReturnValue(ok([]));
  commands.localCopy.mockReturnValue(ok([]));
  commands.alertsInbox.mockReturnValue(ok({ alerts: [], matched: 0, counts: { open: 0, overdue: 0, critical: 0 } }));
  commands.opsHealth.mockImplementation(() => ok(dashboard()));
  commands.opsLastProbes.mockReturnValue(ok([]));
  commands.securityIncidents.mockImplementation((q: IncidentQuery) =>
    ok(incidentList(q.search === null || "admin console".includes(q.search.toLowerCase()) ? [incident(), breached] : [], { open: 2, sev1Open: 1, clocksRunning: 1 })),
  );
  commands.securityIncident.mockImplementation((id: string) => ok(incidentDetail(id === INC2_ID ? breached : {})));
  commands.securityProposedTeam.mockImplementation((kind: string) => ok(RESPONDERS[kind] ?? []));
});

async function openOperations() {
  renderApp();
  await userEvent.click(await screen.findByTestId("nav-operations"));
  return screen.findByTestId("ops-screen");
}

describe("the incidents tab", () => {
  it("is where a security-only member lands, without the ops tabs they cannot use", async () => {
    await openOperations();
    expect(await screen.findByTestId("incidents-view")).toBeInTheDocument();
    expect(screen.getAllByRole("tab").map((t) => t.textContent)).toEqual(["Incidents", "Integrations"]);
    expect(screen.getByTestId("ops-tab-incidents")).toHaveAttribute("aria-selected", "true");
    expect(screen.queryByTestId("ops-tab-health")).toBeNull();
    expect(commands.opsHealth).not.toHaveBeenCalled();
  });

  it("shows to a member holding both roles after the ops tabs, and not to an ops-only member", async () => {
    signIn(securitySession({ roles: ["ops", "security"] }));
    const { unmount } = renderApp();
    await userEvent.click(await screen.findByTestId("nav-operations"));
    await screen.findByTestId("ops-screen");
    expect(screen.getAllByRole("tab").map((t) => t.textContent)).toEqual(["Service health", "Escalations", "Deployments", "Knowledge base", "Incidents", "Integrations"]);
    unmount();

    signIn(securitySession({ roles: ["ops"] }));
    await openOperations();
    expect(screen.queryByTestId("ops-tab-incidents")).toBeNull();
    expect(commands.securityIncidents).not.toHaveBeenCalled();
  });

  it("lists incidents with severity, type, status, containment, evidence and a red breach countdown, and opens one", async () => {
    await openOperations();
    const row = await screen.findByTestId(`incident-row-${INC_ID}`);
    expect(commands.securityIncidents).toHaveBeenCalledWith({ includeFinished: false, search: null });
    expect(within(row).getByTestId("incident-severity")).toHaveTextContent("SEV1");
    expect(within(row).getByTestId("incident-type-cell")).toHaveTextContent("Credential compromise");
    expect(within(row).getByTestId("incident-status")).toHaveTextContent("Investigating");
    expect(within(row).getByTestId("incident-steps")).toHaveTextContent("1/3");
    expect(within(row).getByTestId("incident-evidence-count")).toHaveTextContent("1");
    expect(within(row).getByTestId("incident-age")).toHaveTextContent("1 h");

    const other = screen.getByTestId(`incident-row-${INC2_ID}`);
    expect(within(other).getByTestId("incident-type-cell")).toHaveTextContent("Data breach");
    const chip = within(other).getByTestId("incident-breach-chip");
    expect(chip).toHaveAttribute("data-state", "urgent");
    expect(chip).toHaveTextContent(/^11 h 59 min$/);

    const counts = screen.getByTestId("incident-counts");
    expect(within(counts).getByTestId("incident-count-open")).toHaveTextContent("2 open");
    expect(within(counts).getByTestId("incident-count-sev1")).toHaveClass("is-danger");
    expect(within(counts).getByTestId("incident-count-clocks")).toHaveTextContent("1 breach clock running · 11 h 59 min left");

    await userEvent.click(row);
    const detail = await screen.findByTestId("incident-detail");
    await waitFor(() => expect(detail).toHaveAttribute("data-id", INC_ID));
    expect(within(detail).getByTestId("incident-detail-title")).toHaveTextContent("Admin console logins from an unknown ASN");
    expect(within(detail).getByTestId("incident-lead")).toHaveTextContent("Sam Okafor");
    expect(within(detail).getByTestId("incident-team-list")).toHaveTextContent("ana_sec, sam_sec");
    expect(within(detail).getByTestId("incident-customer-data")).toHaveTextContent("Not known to be affected");
    expect(within(detail).getByTestId("incident-summary-text")).toHaveTextContent("Three admin accounts");

    await userEvent.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByTestId("incident-detail")).toBeNull());
  });

  it("opens the incident under the keyboard with Enter, searches and shows closed ones on request", async () => {
    await openOperations();
    await screen.findByTestId(`incident-row-${INC_ID}`);
    screen.getByTestId("incident-grid").focus();
    await userEvent.keyboard("{ArrowDown}{Enter}");
    expect(await screen.findByTestId("incident-detail")).toHaveAttribute("data-id", INC2_ID);

    await userEvent.click(screen.getByTestId("incident-show-closed"));
    await waitFor(() => expect(commands.securityIncidents).toHaveBeenLastCalledWith({ includeFinished: true, search: null }));
    await userEvent.type(screen.getByTestId("incident-search"), "phish");
    await waitFor(() => expect(commands.securityIncidents).toHaveBeenLastCalledWith({ includeFinished: true, search: "phish" }));
    expect(await screen.findByTestId("incident-empty-filtered")).toHaveTextContent("No incident matches");
  });

  it("says calmly when there is no open incident, with the button to open one", async () => {
    commands.securityIncidents.mockReturnValue(ok(incidentList([], { open: 0, sev1Open: 0, clocksRunning: 0 })));
    await openOperations();
    const empty = await screen.findByTestId("incident-empty");
    expect(empty).toHaveTextContent("No open incidents");
    expect(screen.getByTestId("incident-count-clocks")).not.toHaveClass("breach-chip");
    await userEvent.click(within(empty).getByTestId("incident-empty-open"));
    expect(await screen.findByTestId("incident-form")).toBeInTheDocument();
  });

  it("opens the form with N in the list", async () => {
    await openOperations();
    await screen.findByTestId(`incident-row-${INC_ID}`);
    screen.getByTestId("incident-grid").focus();
    await userEvent.keyboard("n");
    expect(await screen.findByTestId("incident-form")).toBeInTheDocument();
  });
});

describe("the command palette", () => {
  it("goes to Incidents, opens the form, and finds an incident by its words", async () => {
    renderApp();
    await screen.findByTestId("nav-operations");
    await userEvent.keyboard("{Control>}k{/Control}");
    expect(screen.queryByTestId("palette-ops-health")).toBeNull();
    await userEvent.click(await screen.findByTestId("palette-ops-incidents"));
    expect(await screen.findByTestId("incidents-view")).toBeInTheDocument();

    await userEvent.keyboard("{Control>}k{/Control}");
    await userEvent.click(await screen.findByTestId("palette-incident-new"));
    expect(await screen.findByTestId("incident-form")).toBeInTheDocument();
    await userEvent.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByTestId("incident-form")).toBeNull());

    await userEvent.keyboard("{Control>}k{/Control}");
    await userEvent.type(await screen.findByTestId("palette-input"), "admin console");
    const hit = (await screen.findAllByTestId("palette-incident")).find((h) => h.getAttribute("data-id") === INC_ID);
    expect(commands.securityIncidents).toHaveBeenCalledWith({ includeFinished: true, search: "admin console" });
    expect(commands.opsEscalations).not.toHaveBeenCalled();
    if (hit === undefined) throw new Error("no palette hit");
    await userEvent.click(hit);
    expect(await screen.findByTestId("incident-detail")).toHaveAttribute("data-id", INC_ID);
  });
});

describe("a security alert", () => {
  const securityAlert: AlertView = {
    id: 77,
    dedupKey: "admin-login-asn",
    service: "admin-console",
    severity: "critical",
    team: "security",
    title: "Admin logins from AS64500",
    details: "Three admin accounts in ten minutes",
    status: "triggered",
    falsePositive: false,
    occurrences: 1,
    alertsWithKey: 1,
    notes: 0,
    acknowledgedBy: null,
    acknowledgedAt: null,
    resolvedBy: null,
    resolvedAt: null,
    escalateAfter: null,
    createdAt: minutesAgo(3),
    overdue: false,
    version: 1,
    sync: { state: "synced" },
  };

  it("opens the open-incident form with its title and id, and the new incident in Operations", async () => {
    commands.alertsInbox.mockReturnValue(ok({ alerts: [securityAlert], matched: 1, counts: { open: 1, overdue: 0, critical: 1 } }));
    commands.alertDetail.mockReturnValue(ok({ alert: securityAlert, notes: [], history: [] }));
    commands.securityOpenIncident.mockReturnValue(ok(INC_ID));
    renderApp();
    await userEvent.click(await screen.findByTestId("nav-alerts"));
    await userEvent.click(await screen.findByTestId("alert-row"));
    await userEvent.click(await screen.findByTestId("alert-open-incident"));
    const form = await screen.findByTestId("incident-form");
    expect(within(form).getByTestId("incident-title")).toHaveValue("Admin logins from AS64500");
    expect(within(form).getByTestId<HTMLTextAreaElement>("incident-summary").value).toContain("Three admin accounts in ten minutes");
    await userEvent.selectOptions(within(form).getByTestId("incident-type"), "credential_compromise");
    await waitFor(() => expect(within(form).getByTestId("incident-team-ana_sec")).toBeChecked());
    await userEvent.click(within(form).getByTestId("incident-submit"));
    await waitFor(() => expect(commands.securityOpenIncident).toHaveBeenCalledWith(expect.objectContaining({ title: "Admin logins from AS64500", alertId: 77, kind: "credential_compromise", team: ["ana_sec", "sam_sec"] })));
    expect(await screen.findByTestId("incident-detail")).toHaveAttribute("data-id", INC_ID);
    expect(screen.getByTestId("ops-tab-incidents")).toHaveAttribute("aria-selected", "true");
  });

  it("offers no incident to a member without desk_security", async () => {
    signIn(securitySession({ roles: ["ops"], sections: ["home", "alerts", "operations"] }));
    commands.alertsInbox.mockReturnValue(ok({ alerts: [securityAlert], matched: 1, counts: { open: 1, overdue: 0, critical: 1 } }));
    commands.alertDetail.mockReturnValue(ok({ alert: securityAlert, notes: [], history: [] }));
    renderApp();
    await userEvent.click(await screen.findByTestId("nav-alerts"));
    await userEvent.click(await screen.findByTestId("alert-row"));
    await screen.findByTestId("alert-detail");
    expect(screen.queryByTestId("alert-open-incident")).toBeNull();
  });
});

describe("refusals", () => {
  it("keeps the list readable when the core refuses the read", async () => {
    commands.securityIncidents.mockReturnValue(refused("invalidInput", "Security incidents are for the security team (desk_security) only."));
    await openOperations();
    expect(await screen.findByTestId("incident-error")).toHaveTextContent("desk_security");
  });
});
