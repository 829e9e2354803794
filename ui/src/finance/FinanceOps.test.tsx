import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { DisputeView, DunningCase, InvoiceDetail, ProrationQuote, ProrationRequest, ReconciliationException } from "../bindings";
import { commands, ok, resetBindings, sessionFor } from "../test/bindingsMock";
import { appStatus } from "../test/fixtures";
import { renderApp } from "../test/renderApp";

vi.mock("../bindings", () => import("../test/bindingsMock"));

const session = sessionFor("finance", { profileName: "Sandbox", login: "fin", online: false });

function exception(kind: ReconciliationException["kind"], invoiceId: number, difference: number): ReconciliationException {
  return {
    kind,
    invoiceId,
    invoiceNumber: `INV-${invoiceId}`,
    invoiceStatus: "paid",
    paymentId: kind === "linesMismatch" ? null : invoiceId + 5000,
    tenantId: "t-1",
    tenantName: "Acme Mail",
    currency: "EUR",
    expectedMinor: 10000,
    actualMinor: 10000 + difference,
    differenceMinor: difference,
    at: "2026-11-02T09:00:00Z",
    detail: "Two succeeded payments",
  };
}

const INVOICE: InvoiceDetail = {
  invoice: {
    id: 42,
    number: "INV-42",
    tenantId: "t-1",
    tenantName: "Acme Mail",
    status: "paid",
    periodStart: "2026-11-01T00:00:00Z",
    periodEnd: "2026-12-01T00:00:00Z",
    currency: "EUR",
    totalMinor: 10000,
    amountDueMinor: 10000,
    amountPaidMinor: 20000,
    outstandingMinor: 0,
    issuedAt: "2026-11-01T00:00:00Z",
    dueAt: "2026-11-15T00:00:00Z",
    paidAt: "2026-11-02T00:00:00Z",
    daysOverdue: null,
  },
  subtotalMinor: 10000,
  taxMinor: 0,
  lines: [],
  linesTotalMinor: 0,
  linesMatch: true,
  payments: [],
  collectedMinor: 20000,
  creditNotes: [],
};

function dunningCase(notes: DunningCase["notes"]): DunningCase {
  return {
    paymentId: 900,
    invoiceId: 42,
    invoiceNumber: "INV-42",
    invoiceStatus: "open",
    tenantId: "t-1",
    tenantName: "Acme Mail",
    amountMinor: 4900,
    currency: "USD",
    failureReason: "card_declined",
    failedAt: "2026-11-10T08:00:00Z",
    retries: [
      { attempt: 1, scheduledAt: "2026-11-11T08:00:00Z", attemptedAt: "2026-11-11T08:01:00Z", outcome: "failed", failureReason: "insufficient_funds" },
      { attempt: 2, scheduledAt: "2026-11-14T08:00:00Z", attemptedAt: null, outcome: null, failureReason: null },
    ],
    nextRetryAt: "2026-11-14T08:00:00Z",
    followUpDone: false,
    notes,
  };
}

function dispute(over: Partial<DisputeView> = {}): DisputeView {
  return {
    id: 7,
    paymentId: 900,
    invoiceId: 42,
    invoiceNumber: "INV-42",
    tenantId: "t-1",
    tenantName: "Acme Mail",
    amountMinor: 4900,
    currency: "USD",
    reason: "fraudulent",
    status: "needs_response",
    evidenceDueAt: "2026-11-30T00:00:00Z",
    daysLeft: 2,
    evidence: null,
    openedAt: "2026-11-20T00:00:00Z",
    closedAt: null,
    version: 3,
    sync: { state: "synced" },
    ...over,
  };
}

