import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { KpiBoard, KpiFigure, KpiId, KpiPeriod, KpiTable } from "../bindings";
import { commands, ok, resetBindings, sessionFor } from "../test/bindingsMock";
import { appStatus } from "../test/fixtures";
import { renderApp } from "../test/renderApp";
import { presetPeriod } from "./kpiFormat";
import { forgetKpiScreen } from "./KpiScreen";

vi.mock("../bindings", () => import("../test/bindingsMock"));

const session = sessionFor("ops", { sections: ["home", "alerts", "operations", "kpis"] });

function figure(id: KpiId, family: KpiFigure["family"], value: KpiFigure["value"], over: Partial<KpiFigure> = {}): KpiFigure {
  return { id, family, title: `Title of ${id}`, definition: `Definition of ${id}.`, value, rows: 3, note: null, ...over };
}

const FIGURES: KpiFigure[] = [
  figure("staffAccountSetup", "people", { kind: "notAvailable", reason: "Your role does not sync the audit trail." }, { rows: 0 }),
  figure("uptime", "operations", { kind: "percent", percent: 99.95, samples: 12 }, { note: "Last 30 days to 2026-11-20T12:00:00Z (11 of 12 services met their SLA); service metrics are not synced." }),
  figure("alertAcknowledge", "operations", { kind: "duration", medianSecs: 270, p90Secs: 720, samples: 58 }, { note: "Alerts routed to your teams." }),
  figure("deploymentSuccess", "operations", { kind: "rate", percent: 97.5, numerator: 39, denominator: 40 }),
  figure("integrationReliability", "operations", { kind: "noData", reason: "No call to an integration was recorded in the period." }, { rows: 0 }),
  figure("expansionRevenue", "customers", { kind: "notAvailable", reason: "Your role does not sync the subscriptions' history." }, { rows: 0 }),
];

const board = (period: KpiPeriod): KpiBoard => ({ period, figures: FIGURES });

