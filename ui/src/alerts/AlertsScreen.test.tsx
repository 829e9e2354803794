import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { AlertDetail, AlertInbox, AlertQuery, AlertView, NotificationSettings } from "../bindings";
import { commands, ok, resetBindings, sessionFor } from "../test/bindingsMock";
import { appStatus } from "../test/fixtures";
import { renderApp } from "../test/renderApp";

vi.mock("../bindings", () => import("../test/bindingsMock"));

const session = sessionFor("ops", { sections: ["home", "alerts"] });

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

function alert(id: number, over: Partial<AlertView> = {}): AlertView {
  return {
    id,
    dedupKey: `relay-${id}`,
    service: "smtp-relay",
    severity: "high",
    team: "ops",
    title: `Relay queue ${id} above 50k`,
    details: "Outbound queue growing faster than it drains on relay pool 3",
    status: "triggered",
    falsePositive: false,
    occurrences: 1,
    alertsWithKey: 1,
    notes: 0,
    acknowledgedBy: null,
    acknowledgedAt: null,
    resolvedBy: null,
    resolvedAt: null,
    escalateAfter: null,
    createdAt: minutesAgo(12),
    overdue: false,
    version: 1,
    sync: { state: "synced" },
    ...over,
  };
}

const ALERTS = [
  alert(11, { severity: "critical", title: "API p95 latency above SLO", service: "api-gateway", overdue: true, occurrences: 4, alertsWithKey: 3 }),
  alert(12, { title: "Webhook delivery retries piling up", service: "webhook-dispatcher", createdAt: minutesAgo(190) }),
  alert(13, { severity: "medium", status: "acknowledged", acknowledgedBy: "sandbox_ops", acknowledgedAt: minutesAgo(5), title: "Warm-up pool reputation dropped" }),
];

const COUNTS = { open: 3, overdue: 1, critical: 1 };

/** Answers the inbox like the core: filtered by severity and words, the counts over everything. */
function answerInbox(alerts: AlertView[]) {
  commands.alertsInbox.mockImplementation((q: AlertQuery): Promise<{ status: "ok"; data: AlertInbox }> => {
    const rows = alerts.filter(
      (a) =>
        (q.statuses.length === 0 || q.statuses.includes(a.status)) &&
        (q.severities.length === 0 || q.severities.includes(a.severity)) &&
        (q.search === null || a.title.toLowerCase().includes(q.search.toLowerCase())) &&
        (!q.overdueOnly || a.overdue),
    );
    return ok({ alerts: rows, matched: rows.length, counts: COUNTS });
  });
}

const SETTINGS: NotificationSettings = {
  enabled: true,
  teams: ["ops"],
  minSeverity: "high",
  quietHours: null,
  snoozedUntil: {},
  criticalBreaksThrough: true,
  summaryFrom: 4,
};

// jsdom has no layout: give the list's scroll box a height so the virtualiser renders rows.
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
  resetBindings();
  commands.appStatus.mockReturnValue(ok(appStatus({ session, connection: "online", lastSyncAt: new Date().toISOString(), alerts: COUNTS })));
  commands.listProfiles.mockReturnValue(ok([]));
  commands.localCopy.mockReturnValue(ok([]));
  commands.notificationSettings.mockReturnValue(ok(SETTINGS));
  commands.appPrefs.mockReturnValue(ok({ keepInTray: false, autostart: false }));
  answerInbox(ALERTS);
});

async function openAlerts() {
  renderApp();
  await userEvent.click(await screen.findByTestId("nav-alerts"));
  return screen.findByTestId("alert-grid");
}

const rowIds = () => screen.getAllByTestId("alert-row").map((r) => r.getAttribute("data-alert-id"));