const QUOTE: ProrationQuote = {
  subscription: {
    id: 1,
    tenantId: "t-1",
    tenantName: "Acme Mail",
    planCode: "growth",
    planName: "Growth",
    pricing: "per_seat",
    seats: 10,
    unitPriceMinor: 1000,
    currency: "EUR",
    interval: "month",
    periodStart: "2026-11-01T00:00:00Z",
    periodEnd: "2026-12-01T00:00:00Z",
    status: "active",
  },
  plans: [
    { code: "growth", name: "Growth", pricing: "per_seat", priceMinor: 1000, currency: "EUR", interval: "month" },
    { code: "pro", name: "Pro", pricing: "per_seat", priceMinor: 2000, currency: "EUR", interval: "month" },
  ],
  preview: null,
};

// jsdom has no layout: give the lists' scroll boxes a height so the virtualiser renders rows.
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
  commands.appStatus.mockReturnValue(ok(appStatus({ session, connection: "offline", lastSyncAt: new Date().toISOString() })));
  commands.listProfiles.mockReturnValue(ok([]));
  commands.localCopy.mockReturnValue(ok([]));
  commands.billingInvoices.mockReturnValue(ok({ total: 0, rows: [], currencies: [] }));
  commands.billingInvoice.mockReturnValue(ok(INVOICE));
  commands.billingExceptions.mockReturnValue(
    ok({ rows: [exception("paidTwice", 42, 10000), exception("paidShort", 43, -2500), exception("linesMismatch", 44, -100)], paymentsChecked: 1200, invoicesChecked: 900 }),
  );
});

async function openView(testId: string) {
  renderApp();
  await userEvent.click(await screen.findByTestId("nav-billing"));
  await screen.findByTestId("invoices-view");
  await userEvent.click(screen.getByTestId(testId));
}

describe("reconciliation", () => {
  it("counts exceptions per kind, filters by kind, and opens the invoice of a row", async () => {
    await openView("finance-tab-reconciliation");
    const table = await screen.findByTestId("reconciliation-table");
    expect(within(table).getAllByTestId("exception-row")).toHaveLength(3);
    expect(screen.getByTestId("exception-kind-paidShort")).toHaveTextContent("Paid short 1");
    expect(screen.getByTestId("reconciliation-summary")).toHaveTextContent("3 exceptions · 1,200 payments and 900 invoices checked");
    expect(within(table).getByText("-€25.00")).toHaveClass("negative");

    await userEvent.click(screen.getByTestId("exception-kind-paidTwice"));
    const rows = within(screen.getByTestId("reconciliation-table")).getAllByTestId("exception-row");
    const [paidTwice] = rows;
    if (!paidTwice || rows.length !== 1) throw new Error("expected one paid-twice row");
    await userEvent.click(paidTwice);
    expect(await screen.findByTestId("invoice-detail")).toHaveAttribute("data-invoice-id", "42");
    expect(commands.billingInvoice).toHaveBeenCalledWith(42);
    fireEvent.keyDown(window, { key: "Escape" });
    expect(await screen.findByTestId("reconciliation-table")).toBeInTheDocument();
    expect(screen.getByTestId("exception-kind-paidTwice")).toHaveAttribute("data-state", "on");
  });
});

