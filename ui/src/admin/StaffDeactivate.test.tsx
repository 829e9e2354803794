import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Deactivation, DeactivationPlan, DeskRole, StaffQuery, StaffView } from "../bindings";
import { commands, ok, refused, sessionFor } from "../test/bindingsMock";
import { appStatus } from "../test/fixtures";
import { answerAdminShell } from "../test/adminFixtures";
import { renderApp } from "../test/renderApp";

vi.mock("../bindings", () => import("../test/bindingsMock"));

const session = sessionFor("admin");

const member = (login: string, fullName: string, roles: DeskRole[], over: Partial<StaffView> = {}): StaffView => ({
  id: `id-${login}`,
  login,
  fullName,
  email: `${login}@penguin.example`,
  team: roles[0] ?? "cs",
  roles,
  active: true,
  createdAt: "2026-03-02T09:00:00Z",
  deactivatedAt: null,
  version: 3,
  setupExpiresAt: null,
  ...over,
});

const ANA = member("ana", "Ana Lee", ["cs"]);
const BO = member("bo", "Bo Chen", ["admin"]);
const STAFF = [ANA, BO, member("cy", "Cy Ode", ["cs"]), member("sandbox_admin", "Sandbox Admin", ["admin"]), member("zed", "Zed Park", ["ops"], { active: false })];

/** Active members only unless asked, as the core answers. */
function answerStaff(staff: StaffView[]) {
  commands.adminStaff.mockImplementation((q: StaffQuery) => ok(staff.filter((m) => q.includeInactive || m.active)));
}

const plan = (over: Partial<DeactivationPlan> = {}): DeactivationPlan => ({
  member: ANA,
  dependants: [
    { kind: "account", id: "t1", label: "Acme Mail", detail: "CSM; 1 active success plan" },
    { kind: "account", id: "t2", label: "Globex", detail: "CSM" },
    { kind: "alert", id: "41", label: "Bounce rate above 5% on Acme Mail", detail: "acknowledged 2 days ago (team cs)" },
  ],
  lastAdmin: false,
  candidates: {
    account: [
      { login: "ana", fullName: "Ana Lee" },
      { login: "cy", fullName: "Cy Ode" },
    ],
    escalation: [],
    alert: [{ login: "bo", fullName: "Bo Chen" }],
  },
  ...over,
});

beforeEach(() => {
  answerAdminShell(session);
  answerStaff(STAFF);
  commands.adminDeactivationPlan.mockReturnValue(ok(plan()));
});

async function openMember(login: string) {
  renderApp();
  await userEvent.click(await screen.findByTestId("nav-admin"));
  await screen.findByTestId("staff-grid");
  await waitFor(() => expect(screen.getAllByTestId("staff-row").length).toBeGreaterThan(0));
  const row = screen.getAllByTestId("staff-row").find((r) => r.getAttribute("data-login") === login);
  if (!row) throw new Error(`no row for ${login}`);
  await userEvent.click(row);
  return screen.findByTestId("staff-detail");
}

async function openDeactivate(login = "ana") {
  const panel = await openMember(login);
  await userEvent.click(within(panel).getByTestId("staff-deactivate"));
  return screen.findByTestId("staff-deactivate-dialog");
}

