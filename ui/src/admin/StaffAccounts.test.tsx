import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CreatedStaff, DeskRole, ImportOutcome, ImportPreview, ImportRow, StaffForm, StaffView } from "../bindings";
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

const IN_TWO_DAYS = new Date(Date.now() + 2 * 86_400_000).toISOString();

const FORM: StaffForm = { emailDomains: ["penguin.example", "penguin.co.uk"], setupCodeHours: 72, teams: ["admin", "finance", "cs", "ops", "security"] };

const created = (over: Partial<CreatedStaff> = {}): CreatedStaff => ({
  login: "cara_diaz",
  fullName: "Cara Diaz",
  email: "cara.diaz@penguin.example",
  setupExpiresAt: IN_TWO_DAYS,
  welcomeQueued: true,
  handover: null,
  ...over,
});

const HANDOVER = "Welcome to Penguin Desk, Cara.\nLogin: cara_diaz\nOne-time setup code: 7KQ-49X-PLM";

beforeEach(() => {
  answerAdminShell(session);
  commands.adminStaff.mockImplementation(() =>
    ok([member("ana", "Ana Lee", ["cs"]), member("dev", "Dev Rao", ["ops"], { setupExpiresAt: IN_TWO_DAYS }), member("sandbox_admin", "Sandbox Admin", ["admin"])]),
  );
  commands.adminStaffForm.mockReturnValue(ok(FORM));
});

async function openStaff() {
  renderApp();
  await userEvent.click(await screen.findByTestId("nav-admin"));
  const grid = await screen.findByTestId("staff-grid");
  await waitFor(() => expect(screen.getAllByTestId("staff-row").length).toBeGreaterThan(0));
  return grid;
}

async function openCreate() {
  await openStaff();
  await userEvent.click(screen.getByTestId("staff-new"));
  return screen.findByTestId("staff-create-dialog");
}

async function fillCara() {
  await userEvent.type(screen.getByTestId("staff-create-name"), "Cara Diaz");
  await userEvent.type(screen.getByTestId("staff-create-email"), "cara.diaz@penguin.example");
  await userEvent.selectOptions(screen.getByTestId("staff-create-team"), "finance");
}