describe("failed payments", () => {
  it("shows the retry timeline, and a note added offline is shown pending at once", async () => {
    let notes: DunningCase["notes"] = [];
    commands.billingDunning.mockImplementation(() => ok([dunningCase(notes)]));
    commands.billingAddDunningNote.mockImplementation((_: number, body: string, followUpDone: boolean) => {
      notes = [{ id: "n1", body, followUpDone, createdAt: "2026-11-12T10:00:00Z", author: "fin", sync: { state: "pending" } }];
      return ok("n1");
    });
    await openView("finance-tab-dunning");
    const pane = await screen.findByTestId("dunning-detail");
    expect(commands.billingDunning).toHaveBeenCalledWith(true);
    const retries = within(pane).getAllByTestId("retry");
    expect(retries[0]).toHaveTextContent("Attempt 1");
    expect(retries[0]).toHaveTextContent("Failed: Insufficient funds");
    expect(retries[1]).toHaveTextContent("scheduled");

    await userEvent.click(within(pane).getByTestId("dunning-note-save"));
    expect(within(pane).getByTestId("dunning-note-error")).toHaveTextContent("Write what was done, or mark the follow-up done.");
    expect(commands.billingAddDunningNote).not.toHaveBeenCalled();

    fireEvent.keyDown(window, { key: "n" });
    expect(within(pane).getByTestId("dunning-note-input")).toHaveFocus();
    await userEvent.type(within(pane).getByTestId("dunning-note-input"), "Called; new card on Friday");
    await userEvent.keyboard("{Control>}{Enter}{/Control}");
    await waitFor(() => expect(commands.billingAddDunningNote).toHaveBeenCalledWith(900, "Called; new card on Friday", false));
    const note = await within(screen.getByTestId("dunning-detail")).findByTestId("dunning-note");
    expect(within(note).getByTestId("sync-badge")).toHaveTextContent("Pending sync");
    expect(screen.getByTestId("toast")).toHaveTextContent("Note saved on this laptop; it will be sent when the platform is reachable");
  });
});

describe("dispute dialog", () => {
  it("says what is wrong before sending, then sends only the change", async () => {
    commands.billingDisputes.mockReturnValue(ok([dispute()]));
    commands.billingUpdateDispute.mockReturnValue(ok(null));
    await openView("finance-tab-disputes");
    const table = await screen.findByTestId("disputes-table");
    const row = within(table).getByTestId("dispute-row");
    expect(within(row).getByTestId("dispute-deadline")).toHaveTextContent("2 days left");
    expect(within(row).getByTestId("dispute-deadline")).toHaveAttribute("data-tone", "urgent");
    table.focus();
    fireEvent.keyDown(table, { key: "Enter" });

    const dialog = await screen.findByTestId("dispute-dialog");
    await userEvent.click(within(dialog).getByTestId("dispute-save"));
    expect(within(dialog).getByTestId("dispute-form-error")).toHaveTextContent("Nothing to change: pick another status or edit the evidence.");
    expect(commands.billingUpdateDispute).not.toHaveBeenCalled();

    await userEvent.click(within(dialog).getByTestId("dispute-status-under_review"));
    await userEvent.type(within(dialog).getByTestId("dispute-evidence"), "Login history and delivery logs");
    expect(within(dialog).queryByTestId("dispute-form-error")).toBeNull();
    await userEvent.click(within(dialog).getByTestId("dispute-save"));
    await waitFor(() =>
      expect(commands.billingUpdateDispute).toHaveBeenCalledWith({ disputeId: 7, status: "under_review", evidence: "Login history and delivery logs", reason: null }),
    );
    await waitFor(() => expect(screen.queryByTestId("dispute-dialog")).toBeNull());
  });

  it("shows the core's refusal by its field and keeps what was typed", async () => {
    commands.billingDisputes.mockReturnValue(ok([dispute()]));
    commands.billingUpdateDispute.mockResolvedValue({ status: "error", error: { code: "invalidInput", message: "evidence: at most 20000 characters" } });
    await openView("finance-tab-disputes");
    await userEvent.click(within(await screen.findByTestId("disputes-table")).getByTestId("dispute-row"));
    const dialog = await screen.findByTestId("dispute-dialog");
    await userEvent.type(within(dialog).getByTestId("dispute-evidence"), "Logs");
    await userEvent.click(within(dialog).getByTestId("dispute-save"));
    expect(await within(dialog).findByTestId("dispute-evidence-error")).toHaveTextContent("At most 20000 characters.");
    expect(within(dialog).getByTestId("dispute-evidence")).toHaveValue("Logs");
  });

  it("does not offer to change a closed dispute", async () => {
    commands.billingDisputes.mockReturnValue(ok([dispute({ status: "lost", daysLeft: null, evidence: "Sent in October" })]));
    await openView("finance-tab-disputes");
    await userEvent.click(within(await screen.findByTestId("disputes-table")).getByTestId("dispute-row"));
    const dialog = await screen.findByTestId("dispute-dialog");
    expect(within(dialog).getByTestId("dispute-closed")).toHaveTextContent("This dispute is closed (lost); it can no longer change.");
    expect(within(dialog).queryByTestId("dispute-save")).toBeNull();
  });
});