describe("deactivating a member", () => {
  it("refuses the last administrator, saying what to do instead, with no confirm", async () => {
    commands.adminDeactivationPlan.mockReturnValue(ok(plan({ member: BO, dependants: [], lastAdmin: true })));
    const dialog = await openDeactivate("bo");
    expect(commands.adminDeactivationPlan).toHaveBeenCalledWith("bo");
    expect(await within(dialog).findByTestId("staff-last-admin")).toHaveTextContent(
      "bo is the last administrator and cannot be deactivated. Make another active member an administrator first.",
    );
    expect(within(dialog).queryByTestId("staff-deactivate-confirm")).toBeNull();
    expect(within(dialog).queryByTestId("staff-deactivate-reason")).toBeNull();
  });

  it("shows a loading state while the plan is read", async () => {
    commands.adminDeactivationPlan.mockReturnValue(new Promise(() => undefined));
    const dialog = await openDeactivate();
    expect(within(dialog).getByTestId("staff-deactivate-loading")).toHaveTextContent("Reading what depends on Ana Lee");
  });

  it("lists dependants by kind, needs a successor for each kind present and a reason, then sends the successors chosen", async () => {
    commands.adminDeactivate.mockImplementation((d: Deactivation) => ok({ ...ANA, active: false, deactivatedAt: "2026-11-25T10:00:00Z", version: 4, login: d.login }));
    const dialog = await openDeactivate();
    const accounts = await within(dialog).findByTestId("staff-dependants-account");
    expect(accounts).toHaveTextContent("Accounts and success plans they own");
    expect(accounts).toHaveTextContent("Acme Mail");
    expect(accounts).toHaveTextContent("CSM; 1 active success plan");
    expect(within(dialog).getByTestId("staff-dependants-alert")).toHaveTextContent("Alerts they acknowledged");
    expect(within(dialog).queryByTestId("staff-dependants-escalation")).toBeNull();
    expect(within(dialog).queryByTestId("staff-successor-escalation")).toBeNull();
    // The member is not offered as their own successor.
    const accountSelect = within(dialog).getByTestId("staff-successor-account");
    expect(within(accountSelect).getAllByRole("option").map((o) => o.textContent)).toEqual(["Choose…", "Cy Ode (cy)"]);
    expect(within(dialog).getByTestId("staff-deactivate-explain")).toHaveTextContent("open sessions end");
    expect(within(dialog).getByTestId("staff-deactivate-explain")).toHaveTextContent("retention policy");

    const confirm = within(dialog).getByTestId("staff-deactivate-confirm");
    expect(confirm).toHaveClass("button-danger");
    await userEvent.click(confirm);
    expect(commands.adminDeactivate).not.toHaveBeenCalled();
    expect(within(dialog).getByTestId("staff-deactivate-error-account")).toHaveTextContent("Choose who takes over the 2 accounts.");
    expect(within(dialog).getByTestId("staff-deactivate-error-alert")).toHaveTextContent("Choose who takes over the alert.");
    expect(within(dialog).getByTestId("staff-deactivate-error-reason")).toBeInTheDocument();

    await userEvent.selectOptions(accountSelect, "cy");
    expect(within(dialog).queryByTestId("staff-deactivate-error-account")).toBeNull();
    await userEvent.selectOptions(within(dialog).getByTestId("staff-successor-alert"), "bo");
    await userEvent.type(within(dialog).getByTestId("staff-deactivate-reason"), "Left the company");
    const calls = commands.adminStaff.mock.calls.length;
    await userEvent.click(confirm);
    expect(commands.adminDeactivate).toHaveBeenCalledWith({ login: "ana", reason: "Left the company", successors: { account: "cy", escalation: null, alert: "bo" } });

    await waitFor(() => expect(screen.queryByTestId("staff-deactivate-dialog")).toBeNull());
    await waitFor(() => expect(commands.adminStaff.mock.calls.length).toBeGreaterThan(calls));
    // The local copy still lists Ana as active until the sync catches up: the panel keeps her deactivated.
    const panel = screen.getByTestId("staff-detail");
    expect(panel).toHaveAttribute("data-login", "ana");
    expect(within(panel).getByTestId("staff-status")).toHaveTextContent("Deactivated");
    expect(within(panel).queryByTestId("staff-deactivate")).toBeNull();
    expect(screen.getByTestId("toast")).toHaveTextContent("Ana Lee was deactivated");
  });

  it("says who would be needed when nobody can take a kind over", async () => {
    commands.adminDeactivationPlan.mockReturnValue(
      ok(plan({ dependants: [{ kind: "escalation", id: "e1", label: "ESC-12 Webhook failures", detail: "high, open" }] })),
    );
    const dialog = await openDeactivate();
    expect(await within(dialog).findByTestId("staff-successor-escalation-none")).toHaveTextContent("desk_ops member");
    expect(within(dialog).queryByTestId("staff-successor-escalation")).toBeNull();
  });

  it("says when nothing depends on the member, and places the platform's refusal beside its control", async () => {
    commands.adminDeactivationPlan.mockReturnValue(ok(plan({ dependants: [] })));
    commands.adminDeactivate.mockReturnValue(refused("invalidInput", "the deactivation has 2 problem(s)\nreason: too short to explain anything\naccount: Globex was given to ana meanwhile"));
    const dialog = await openDeactivate();
    expect(await within(dialog).findByTestId("staff-deactivate-nothing")).toHaveTextContent("Nothing depends on Ana Lee.");
    await userEvent.type(within(dialog).getByTestId("staff-deactivate-reason"), "Gone");
    await userEvent.click(within(dialog).getByTestId("staff-deactivate-confirm"));
    expect(commands.adminDeactivate).toHaveBeenCalledWith({ login: "ana", reason: "Gone", successors: { account: null, escalation: null, alert: null } });
    expect(await within(dialog).findByTestId("staff-deactivate-error-reason")).toHaveTextContent("Too short to explain anything.");
    // No successor control is shown for accounts, so that line goes on top with the general one.
    const general = within(dialog).getByTestId("staff-deactivate-error");
    expect(general).toHaveTextContent("The deactivation has 2 problem(s).");
    expect(general).toHaveTextContent("Account: Globex was given to ana meanwhile.");
    expect(within(dialog).getByTestId("staff-deactivate-reason")).toHaveValue("Gone");
  });

  it("is not offered for oneself nor for a deactivated member", async () => {
    await openMember("sandbox_admin");
    expect(screen.queryByTestId("staff-deactivate")).toBeNull();

    await userEvent.click(screen.getByTestId("staff-show-inactive"));
    await waitFor(() => expect(screen.getAllByTestId("staff-row").some((r) => r.getAttribute("data-login") === "zed")).toBe(true));
    const zed = screen.getAllByTestId("staff-row").find((r) => r.getAttribute("data-login") === "zed");
    if (!zed) throw new Error("no row for zed");
    await userEvent.click(zed);
    await waitFor(() => expect(screen.getByTestId("staff-detail")).toHaveAttribute("data-login", "zed"));
    expect(screen.queryByTestId("staff-deactivate")).toBeNull();
  });

  it("is off offline, saying why", async () => {
    commands.appStatus.mockReturnValue(ok(appStatus({ session, connection: "offline", lastSyncAt: new Date().toISOString() })));
    const panel = await openMember("ana");
    expect(within(panel).getByTestId("staff-deactivate")).toBeDisabled();
    expect(within(panel).getByTestId("staff-deactivate-offline")).toHaveTextContent("Offline: deactivating needs the platform.");
  });
});
