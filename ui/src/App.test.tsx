import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ProfileView, Session } from "./bindings";
import { commands, ok, resetBindings } from "./test/bindingsMock";
import { appStatus } from "./test/fixtures";
import { renderApp } from "./test/renderApp";

vi.mock("./bindings", () => import("./test/bindingsMock"));

const prod: ProfileView = {
  id: "p1",
  name: "Production",
  host: "db.example",
  port: 5432,
  database: "platform",
  tlsMode: "verify-full",
  user: "ana",
  hasPassword: true,
};
const sandbox: ProfileView = { ...prod, id: "p2", name: "Sandbox", host: "127.0.0.1", tlsMode: "disable", hasPassword: false };

const session: Session = {
  profileId: "p1",
  profileName: "Production",
  login: "ana",
  roles: ["finance", "cs"],
  sections: ["billing", "home", "customers"],
  online: true,
  signedInAt: new Date().toISOString(),
  setupPendingUntil: null,
};

beforeEach(() => {
  resetBindings();
  commands.listProfiles.mockReturnValue(ok([prod, sandbox]));
  commands.diagnostics.mockReturnValue(ok("penguin-desk 0.1.0\nstore: ok"));
  commands.localCopy.mockReturnValue(ok([]));
  commands.syncNow.mockReturnValue(ok(null));
  commands.billingInvoices.mockReturnValue(ok({ total: 0, rows: [], currencies: [] }));
});

describe("sync progress", () => {
  it("shows which collection is syncing and how many rows are in", async () => {
    commands.appStatus.mockReturnValue(
      ok(
        appStatus({
          session,
          connection: "online",
          syncing: true,
          syncProgress: { collection: "usage_daily", index: 3, total: 27, rows: 120000 },
        }),
      ),
    );
    renderApp();
    expect(await screen.findByTestId("status-syncing")).toHaveTextContent(
      `Syncing Usage daily (3/27) · ${new Intl.NumberFormat().format(120000)} rows`,
    );
  });
});

describe("local copy on Home", () => {
  it("lists each synced collection with its rows right-aligned and pending changes flagged", async () => {
    commands.appStatus.mockReturnValue(ok(appStatus({ session, connection: "online", lastSyncAt: new Date().toISOString() })));
    commands.localCopy.mockReturnValue(
      ok([
        { collection: "tenants", rows: 20000, syncedAt: new Date().toISOString(), pending: 0 },
        { collection: "cs_touchpoints", rows: 12, syncedAt: new Date().toISOString(), pending: 2 },
      ]),
    );
    renderApp();
    const table = await screen.findByTestId("local-copy-table");
    const rows = within(table).getAllByRole("row");
    expect(rows).toHaveLength(3);
    const [, tenants, touchpoints] = rows;
    if (tenants === undefined || touchpoints === undefined) throw new Error("rows missing");
    expect(within(tenants).getByText("Tenants")).toBeInTheDocument();
    const count = within(tenants).getByText(new Intl.NumberFormat().format(20000));
    expect(count).toHaveClass("num");
    expect(within(touchpoints).getByText("2")).toHaveClass("attention");
    expect(screen.getByTestId("local-copy")).toHaveTextContent("20,012 rows in 2 collections");
  });

  it("says nothing is synced yet, and Sync now asks the core to sync", async () => {
    commands.appStatus.mockReturnValue(ok(appStatus({ session, connection: "online" })));
    renderApp();
    expect(await screen.findByTestId("local-copy-empty")).toHaveTextContent("Nothing synced yet");
    await userEvent.click(screen.getByTestId("sync-now"));
    expect(commands.syncNow).toHaveBeenCalledTimes(1);
  });
});

describe("store problem", () => {
  it("shows a full-window explanation with the core's message", async () => {
    commands.appStatus.mockReturnValue(
      ok(appStatus({ storeProblem: { code: "keychainUnavailable", message: "org.freedesktop.secrets not provided" } })),
    );
    renderApp();
    const problem = await screen.findByTestId("store-problem");
    expect(problem).toHaveTextContent(/will not store customer data unencrypted/);
    expect(problem).toHaveTextContent("org.freedesktop.secrets not provided");
    expect(screen.queryByTestId("signin-screen")).toBeNull();
  });
});