describe("new member", () => {
  it("opens with n from the directory, lists the allowed domains and ticks the team's role until one is ticked by hand", async () => {
    const grid = await openStaff();
    fireEvent.keyDown(grid, { key: "n" });
    const dialog = await screen.findByTestId("staff-create-dialog");
    expect(await within(dialog).findByTestId("staff-create-domains")).toHaveTextContent("An address at penguin.example, penguin.co.uk.");
    expect(screen.getByTestId("staff-create-login")).toHaveAttribute("placeholder", "derived from the e-mail");
    expect(screen.getByTestId("staff-create-name")).toHaveFocus();

    await userEvent.selectOptions(screen.getByTestId("staff-create-team"), "finance");
    expect(screen.getByTestId("staff-create-role-finance")).toBeChecked();
    await userEvent.selectOptions(screen.getByTestId("staff-create-team"), "ops");
    expect(screen.getByTestId("staff-create-role-finance")).not.toBeChecked();
    expect(screen.getByTestId("staff-create-role-ops")).toBeChecked();

    await userEvent.click(screen.getByTestId("staff-create-role-security"));
    await userEvent.selectOptions(screen.getByTestId("staff-create-team"), "cs");
    expect(screen.getByTestId("staff-create-role-ops")).toBeChecked();
    expect(screen.getByTestId("staff-create-role-security")).toBeChecked();
    expect(screen.getByTestId("staff-create-role-cs")).not.toBeChecked();

    // Esc closes the dialog and leaves the directory as it was.
    fireEvent.keyDown(screen.getByTestId("staff-create-name"), { key: "Escape" });
    await waitFor(() => expect(screen.queryByTestId("staff-create-dialog")).toBeNull());
    expect(commands.adminCreateStaff).not.toHaveBeenCalled();
  });

  it("shows each refusal under its field and the general line on top, keeping what was typed", async () => {
    commands.adminCreateStaff.mockReturnValue(
      refused(
        "invalidInput",
        "the new account has 2 problem(s)\nemail: cara@gmail.com is not one of the company's domains (penguin.example, penguin.co.uk)\nlogin: sandbox_ops is taken",
      ),
    );
    await openCreate();
    await userEvent.type(screen.getByTestId("staff-create-name"), "Cara Diaz");
    await userEvent.type(screen.getByTestId("staff-create-email"), "cara@gmail.com");
    await userEvent.type(screen.getByTestId("staff-create-login"), "sandbox_ops");
    await userEvent.selectOptions(screen.getByTestId("staff-create-team"), "finance");
    // Enter sends the form.
    await userEvent.type(screen.getByTestId("staff-create-login"), "{Enter}");

    await waitFor(() => expect(commands.adminCreateStaff).toHaveBeenCalledTimes(1));
    expect(commands.adminCreateStaff).toHaveBeenCalledWith({ fullName: "Cara Diaz", email: "cara@gmail.com", login: "sandbox_ops", team: "finance", roles: ["finance"] });
    expect(await screen.findByTestId("staff-create-error")).toHaveTextContent("The new account has 2 problem(s).");
    expect(screen.getByTestId("staff-create-error")).not.toHaveTextContent("sandbox_ops");
    expect(screen.getByTestId("staff-create-error-email")).toHaveTextContent("cara@gmail.com is not one of the company's domains");
    expect(screen.getByTestId("staff-create-error-login")).toHaveTextContent("sandbox_ops is taken.");
    expect(screen.queryByTestId("staff-create-error-fullName")).toBeNull();
    expect(screen.getByTestId("staff-create-email")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByTestId("staff-create-email")).toHaveValue("cara@gmail.com");
    expect(screen.queryByTestId("staff-created")).toBeNull();

    // Correcting a field takes its refusal away.
    await userEvent.type(screen.getByTestId("staff-create-login"), "2");
    expect(screen.queryByTestId("staff-create-error-login")).toBeNull();
    expect(screen.getByTestId("staff-create-error-email")).toBeInTheDocument();
  });

  it("sends a blank login as none, shows progress, says where the welcome e-mail went and refreshes the directory", async () => {
    let answer: (v: unknown) => void = () => undefined;
    commands.adminCreateStaff.mockReturnValue(new Promise((r) => (answer = r)));
    await openCreate();
    await fillCara();
    const calls = commands.adminStaff.mock.calls.length;
    await userEvent.click(screen.getByTestId("staff-create-submit"));
    expect(commands.adminCreateStaff).toHaveBeenCalledWith({ fullName: "Cara Diaz", email: "cara.diaz@penguin.example", login: null, team: "finance", roles: ["finance"] });
    await waitFor(() => expect(screen.getByTestId("staff-create-submit")).toBeDisabled());
    expect(screen.getByTestId("staff-create-submit")).toHaveTextContent("Creating…");

    answer({ status: "ok", data: created() });
    const result = await screen.findByTestId("staff-created");
    expect(result).toHaveTextContent("Cara Diaz (cara_diaz) was created. The welcome e-mail with a one-time setup code was queued to cara.diaz@penguin.example; the code expires");
    expect(result).toHaveTextContent(new Date(IN_TWO_DAYS).getFullYear().toString());
    expect(screen.queryByTestId("staff-handover")).toBeNull();
    await waitFor(() => expect(commands.adminStaff.mock.calls.length).toBeGreaterThan(calls));

    await userEvent.click(screen.getByTestId("staff-create-another"));
    expect(screen.getByTestId("staff-create-name")).toHaveValue("");
  });

  it("shows the instructions to hand over in person when the welcome e-mail could not be queued, with Copy", async () => {
    commands.adminCreateStaff.mockReturnValue(ok(created({ welcomeQueued: false, handover: HANDOVER })));
    await openCreate();
    await fillCara();
    await userEvent.click(screen.getByTestId("staff-create-submit"));
    const box = await screen.findByTestId("staff-handover");
    expect(box).toHaveTextContent("could not be queued");
    expect(box).toHaveTextContent("in person");
    expect(within(box).getByTestId("staff-handover-text").tagName).toBe("PRE");
    expect(within(box).getByTestId("staff-handover-text").textContent).toBe(HANDOVER);
    expect(screen.getByTestId("staff-created")).not.toHaveTextContent("was queued to");

    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    fireEvent.click(within(box).getByTestId("staff-handover-copy"));
    await waitFor(() => expect(within(box).getByTestId("staff-handover-copy")).toHaveTextContent("Copied"));
    expect(writeText).toHaveBeenCalledWith(HANDOVER);
    expect(screen.getByTestId("toast")).toHaveTextContent("Instructions for Cara Diaz copied");
  });

  it("says what the platform said when it cannot be reached", async () => {
    commands.adminCreateStaff.mockReturnValue(refused("unreachable", "Creating a staff member needs the platform, and this desk is offline; the directory shows the last synced state."));
    await openCreate();
    await fillCara();
    await userEvent.click(screen.getByTestId("staff-create-submit"));
    expect(await screen.findByTestId("staff-create-error")).toHaveTextContent(
      "Creating a staff member needs the platform, and this desk is offline; the directory shows the last synced state.",
    );
  });

  it("offline, New member and Import are off with the reason, and n does nothing", async () => {
    commands.appStatus.mockReturnValue(ok(appStatus({ session, connection: "offline", lastSyncAt: new Date().toISOString() })));
    const grid = await openStaff();
    expect(screen.getByTestId("staff-new")).toBeDisabled();
    expect(screen.getByTestId("staff-import")).toBeDisabled();
    const [wrap] = screen.getAllByTestId("staff-add-blocked");
    if (!wrap) throw new Error("expected the offline reason");
    fireEvent.focus(wrap);
    expect(await screen.findByRole("tooltip")).toHaveTextContent("Offline: adding staff members needs the platform.");
    fireEvent.keyDown(grid, { key: "n" });
    expect(screen.queryByTestId("staff-create-dialog")).toBeNull();
  });
});

