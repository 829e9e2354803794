import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { AuditEntry, AuditPage, AuditQuery, ExportFormat, ExportRequest } from "../bindings";
import { commands, ok, sessionFor } from "../test/bindingsMock";
import { appStatus } from "../test/fixtures";
import { answerAdminShell } from "../test/adminFixtures";
import { renderApp } from "../test/renderApp";

vi.mock("../bindings", () => import("../test/bindingsMock"));

const session = sessionFor("admin");

const entry = (id: number, over: Partial<AuditEntry> = {}): AuditEntry => ({
  id,
  at: new Date(Date.UTC(2026, 10, 1, 8, 0, 0) + id * 60_000).toISOString(),
  actor: id % 2 === 0 ? "ana" : "ops_bot",
  action: id % 3 === 0 ? "alert.ack" : "settings.update",
  target: id % 3 === 0 ? `alert:${id}` : "setting:smtp.retry",
  before: '{"value":3}',
  after: '{"value":5}',
  reason: id % 5 === 0 ? null : `Routine change ${id}`,
  ...over,
});

/** 450 entries (three windows), newest first; the newest changes jdoe's roles. */
const TRAIL: AuditEntry[] = [
  entry(450, {
    actor: "sandbox_admin",
    action: "staff.roles",
    target: "staff:jdoe",
    before: JSON.stringify({ login: "jdoe", roles: ["cs"], active: true, team: "emea" }),
    after: JSON.stringify({ login: "jdoe", roles: ["cs", "admin"], active: true, mfa: true }),
    reason: "Covering the admin rota while Sam is away for the next two weeks",
  }),
  entry(449, { action: "flag.create", target: "flag:new-billing", before: null, after: '{"key":"new-billing","rollout":10}', reason: "Pilot" }),
  ...Array.from({ length: 448 }, (_, i) => entry(448 - i)),
];

const ALL = { actor: null, target: null, action: null, from: null, to: null, text: null };

/** Answers like the core: filtered, paged, newest first, the menus over the whole trail. */
function answerAudit(trail: AuditEntry[]) {
  commands.adminAudit.mockImplementation((q: AuditQuery): Promise<{ status: "ok"; data: AuditPage }> => {
    const day = (iso: string) => iso.slice(0, 10);
    const rows = trail.filter(
      (e) =>
        (q.actor === null || e.actor === q.actor) &&
        (q.action === null || e.action.startsWith(q.action)) &&
        (q.target === null || e.target.startsWith(q.target)) &&
        (q.from === null || day(e.at) >= q.from) &&
        (q.to === null || day(e.at) <= q.to) &&
        (q.text === null || [e.target, e.action, e.reason ?? "", e.before ?? "", e.after ?? ""].some((f) => f.toLowerCase().includes((q.text ?? "").toLowerCase()))),
    );
    return ok({
      total: rows.length,
      rows: rows.slice(q.offset, q.offset + q.limit),
      actions: [...new Set(trail.map((e) => e.action))].sort(),
      actors: [...new Set(trail.map((e) => e.actor))].sort(),
    });
  });
}

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
  answerAdminShell(session);
  answerAudit(TRAIL);
});

async function openAudit() {
  renderApp();
  await userEvent.click(await screen.findByTestId("nav-admin"));
  // Admin opens on the staff directory; the trail is the next tab.
  await userEvent.click(await screen.findByTestId("admin-tab-audit"));
  return screen.findByTestId("audit-grid");
}

const lastQuery = () => commands.adminAudit.mock.calls.at(-1)?.[0] as AuditQuery | undefined;
const rowIds = () => screen.getAllByTestId("audit-row").map((r) => r.getAttribute("data-entry-id"));