describe("sign-in", () => {
  beforeEach(() => {
    commands.appStatus.mockReturnValue(ok(appStatus()));
  });

  it("explains profiles and offers Add profile when there are none", async () => {
    commands.listProfiles.mockReturnValue(ok([]));
    renderApp();
    const empty = await screen.findByTestId("profiles-empty");
    expect(empty).toHaveTextContent(/A profile tells Penguin Desk/);
    expect(within(empty).getByTestId("profile-add")).toBeVisible();
  });

  it("says why the desk signed out by itself when access was revoked", async () => {
    commands.listProfiles.mockReturnValue(ok([]));
    commands.appStatus.mockReturnValue(
      ok(appStatus({ accessRevoked: "Your access was revoked (t_ops may no longer sign in), so this laptop's copy was wiped and you were signed out." })),
    );
    renderApp();
    expect(await screen.findByTestId("access-revoked")).toHaveTextContent("copy was wiped");
  });

  it("signs in with the stored password (null) and shows a refusal inline", async () => {
    commands.signIn.mockResolvedValue({ status: "error", error: { code: "authFailed", message: "password authentication failed for user \"ana\"" } });
    renderApp();
    await screen.findByText("Production");
    expect(screen.getByTestId("signin-password")).toHaveAttribute("placeholder", "stored in keychain");
    await userEvent.click(screen.getByTestId("signin-submit"));
    expect(commands.signIn).toHaveBeenCalledWith("p1", null);
    const err = await screen.findByTestId("signin-error");
    expect(err).toHaveTextContent('password authentication failed for user "ana"');
  });

  it("moves through profiles with the arrow keys and sends the typed password", async () => {
    commands.signIn.mockReturnValue(new Promise(() => undefined));
    renderApp();
    const list = await screen.findByTestId("profile-list");
    list.focus();
    fireEvent.keyDown(list, { key: "ArrowDown" });
    const rows = screen.getAllByTestId("profile-row");
    expect(rows[1]).toHaveAttribute("aria-selected", "true");
    const pw = screen.getByTestId("signin-password");
    expect(pw).toHaveAttribute("placeholder", "Your PostgreSQL password");
    // Enter on a profile without a stored password goes to the password field first.
    fireEvent.keyDown(list, { key: "Enter" });
    expect(pw).toHaveFocus();
    await userEvent.type(pw, "s3cret{Enter}");
    expect(commands.signIn).toHaveBeenCalledWith("p2", "s3cret");
    expect(await screen.findByTestId("signin-submit")).toHaveTextContent("Connecting…");
  });

  it("refuses a bad port in the profile form without calling the core", async () => {
    renderApp();
    await userEvent.click(await screen.findByTestId("profile-add"));
    const form = await screen.findByTestId("profile-form");
    await userEvent.type(within(form).getByTestId("profile-name"), "Staging");
    await userEvent.type(within(form).getByTestId("profile-host"), "db.staging");
    const port = within(form).getByTestId("profile-port");
    await userEvent.clear(port);
    await userEvent.type(port, "70000");
    await userEvent.type(within(form).getByTestId("profile-database"), "platform");
    await userEvent.type(within(form).getByTestId("profile-user"), "ana");
    await userEvent.click(within(form).getByTestId("profile-save"));
    expect(within(form).getByTestId("profile-port-error")).toHaveTextContent("The port is a number from 1 to 65535.");
    expect(commands.saveProfile).not.toHaveBeenCalled();
  });

  it("shows the core's invalidInput message in the form", async () => {
    commands.saveProfile.mockResolvedValue({ status: "error", error: { code: "invalidInput", message: "name: already used" } });
    renderApp();
    await screen.findByText("Production");
    await userEvent.click(screen.getByTestId("profile-edit"));
    const form = await screen.findByTestId("profile-form");
    expect(within(form).getByTestId("profile-password")).toHaveAttribute("placeholder", "Leave empty to keep the stored password");
    await userEvent.click(within(form).getByTestId("profile-save"));
    expect(commands.saveProfile).toHaveBeenCalledWith(expect.objectContaining({ id: "p1", password: null, port: 5432 }));
    expect(await within(form).findByTestId("profile-form-error")).toHaveTextContent("name: already used");
  });
});