const row = (line: number, fullName: string, status: ImportRow["status"], problems: string[] = []): ImportRow => ({
  line,
  fullName,
  email: `${fullName.split(" ")[0]?.toLowerCase() ?? "x"}@penguin.example`,
  login: fullName.split(" ")[0]?.toLowerCase() ?? "x",
  team: "cs",
  roles: ["cs"],
  status,
  problems,
});

const PREVIEW: ImportPreview = {
  rows: [
    row(2, "Cara Diaz", "new"),
    row(3, "Eli Moss", "new"),
    row(4, "Ana Lee", "exists"),
    row(5, "Fay Wong", "invalid", ["email: fay@gmail.com is not one of the company's domains", "team: marketing is not a team"]),
  ],
  newCount: 2,
  existingCount: 1,
  invalidCount: 1,
};
const CSV = "name,email,team\nCara Diaz,cara@penguin.example,cs\n";

async function openImport() {
  await openStaff();
  await userEvent.click(screen.getByTestId("staff-import"));
  return screen.findByTestId("staff-import-dialog");
}

async function upload(text = CSV) {
  await userEvent.upload(screen.getByTestId("staff-import-file"), new File([text], "hr-export.csv", { type: "text/csv" }));
}

describe("import from HR", () => {
  it("previews the file's rows with their status and counts, then creates the new ones and hands over where the e-mail did not go", async () => {
    commands.adminImportPreview.mockReturnValue(ok(PREVIEW));
    const outcome: ImportOutcome = {
      created: [created(), created({ login: "eli", fullName: "Eli Moss", email: "eli@penguin.example", welcomeQueued: false, handover: "Login: eli\nCode: 111" })],
      skipped: 1,
      invalid: 1,
    };
    commands.adminImportApply.mockReturnValue(ok(outcome));
    const dialog = await openImport();
    expect(within(dialog).getByTestId("staff-import-help")).toHaveTextContent("name, e-mail and team");
    expect(screen.getByTestId("staff-import-file")).toHaveAttribute("accept", ".csv,text/csv");
    expect(screen.getByTestId("staff-import-apply")).toBeDisabled();

    await upload();
    await waitFor(() => expect(commands.adminImportPreview).toHaveBeenCalledWith(CSV));
    expect(await screen.findByTestId("staff-import-counts")).toHaveTextContent("2 new · 1 already has an account · 1 with problems");
    const rows = within(screen.getByTestId("staff-import-preview")).getAllByTestId("staff-import-row");
    expect(rows.map((r) => r.getAttribute("data-status"))).toEqual(["new", "new", "exists", "invalid"]);
    const invalid = rows[3];
    if (!invalid) throw new Error("expected four rows");
    expect(invalid).toHaveTextContent("Fay Wong");
    expect(within(invalid).getByTestId("staff-import-status")).toHaveTextContent("Problems");
    expect(within(invalid).getByText("team: marketing is not a team")).toBeInTheDocument();
    expect(within(invalid).getByText("email: fay@gmail.com is not one of the company's domains")).toBeInTheDocument();

    const apply = screen.getByTestId("staff-import-apply");
    expect(apply).toHaveTextContent("Create 2 members");
    expect(apply).toBeEnabled();
    const calls = commands.adminStaff.mock.calls.length;
    await userEvent.click(apply);
    expect(commands.adminImportApply).toHaveBeenCalledWith(CSV);
    expect(await screen.findByTestId("staff-import-outcome")).toHaveTextContent(
      "Created 2 members; skipped 1 who already has an account; left out 1 with problems",
    );
    const [box, ...others] = screen.getAllByTestId("staff-handover");
    if (!box) throw new Error("expected a handover box");
    expect(others).toHaveLength(0);
    expect(box).toHaveAttribute("data-login", "eli");
    expect(within(box).getByTestId("staff-handover-text").textContent).toBe("Login: eli\nCode: 111");
    await waitFor(() => expect(commands.adminStaff.mock.calls.length).toBeGreaterThan(calls));
  });

  it("offers no apply when nobody in the file is new", async () => {
    commands.adminImportPreview.mockReturnValue(ok<ImportPreview>({ rows: [row(2, "Ana Lee", "exists")], newCount: 0, existingCount: 1, invalidCount: 0 }));
    await openImport();
    await upload();
    expect(await screen.findByTestId("staff-import-counts")).toHaveTextContent("0 new · 1 already has an account · 0 with problems");
    expect(screen.getByTestId("staff-import-apply")).toHaveTextContent("Create 0 members");
    expect(screen.getByTestId("staff-import-apply")).toBeDisabled();
    expect(screen.getByTestId("staff-import-blocked")).toHaveTextContent("Nobody in this file is new");
  });

  it("shows a file the import cannot read as the file's problem", async () => {
    commands.adminImportPreview.mockReturnValue(refused("invalidInput", "file: the header row names no e-mail column (it needs name, e-mail and team)"));
    await openImport();
    await upload("first,last\nCara,Diaz\n");
    const error = await screen.findByTestId("staff-import-error-file");
    expect(error).toHaveTextContent("This file cannot be imported.");
    expect(error).toHaveTextContent("The header row names no e-mail column (it needs name, e-mail and team).");
    expect(screen.queryByTestId("staff-import-preview")).toBeNull();
    expect(screen.getByTestId("staff-import-apply")).toBeDisabled();
  });

  it("shows the platform's refusal of the import, nobody created", async () => {
    commands.adminImportPreview.mockReturnValue(ok(PREVIEW));
    commands.adminImportApply.mockReturnValue(refused("invalidInput", "line 3: login eli was taken meanwhile"));
    await openImport();
    await upload();
    await userEvent.click(await screen.findByTestId("staff-import-apply"));
    const error = await screen.findByTestId("staff-import-error");
    expect(error).toHaveTextContent("line 3: login eli was taken meanwhile");
    expect(error).toHaveTextContent("Nobody was created.");
    expect(screen.queryByTestId("staff-import-outcome")).toBeNull();
  });
});