function table(kpi: KpiId, period: KpiPeriod): KpiTable {
  const f = FIGURES.find((x) => x.id === kpi) ?? figure(kpi, "operations", { kind: "noData", reason: "-" });
  return {
    period,
    figure: f,
    columns: ["Deployment", "Service", "Status", "Counted"],
    rows: [
      { id: "41", counted: true, cells: ["41", "smtp-relay", "succeeded", "yes"] },
      { id: "42", counted: false, cells: ["42", "api-gateway", "failed", "no: failed"] },
      { id: "43", counted: true, cells: ["43", "api-gateway", "succeeded", "yes"] },
    ],
    total: 3,
  };
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

beforeEach(() => {
  forgetKpiScreen();
  resetBindings();
  commands.appStatus.mockReturnValue(ok(appStatus({ session, connection: "online", lastSyncAt: new Date(Date.now() - 5 * 60_000).toISOString() })));
  commands.listProfiles.mockReturnValue(ok([]));
  commands.localCopy.mockReturnValue(ok([]));
  commands.kpis.mockImplementation((p: KpiPeriod) => ok(board(p)));
  commands.kpiRows.mockImplementation((k: KpiId, p: KpiPeriod) => ok(table(k, p)));
  commands.financeExport.mockImplementation(() => ok({ path: "/home/ops/Downloads/penguin-desk-deployment-success.csv", rows: 3 }));
});

async function openKpis() {
  renderApp();
  await userEvent.click(await screen.findByTestId("nav-kpis"));
  await screen.findByTestId("kpi-screen");
  return screen.findByTestId("kpi-card-deploymentSuccess");
}

describe("the KPI screen", () => {
  it("shows this month's figures as cards grouped by family, values with their units", async () => {
    await openKpis();
    expect(commands.kpis).toHaveBeenCalledWith(presetPeriod("thisMonth", new Date()));
    expect(screen.getAllByRole("region").map((r) => r.getAttribute("aria-label"))).toEqual(
      expect.arrayContaining(["People & access", "Platform operations", "Customers & revenue"]),
    );
    const ops = screen.getByTestId("kpi-family-operations");
    expect(within(ops).getAllByRole("button").map((b) => b.dataset.testid)).toEqual([
      "kpi-card-uptime",
      "kpi-card-alertAcknowledge",
      "kpi-card-deploymentSuccess",
      "kpi-card-integrationReliability",
    ]);
    expect(screen.getByTestId("kpi-card-deploymentSuccess-value")).toHaveTextContent("97.5 %");
    expect(screen.getByTestId("kpi-card-deploymentSuccess-detail")).toHaveTextContent("39 of 40");
    expect(screen.getByTestId("kpi-card-deploymentSuccess-bar")).toBeInTheDocument();
    expect(screen.getByTestId("kpi-card-alertAcknowledge-value")).toHaveTextContent(/median\s*4\.5 min/);
    expect(screen.getByTestId("kpi-card-alertAcknowledge-detail")).toHaveTextContent("p90 12 min · 58 measured");
    expect(screen.getByTestId("kpi-card-uptime-value")).toHaveTextContent("99.95 %");
    // Data the role does not hold reads calmly, never as a zero.
    const locked = screen.getByTestId("kpi-card-staffAccountSetup");
    expect(within(locked).getByTestId("kpi-card-staffAccountSetup-calm")).toHaveTextContent("Not available for your role");
    expect(locked).toHaveTextContent("Your role does not sync the audit trail.");
    expect(locked).not.toHaveTextContent("0");
    expect(screen.getByTestId("kpi-card-integrationReliability-calm")).toHaveTextContent("No data");
    expect(screen.getByTestId("kpi-summary")).toHaveTextContent("4 of 6 figures are held for your roles");
    expect(screen.getByTestId("kpi-age")).toHaveTextContent("From the local copy synced 5 min ago");
  });

  it("keeps the period and the open rows when the member comes back", async () => {
    const card = await openKpis();
    await userEvent.click(screen.getByTestId("kpi-period-lastMonth"));
    await userEvent.click(card);
    await screen.findByTestId("kpi-rows");
    await userEvent.click(screen.getByTestId("nav-home"));
    await userEvent.click(screen.getByTestId("nav-kpis"));
    expect(await screen.findByTestId("kpi-screen")).toHaveAttribute("data-from", presetPeriod("lastMonth", new Date()).from);
    expect(await screen.findByTestId("kpi-rows")).toBeInTheDocument();
  });

  it("asks for another period when one is picked", async () => {
    await openKpis();
    await userEvent.click(screen.getByTestId("kpi-period-lastMonth"));
    await waitFor(() => expect(commands.kpis).toHaveBeenLastCalledWith(presetPeriod("lastMonth", new Date())));
    await userEvent.click(screen.getByTestId("kpi-period-last90"));
    await waitFor(() => expect(commands.kpis).toHaveBeenLastCalledWith(presetPeriod("last90", new Date())));
    expect(screen.getByTestId("kpi-screen")).toHaveAttribute("data-from", presetPeriod("last90", new Date()).from);
  });

  it("asks for any period of whole days picked as Custom…, starting from the one on screen", async () => {
    await openKpis();
    await userEvent.click(screen.getByTestId("kpi-period-last30"));
    const last30 = presetPeriod("last30", new Date());
    await waitFor(() => expect(commands.kpis).toHaveBeenLastCalledWith(last30));
    expect(screen.queryByTestId("kpi-period-from")).toBeNull();

    await userEvent.click(screen.getByTestId("kpi-period-custom"));
    expect(screen.getByTestId("kpi-period-custom")).toHaveAttribute("data-state", "on");
    expect(screen.getByTestId("kpi-period-from")).toHaveValue(last30.from);
    expect(screen.getByTestId("kpi-period-to")).toHaveValue(last30.to);
    expect(screen.getByLabelText("From")).toBe(screen.getByTestId("kpi-period-from"));

    fireEvent.change(screen.getByTestId("kpi-period-from"), { target: { value: "2026-03-05" } });
    fireEvent.change(screen.getByTestId("kpi-period-to"), { target: { value: "2026-04-17" } });
    await waitFor(() => expect(commands.kpis).toHaveBeenLastCalledWith({ from: "2026-03-05", to: "2026-04-17" }));
    expect(screen.getByTestId("kpi-screen")).toHaveAttribute("data-from", "2026-03-05");
    expect(screen.getByTestId("kpi-screen")).toHaveAttribute("data-to", "2026-04-17");
    expect(screen.queryByTestId("kpi-period-error")).toBeNull();

    // The rows behind a figure are for the custom period too.
    await userEvent.click(screen.getByTestId("kpi-card-deploymentSuccess"));
    await waitFor(() => expect(commands.kpiRows).toHaveBeenCalledWith("deploymentSuccess", { from: "2026-03-05", to: "2026-04-17" }));

    // Back to a preset: the inputs go.
    await userEvent.click(screen.getByTestId("kpi-period-thisYear"));
    await waitFor(() => expect(commands.kpis).toHaveBeenLastCalledWith(presetPeriod("thisYear", new Date())));
    expect(screen.queryByTestId("kpi-period-from")).toBeNull();
  });

  it("checks a custom period beside its days and keeps the last good figures meanwhile", async () => {
    await openKpis();
    const thisMonth = presetPeriod("thisMonth", new Date());
    await userEvent.click(screen.getByTestId("kpi-period-custom"));
    const calls = commands.kpis.mock.calls.length;

    // The last day first: before this month's first, so no period in between is acceptable.
    fireEvent.change(screen.getByTestId("kpi-period-to"), { target: { value: "1990-05-02" } });
    fireEvent.change(screen.getByTestId("kpi-period-from"), { target: { value: "1990-05-20" } });
    const error = await screen.findByTestId("kpi-period-error");
    expect(error).toHaveTextContent("The period ends before it starts.");
    expect(screen.getByTestId("kpi-period-to")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByTestId("kpi-period-to")).toHaveAttribute("aria-describedby", "kpi-period-error");
    expect(screen.getByTestId("kpi-period-from")).not.toHaveAttribute("aria-invalid");

    fireEvent.change(screen.getByTestId("kpi-period-from"), { target: { value: "" } });
    expect(screen.getByTestId("kpi-period-error")).toHaveTextContent("Choose the first day.");
    expect(screen.getByTestId("kpi-period-from")).toHaveAttribute("aria-invalid", "true");

    // Nothing unacceptable was sent; this month's figures stay, under their own period.
    expect(commands.kpis.mock.calls.slice(calls).every(([p]) => (p as KpiPeriod).from === thisMonth.from)).toBe(true);
    expect(screen.getByTestId("kpi-screen")).toHaveAttribute("data-from", thisMonth.from);
    expect(screen.getByTestId("kpi-card-deploymentSuccess-value")).toHaveTextContent("97.5 %");
    expect(screen.queryByTestId("kpi-error")).toBeNull();

    fireEvent.change(screen.getByTestId("kpi-period-from"), { target: { value: "1990-05-01" } });
    await waitFor(() => expect(commands.kpis).toHaveBeenLastCalledWith({ from: "1990-05-01", to: "1990-05-02" }));
    expect(screen.queryByTestId("kpi-period-error")).toBeNull();
    expect(screen.getByTestId("kpi-period-to")).not.toHaveAttribute("aria-invalid");
  });

  it("shows the core's refusal of a period beside its days, with the last good figures", async () => {
    commands.kpis.mockImplementation((p: KpiPeriod) =>
      p.from < "2000-01-01"
        ? Promise.resolve({ status: "error" as const, error: { code: "invalidInput" as const, message: "from: the period is 9862 days long; at most 3660 are allowed" } })
        : ok(board(p)),
    );
    await openKpis();
    const thisMonth = presetPeriod("thisMonth", new Date());
    await userEvent.click(screen.getByTestId("kpi-period-custom"));
    fireEvent.change(screen.getByTestId("kpi-period-from"), { target: { value: "1999-01-01" } });
    await waitFor(() => expect(commands.kpis).toHaveBeenLastCalledWith({ from: "1999-01-01", to: thisMonth.to }));

    const error = await screen.findByTestId("kpi-period-error");
    expect(error).toHaveTextContent("The period is 9862 days long; at most 3660 are allowed.");
    expect(screen.getByTestId("kpi-period-from")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByTestId("kpi-period-to")).not.toHaveAttribute("aria-invalid");
    expect(screen.queryByTestId("kpi-error")).toBeNull();
    expect(screen.getByTestId("kpi-screen")).toHaveAttribute("data-from", thisMonth.from);
    expect(screen.getByTestId("kpi-card-deploymentSuccess-value")).toHaveTextContent("97.5 %");

    fireEvent.change(screen.getByTestId("kpi-period-from"), { target: { value: "2020-01-01" } });
    await waitFor(() => expect(screen.getByTestId("kpi-screen")).toHaveAttribute("data-from", "2020-01-01"));
    expect(screen.queryByTestId("kpi-period-error")).toBeNull();
    expect(screen.getByTestId("kpi-card-deploymentSuccess-value")).toHaveTextContent("97.5 %");
  });

  it("keeps a custom period when the member comes back", async () => {
    await openKpis();
    await userEvent.click(screen.getByTestId("kpi-period-custom"));
    fireEvent.change(screen.getByTestId("kpi-period-from"), { target: { value: "2026-01-10" } });
    fireEvent.change(screen.getByTestId("kpi-period-to"), { target: { value: "2026-02-20" } });
    await waitFor(() => expect(screen.getByTestId("kpi-screen")).toHaveAttribute("data-to", "2026-02-20"));
    await userEvent.click(screen.getByTestId("nav-home"));
    await userEvent.click(screen.getByTestId("nav-kpis"));
    expect(await screen.findByTestId("kpi-screen")).toHaveAttribute("data-from", "2026-01-10");
    expect(screen.getByTestId("kpi-period-custom")).toHaveAttribute("data-state", "on");
    expect(screen.getByTestId("kpi-period-from")).toHaveValue("2026-01-10");
    expect(screen.getByTestId("kpi-period-to")).toHaveValue("2026-02-20");
  });

  it("keeps the last good figures, and what was typed, when a member comes back to an unfinished custom period", async () => {
    await openKpis();
    await userEvent.click(screen.getByTestId("kpi-period-custom"));
    fireEvent.change(screen.getByTestId("kpi-period-from"), { target: { value: "2026-01-10" } });
    fireEvent.change(screen.getByTestId("kpi-period-to"), { target: { value: "2026-02-20" } });
    await waitFor(() => expect(screen.getByTestId("kpi-screen")).toHaveAttribute("data-to", "2026-02-20"));
    await waitFor(() => expect(screen.queryByTestId("report-refreshing")).toBeNull());
    fireEvent.change(screen.getByTestId("kpi-period-to"), { target: { value: "" } });
    await userEvent.click(screen.getByTestId("nav-home"));
    await userEvent.click(screen.getByTestId("nav-kpis"));
    expect(await screen.findByTestId("kpi-screen")).toHaveAttribute("data-to", "2026-02-20");
    expect(screen.getByTestId("kpi-period-to")).toHaveValue("");
    expect(screen.getByTestId("kpi-period-error")).toHaveTextContent("Choose the last day.");
    expect(await screen.findByTestId("kpi-card-deploymentSuccess-value")).toHaveTextContent("97.5 %");
  });

  it("opens the rows behind a figure and exports them as CSV", async () => {
    const card = await openKpis();
    await userEvent.click(card);
    const period = presetPeriod("thisMonth", new Date());
    await waitFor(() => expect(commands.kpiRows).toHaveBeenCalledWith("deploymentSuccess", period));
    const grid = await screen.findByTestId("kpi-rows");
    expect(within(grid).getAllByRole("columnheader").map((h) => h.textContent)).toEqual(["Deployment", "Service", "Status", "Counted"]);
    const rows = within(grid).getAllByTestId("kpi-row");
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveAttribute("data-status", "notCounted");
    expect(rows[1]).toHaveTextContent("no: failed");
    expect(screen.getByTestId("kpi-rows-count")).toHaveTextContent("3 rows");
    expect(card).toHaveAttribute("aria-pressed", "true");

    await userEvent.click(screen.getByTestId("kpi-export"));
    expect(commands.financeExport).toHaveBeenCalledWith({ report: "kpi", kpi: "deploymentSuccess", period }, "csv");
    expect(await screen.findByTestId("toast")).toHaveTextContent("Exported 3 rows to /home/ops/Downloads/penguin-desk-deployment-success.csv");

    await userEvent.click(screen.getByTestId("kpi-rows-close"));
    expect(screen.queryByTestId("kpi-rows")).toBeNull();
  });

  it("moves between cards with the arrows, opens with Enter and closes with Esc", async () => {
    await openKpis();
    const first = screen.getByTestId("kpi-card-staffAccountSetup");
    expect(first).toHaveAttribute("tabindex", "0");
    expect(screen.getByTestId("kpi-card-uptime")).toHaveAttribute("tabindex", "-1");
    act(() => first.focus());
    await userEvent.keyboard("{ArrowRight}{ArrowRight}");
    expect(screen.getByTestId("kpi-card-alertAcknowledge")).toHaveFocus();
    expect(screen.getByTestId("kpi-card-alertAcknowledge")).toHaveAttribute("tabindex", "0");
    await userEvent.keyboard("{End}");
    expect(screen.getByTestId("kpi-card-expansionRevenue")).toHaveFocus();
    await userEvent.keyboard("{Home}{ArrowDown}{ArrowDown}{ArrowDown}");
    expect(screen.getByTestId("kpi-card-deploymentSuccess")).toHaveFocus();
    await userEvent.keyboard("{Enter}");
    expect(await screen.findByTestId("kpi-rows")).toBeInTheDocument();
    await userEvent.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByTestId("kpi-rows")).toBeNull());
    expect(screen.getByTestId("kpi-card-deploymentSuccess")).toHaveFocus();
  });

  it("says offline that the figures come from the local copy, with its age", async () => {
    commands.appStatus.mockReturnValue(ok(appStatus({ session, connection: "offline", lastSyncAt: new Date(Date.now() - 3 * 3_600_000).toISOString() })));
    await openKpis();
    expect(screen.getByTestId("kpi-age")).toHaveTextContent("Offline: from the local copy synced 3 hours ago");
    expect(screen.getByTestId("kpi-card-deploymentSuccess-value")).toHaveTextContent("97.5 %");
  });

  it("is reachable from the command palette", async () => {
    renderApp();
    await screen.findByTestId("nav-kpis");
    await userEvent.keyboard("{Control>}k{/Control}");
    await userEvent.type(await screen.findByTestId("palette-input"), "churn");
    await userEvent.click(await screen.findByTestId("palette-kpis"));
    expect(await screen.findByTestId("kpi-screen")).toBeInTheDocument();
  });
});