describe("signed in", () => {
  beforeEach(() => {
    commands.appStatus.mockReturnValue(
      ok(appStatus({ session, connection: "online", lastSyncAt: null, queuedChanges: 3 })),
    );
  });

  it("shows the granted sections in order and switches with Alt+n", async () => {
    renderApp();
    await screen.findByTestId("screen-home");
    const nav = screen.getAllByRole("button").filter((b) => b.dataset.testid?.startsWith("nav-"));
    expect(nav.map((b) => b.dataset.testid)).toEqual(["nav-home", "nav-customers", "nav-billing"]);
    fireEvent.keyDown(window, { key: "3", code: "Digit3", altKey: true });
    const billing = await screen.findByTestId("screen-billing");
    expect(await within(billing).findByTestId("invoice-empty")).toHaveTextContent("No invoices yet");
    expect(screen.getByTestId("finance-tab-invoices")).toHaveAttribute("aria-selected", "true");
    expect(screen.getByTestId("nav-billing")).toHaveAttribute("aria-current", "page");
    expect(screen.getByTestId("status-connection")).toHaveTextContent("Online");
    expect(screen.getByTestId("status-queued")).toHaveTextContent("Queued changes: 3");
    expect(screen.getByTestId("status-bar")).toHaveTextContent("Last sync: never");
  });

  it("opens the palette with Ctrl+K and runs a filtered command with Enter", async () => {
    renderApp();
    await screen.findByTestId("screen-home");
    fireEvent.keyDown(window, { key: "k", code: "KeyK", ctrlKey: true });
    const input = await screen.findByTestId("palette-input");
    await userEvent.type(input, "custo");
    await userEvent.keyboard("{Enter}");
    expect(await screen.findByTestId("screen-customers")).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByTestId("command-palette")).toBeNull());
  });

  it("toggles and remembers the theme", async () => {
    renderApp();
    const toggle = await screen.findByTestId("theme-toggle");
    const before = document.documentElement.dataset.theme;
    await userEvent.click(toggle);
    const after = document.documentElement.dataset.theme;
    expect(after).not.toBe(before);
    expect(localStorage.getItem("penguin-desk.theme")).toBe(after);
  });

  it("explains why the core refuses to sign out while changes are queued", async () => {
    commands.signOut.mockResolvedValue({ status: "error", error: { code: "pendingChanges", message: "3 changes wait for the platform" } });
    renderApp();
    await userEvent.click(await screen.findByTestId("sign-out"));
    const dialog = await screen.findByTestId("sign-out-blocked");
    expect(dialog).toHaveTextContent("3 changes have not reached the platform");
    expect(dialog).toHaveTextContent("3 changes wait for the platform");
    await userEvent.click(screen.getByTestId("sign-out-blocked-ok"));
    await waitFor(() => expect(screen.queryByTestId("sign-out-blocked")).toBeNull());
    expect(screen.getByTestId("screen-home")).toBeInTheDocument();
  });

  it("returns to the sign-in screen once the core signs out", async () => {
    commands.signOut.mockImplementation(() => {
      commands.appStatus.mockReturnValue(ok(appStatus()));
      return ok(null);
    });
    renderApp();
    await userEvent.click(await screen.findByTestId("sign-out"));
    expect(await screen.findByTestId("signin-screen")).toBeInTheDocument();
  });

  it("copies diagnostics, or shows them in a dialog when the clipboard refuses", async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    renderApp();
    await userEvent.click(await screen.findByTestId("copy-diagnostics"));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith("penguin-desk 0.1.0\nstore: ok"));
    expect(await screen.findByTestId("toast")).toHaveTextContent("Diagnostics copied");

    writeText.mockRejectedValueOnce(new Error("NotAllowedError"));
    await userEvent.click(screen.getByTestId("copy-diagnostics"));
    expect(await screen.findByTestId("diagnostics-text")).toHaveValue("penguin-desk 0.1.0\nstore: ok");
  });
});
