import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Account360, BookQuery, BookRow } from "../bindings";
import { commands, ok, resetBindings, sessionFor } from "../test/bindingsMock";
import { appStatus } from "../test/fixtures";
import { renderApp } from "../test/renderApp";

vi.mock("../bindings", () => import("../test/bindingsMock"));

const session = sessionFor("cs", { profileName: "Sandbox", login: "ana", online: false });

const status = appStatus({ session, connection: "offline", lastSyncAt: new Date().toISOString() });

function bookRow(i: number): BookRow {
  return {
    tenantId: `t-${i}`,
    name: `Account ${String(i).padStart(3, "0")}`,
    domain: `account${i}.example`,
    planCode: "growth",
    planName: "Growth",
    status: "active",
    ownerCsm: "s1",
    ownerName: "Ana Lima",
    renewalDate: "2027-01-15",
    currency: i === 1 ? "JPY" : "USD",
    seats: 10,
    arrMinor: i === 1 ? 1_200_000 : 1_234_500,
    healthScore: 40 + i,
    healthBand: "watch",
    healthDelta: i % 2 === 0 ? 3 : -5,
    openEscalations: i % 3,
    lastTouchpointAt: null,
    churnSignals: 0,
    expansionSignals: 0,
    signals: [],
    pendingChanges: i === 0 ? 2 : 0,
  };
}

const BOOK = Array.from({ length: 450 }, (_, i) => bookRow(i));

function answerBook(rows: BookRow[], asOf: string | null = "2026-11-24") {
  commands.csBook.mockImplementation((q: BookQuery) =>
    ok({ total: rows.length, rows: rows.slice(q.offset, q.offset + q.limit), asOf, plans: [["growth", "Growth"]] }),
  );
}

function account(row: BookRow): Account360 {
  return {
    account: row,
    health: {
      score: row.healthScore,
      band: "watch",
      factors: [
        { factor: "usageTrend", weight: 25, value: 0.4, contribution: 10, lost: 15, detail: "E-mails sent down 42% vs the previous 30 days" },
        { factor: "engagement", weight: 10, value: null, contribution: null, lost: null, detail: "No touchpoint recorded" },
      ],
    },
    trend: [],
    signals: [{ kind: "churn", code: "usageDrop", reason: "E-mails sent fell 42%" }],
    subscription: null,
    planHistory: [],
    usageDaily: [],
    usageMonthly: [],
    invoices: [],
    escalations: [],
    milestones: [
      { id: "m1", title: "Connect the sending domain", position: 1, dueOn: "2026-11-01", completedAt: null, overdue: true, version: 1, sync: { state: "synced" } },
    ],
    successPlans: [],
    touchpoints: [
      { id: "tp1", kind: "call", summary: "Kick-off", outcome: "", nextStep: null, happenedAt: "2026-11-20T10:00:00Z", authorName: "Ana Lima", sync: { state: "pending" } },
    ],
    refused: [],
  };
}

// jsdom has no layout: give the book's scroll box a height so the virtualiser renders rows.
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
  commands.appStatus.mockReturnValue(ok(status));
  commands.listProfiles.mockReturnValue(ok([]));
  commands.localCopy.mockReturnValue(ok([]));
  commands.csSearch.mockReturnValue(ok([]));
  commands.csAccount.mockImplementation((id: string) => ok(account(BOOK.find((r) => r.tenantId === id) ?? bookRow(0))));
  answerBook(BOOK);
});

async function openCustomers() {
  renderApp();
  await userEvent.click(await screen.findByTestId("nav-customers"));
  return screen.findByTestId("book-grid");
}

