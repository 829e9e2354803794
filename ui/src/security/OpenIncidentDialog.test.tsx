import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Session } from "../bindings";
import { commands, ok, refused, resetBindings } from "../test/bindingsMock";
import { appStatus } from "../test/fixtures";
import { renderApp } from "../test/renderApp";
import { INC_ID, incidentDetail, incidentList, RESPONDERS, securitySession } from "../test/securityFixtures";

vi.mock("../bindings", () => import("../test/bindingsMock"));

function signIn(session: Session, connection: "online" | "offline" = "online") {
  commands.appStatus.mockReturnValue(ok(appStatus({ session, connection, lastSyncAt: new Date().toISOString() })));
}

beforeEach(() => {
  resetBindings();
  signIn(securitySession());
  commands.listProfiles.mockReturnValue(ok([]));
  commands.localCopy.mockReturnValue(ok([]));
  commands.alertsInbox.mockReturnValue(ok({ alerts: [], matched: 0, counts: { open: 0, overdue: 0, critical: 0 } }));
  commands.securityIncidents.mockReturnValue(ok(incidentList([])));
  commands.securityIncident.mockReturnValue(ok(incidentDetail()));
  commands.securityProposedTeam.mockImplementation((kind: string) => ok(RESPONDERS[kind] ?? []));
});

async function openForm() {
  renderApp();
  await userEvent.click(await screen.findByTestId("nav-operations"));
  await userEvent.click(await screen.findByTestId("incident-open"));
  return screen.findByTestId("incident-form");
}

describe("opening an incident", () => {
  it("ticks the team proposed for the type, proposes again when the type changes, and sends the ticked members", async () => {
    commands.securityOpenIncident.mockReturnValue(ok(INC_ID));
    const form = await openForm();
    await waitFor(() => expect(commands.securityProposedTeam).toHaveBeenCalledWith("other"));
    expect(await within(form).findByTestId("incident-team-sam_sec")).toBeChecked();

    await userEvent.type(within(form).getByTestId("incident-title"), "Admin console logins from an unknown ASN");
    await userEvent.selectOptions(within(form).getByTestId("incident-type"), "credential_compromise");
    await userEvent.selectOptions(within(form).getByTestId("incident-severity"), "SEV1");
    await userEvent.type(within(form).getByTestId("incident-summary"), "Three admin accounts");
    await waitFor(() => expect(commands.securityProposedTeam).toHaveBeenLastCalledWith("credential_compromise"));
    const team = within(form).getByTestId("incident-team");
    expect(await within(team).findByTestId("incident-team-ana_sec")).toBeChecked();
    expect(within(team).getByTestId("incident-team-sam_sec")).toBeChecked();
    expect(within(team).queryByTestId("incident-team-lee_sec")).toBeNull();

    // Untick one, add someone by login.
    await userEvent.click(within(team).getByTestId("incident-team-sam_sec"));
    await userEvent.type(within(team).getByTestId("incident-team-add"), "kim_sec{Enter}");
    expect(within(team).getByTestId("incident-team-kim_sec")).toBeChecked();

    await userEvent.click(within(form).getByTestId("incident-submit"));
    await waitFor(() =>
      expect(commands.securityOpenIncident).toHaveBeenCalledWith({
        title: "Admin console logins from an unknown ASN",
        kind: "credential_compromise",
        severity: "SEV1",
        summary: "Three admin accounts",
        alertId: null,
        team: ["ana_sec", "kim_sec"],
      }),
    );
    expect(await screen.findByTestId("incident-detail")).toHaveAttribute("data-id", INC_ID);
    await waitFor(() => expect(screen.queryByTestId("incident-form")).toBeNull());
  });

  it("shows the core's refusals beside their fields and keeps what was typed", async () => {
    commands.securityOpenIncident.mockReturnValue(refused("invalidInput", 'The incident is refused (2 problem(s))\ntitle: an incident needs a title\nseverity: unknown severity "SEV9"'));
    const form = await openForm();
    await userEvent.type(within(form).getByTestId("incident-summary"), "Something odd on the VPN");
    await userEvent.click(within(form).getByTestId("incident-submit"));
    expect(await within(form).findByTestId("incident-error-title")).toHaveTextContent("An incident needs a title.");
    expect(within(form).getByTestId("incident-error-severity")).toHaveTextContent('Unknown severity "SEV9".');
    expect(within(form).getByTestId("incident-title")).toHaveAttribute("aria-invalid", "true");
    expect(within(form).getByTestId("incident-form-refused")).toHaveTextContent("The incident is refused (2 problem(s)).");
    expect(within(form).getByTestId("incident-form-refused")).not.toHaveTextContent("needs a title");
    expect(within(form).getByTestId("incident-summary")).toHaveValue("Something odd on the VPN");
    // Correcting the field clears its message.
    await userEvent.type(within(form).getByTestId("incident-title"), "VPN");
    expect(within(form).queryByTestId("incident-error-title")).toBeNull();
  });

  it("offline: says the team can't be proposed, and shows the core's unreachable message calmly, keeping the form", async () => {
    signIn(securitySession(), "offline");
    commands.securityProposedTeam.mockReturnValue(refused("unreachable", "Proposing a team needs the platform, and this desk is offline; the incidents show the last synced state."));
    commands.securityOpenIncident.mockReturnValue(refused("unreachable", "Opening an incident needs the platform, and this desk is offline; the incidents show the last synced state."));
    const form = await openForm();
    expect(await within(form).findByTestId("incident-team-offline")).toHaveTextContent("can't be proposed offline");
    expect(within(form).getByTestId("incident-form-offline")).toBeInTheDocument();
    await userEvent.type(within(form).getByTestId("incident-title"), "Phishing wave on finance");
    await userEvent.click(within(form).getByTestId("incident-submit"));
    const banner = await within(form).findByTestId("incident-form-refused");
    expect(banner).toHaveAttribute("data-code", "unreachable");
    expect(banner).toHaveClass("banner-warn");
    expect(banner).toHaveTextContent("needs the platform, and this desk is offline");
    expect(within(form).getByTestId("incident-title")).toHaveValue("Phishing wave on finance");
  });
});
