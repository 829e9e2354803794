import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Session } from "../bindings";
import { appStatus } from "../test/fixtures";
import { renderApp } from "../test/renderApp";

const mocks = vi.hoisted(() => ({
  appStatus: vi.fn(),
  listProfiles: vi.fn(),
  localCopy: vi.fn(),
  completeSetup: vi.fn(),
  signOut: vi.fn(),
  listen: vi.fn(),
}));

vi.mock("../bindings", () => ({
  commands: {
    appStatus: mocks.appStatus,
    listProfiles: mocks.listProfiles,
    localCopy: mocks.localCopy,
    completeSetup: mocks.completeSetup,
    signOut: mocks.signOut,
  },
  events: { statusChanged: { listen: mocks.listen }, openAlert: { listen: mocks.listen } },
}));

const ok = <T,>(data: T) => Promise.resolve({ status: "ok" as const, data });
const refused = (code: string, message: string) => Promise.resolve({ status: "error" as const, error: { code, message } });

const UNTIL = "2026-11-28T09:00:00Z";
const pending: Session = {
  profileId: "p1",
  profileName: "Production",
  login: "cara_diaz",
  roles: ["finance"],
  sections: ["home", "billing"],
  online: true,
  signedInAt: new Date().toISOString(),
  setupPendingUntil: UNTIL,
};
const chosen: Session = { ...pending, setupPendingUntil: null };
const PASSWORD = "correct horse battery";

beforeEach(() => {
  for (const m of Object.values(mocks)) m.mockReset();
  mocks.listen.mockResolvedValue(() => undefined);
  mocks.appStatus.mockReturnValue(ok(appStatus({ session: pending, connection: "online" })));
  mocks.listProfiles.mockReturnValue(ok([]));
  mocks.localCopy.mockReturnValue(ok([]));
});

describe("choosing one's password at the first sign-in", () => {
  it("shows instead of the app, saying until when the setup code is valid", async () => {
    renderApp();
    const screenEl = await screen.findByTestId("setup-screen");
    expect(screenEl).toHaveTextContent("Choose your password");
    expect(screenEl).toHaveTextContent("You signed in with a one-time setup code (valid until");
    expect(screenEl).toHaveTextContent("2026");
    expect(screenEl).toHaveTextContent("Choose the password you will sign in with from now on.");
    expect(screenEl).toHaveTextContent("At least 12 characters; not your login.");
    expect(screen.getByTestId("setup-password")).toHaveAttribute("type", "password");
    expect(screen.getByTestId("setup-confirm")).toHaveAttribute("type", "password");
    expect(screen.queryByTestId("nav-home")).toBeNull();
  });

  it("sends both boxes with Enter and shows each refusal under its box", async () => {
    mocks.completeSetup.mockReturnValue(refused("invalidInput", "password: at least 12 characters\nconfirm: the two passwords differ"));
    renderApp();
    await userEvent.type(await screen.findByTestId("setup-password"), "short");
    await userEvent.type(screen.getByTestId("setup-confirm"), "shorter{Enter}");
    expect(mocks.completeSetup).toHaveBeenCalledWith("short", "shorter");
    expect(await screen.findByTestId("setup-error-password")).toHaveTextContent("At least 12 characters.");
    expect(screen.getByTestId("setup-error-confirm")).toHaveTextContent("The two passwords differ.");
    expect(screen.getByTestId("setup-password")).toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByTestId("setup-error")).toBeNull();
    expect(screen.getByTestId("setup-screen")).toBeInTheDocument();

    await userEvent.type(screen.getByTestId("setup-confirm"), "x");
    expect(screen.queryByTestId("setup-error-confirm")).toBeNull();
    expect(screen.getByTestId("setup-error-password")).toBeInTheDocument();
  });

  it("shows an offline refusal as it is", async () => {
    mocks.completeSetup.mockReturnValue(refused("unreachable", "Choosing your password needs the platform, and this desk is offline."));
    renderApp();
    await userEvent.type(await screen.findByTestId("setup-password"), PASSWORD);
    await userEvent.type(screen.getByTestId("setup-confirm"), PASSWORD);
    await userEvent.click(screen.getByTestId("setup-submit"));
    expect(await screen.findByTestId("setup-error")).toHaveTextContent("Choosing your password needs the platform, and this desk is offline.");
  });

  it("opens the app once the password is set, and the status refetch keeps it open", async () => {
    mocks.completeSetup.mockImplementation(() => {
      mocks.appStatus.mockReturnValue(ok(appStatus({ session: chosen, connection: "online" })));
      return ok(chosen);
    });
    renderApp();
    await userEvent.type(await screen.findByTestId("setup-password"), PASSWORD);
    await userEvent.type(screen.getByTestId("setup-confirm"), PASSWORD);
    const before = mocks.appStatus.mock.calls.length;
    await userEvent.click(screen.getByTestId("setup-submit"));
    expect(mocks.completeSetup).toHaveBeenCalledWith(PASSWORD, PASSWORD);
    expect(await screen.findByTestId("nav-home")).toBeInTheDocument();
    await waitFor(() => expect(mocks.appStatus.mock.calls.length).toBeGreaterThan(before));
    expect(screen.queryByTestId("setup-screen")).toBeNull();
    expect(screen.getByTestId("topbar-user")).toHaveTextContent("cara_diaz");
  });
});
