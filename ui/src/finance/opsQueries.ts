import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  commands,
  type DisputeUpdate,
  type DisputeView,
  type DunningCase,
  type ExportedFile,
  type ExportFormat,
  type ExportRequest,
  type ProrationQuote,
  type ProrationRequest,
  type ReconciliationReport,
  type TenantOption,
} from "../bindings";
import { unwrap } from "../lib/errors";
import { APP_STATUS_KEY } from "../lib/queries";
import { FINANCE_KEY } from "./queries";

/** Payments that match no invoice, invoices paid twice or short, lines that do not add up. */
export function useExceptions() {
  return useQuery({
    queryKey: ["finance", "exceptions"],
    queryFn: async (): Promise<ReconciliationReport> => unwrap(await commands.billingExceptions()),
  });
}

/** Failed payments with their retries and follow-up notes. */
export function useDunning(openOnly: boolean) {
  return useQuery({
    queryKey: ["finance", "dunning", openOnly],
    queryFn: async (): Promise<DunningCase[]> => unwrap(await commands.billingDunning(openOnly)),
    placeholderData: keepPreviousData,
  });
}

/** Disputes with their evidence deadlines. */
export function useDisputes(openOnly: boolean) {
  return useQuery({
    queryKey: ["finance", "disputes", openOnly],
    queryFn: async (): Promise<DisputeView[]> => unwrap(await commands.billingDisputes(openOnly)),
    placeholderData: keepPreviousData,
  });
}

/** Tenants whose name contains `text`, for the proration preview's picker. */
export function useTenantSearch(text: string) {
  const t = text.trim();
  return useQuery({
    queryKey: ["finance", "tenants", t],
    queryFn: async (): Promise<TenantOption[]> => unwrap(await commands.billingTenants(t)),
    staleTime: 10_000,
    placeholderData: keepPreviousData,
  });
}

/** The tenant's subscription, its plans, and the preview of the change asked for (if any). */
export function useProration(request: ProrationRequest | null) {
  return useQuery({
    queryKey: ["finance", "proration", request],
    queryFn: async (): Promise<ProrationQuote> => {
      if (request === null) throw new Error("no tenant chosen");
      return unwrap(await commands.billingProration(request));
    },
    enabled: request !== null,
    placeholderData: keepPreviousData,
  });
}

/**
 * After a change: the lists show it (pending) and the status bar counts it as queued (the core
 * sends it once the platform answers, which offline can take a while).
 */
function useInvalidateFinance() {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: FINANCE_KEY }), qc.invalidateQueries({ queryKey: APP_STATUS_KEY })]);
}

export function useAddDunningNote() {
  const invalidate = useInvalidateFinance();
  return useMutation({
    mutationFn: async (v: { paymentId: number; body: string; followUpDone: boolean }): Promise<string> =>
      unwrap(await commands.billingAddDunningNote(v.paymentId, v.body, v.followUpDone)),
    onSuccess: invalidate,
  });
}

export function useUpdateDispute() {
  const invalidate = useInvalidateFinance();
  return useMutation({
    mutationFn: async (update: DisputeUpdate): Promise<null> => unwrap(await commands.billingUpdateDispute(update)),
    onSuccess: invalidate,
  });
}

export function useFinanceExport() {
  return useMutation({
    mutationFn: async (v: { request: ExportRequest; format: ExportFormat }): Promise<ExportedFile> => unwrap(await commands.financeExport(v.request, v.format)),
  });
}