describe("alert inbox", () => {
  it("opens on open alerts with who acted, overdue and the dedup group, and counts them on the rail", async () => {
    const grid = await openAlerts();
    expect(commands.alertsInbox).toHaveBeenCalledWith({ statuses: ["triggered", "acknowledged"], severities: [], teams: [], search: null, overdueOnly: false });
    await waitFor(() => expect(rowIds()).toEqual(["11", "12", "13"]));
    const [first, second, third] = within(grid).getAllByTestId("alert-row");
    if (!first || !second || !third) throw new Error("expected three rows");
    expect(within(first).getByTestId("alert-severity")).toHaveTextContent("Critical");
    expect(within(first).getByTestId("alert-overdue")).toHaveTextContent("OVERDUE");
    expect(within(first).getByTestId("alert-group")).toHaveTextContent("4×");
    expect(within(first).getByTestId("alert-group")).toHaveTextContent("×3 alerts");
    expect(within(first).getByTestId("alert-age")).toHaveTextContent("12 min");
    expect(within(second).getByTestId("alert-age")).toHaveTextContent("3 h");
    expect(within(third).getByTestId("alert-status")).toHaveTextContent("Acknowledged by sandbox_ops");
    expect(screen.getByTestId("alert-count-open")).toHaveTextContent("3 open");
    expect(screen.getByTestId("alert-count-overdue")).toHaveTextContent("1 overdue");
    const badge = screen.getByTestId("nav-alerts-count");
    expect(badge).toHaveTextContent("3");
    expect(badge).toHaveAttribute("data-urgent", "true");
  });

  it("filters by severity and words, and tells an empty filter from an empty inbox", async () => {
    await openAlerts();
    await userEvent.click(screen.getByTestId("alert-filter-severity-critical"));
    await waitFor(() => expect(commands.alertsInbox).toHaveBeenLastCalledWith(expect.objectContaining({ severities: ["critical"] })));
    await waitFor(() => expect(rowIds()).toEqual(["11"]));

    await userEvent.type(screen.getByTestId("alert-filter-search"), "webhook");
    await waitFor(() => expect(commands.alertsInbox).toHaveBeenLastCalledWith(expect.objectContaining({ severities: ["critical"], search: "webhook" })));
    const filtered = await screen.findByTestId("alert-empty-filters");
    expect(filtered).toHaveTextContent("No alerts match these filters");
    expect(filtered).toHaveTextContent("3 open alerts are hidden by the filters.");
    expect(screen.queryByTestId("alert-empty")).toBeNull();

    await userEvent.click(screen.getByTestId("alert-empty-clear"));
    await waitFor(() => expect(rowIds()).toEqual(["11", "12", "13"]));
    expect(screen.getByTestId("alert-filter-search")).toHaveValue("");
  });

  it("says all clear when nothing is open", async () => {
    commands.appStatus.mockReturnValue(ok(appStatus({ session, connection: "online", lastSyncAt: new Date().toISOString() })));
    commands.alertsInbox.mockImplementation(() => ok({ alerts: [], matched: 0, counts: { open: 0, overdue: 0, critical: 0 } }));
    await openAlerts();
    expect(await screen.findByTestId("alert-empty")).toHaveTextContent("No open alerts — all clear");
    expect(screen.queryByTestId("nav-alerts-count")).toBeNull();
  });

  it("acknowledges the chosen alert with the keyboard: j moves, a acknowledges that one", async () => {
    commands.alertAck.mockReturnValue(ok(null));
    const grid = await openAlerts();
    await waitFor(() => expect(rowIds()).toHaveLength(3));
    grid.focus();
    fireEvent.keyDown(grid, { key: "j" });
    expect(screen.getAllByTestId("alert-row")[1]).toHaveAttribute("aria-selected", "true");
    fireEvent.keyDown(grid, { key: "a" });
    await waitFor(() => expect(commands.alertAck).toHaveBeenCalledWith(12));
    expect(commands.alertAck).toHaveBeenCalledTimes(1);
    expect(await screen.findByTestId("toast")).toHaveTextContent("Acknowledged");

    // Acknowledged already: says so, and does not ask the core.
    fireEvent.keyDown(grid, { key: "j" });
    fireEvent.keyDown(grid, { key: "a" });
    expect(await screen.findByText("Already acknowledged by sandbox_ops.")).toBeInTheDocument();
    expect(commands.alertAck).toHaveBeenCalledTimes(1);
  });

  it("f asks for an optional note, then resolves as a false positive", async () => {
    commands.alertResolve.mockReturnValue(ok(null));
    const grid = await openAlerts();
    await waitFor(() => expect(rowIds()).toHaveLength(3));
    grid.focus();
    fireEvent.keyDown(grid, { key: "f" });
    const dialog = await screen.findByTestId("alert-fp-dialog");
    await userEvent.type(within(dialog).getByTestId("alert-fp-note"), "Synthetic probe");
    await userEvent.click(within(dialog).getByTestId("alert-fp-save"));
    await waitFor(() => expect(commands.alertResolve).toHaveBeenCalledWith(11, true, "Synthetic probe"));
  });

  it("opens an alert with Enter and comes back with Esc to the same filters and row", async () => {
    commands.alertDetail.mockImplementation((id: number) => ok({ alert: ALERTS.find((a) => a.id === id), notes: [], history: [] }));
    const grid = await openAlerts();
    await userEvent.click(screen.getByTestId("alert-filter-severity-high"));
    await waitFor(() => expect(rowIds()).toEqual(["12"]));
    await userEvent.click(screen.getByTestId("alert-filter-severity-critical"));
    await waitFor(() => expect(rowIds()).toEqual(["11", "12"]));
    const list = screen.getByTestId("alert-grid");
    list.focus();
    fireEvent.keyDown(list, { key: "ArrowDown" });
    fireEvent.keyDown(list, { key: "Enter" });
    expect(await screen.findByTestId("alert-detail")).toHaveAttribute("data-alert-id", "12");
    expect(grid).not.toBeInTheDocument();
    fireEvent.keyDown(window, { key: "Escape" });
    await screen.findByTestId("alert-grid");
    expect(screen.getByTestId("alert-filter-severity-critical")).toHaveAttribute("data-state", "on");
    expect(screen.getAllByTestId("alert-row")[1]).toHaveAttribute("aria-selected", "true");
  });
});

