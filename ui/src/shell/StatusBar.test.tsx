import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { AppStatus } from "../bindings";
import { DiagnosticsProvider } from "../components/Diagnostics";
import { ToastProvider } from "../components/Toast";
import { appStatus } from "../test/fixtures";
import { StatusBar } from "./StatusBar";

function status(over: Partial<AppStatus>): AppStatus {
  return appStatus({ connection: "online", syncError: "the platform database is unreachable", ...over });
}

function renderBar(s: AppStatus) {
  return render(
    <ToastProvider>
      <DiagnosticsProvider>
        <StatusBar status={s} />
      </DiagnosticsProvider>
    </ToastProvider>,
  );
}

describe("StatusBar", () => {
  it("says a sync failed while online", () => {
    renderBar(status({ connection: "online" }));
    expect(screen.getByTestId("status-sync-error")).toHaveTextContent("Sync failed");
  });

  it("does not repeat the failure while offline, where Offline already says why", () => {
    renderBar(status({ connection: "offline", queuedChanges: 2 }));
    expect(screen.queryByTestId("status-sync-error")).toBeNull();
    expect(screen.getByTestId("status-connection")).toHaveTextContent("Offline");
    expect(screen.getByTestId("status-queued")).toHaveTextContent("Queued changes: 2");
  });
});