describe("audit trail", () => {
  it("pages the trail from the core, newest first, with the total, time, actor, action chip, target and reason", async () => {
    const grid = await openAudit();
    expect(commands.adminAudit).toHaveBeenCalledWith({ ...ALL, offset: 0, limit: 200 });
    await waitFor(() => expect(rowIds().slice(0, 3)).toEqual(["450", "449", "448"]));
    expect(grid).toHaveAttribute("data-total", "450");
    expect(screen.getByTestId("audit-summary")).toHaveTextContent("450 entries");
    const [first] = screen.getAllByTestId("audit-row");
    if (!first) throw new Error("expected a row");
    expect(within(first).getByTestId("audit-time")).toHaveTextContent(/2026/);
    expect(within(first).getByTestId("audit-time")).toHaveTextContent(/\d\d:\d\d:\d\d/);
    expect(within(first).getByTestId("audit-actor")).toHaveTextContent("sandbox_admin");
    expect(within(first).getByTestId("audit-action")).toHaveAttribute("data-area", "staff");
    expect(within(first).getByTestId("audit-target")).toHaveTextContent("staff:jdoe");
    expect(within(first).getByTestId("audit-reason")).toHaveAttribute("title", "Covering the admin rota while Sam is away for the next two weeks");
    expect(screen.queryByTestId("audit-offline")).toBeNull();

    // Scrolled to the end, the last window is asked for by offset (jsdom does not scroll: say where).
    Object.defineProperty(grid, "scrollTop", { configurable: true, value: 440 * 34 });
    fireEvent.scroll(grid);
    await waitFor(() => expect(commands.adminAudit).toHaveBeenCalledWith({ ...ALL, offset: 400, limit: 200 }));
    await waitFor(() => expect(rowIds()).toContain("1"));
  });

  it("sends every filter to the core, and Clear takes them all off", async () => {
    await openAudit();
    await userEvent.selectOptions(screen.getByTestId("audit-filter-actor"), "ana");
    await waitFor(() => expect(lastQuery()).toEqual({ ...ALL, actor: "ana", offset: 0, limit: 200 }));

    await userEvent.type(screen.getByTestId("audit-filter-action"), "settings.");
    await userEvent.type(screen.getByTestId("audit-filter-target"), "setting:smtp");
    fireEvent.change(screen.getByTestId("audit-filter-from"), { target: { value: "2026-11-01" } });
    fireEvent.change(screen.getByTestId("audit-filter-to"), { target: { value: "2026-11-02" } });
    await userEvent.type(screen.getByTestId("audit-filter-text"), "routine");
    await waitFor(() =>
      expect(lastQuery()).toEqual({
        actor: "ana",
        action: "settings.",
        target: "setting:smtp",
        from: "2026-11-01",
        to: "2026-11-02",
        text: "routine",
        offset: 0,
        limit: 200,
      }),
    );
    await waitFor(() => expect(rowIds().length).toBeGreaterThan(0));
    for (const row of screen.getAllByTestId("audit-row")) {
      expect(within(row).getByTestId("audit-actor")).toHaveTextContent("ana");
      expect(within(row).getByTestId("audit-action")).toHaveTextContent("settings.update");
    }

    await userEvent.click(screen.getByTestId("audit-filter-clear"));
    await waitFor(() => expect(lastQuery()).toEqual({ ...ALL, offset: 0, limit: 200 }));
    expect(screen.getByTestId("audit-filter-action")).toHaveValue("");
    expect(screen.getByTestId("audit-filter-text")).toHaveValue("");
    expect(screen.getByTestId("audit-filter-actor")).toHaveValue("");
  });

  it("offers the trail's actions, and each area, to pick from", async () => {
    await openAudit();
    await waitFor(() => expect(rowIds().length).toBeGreaterThan(0));
    const options = [...screen.getByTestId("audit-action-options").querySelectorAll("option")].map((o) => o.value);
    expect(options).toEqual(["alert.", "flag.", "settings.", "staff.", "alert.ack", "flag.create", "settings.update", "staff.roles"]);
  });

  it("says the trail is empty, or that the filters hide every entry", async () => {
    answerAudit([]);
    await openAudit();
    expect(await screen.findByTestId("audit-empty")).toHaveTextContent("No audit entries yet");
    expect(screen.getByTestId("export-csv")).toBeDisabled();

    answerAudit(TRAIL);
    await userEvent.type(screen.getByTestId("audit-filter-text"), "nothing-like-this");
    const filtered = await screen.findByTestId("audit-empty-filters");
    expect(filtered).toHaveTextContent("No entries match these filters");
    expect(screen.queryByTestId("audit-empty")).toBeNull();
    await userEvent.click(screen.getByTestId("audit-empty-clear"));
    await waitFor(() => expect(rowIds().length).toBeGreaterThan(0));
  });

  it("does not ask the core for a first day after the last", async () => {
    await openAudit();
    fireEvent.change(screen.getByTestId("audit-filter-from"), { target: { value: "2026-11-03" } });
    const calls = commands.adminAudit.mock.calls.length;
    fireEvent.change(screen.getByTestId("audit-filter-to"), { target: { value: "2026-11-02" } });
    expect(await screen.findByTestId("audit-filter-dates-error")).toHaveTextContent("The first day is after the last.");
    expect(screen.getByTestId("audit-dates-reversed")).toBeInTheDocument();
    expect(commands.adminAudit).toHaveBeenCalledTimes(calls);
  });

  it("opens an entry with Enter, shows the role change as before → after, and Esc closes it where the list was", async () => {
    await openAudit();
    await waitFor(() => expect(rowIds().length).toBeGreaterThan(2));
    await userEvent.selectOptions(screen.getByTestId("audit-filter-actor"), "sandbox_admin");
    await waitFor(() => expect(rowIds()).toEqual(["450"]));
    await userEvent.selectOptions(screen.getByTestId("audit-filter-actor"), "");
    await waitFor(() => expect(rowIds().length).toBeGreaterThan(2));

    const list = screen.getByTestId("audit-grid");
    list.focus();
    fireEvent.keyDown(list, { key: "j" });
    fireEvent.keyDown(list, { key: "k" });
    fireEvent.keyDown(list, { key: "Enter" });
    const panel = await screen.findByTestId("audit-detail");
    expect(panel).toHaveAttribute("data-entry-id", "450");
    expect(within(panel).getByTestId("audit-detail-actor")).toHaveTextContent("sandbox_admin");
    expect(within(panel).getByTestId("audit-detail-reason")).toHaveTextContent("Covering the admin rota while Sam is away for the next two weeks");

    const lines = within(panel).getAllByTestId("audit-diff-line");
    expect(lines.map((l) => [l.getAttribute("data-key"), l.getAttribute("data-kind")])).toEqual([
      ["roles", "changed"],
      ["team", "removed"],
      ["mfa", "added"],
    ]);
    const roles = lines[0];
    if (!roles) throw new Error("expected the roles line");
    expect(within(roles).getByTestId("audit-diff-before")).toHaveTextContent('["cs"]');
    expect(within(roles).getByTestId("audit-diff-after")).toHaveTextContent('["cs", "admin"]');
    expect(roles).toHaveTextContent('["cs"] → ["cs", "admin"]');
    expect(within(panel).getByTestId("audit-diff-unchanged")).toHaveTextContent("2 unchanged fields");

    // j moves on, and the open panel follows: a creation shows the record pretty-printed.
    fireEvent.keyDown(list, { key: "j" });
    await waitFor(() => expect(screen.getByTestId("audit-detail")).toHaveAttribute("data-entry-id", "449"));
    expect(screen.getByTestId("audit-record-created")).toHaveTextContent('"rollout": 10');

    fireEvent.keyDown(window, { key: "Escape" });
    await waitFor(() => expect(screen.queryByTestId("audit-detail")).toBeNull());
    expect(list).toBeInTheDocument();
    expect(list).toHaveFocus();
    expect(screen.getAllByTestId("audit-row")[1]).toHaveAttribute("aria-selected", "true");
  });

  it("exports every entry matching the filters and says where the file went", async () => {
    commands.financeExport.mockReturnValue(ok({ path: "/home/admin/Downloads/audit-trail.xlsx", rows: 150 }));
    await openAudit();
    await userEvent.type(screen.getByTestId("audit-filter-action"), "alert.");
    await waitFor(() => expect(lastQuery()).toEqual(expect.objectContaining({ action: "alert." })));
    await userEvent.click(screen.getByTestId("export-xlsx"));
    expect(commands.financeExport).toHaveBeenCalledTimes(1);
    const [request, format] = commands.financeExport.mock.calls[0] as [ExportRequest, ExportFormat];
    expect(format).toBe("xlsx");
    expect(request).toEqual({ report: "audit", query: { ...ALL, action: "alert.", offset: 0, limit: 0 } });
    expect(await screen.findByTestId("toast")).toHaveTextContent("Exported 150 rows to /home/admin/Downloads/audit-trail.xlsx");
  });

  it("says when the trail is only as fresh as the last sync", async () => {
    commands.appStatus.mockReturnValue(ok(appStatus({ session, connection: "offline", lastSyncAt: new Date(Date.now() - 12 * 60_000).toISOString() })));
    await openAudit();
    expect(await screen.findByTestId("audit-offline")).toHaveTextContent("Offline — last synced 12 min ago");
  });

  it("opens from the command palette", async () => {
    renderApp();
    await screen.findByTestId("nav-admin");
    fireEvent.keyDown(window, { key: "k", ctrlKey: true });
    await userEvent.click(await screen.findByTestId("palette-admin-audit"));
    expect(await screen.findByTestId("audit-grid")).toBeInTheDocument();
    expect(screen.getByTestId("admin-tab-audit")).toHaveAttribute("aria-selected", "true");
  });
});
