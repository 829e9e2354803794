// The KPI screen's reads, all from the local copy (so they work offline) and refreshed by the
// status-changed event after each sync (useStatusEvents invalidates every query): every figure
// for a period, and the rows behind one. The CSV export goes through the app's export command
// (the `kpi` report), which writes every row into Downloads.
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { commands, type ExportFormat, type ExportedFile, type KpiBoard, type KpiId, type KpiPeriod, type KpiTable } from "../bindings";
import { unwrap } from "../lib/errors";

export const KPI_KEY = ["kpi"] as const;

/** Every figure for the period; the previous period's stay while the next is computed. */
export function useKpis(period: KpiPeriod) {
  return useQuery({
    queryKey: [...KPI_KEY, "board", period.from, period.to],
    queryFn: async (): Promise<KpiBoard> => unwrap(await commands.kpis(period)),
    placeholderData: keepPreviousData,
  });
}

/** The rows behind one figure (none asked for: idle). */
export function useKpiRows(kpi: KpiId | null, period: KpiPeriod) {
  return useQuery({
    queryKey: [...KPI_KEY, "rows", kpi, period.from, period.to],
    queryFn: async (): Promise<KpiTable> => {
      if (kpi === null) throw new Error("no figure chosen");
      return unwrap(await commands.kpiRows(kpi, period));
    },
    enabled: kpi !== null,
  });
}

/** Writes every row behind a figure as a file in Downloads. */
export function useKpiExport() {
  return useMutation({
    mutationFn: async (v: { kpi: KpiId; period: KpiPeriod; format: ExportFormat }): Promise<ExportedFile> =>
      unwrap(await commands.financeExport({ report: "kpi", kpi: v.kpi, period: v.period }, v.format)),
  });
}