describe("proration preview", () => {
  it("opens from an invoice for its tenant and previews a plan change, credit negative", async () => {
    commands.billingInvoices.mockReturnValue(ok({ total: 1, rows: [INVOICE.invoice], currencies: ["EUR"] }));
    commands.billingProration.mockImplementation((r: ProrationRequest) =>
      ok({
        ...QUOTE,
        preview:
          r.planCode === "pro"
            ? {
                lines: [
                  { kind: "credit", description: "Unused time on 10 × Growth after 16 Nov 2026", amountMinor: -5000, periodStart: "2026-11-16T00:00:00Z", periodEnd: "2026-12-01T00:00:00Z" },
                  { kind: "charge", description: "Remaining time on 10 × Pro after 16 Nov 2026", amountMinor: 10000, periodStart: "2026-11-16T00:00:00Z", periodEnd: "2026-12-01T00:00:00Z" },
                ],
                netMinor: 5000,
                currency: "EUR",
                unusedFraction: 0.5,
              }
            : null,
      }),
    );
    renderApp();
    await userEvent.click(await screen.findByTestId("nav-billing"));
    await userEvent.click(await within(await screen.findByTestId("invoice-grid")).findByTestId("invoice-row"));
    await userEvent.click(await screen.findByTestId("invoice-preview-change"));

    expect(await screen.findByTestId("proration-tenant")).toHaveTextContent("Acme Mail");
    expect(screen.getByTestId("finance-tab-proration")).toHaveAttribute("aria-selected", "true");
    expect(commands.billingProration).toHaveBeenCalledWith({ tenantId: "t-1", planCode: null, seats: null, changeAt: null });
    expect(screen.getByTestId("proration-no-change")).toBeInTheDocument();

    await userEvent.selectOptions(screen.getByTestId("proration-plan"), "pro");
    const [credit, charge] = await screen.findAllByTestId("proration-line");
    if (!credit || !charge) throw new Error("expected a credit and a charge line");
    expect(commands.billingProration).toHaveBeenLastCalledWith({ tenantId: "t-1", planCode: "pro", seats: null, changeAt: null });
    expect(within(credit).getByText("-€50.00")).toHaveClass("negative");
    expect(charge).toHaveTextContent("€100.00");
    expect(screen.getByTestId("proration-net")).toHaveTextContent("€50.00");
    expect(screen.getByTestId("proration-verdict")).toHaveTextContent("The customer pays €50.00 now.");
    expect(screen.getByTestId("proration-preview")).toHaveTextContent("50% of the period unused");
  });

  it("picks a tenant by name when none is given", async () => {
    commands.billingTenants.mockReturnValue(ok([{ id: "t-9", name: "Globex", planName: "Growth", currency: "EUR" }]));
    commands.billingProration.mockReturnValue(ok({ ...QUOTE, subscription: { ...QUOTE.subscription, tenantId: "t-9", tenantName: "Globex" } }));
    await openView("finance-tab-proration");
    await userEvent.type(await screen.findByTestId("proration-tenant-search"), "glo");
    await waitFor(() => expect(commands.billingTenants).toHaveBeenCalledWith("glo"));
    await userEvent.click(await screen.findByTestId("proration-tenant-option"));
    expect(await screen.findByTestId("proration-tenant")).toHaveTextContent("Globex");
    expect(commands.billingProration).toHaveBeenCalledWith(expect.objectContaining({ tenantId: "t-9" }));
  });
});