describe("an alert", () => {
  const detail = (a: AlertView): AlertDetail => ({
    alert: a,
    notes: [
      { id: "n1", body: "Relay pool 3 drained after restart", author: "sandbox_ops", createdAt: minutesAgo(3), sync: { state: "synced" } },
      { id: "n2", body: "Watching for 10 more minutes", author: "sandbox_ops", createdAt: minutesAgo(1), sync: { state: "pending" } },
    ],
    history: [alert(4, { status: "resolved", resolvedBy: "ana", resolvedAt: minutesAgo(3000), acknowledgedAt: minutesAgo(3001), falsePositive: true, createdAt: minutesAgo(3100) })],
  });

  it("shows the platform's refusal on the record, and disables what no longer applies", async () => {
    const refused = alert(12, {
      status: "resolved",
      resolvedBy: "sandbox_ops",
      acknowledgedBy: "sandbox_ops",
      resolvedAt: minutesAgo(2),
      acknowledgedAt: minutesAgo(2),
      sync: { state: "refused", reason: "conflict", message: "alert 12 was already resolved by sandbox_ops at 2026-12-02 10:02 UTC" },
    });
    answerInbox([refused]);
    commands.alertDetail.mockReturnValue(ok(detail(refused)));
    await openAlerts();
    await userEvent.click(screen.getByTestId("alert-filter-status-resolved"));
    const row = await screen.findByTestId("alert-row");
    expect(within(row).getByTestId("sync-badge")).toHaveAttribute("data-state", "refused");
    await userEvent.click(row);

    const page = await screen.findByTestId("alert-detail");
    expect(within(page).getByTestId("alert-refused")).toHaveTextContent("alert 12 was already resolved by sandbox_ops at 2026-12-02 10:02 UTC");
    expect(within(page).getAllByTestId("sync-badge")[0]).toHaveTextContent("Refused: conflict");
    expect(within(page).getByTestId("alert-ack")).toBeDisabled();
    expect(within(page).getByTestId("alert-resolve")).toBeDisabled();
    expect(within(page).getByTestId("alert-actions-reason")).toHaveTextContent("Already resolved by sandbox_ops");

    const notes = within(page).getAllByTestId("alert-note");
    expect(notes.map((n) => n.textContent)).toEqual([expect.stringContaining("Relay pool 3 drained"), expect.stringContaining("Watching for 10 more minutes")]);
    const pending = notes[1];
    if (!pending) throw new Error("expected two notes");
    expect(within(pending).getByTestId("sync-badge")).toHaveTextContent("Pending sync");
    expect(within(page).getByTestId("alert-history-item")).toHaveTextContent("Resolved by ana");
    expect(within(page).getByTestId("alert-history-item")).toHaveTextContent("False positive");
  });

  it("n goes to the note box and Ctrl-Enter saves the note", async () => {
    commands.alertDetail.mockImplementation((id: number) => ok(detail(ALERTS.find((a) => a.id === id) ?? alert(id))));
    commands.alertAddNote.mockReturnValue(ok("n3"));
    await openAlerts();
    const [first] = await screen.findAllByTestId("alert-row");
    if (!first) throw new Error("expected a row");
    await userEvent.click(first);
    const page = await screen.findByTestId("alert-detail");
    expect(within(page).getByTestId("alert-escalation")).toBeInTheDocument();
    fireEvent.keyDown(window, { key: "n" });
    const box = within(page).getByTestId("alert-note-input");
    expect(box).toHaveFocus();
    await userEvent.type(box, "Rolled back the relay config");
    await userEvent.keyboard("{Control>}{Enter}{/Control}");
    await waitFor(() => expect(commands.alertAddNote).toHaveBeenCalledWith(11, "Rolled back the relay config"));
    await waitFor(() => expect(box).toHaveValue(""));
  });
});

