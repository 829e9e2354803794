import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { commands, type AgingRow, type InvoiceDetail, type InvoicePage, type InvoiceQuery, type MrrMonth, type RevenueMonth } from "../bindings";
import { unwrap } from "../lib/errors";
import { rangeProblem, type MonthRange } from "./months";

/** Invoices fetched per request as the list scrolls (the core returns at most 500). */
export const INVOICE_WINDOW = 200;

/** The invoice list's query without the paging fields: what a cached window is keyed by. */
export type InvoiceFilter = Omit<InvoiceQuery, "offset" | "limit">;

export const FINANCE_KEY = ["finance"] as const;
export const invoiceWindowKey = (filter: InvoiceFilter, window: number) => ["finance", "invoices", filter, window] as const;

/** Fetches one window of invoices (INVOICE_WINDOW rows from window × INVOICE_WINDOW). */
export async function fetchInvoiceWindow(filter: InvoiceFilter, window: number): Promise<InvoicePage> {
  return unwrap(await commands.billingInvoices({ ...filter, offset: window * INVOICE_WINDOW, limit: INVOICE_WINDOW }));
}

/** One invoice with its lines, payments and credit notes. */
export function useInvoice(id: number) {
  return useQuery({
    queryKey: ["finance", "invoice", id],
    queryFn: async (): Promise<InvoiceDetail> => unwrap(await commands.billingInvoice(id)),
  });
}

/** Receivables by age, one row per currency. */
export function useAging() {
  return useQuery({
    queryKey: ["finance", "aging"],
    queryFn: async (): Promise<AgingRow[]> => unwrap(await commands.billingAging()),
  });
}

/**
 * MRR movements over a month range. A range the core would refuse is not asked for; while a new
 * range loads, the previous one stays on screen.
 */
export function useMrr(range: MonthRange) {
  return useQuery({
    queryKey: ["finance", "mrr", range.from, range.to],
    queryFn: async (): Promise<MrrMonth[]> => unwrap(await commands.revenueMrr(range.from, range.to)),
    enabled: rangeProblem(range) === null,
    placeholderData: keepPreviousData,
  });
}

/** The deferred revenue waterfall over a month range (can take seconds on a large book). */
export function useWaterfall(range: MonthRange) {
  return useQuery({
    queryKey: ["finance", "waterfall", range.from, range.to],
    queryFn: async (): Promise<RevenueMonth[]> => unwrap(await commands.revenueWaterfall(range.from, range.to)),
    enabled: rangeProblem(range) === null,
    placeholderData: keepPreviousData,
  });
}
