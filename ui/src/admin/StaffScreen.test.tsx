import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { AuditQuery, DeskRole, RoleChange, StaffQuery, StaffView } from "../bindings";
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

const STAFF: StaffView[] = [
  member("ana", "Ana Lee", ["cs"]),
  member("bo", "Bo Chen", ["finance"]),
  member("sandbox_admin", "Sandbox Admin", ["admin"], { version: 7 }),
  member("zed", "Zed Park", ["ops"], { active: false, deactivatedAt: "2026-10-01T12:00:00Z" }),
];

/** Answers like the core: words in the name, login or e-mail; active first, then by name. */
function answerStaff(staff: StaffView[]) {
  commands.adminStaff.mockImplementation((q: StaffQuery) => {
    const words = (q.search ?? "").toLowerCase().split(/\s+/).filter(Boolean);
    const rows = staff.filter(
      (m) => (q.includeInactive || m.active) && words.every((w) => [m.fullName, m.login, m.email].some((f) => f.toLowerCase().includes(w))),
    );
    rows.sort((a, b) => Number(b.active) - Number(a.active) || a.fullName.localeCompare(b.fullName));
    return ok(rows);
  });
}

beforeEach(() => {
  answerAdminShell(session);
  answerStaff(STAFF);
});

async function openStaff() {
  renderApp();
  await userEvent.click(await screen.findByTestId("nav-admin"));
  const grid = await screen.findByTestId("staff-grid");
  await waitFor(() => expect(logins().length).toBeGreaterThan(0));
  return grid;
}

const logins = () => screen.queryAllByTestId("staff-row").map((r) => r.getAttribute("data-login"));
const lastQuery = () => commands.adminStaff.mock.calls.at(-1)?.[0] as StaffQuery | undefined;

/** Opens a member's panel by clicking their row. */
async function openMember(login: string) {
  const row = screen.getAllByTestId("staff-row").find((r) => r.getAttribute("data-login") === login);
  if (!row) throw new Error(`no row for ${login}`);
  await userEvent.click(row);
  return screen.findByTestId("staff-detail");
}