describe("notification settings", () => {
  async function openSettings() {
    renderApp();
    await userEvent.click(await screen.findByTestId("nav-alerts"));
    await userEvent.click(await screen.findByTestId("alerts-tab-settings"));
    return screen.findByTestId("alert-settings");
  }

  it("keeps the desk in the tray when asked, and says so when start at login cannot be set", async () => {
    await openSettings();
    commands.saveAppPrefs.mockReturnValueOnce(ok(null));
    await userEvent.click(await screen.findByTestId("app-prefs-tray"));
    await waitFor(() => expect(commands.saveAppPrefs).toHaveBeenCalledWith({ keepInTray: true, autostart: false }));
    commands.saveAppPrefs.mockReturnValueOnce(Promise.resolve({ status: "error" as const, error: { code: "internal" as const, message: "could not set the desk to start at login: no autostart folder" } }));
    await userEvent.click(screen.getByTestId("app-prefs-autostart"));
    expect(await screen.findByTestId("app-prefs-error")).toHaveTextContent("no autostart folder");
  });

  it("opens from the command palette", async () => {
    renderApp();
    await screen.findByTestId("nav-alerts");
    fireEvent.keyDown(window, { key: "k", ctrlKey: true });
    await userEvent.click(await screen.findByTestId("palette-alerts-settings"));
    expect(await screen.findByTestId("alert-settings")).toBeInTheDocument();
    expect(screen.getByTestId("alerts-tab-settings")).toHaveAttribute("aria-selected", "true");
  });

  it("says what is wrong beside the field before sending, and keeps what was typed", async () => {
    await openSettings();
    await userEvent.click(screen.getByTestId("settings-quiet"));
    const start = screen.getByTestId("settings-quiet-start");
    const end = screen.getByTestId("settings-quiet-end");
    await userEvent.clear(start);
    await userEvent.type(start, "23:00");
    await userEvent.clear(end);
    await userEvent.type(end, "23:00");
    await userEvent.click(screen.getByTestId("settings-save"));
    expect(await screen.findByTestId("settings-error")).toHaveTextContent("Quiet hours start and end at the same time; turn them off instead.");
    expect(commands.saveNotificationSettings).not.toHaveBeenCalled();
    expect(start).toHaveValue("23:00");
    expect(end).toHaveValue("23:00");
  });

  it("shows the core's refusal beside its field and keeps the input", async () => {
    commands.saveNotificationSettings.mockResolvedValue({ status: "error", error: { code: "invalidInput", message: "summarise from 2 alerts at once or more (got 1)" } });
    // The core is the judge here: the same check passes on the laptop for 3, so make it refuse that.
    await openSettings();
    const summary = screen.getByTestId("settings-summary");
    await userEvent.clear(summary);
    await userEvent.type(summary, "3");
    await userEvent.click(screen.getByTestId("settings-snooze-high-1h"));
    expect(screen.getByTestId("settings-snooze-high-state")).toHaveTextContent(/snoozed until \d\d:\d\d|snoozed until tomorrow/);
    await userEvent.click(screen.getByTestId("settings-save"));
    await waitFor(() => expect(commands.saveNotificationSettings).toHaveBeenCalledTimes(1));
    const [sent] = commands.saveNotificationSettings.mock.calls[0] as [NotificationSettings];
    expect(sent.summaryFrom).toBe(3);
    expect(Date.parse(sent.snoozedUntil.high ?? "") - Date.now()).toBeGreaterThan(59 * 60_000);
    expect(await screen.findByTestId("settings-error")).toHaveTextContent("Summarise from 2 alerts at once or more (got 1).");
    expect(summary).toHaveValue("3");
    expect(screen.getByTestId("settings-snooze-high")).toHaveAttribute("data-snoozed", "true");
  });
});