describe("book of accounts", () => {
  it("lists accounts with money right-aligned in its currency and sorts in the core", async () => {
    const grid = await openCustomers();
    const rows = await within(grid).findAllByTestId("book-row");
    expect(rows.length).toBeGreaterThan(5);
    expect(grid).toHaveAttribute("aria-rowcount", "451");
    const [first, second] = rows;
    if (!first || !second) throw new Error("rows missing");
    expect(within(first).getByText("Account 000")).toHaveClass("account-name");
    expect(within(first).getByText("$12,345")).toHaveClass("num");
    expect(within(first).getByText("$12,345").closest('[role="gridcell"]')).toHaveClass("align-right");
    expect(within(second).getByText("¥1,200,000")).toBeInTheDocument();
    expect(within(first).getByTestId("row-pending")).toHaveTextContent("2 pending");
    expect(within(first).getByText("▲ 3")).toHaveClass("trend-up");
    expect(commands.csBook).toHaveBeenCalledWith(expect.objectContaining({ view: "mine", sort: "health", descending: false, offset: 0, limit: 200 }));

    const health = screen.getByRole("columnheader", { name: /Health/ });
    expect(health).toHaveAttribute("aria-sort", "ascending");
    await userEvent.click(screen.getByTestId("sort-arr"));
    await waitFor(() => expect(commands.csBook).toHaveBeenCalledWith(expect.objectContaining({ sort: "arr", descending: true, offset: 0 })));
    expect(screen.getByRole("columnheader", { name: /ARR/ })).toHaveAttribute("aria-sort", "descending");
  });

  it("selects the last row with End and fetches windows of 200 rows as the user scrolls", async () => {
    const grid = await openCustomers();
    await within(grid).findAllByTestId("book-row");
    grid.focus();
    fireEvent.keyDown(grid, { key: "End" });
    expect(grid).toHaveAttribute("aria-activedescendant", "book-row-449");
    expect(commands.csBook).not.toHaveBeenCalledWith(expect.objectContaining({ offset: 400 }));
    // jsdom does not scroll: tell the virtualiser where the box is, as a browser would.
    Object.defineProperty(grid, "scrollTop", { configurable: true, value: 440 * 42 });
    fireEvent.scroll(grid);
    await waitFor(() => expect(commands.csBook).toHaveBeenCalledWith(expect.objectContaining({ offset: 400, limit: 200 })));
    expect(await within(grid).findByText("Account 445")).toBeInTheDocument();
  });

  it("moves with the arrow keys, opens with Enter, and Esc comes back to the book", async () => {
    const grid = await openCustomers();
    await within(grid).findAllByTestId("book-row");
    grid.focus();
    fireEvent.keyDown(grid, { key: "ArrowDown" });
    fireEvent.keyDown(grid, { key: "ArrowDown" });
    expect(grid).toHaveAttribute("aria-activedescendant", "book-row-2");
    fireEvent.keyDown(grid, { key: "Enter" });
    expect(await screen.findByTestId("account-name")).toHaveTextContent("Account 002");
    expect(commands.csAccount).toHaveBeenCalledWith("t-2");
    expect(screen.getByTestId("signals-card")).toHaveTextContent("E-mails sent fell 42%");
    expect(screen.getByTestId("health-card")).toHaveTextContent("E-mails sent down 42% vs the previous 30 days");
    const pending = within(screen.getByTestId("touchpoints-card")).getByTestId("sync-badge");
    expect(pending).toHaveTextContent("Pending sync");
    expect(within(screen.getByTestId("milestones-card")).getByText("Overdue")).toBeInTheDocument();

    fireEvent.keyDown(window, { key: "Escape" });
    const back = await screen.findByTestId("book-grid");
    expect(back).toHaveAttribute("aria-activedescendant", "book-row-2");
  });

  it("says when no account is yours, and A shows them all", async () => {
    commands.csBook.mockImplementation((q: BookQuery) =>
      q.view === "mine"
        ? ok({ total: 0, rows: [], asOf: "2026-11-24", plans: [], owners: [] })
        : ok({ total: BOOK.length, rows: BOOK.slice(q.offset, q.offset + q.limit), asOf: "2026-11-24", plans: [], owners: [] }),
    );
    await openCustomers();
    expect(await screen.findByTestId("book-empty-mine")).toHaveTextContent("No accounts are assigned to you");
    fireEvent.keyDown(window, { key: "a" });
    expect(await screen.findAllByTestId("book-row")).not.toHaveLength(0);
    expect(screen.getByTestId("book-tab-all")).toHaveAttribute("aria-selected", "true");
  });

  it("says the book comes after the first sync", async () => {
    answerBook([], null);
    await openCustomers();
    expect(await screen.findByTestId("book-empty-unsynced")).toHaveTextContent("The book appears after the first sync");
  });
});

describe("touchpoint dialog", () => {
  it("shows errors inline, keeps what was typed, and places the core's refusal by its field", async () => {
    commands.csAddTouchpoint.mockResolvedValue({ status: "error", error: { code: "invalidInput", message: "when: a touchpoint cannot be in the future" } });
    const grid = await openCustomers();
    await within(grid).findAllByTestId("book-row");
    fireEvent.keyDown(grid, { key: "Enter" });
    await screen.findByTestId("account-screen");
    fireEvent.keyDown(window, { key: "n" });
    const form = await screen.findByTestId("touchpoint-form");
    await userEvent.click(within(form).getByTestId("touchpoint-save"));
    expect(within(form).getByTestId("touchpoint-summary-error")).toHaveTextContent("Say what the touchpoint was about.");
    expect(commands.csAddTouchpoint).not.toHaveBeenCalled();

    await userEvent.click(within(form).getByTestId("touchpoint-kind-email"));
    await userEvent.type(within(form).getByTestId("touchpoint-summary"), "Renewal terms");
    await userEvent.keyboard("{Control>}{Enter}{/Control}");
    await waitFor(() =>
      expect(commands.csAddTouchpoint).toHaveBeenCalledWith(expect.objectContaining({ tenantId: "t-0", kind: "email", summary: "Renewal terms", nextStep: null })),
    );
    expect(await within(form).findByTestId("touchpoint-when-error")).toHaveTextContent("A touchpoint cannot be in the future.");
    expect(within(form).getByTestId("touchpoint-summary")).toHaveValue("Renewal terms");
  });
});

describe("command palette", () => {
  it("finds accounts by name and opens the chosen one's 360", async () => {
    commands.csSearch.mockReturnValue(ok([{ tenantId: "t-7", name: "Account 007", domain: "account7.example", healthBand: "watch", healthScore: 47 }]));
    renderApp();
    await screen.findByTestId("screen-home");
    fireEvent.keyDown(window, { key: "k", code: "KeyK", ctrlKey: true });
    await userEvent.type(await screen.findByTestId("palette-input"), "ount 00");
    const hit = await screen.findByTestId("palette-account");
    expect(commands.csSearch).toHaveBeenCalledWith("ount 00", 8);
    expect(hit).toHaveTextContent("account7.example");
    await userEvent.click(hit);
    expect(await screen.findByTestId("account-name")).toHaveTextContent("Account 007");
    expect(screen.getByTestId("nav-customers")).toHaveAttribute("aria-current", "page");
  });
});
