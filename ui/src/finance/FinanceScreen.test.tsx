import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { ExportFormat, ExportRequest, InvoiceDetail, InvoiceQuery, InvoiceRow, MrrMonth, RevenueMonth } from "../bindings";
import { commands, ok, resetBindings, sessionFor } from "../test/bindingsMock";
import { appStatus } from "../test/fixtures";
import { renderApp } from "../test/renderApp";
import { lastMonths } from "./months";

vi.mock("../bindings", () => import("../test/bindingsMock"));

const session = sessionFor("finance", { profileName: "Sandbox", login: "fin" });

const CURRENCIES = ["USD", "JPY", "KWD"];

function invoiceRow(i: number): InvoiceRow {
  const currency = CURRENCIES[i % 3] ?? "USD";
  return {
    id: 1000 + i,
    number: `INV-${String(i).padStart(5, "0")}`,
    tenantId: `t-${i}`,
    tenantName: `Tenant ${i}`,
    status: i % 4 === 0 ? "paid" : "open",
    periodStart: "2026-10-01T00:00:00Z",
    periodEnd: "2026-11-01T00:00:00Z",
    currency,
    totalMinor: 123456,
    amountDueMinor: 123456,
    amountPaidMinor: i % 4 === 0 ? 123456 : 0,
    outstandingMinor: i % 4 === 0 ? 0 : 123456,
    issuedAt: "2026-11-01T00:00:00Z",
    dueAt: "2026-11-15T00:00:00Z",
    paidAt: null,
    daysOverdue: i % 4 === 0 ? null : 12,
  };
}

const INVOICES = Array.from({ length: 1200 }, (_, i) => invoiceRow(i));

function detail(row: InvoiceRow, linesMatch: boolean): InvoiceDetail {
  return {
    invoice: { ...row, currency: "USD", totalMinor: 11000, amountDueMinor: 11000, outstandingMinor: 11000 },
    subtotalMinor: 10000,
    taxMinor: 1000,
    lines: [
      { id: 1, kind: "subscription", description: "Pro × 10 seats", quantity: 10, unitAmountMinor: 800, amountMinor: 8000, servicePeriodStart: "2026-10-01T00:00:00Z", servicePeriodEnd: "2026-11-01T00:00:00Z" },
      { id: 2, kind: "usage", description: "Extra e-mails", quantity: 1, unitAmountMinor: linesMatch ? 2000 : 1000, amountMinor: linesMatch ? 2000 : 1000, servicePeriodStart: null, servicePeriodEnd: null },
    ],
    linesTotalMinor: linesMatch ? 10000 : 9000,
    linesMatch,
    payments: [{ id: 7, status: "failed", amountMinor: 11000, refundedAmountMinor: 0, attemptedAt: "2026-11-16T10:00:00Z", failureReason: "card_declined", processorRef: "ch_123" }],
    collectedMinor: 0,
    creditNotes: [],
  };
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
  resetBindings();
  commands.appStatus.mockReturnValue(ok(appStatus({ session, connection: "online", lastSyncAt: new Date().toISOString() })));
  commands.listProfiles.mockReturnValue(ok([]));
  commands.localCopy.mockReturnValue(ok([]));
  commands.billingInvoices.mockImplementation((q: InvoiceQuery) =>
    ok({ total: INVOICES.length, rows: INVOICES.slice(q.offset, q.offset + q.limit), currencies: ["EUR", ...CURRENCIES] }),
  );
  commands.billingInvoice.mockImplementation((id: number) => ok(detail(INVOICES.find((r) => r.id === id) ?? invoiceRow(0), id !== 1001)));
  commands.billingAging.mockReturnValue(ok([]));
});

async function openBilling() {
  renderApp();
  await userEvent.click(await screen.findByTestId("nav-billing"));
  const grid = await screen.findByTestId("invoice-grid");
  await within(grid).findAllByTestId("invoice-row");
  return grid;
}

const lastQuery = (): InvoiceQuery => {
  const calls = commands.billingInvoices.mock.calls;
  const last = calls[calls.length - 1] as [InvoiceQuery] | undefined;
  if (!last) throw new Error("the invoices were never asked for");
  return last[0];
};