describe("staff directory", () => {
  it("is Admin's first tab and where it opens, listing active members with their roles", async () => {
    await openStaff();
    expect(screen.getByTestId("admin-tab-staff")).toHaveAttribute("aria-selected", "true");
    expect(screen.getAllByRole("tab").map((t) => t.textContent)).toEqual(["Staff", "Audit trail", "Settings", "Flags", "Policies"]);
    expect(commands.adminStaff).toHaveBeenCalledWith({ search: null, includeInactive: false });
    expect(logins()).toEqual(["ana", "bo", "sandbox_admin"]);
    expect(screen.getByTestId("staff-summary")).toHaveTextContent("3 members");
    const [first] = screen.getAllByTestId("staff-row");
    if (!first) throw new Error("expected a row");
    expect(first).toHaveTextContent("Ana Lee");
    expect(first).toHaveTextContent("ana@penguin.example");
    expect(first).toHaveTextContent("Customer success");
    expect(within(first).getByTestId("staff-login")).toHaveClass("mono-small");
    expect(within(first).getByTestId("staff-roles")).toHaveTextContent("CS");
    expect(within(first).getByTestId("staff-status")).toHaveTextContent("Active");
    expect(screen.queryByTestId("staff-offline")).toBeNull();
  });

  it("filters by search words and shows deactivated members on request, asking the core each time", async () => {
    await openStaff();
    await userEvent.type(screen.getByTestId("staff-search"), "chen");
    await waitFor(() => expect(lastQuery()).toEqual({ search: "chen", includeInactive: false }));
    await waitFor(() => expect(logins()).toEqual(["bo"]));

    await userEvent.clear(screen.getByTestId("staff-search"));
    await userEvent.type(screen.getByTestId("staff-search"), "park");
    expect(await screen.findByTestId("staff-empty-search")).toHaveTextContent("No one matches");
    await userEvent.click(screen.getByTestId("staff-show-inactive"));
    await waitFor(() => expect(lastQuery()).toEqual({ search: "park", includeInactive: true }));
    await waitFor(() => expect(logins()).toEqual(["zed"]));
    expect(screen.getByTestId("staff-status")).toHaveTextContent("Deactivated");

    await userEvent.clear(screen.getByTestId("staff-search"));
    await waitFor(() => expect(lastQuery()).toEqual({ search: null, includeInactive: true }));
    await waitFor(() => expect(logins()).toEqual(["ana", "bo", "sandbox_admin", "zed"]));
  });

  it("says when the directory is empty", async () => {
    answerStaff([]);
    renderApp();
    await userEvent.click(await screen.findByTestId("nav-admin"));
    expect(await screen.findByTestId("staff-empty")).toHaveTextContent("No active staff members");
  });

  it("moves with j/k, opens with Enter, follows the choice, and Esc closes where the list was", async () => {
    const grid = await openStaff();
    expect(grid).toHaveFocus();
    fireEvent.keyDown(grid, { key: "j" });
    fireEvent.keyDown(grid, { key: "j" });
    fireEvent.keyDown(grid, { key: "k" });
    fireEvent.keyDown(grid, { key: "Enter" });
    const panel = await screen.findByTestId("staff-detail");
    expect(panel).toHaveAttribute("data-login", "bo");
    expect(within(panel).getByTestId("staff-detail-name")).toHaveTextContent("Bo Chen");
    expect(within(panel).getByTestId("staff-detail-email")).toHaveTextContent("bo@penguin.example");
    expect(panel).toHaveTextContent("2026");
    expect(screen.getByTestId("staff-role-finance")).toBeChecked();
    expect(screen.getByTestId("staff-role-admin")).not.toBeChecked();

    fireEvent.keyDown(grid, { key: "ArrowDown" });
    await waitFor(() => expect(screen.getByTestId("staff-detail")).toHaveAttribute("data-login", "sandbox_admin"));

    fireEvent.keyDown(window, { key: "Escape" });
    await waitFor(() => expect(screen.queryByTestId("staff-detail")).toBeNull());
    expect(grid).toHaveFocus();
    expect(screen.getAllByTestId("staff-row")[2]).toHaveAttribute("aria-selected", "true");
  });

  it("sends the ticked roles, the reason and the version seen, says so, and refreshes the directory", async () => {
    commands.adminSetRoles.mockImplementation((c: RoleChange) => ok({ ...STAFF[0], roles: c.roles, version: 4 }));
    await openStaff();
    await openMember("ana");
    const save = screen.getByTestId("staff-save");
    expect(save).toBeDisabled();
    await userEvent.click(screen.getByTestId("staff-role-ops"));
    await userEvent.type(screen.getByTestId("staff-reason"), "Joins the on-call rota");
    const calls = commands.adminStaff.mock.calls.length;
    fireEvent.keyDown(screen.getByTestId("staff-reason"), { key: "Enter", ctrlKey: true });
    await waitFor(() => expect(commands.adminSetRoles).toHaveBeenCalledTimes(1));
    expect(commands.adminSetRoles).toHaveBeenCalledWith({ login: "ana", roles: ["cs", "ops"], reason: "Joins the on-call rota", expectedVersion: 3 });
    expect(await screen.findByTestId("toast")).toHaveTextContent("Roles of Ana Lee changed");
    await waitFor(() => expect(commands.adminStaff.mock.calls.length).toBeGreaterThan(calls));
    expect(screen.getByTestId("staff-reason")).toHaveValue("");
  });

  it("asks for a reason before sending", async () => {
    await openStaff();
    await openMember("ana");
    await userEvent.click(screen.getByTestId("staff-role-security"));
    await userEvent.click(screen.getByTestId("staff-save"));
    expect(await screen.findByTestId("staff-error")).toHaveAttribute("data-field", "reason");
    expect(screen.getByTestId("staff-error")).toHaveTextContent("Say why the roles change.");
    expect(commands.adminSetRoles).not.toHaveBeenCalled();
  });

  it("shows a segregation-of-duties refusal beside the roles, keeping what was ticked and typed", async () => {
    commands.adminSetRoles.mockReturnValue(
      refused("invalidInput", "roles: desk_admin and desk_finance may not be held together — whoever manages staff accounts must not also move money"),
    );
    await openStaff();
    await openMember("bo");
    await userEvent.click(screen.getByTestId("staff-role-admin"));
    await userEvent.type(screen.getByTestId("staff-reason"), "Covering the admin rota");
    await userEvent.click(screen.getByTestId("staff-save"));
    expect(commands.adminSetRoles).toHaveBeenCalledWith({ login: "bo", roles: ["admin", "finance"], reason: "Covering the admin rota", expectedVersion: 3 });
    const error = await screen.findByTestId("staff-error");
    expect(error).toHaveAttribute("data-field", "roles");
    expect(error).toHaveTextContent("may not be held together");
    expect(error.closest("fieldset")).not.toBeNull();
    expect(screen.getByTestId("staff-role-admin")).toBeChecked();
    expect(screen.getByTestId("staff-role-finance")).toBeChecked();
    expect(screen.getByTestId("staff-reason")).toHaveValue("Covering the admin rota");
    expect(screen.queryByTestId("toast")).toBeNull();
  });

  it("says why a deactivated member's roles cannot change", async () => {
    await openStaff();
    await userEvent.click(screen.getByTestId("staff-show-inactive"));
    await waitFor(() => expect(logins()).toContain("zed"));
    const panel = await openMember("zed");
    expect(within(panel).getByTestId("staff-detail-deactivated")).toHaveTextContent("2026");
    expect(screen.getByTestId("staff-role-ops")).toBeDisabled();
    expect(screen.getByTestId("staff-reason")).toBeDisabled();
    expect(screen.getByTestId("staff-save")).toBeDisabled();
    expect(screen.getByTestId("staff-save-blocked")).toHaveTextContent("Deactivated");
  });

  it("offline shows the last synced directory read-only and says why Save is off", async () => {
    commands.appStatus.mockReturnValue(ok(appStatus({ session, connection: "offline", lastSyncAt: new Date(Date.now() - 12 * 60_000).toISOString() })));
    await openStaff();
    expect(screen.getByTestId("staff-offline")).toHaveTextContent("Offline: role changes need the platform; showing the directory as last synced 12 min ago");
    await openMember("ana");
    await userEvent.click(screen.getByTestId("staff-role-ops"));
    await userEvent.type(screen.getByTestId("staff-reason"), "Joins ops");
    expect(screen.getByTestId("staff-save")).toBeDisabled();
    expect(screen.getByTestId("staff-save-blocked")).toHaveTextContent("Offline: role changes need the platform.");
    fireEvent.keyDown(screen.getByTestId("staff-reason"), { key: "Enter", ctrlKey: true });
    expect(commands.adminSetRoles).not.toHaveBeenCalled();
  });

  it("says what the platform said when it cannot be reached", async () => {
    commands.adminSetRoles.mockReturnValue(refused("unreachable", "Changing roles needs the platform, and it does not answer."));
    await openStaff();
    await openMember("ana");
    await userEvent.click(screen.getByTestId("staff-role-ops"));
    await userEvent.type(screen.getByTestId("staff-reason"), "Joins ops");
    await userEvent.click(screen.getByTestId("staff-save"));
    const error = await screen.findByTestId("staff-error");
    expect(error).toHaveAttribute("data-field", "form");
    expect(error).toHaveTextContent("Changing roles needs the platform");
  });

  it("opens the member's entries in the audit trail", async () => {
    await openStaff();
    await openMember("ana");
    await userEvent.click(screen.getByTestId("staff-see-audit"));
    expect(await screen.findByTestId("audit-view")).toBeInTheDocument();
    expect(screen.getByTestId("admin-tab-audit")).toHaveAttribute("aria-selected", "true");
    expect(screen.getByTestId("audit-filter-target")).toHaveValue("staff:ana");
    await waitFor(() => expect(commands.adminAudit).toHaveBeenCalledWith(expect.objectContaining<Partial<AuditQuery>>({ target: "staff:ana" })));
  });

  it("opens from the command palette", async () => {
    renderApp();
    await screen.findByTestId("nav-admin");
    fireEvent.keyDown(window, { key: "k", ctrlKey: true });
    await userEvent.click(await screen.findByTestId("palette-admin-staff"));
    expect(await screen.findByTestId("staff-grid")).toBeInTheDocument();
    expect(screen.getByTestId("admin-tab-staff")).toHaveAttribute("aria-selected", "true");
  });
});
