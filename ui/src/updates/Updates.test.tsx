import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { UpdateInfo } from "../bindings";
import { commands, emit, listening, ok, resetBindings } from "../test/bindingsMock";
import { UpdatesProvider, useUpdates } from "./UpdatesProvider";

vi.mock("../bindings", () => import("../test/bindingsMock"));

const update: UpdateInfo = {
  currentVersion: "0.1.0",
  version: "0.2.0",
  notes: "- Faster sync\n- A new KPI screen",
  published: "2026-12-01T10:00:00Z",
  support: "packageManager",
};

function Buttons() {
  const u = useUpdates();
  return (
    <>
      <button type="button" onClick={u.checkForUpdates}>
        check
      </button>
      <button type="button" onClick={u.openAbout}>
        about
      </button>
    </>
  );
}

function renderUpdates() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <UpdatesProvider>
        <Buttons />
      </UpdatesProvider>
    </QueryClientProvider>,
  );
}

beforeEach(() => {
  resetBindings();
  commands.appPrefs.mockReturnValue(ok({ keepInTray: false, autostart: false, updateChannel: "stable" }));
  commands.saveAppPrefs.mockReturnValue(ok(null));
  commands.appAbout.mockReturnValue(
    ok({
      version: "0.1.0",
      channel: "stable",
      installKind: "deb",
      installLabel: "Debian package (.deb)",
      installSupport: "packageManager",
      lastCheck: null,
      tauriVersion: "2.12.5",
      webviewVersion: "2.48",
    }),
  );
});

describe("updates", () => {
  it("shows the new version's notes, the download's progress, and a refusal with nothing installed", async () => {
    commands.updateCheck.mockReturnValue(ok({ kind: "available", update }));
    let finish: (v: unknown) => void = () => undefined;
    commands.updateInstall.mockReturnValue(new Promise((r) => (finish = r)));
    renderUpdates();
    await userEvent.click(screen.getByText("check"));
    expect(await screen.findByTestId("update-title")).toHaveTextContent("Penguin Desk 0.2.0 is available");
    expect(screen.getByTestId("update-notes")).toHaveTextContent("A new KPI screen");
    expect(screen.getByTestId("update-support")).toHaveTextContent("administrator's password");

    await userEvent.click(screen.getByTestId("update-install"));
    const progress = await screen.findByTestId("update-progress");
    emit("updateProgress", { downloaded: 500_000, total: 2_000_000 });
    await waitFor(() => expect(screen.getByTestId("update-progress-text")).toHaveTextContent("25% · 0.5 MB of 2.0 MB"));
    expect(progress).toHaveAttribute("aria-valuemax", "2000000");
    expect(progress).toHaveAttribute("aria-valuenow", "500000");

    finish({
      status: "ok",
      data: {
        kind: "refused",
        problem: { kind: "signatureRejected", detail: "Invalid signature" },
        message: "The update was refused: its signature does not match Penguin Desk's release key. Nothing was installed.",
      },
    });
    const refused = await screen.findByTestId("update-refused");
    expect(refused).toHaveAttribute("role", "alert");
    expect(refused).toHaveTextContent("Nothing was installed");
    expect(refused).toHaveTextContent("Invalid signature");
  });

  it("says quietly that it couldn't check, with no error", async () => {
    commands.updateCheck.mockReturnValue(
      ok({ kind: "couldNotCheck", problem: { kind: "unreachable", detail: "connection refused" }, message: "Couldn't check for updates: the update server did not answer." }),
    );
    renderUpdates();
    await userEvent.click(screen.getByText("check"));
    expect(await screen.findByTestId("update-quiet")).toHaveTextContent("Couldn't check for updates");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("says when the desk is up to date, and offers a restart after an install", async () => {
    commands.updateCheck.mockReturnValueOnce(ok({ kind: "upToDate", version: "0.1.0", channel: "beta" }));
    renderUpdates();
    await userEvent.click(screen.getByText("check"));
    expect(await screen.findByTestId("update-uptodate")).toHaveTextContent("0.1.0 is the latest on the beta channel");

    commands.updateCheck.mockReturnValueOnce(ok({ kind: "available", update: { ...update, support: "replacesItself" } }));
    commands.updateInstall.mockReturnValue(ok({ kind: "installed", version: "0.2.0" }));
    commands.updateRestart.mockReturnValue(ok(null));
    await userEvent.click(screen.getByTestId("update-close"));
    await userEvent.click(screen.getByText("check"));
    await userEvent.click(await screen.findByTestId("update-install"));
    expect(await screen.findByTestId("update-installed")).toBeInTheDocument();
    await userEvent.click(screen.getByTestId("update-restart"));
    expect(commands.updateRestart).toHaveBeenCalled();
  });

  it("announces what the daily check found and opens it from the banner", async () => {
    renderUpdates();
    await waitFor(() => expect(listening("updateAvailable")).toBe(true));
    emit("updateAvailable", { update });
    expect(await screen.findByTestId("update-banner")).toHaveTextContent("Penguin Desk 0.2.0 is available");
    await userEvent.click(screen.getByTestId("update-banner-view"));
    expect(await screen.findByTestId("update-notes")).toHaveTextContent("Faster sync");
    expect(screen.queryByTestId("update-banner")).toBeNull();
  });

  it("shows the version in About and saves the channel", async () => {
    renderUpdates();
    await userEvent.click(screen.getByText("about"));
    expect(await screen.findByTestId("about-version")).toHaveTextContent("0.1.0");
    expect(screen.getByTestId("about-install")).toHaveTextContent("Debian package");
    await waitFor(() => expect(screen.getByTestId("about-channel")).toBeEnabled());
    await userEvent.selectOptions(screen.getByTestId("about-channel"), "beta");
    await waitFor(() => expect(commands.saveAppPrefs).toHaveBeenCalledWith({ keepInTray: false, autostart: false, updateChannel: "beta" }));
  });
});