describe("invoice list", () => {
  it("shows each amount in its own currency's minor units, right-aligned", async () => {
    const grid = await openBilling();
    const [usd, jpy, kwd] = within(grid).getAllByTestId("invoice-row");
    if (!usd || !jpy || !kwd) throw new Error("rows missing");
    // 123456 minor units: cents, yen and fils are three different amounts.
    expect(within(usd).getAllByText("$1,234.56")[0]).toHaveClass("num");
    expect(within(usd).getAllByText("$1,234.56")[0]?.closest('[role="gridcell"]')).toHaveClass("align-right");
    expect(within(jpy).getAllByText("¥123,456")).not.toHaveLength(0);
    expect(within(kwd).getAllByText("KWD 123.456")).not.toHaveLength(0);
    expect(within(usd).getByText("Paid")).toHaveClass("badge-ok");
    expect(within(jpy).getByText("12 d")).toBeInTheDocument();
    expect(grid).toHaveAttribute("aria-rowcount", "1201");
    expect(commands.billingInvoices).toHaveBeenCalledWith(expect.objectContaining({ sort: "issued", descending: true, offset: 0, limit: 200 }));
  });

  it("sends every filter to the core as one query, and Clear filters drops them", async () => {
    await openBilling();
    await userEvent.click(screen.getByTestId("invoice-filter-status-open"));
    await userEvent.click(screen.getByTestId("invoice-filter-status-uncollectible"));
    await userEvent.selectOptions(screen.getByTestId("invoice-filter-currency"), "EUR");
    await userEvent.click(screen.getByTestId("invoice-filter-overdue"));
    fireEvent.change(screen.getByTestId("invoice-filter-from"), { target: { value: "2026-01-01" } });
    fireEvent.change(screen.getByTestId("invoice-filter-to"), { target: { value: "2026-06-30" } });
    await userEvent.type(screen.getByTestId("invoice-filter-number"), " INV-2026 ");
    await waitFor(() =>
      expect(lastQuery()).toEqual({
        statuses: ["open", "uncollectible"],
        currency: "EUR",
        tenantId: null,
        overdueOnly: true,
        issuedFrom: "2026-01-01",
        issuedTo: "2026-06-30",
        numberPrefix: "INV-2026",
        sort: "issued",
        descending: true,
        offset: 0,
        limit: 200,
      }),
    );
    await userEvent.click(screen.getByTestId("invoice-sort-outstanding"));
    await waitFor(() => expect(lastQuery()).toEqual(expect.objectContaining({ sort: "outstanding", descending: true, currency: "EUR" })));
    expect(screen.getByRole("columnheader", { name: /Outstanding/ })).toHaveAttribute("aria-sort", "descending");

    await userEvent.click(screen.getByTestId("invoice-filter-clear"));
    await waitFor(() =>
      expect(lastQuery()).toEqual(
        expect.objectContaining({ statuses: [], currency: null, overdueOnly: false, issuedFrom: null, issuedTo: null, numberPrefix: null, sort: "outstanding" }),
      ),
    );
    expect(screen.getByTestId("invoice-filter-number")).toHaveValue("");
    expect(screen.getByTestId("invoice-filter-status-open")).toHaveAttribute("data-state", "off");
  }, 20_000);

  it("says when no invoice matches, and offers to clear the filters", async () => {
    await openBilling();
    commands.billingInvoices.mockImplementation(() => ok({ total: 0, rows: [], currencies: [] }));
    await userEvent.click(screen.getByTestId("invoice-filter-status-void"));
    expect(await screen.findByTestId("invoice-empty-filters")).toHaveTextContent("No invoices match these filters");
  });

  it("moves with j/k, opens with Enter, and Esc comes back with the filters and the row kept", async () => {
    const grid = await openBilling();
    await userEvent.click(screen.getByTestId("invoice-filter-status-open"));
    await waitFor(() => expect(lastQuery().statuses).toEqual(["open"]));
    grid.focus();
    fireEvent.keyDown(screen.getByTestId("invoice-grid"), { key: "j" });
    fireEvent.keyDown(screen.getByTestId("invoice-grid"), { key: "j" });
    fireEvent.keyDown(screen.getByTestId("invoice-grid"), { key: "k" });
    expect(screen.getByTestId("invoice-grid")).toHaveAttribute("aria-activedescendant", "invoice-row-1");
    fireEvent.keyDown(screen.getByTestId("invoice-grid"), { key: "Enter" });

    const page = await screen.findByTestId("invoice-detail");
    expect(commands.billingInvoice).toHaveBeenCalledWith(1001);
    expect(within(page).getByTestId("invoice-number")).toHaveTextContent("INV-00001");
    expect(within(page).getByTestId("invoice-payments")).toHaveTextContent("Card declined");

    fireEvent.keyDown(window, { key: "Escape" });
    const back = await screen.findByTestId("invoice-grid");
    expect(back).toHaveAttribute("aria-activedescendant", "invoice-row-1");
    expect(screen.getByTestId("invoice-filter-status-open")).toHaveAttribute("data-state", "on");
  });
});

