import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Session } from "../bindings";
import { commands, ok, refused, resetBindings, sessionFor } from "../test/bindingsMock";
import { appStatus } from "../test/fixtures";
import { renderApp } from "../test/renderApp";

vi.mock("../bindings", () => import("../test/bindingsMock"));

const UNTIL = "2026-11-28T09:00:00Z";
const pending = sessionFor("finance", { profileName: "Production", login: "cara_diaz", setupPendingUntil: UNTIL });
const chosen: Session = { ...pending, setupPendingUntil: null };
const PASSWORD = "correct horse battery";

beforeEach(() => {
  resetBindings();
  commands.appStatus.mockReturnValue(ok(appStatus({ session: pending, connection: "online" })));
  commands.listProfiles.mockReturnValue(ok([]));
  commands.localCopy.mockReturnValue(ok([]));
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
    commands.completeSetup.mockReturnValue(refused("invalidInput", "password: at least 12 characters\nconfirm: the two passwords differ"));
    renderApp();
    await userEvent.type(await screen.findByTestId("setup-password"), "short");
    await userEvent.type(screen.getByTestId("setup-confirm"), "shorter{Enter}");
    expect(commands.completeSetup).toHaveBeenCalledWith("short", "shorter");
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
    commands.completeSetup.mockReturnValue(refused("unreachable", "Choosing your password needs the platform, and this desk is offline."));
    renderApp();
    await userEvent.type(await screen.findByTestId("setup-password"), PASSWORD);
    await userEvent.type(screen.getByTestId("setup-confirm"), PASSWORD);
    await userEvent.click(screen.getByTestId("setup-submit"));
    expect(await screen.findByTestId("setup-error")).toHaveTextContent("Choosing your password needs the platform, and this desk is offline.");
  });

  it("opens the app once the password is set, and the status refetch keeps it open", async () => {
    commands.completeSetup.mockImplementation(() => {
      commands.appStatus.mockReturnValue(ok(appStatus({ session: chosen, connection: "online" })));
      return ok(chosen);
    });
    renderApp();
    await userEvent.type(await screen.findByTestId("setup-password"), PASSWORD);
    await userEvent.type(screen.getByTestId("setup-confirm"), PASSWORD);
    const before = commands.appStatus.mock.calls.length;
    await userEvent.click(screen.getByTestId("setup-submit"));
    expect(commands.completeSetup).toHaveBeenCalledWith(PASSWORD, PASSWORD);
    expect(await screen.findByTestId("nav-home")).toBeInTheDocument();
    await waitFor(() => expect(commands.appStatus.mock.calls.length).toBeGreaterThan(before));
    expect(screen.queryByTestId("setup-screen")).toBeNull();
    expect(screen.getByTestId("topbar-user")).toHaveTextContent("cara_diaz");
  });
});