describe("setup pending", () => {
  async function openDev() {
    await openStaff();
    const devRow = screen.getAllByTestId("staff-row").find((r) => r.getAttribute("data-login") === "dev");
    if (!devRow) throw new Error("no row for dev");
    await userEvent.click(devRow);
    return screen.findByTestId("staff-detail");
  }

  it("says until when the member's setup code works and gives a new one", async () => {
    commands.adminRenewSetupCode.mockReturnValue(ok(created({ login: "dev", fullName: "Dev Rao", email: "dev@penguin.example", welcomeQueued: false, handover: "Code: 222" })));
    const panel = await openDev();
    const line = within(panel).getByTestId("staff-setup-pending");
    expect(line).toHaveTextContent("Setup pending — code expires");
    expect(line).toHaveAttribute("data-expired", "false");
    await userEvent.click(within(panel).getByTestId("staff-renew-code"));
    expect(commands.adminRenewSetupCode).toHaveBeenCalledWith("dev");
    expect(await within(panel).findByTestId("staff-created")).toHaveTextContent("Dev Rao (dev) has a new one-time setup code");
    expect(within(panel).getByTestId("staff-handover-text").textContent).toBe("Code: 222");
  });

  it("marks a code that ran out, and shows nothing for a member who chose a password", async () => {
    commands.adminStaff.mockImplementation(() =>
      ok([member("ana", "Ana Lee", ["cs"]), member("dev", "Dev Rao", ["ops"], { setupExpiresAt: "2026-01-02T09:00:00Z" })]),
    );
    const panel = await openDev();
    expect(within(panel).getByTestId("staff-setup-pending")).toHaveAttribute("data-expired", "true");
    expect(within(panel).getByTestId("staff-setup-pending")).toHaveTextContent("expired");
    const anaRow = screen.getAllByTestId("staff-row").find((r) => r.getAttribute("data-login") === "ana");
    if (!anaRow) throw new Error("no row for ana");
    await userEvent.click(anaRow);
    await waitFor(() => expect(screen.getByTestId("staff-detail")).toHaveAttribute("data-login", "ana"));
    expect(screen.queryByTestId("staff-setup-pending")).toBeNull();
    expect(screen.queryByTestId("staff-renew-code")).toBeNull();
  });
});