describe("invoice detail", () => {
  it("flags lines that do not add up to the subtotal, in the invoice's currency", async () => {
    const grid = await openBilling();
    const second = within(grid).getAllByTestId("invoice-row")[1];
    if (!second) throw new Error("row missing");
    await userEvent.click(second);
    const flag = await screen.findByTestId("lines-mismatch");
    expect(flag).toHaveTextContent("Lines sum to $90.00 but subtotal is $100.00");
    expect(flag).toHaveAttribute("role", "alert");
    expect(screen.getByTestId("invoice-subtotal")).toHaveTextContent("$100.00");
    expect(screen.getByTestId("invoice-total")).toHaveTextContent("$110.00");
  });

  it("shows no flag when the lines add up", async () => {
    const grid = await openBilling();
    const first = within(grid).getAllByTestId("invoice-row")[0];
    if (!first) throw new Error("row missing");
    await userEvent.click(first);
    expect(await screen.findByTestId("invoice-lines-table")).toBeInTheDocument();
    expect(screen.queryByTestId("lines-mismatch")).toBeNull();
  });
});

function mrrMonth(month: string, currency: string, over: Partial<MrrMonth> = {}): MrrMonth {
  return { month, currency, starting: 100000, new: 5000, expansion: 2500, contraction: 1000, churn: 2000, reactivation: 0, ending: 104500, endingArr: 1254000, ...over };
}

describe("MRR movements", () => {
  it("asks for the last 24 months and shows one currency's months as rows, falls signed", async () => {
    commands.revenueMrr.mockReturnValue(
      ok([
        mrrMonth("2026-10", "EUR", { starting: 50000, ending: 50000, new: 0, expansion: 0, contraction: 0, churn: 0, endingArr: 600000 }),
        mrrMonth("2026-10", "USD"),
        mrrMonth("2026-11", "USD", { starting: 104500, new: 0, expansion: 0, contraction: 0, churn: 4500, ending: 100000, endingArr: 1200000 }),
      ]),
    );
    await openBilling();
    fireEvent.keyDown(window, { key: "m" });
    const table = await screen.findByTestId("mrr-table");
    const range = lastMonths(new Date());
    expect(commands.revenueMrr).toHaveBeenCalledWith(range.from, range.to);
    expect(screen.getByTestId("finance-tab-mrr")).toHaveAttribute("aria-selected", "true");

    // USD first: the two USD months, none of the EUR figures.
    const rows = within(table).getAllByTestId("mrr-row");
    expect(rows.map((r) => r.dataset.month)).toEqual(["2026-10", "2026-11"]);
    const [oct, nov] = rows;
    if (!oct || !nov) throw new Error("rows missing");
    expect(within(oct).getByText("Oct 2026")).toBeInTheDocument();
    expect(within(oct).getByText("+$50.00")).toHaveClass("positive");
    expect(within(oct).getByText("-$20.00")).toHaveClass("negative");
    expect(within(oct).getByText("+$45.00")).toBeInTheDocument();
    expect(within(oct).getByText("$1,045.00")).toBeInTheDocument();
    expect(within(nov).getAllByText("-$45.00")[0]).toHaveClass("negative");
    expect(within(nov).getByText("$12,000")).toBeInTheDocument();
    expect(table).not.toHaveTextContent("€");
    // The chart loads ECharts on first use.
    expect(await screen.findByTestId("mrr-chart", {}, { timeout: 8000 })).toHaveAttribute("role", "img");

    await userEvent.selectOptions(screen.getByTestId("mrr-currency"), "EUR");
    const eur = screen.getByTestId("mrr-table");
    expect(within(eur).getAllByTestId("mrr-row")).toHaveLength(1);
    expect(eur).toHaveTextContent("€500.00");
    expect(eur).not.toHaveTextContent("$");
  });

  it("refuses a reversed range beside the fields without asking the core", async () => {
    commands.revenueMrr.mockReturnValue(ok([]));
    await openBilling();
    await userEvent.click(screen.getByTestId("finance-tab-mrr"));
    await screen.findByTestId("mrr-empty");
    const calls = commands.revenueMrr.mock.calls.length;
    fireEvent.change(screen.getByTestId("mrr-from"), { target: { value: "2030-01" } });
    expect(screen.getByTestId("mrr-range-error")).toHaveTextContent("The first month comes after the last one.");
    expect(commands.revenueMrr).toHaveBeenCalledTimes(calls);
  });
});

describe("revenue recognition", () => {
  it("shows progress while the waterfall is worked out, then the months", async () => {
    let answer: (v: { status: "ok"; data: RevenueMonth[] }) => void = () => undefined;
    commands.revenueWaterfall.mockReturnValue(new Promise((resolve) => (answer = resolve)));
    await openBilling();
    fireEvent.keyDown(window, { key: "v" });
    expect(await screen.findByTestId("waterfall-progress")).toHaveTextContent("Working out the revenue waterfall");
    answer({
      status: "ok",
      data: [{ month: "2026-11", currency: "JPY", invoiced: 120000, credited: 0, recognised: 10000, deferredOpening: 0, deferredClosing: 110000 }],
    });
    const table = await screen.findByTestId("waterfall-table");
    expect(table).toHaveTextContent("¥120,000");
    expect(table).toHaveTextContent("¥110,000");
    expect(screen.queryByTestId("waterfall-progress")).toBeNull();
  });
});

describe("AR aging and navigation", () => {
  it("lists receivables per currency and is reachable from the command palette", async () => {
    commands.billingAging.mockReturnValue(
      ok([
        { currency: "EUR", currentMinor: 10000, days130Minor: 0, days3160Minor: 5000, days6190Minor: 0, over90Minor: 2500, totalMinor: 17500, invoices: 3 },
        { currency: "JPY", currentMinor: 50000, days130Minor: 0, days3160Minor: 0, days6190Minor: 0, over90Minor: 0, totalMinor: 50000, invoices: 1 },
      ]),
    );
    await openBilling();
    fireEvent.keyDown(window, { key: "k", code: "KeyK", ctrlKey: true });
    await userEvent.type(await screen.findByTestId("palette-input"), "AR aging");
    await userEvent.click(await screen.findByTestId("palette-finance-aging"));
    const table = await screen.findByTestId("aging-table");
    const [eur, jpy] = within(table).getAllByTestId("aging-row");
    if (!eur || !jpy) throw new Error("rows missing");
    expect(eur).toHaveTextContent("€175.00");
    expect(within(eur).getByText("€25.00")).toHaveClass("negative");
    expect(jpy).toHaveTextContent("¥50,000");

    await userEvent.click(eur);
    await screen.findByTestId("invoice-grid");
    await waitFor(() => expect(lastQuery()).toEqual(expect.objectContaining({ currency: "EUR", statuses: ["open", "uncollectible"] })));
  });

  it("exports the invoices with the filters shown and says where the file went", async () => {
    commands.financeExport.mockReturnValue(ok({ path: "/home/fin/Downloads/invoices.csv", rows: 1200 }));
    await openBilling();
    await userEvent.click(screen.getByTestId("invoice-filter-overdue"));
    await userEvent.click(screen.getByTestId("export-csv"));
    expect(commands.financeExport).toHaveBeenCalledTimes(1);
    const [request, format] = commands.financeExport.mock.calls[0] as [ExportRequest, ExportFormat];
    expect(format).toBe("csv");
    expect(request).toMatchObject({ report: "invoices", query: { overdueOnly: true, statuses: [], sort: "issued", descending: true } });
    expect(await screen.findByTestId("toast")).toHaveTextContent("Exported 1,200 rows to /home/fin/Downloads/invoices.csv");
  });
});
