// The rows behind one KPI figure, under the cards: the definition, how many rows, every row in
// a keyboard grid (rows that did not meet the definition, or were left out, are dimmed), and
// "Export CSV" / "Export XLSX", which write every row (not only the first 5,000 shown) into
// Downloads. Esc or Close goes back to the cards.
import { createColumnHelper } from "@tanstack/react-table";
import { FileDown, FileSpreadsheet, X } from "lucide-react";
import { useMemo } from "react";
import type { ExportFormat, KpiId, KpiPeriod, KpiRow } from "../bindings";
import { Spinner } from "../components/Spinner";
import { useToast } from "../components/Toast";
import { DataGrid, gridFeatures, type GridColumn } from "../finance/DataGrid";
import { ReportError, ReportLoading } from "../finance/parts";
import { errorMessage } from "../lib/errors";
import { formatCount, formatDayRange } from "../lib/format";
import { useKpiExport, useKpiRows } from "./queries";

const col = createColumnHelper<typeof gridFeatures, KpiRow>();

/** Whether every non-empty cell of column `i` is a number (it is then right-aligned). */
export function numericColumn(rows: readonly KpiRow[], i: number): boolean {
  let seen = false;
  for (const r of rows) {
    const c = r.cells[i] ?? "";
    if (c === "") continue;
    if (!/^-?\d+(\.\d+)?$/.test(c)) return false;
    seen = true;
  }
  return seen;
}

/** The grid's columns for a table's headers. */
export function kpiColumns(headers: readonly string[], rows: readonly KpiRow[]): GridColumn<KpiRow>[] {
  return col.columns(
    headers.map((h, i) => {
    const numeric = numericColumn(rows, i);
    return col.accessor((r) => r.cells[i] ?? "", {
      id: `c${i}`,
      header: h,
      meta: numeric ? { width: "minmax(84px, 0.6fr)", align: "right" as const } : { width: "minmax(110px, 1fr)" },
      cell: ({ row }) => {
        const text = row.original.cells[i] ?? "";
        return (
          <span className={`cell-text${numeric ? " num" : ""}`} title={text}>
            {text === "" ? <span className="faint">—</span> : text}
          </span>
        );
      },
    });
    }),
  );
}

type Props = {
  kpi: KpiId;
  period: KpiPeriod;
  onClose: () => void;
};

export function KpiRows({ kpi, period, onClose }: Props) {
  const rows = useKpiRows(kpi, period);
  const exporter = useKpiExport();
  const toast = useToast();
  const table = rows.data;
  const columns = useMemo(() => (table === undefined ? [] : kpiColumns(table.columns, table.rows)), [table]);
  const running = exporter.isPending ? exporter.variables.format : null;
  const run = (format: ExportFormat) =>
    exporter.mutate(
      { kpi, period, format },
      {
        onSuccess: (done) => toast.show(`Exported ${formatCount(done.rows)} ${done.rows === 1 ? "row" : "rows"} to ${done.path}`),
        onError: (e) => toast.show(`Could not export: ${errorMessage(e)}`, "error"),
      },
    );
  const title = table?.figure.title ?? "Rows";
  return (
    <section className="kpi-rows-panel" aria-label={`Rows behind ${title}`} data-testid="kpi-rows-panel" data-kpi={kpi}>
      <header className="kpi-rows-head">
        <div className="kpi-rows-title">
          <h3 className="pane-title">{title}</h3>
          <span className="muted small">
            {formatDayRange(period.from, period.to)}
            {table === undefined ? null : (
              <span className="num" data-testid="kpi-rows-count">
                {" · "}
                {table.total > table.rows.length
                  ? `first ${formatCount(table.rows.length)} of ${formatCount(table.total)} rows (the export has all)`
                  : `${formatCount(table.total)} ${table.total === 1 ? "row" : "rows"}`}
              </span>
            )}
          </span>
        </div>
        <div className="finance-actions">
          <button type="button" className="button button-small" data-testid="kpi-export" disabled={exporter.isPending || table === undefined} onClick={() => run("csv")}>
            {running === "csv" ? <Spinner size={12} /> : <FileDown size={12} aria-hidden />}
            Export CSV
          </button>
          <button type="button" className="button button-small" data-testid="kpi-export-xlsx" disabled={exporter.isPending || table === undefined} onClick={() => run("xlsx")}>
            {running === "xlsx" ? <Spinner size={12} /> : <FileSpreadsheet size={12} aria-hidden />}
            Export XLSX
          </button>
          <button type="button" className="button button-small button-ghost" data-testid="kpi-rows-close" aria-label="Close the rows" title="Close (Esc)" onClick={onClose}>
            <X size={13} aria-hidden />
          </button>
        </div>
      </header>
      {table === undefined ? null : <p className="kpi-definition muted small">{table.figure.definition}</p>}
      {rows.isError ? <ReportError title="The rows could not be read." error={rows.error} onRetry={() => void rows.refetch()} testId="kpi-rows-error" /> : null}
      {table === undefined ? (
        rows.isPending ? <ReportLoading label="Reading the rows…" testId="kpi-rows-loading" /> : null
      ) : (
        <div className="kpi-rows-host">
          <DataGrid
            rows={table.rows}
            columns={columns}
            rowKey={(r) => r.id}
            onOpen={() => undefined}
            label={`Rows behind ${title}`}
            testId="kpi-rows"
            rowTestId="kpi-row"
            rowStatus={(r) => (r.counted ? "counted" : "notCounted")}
            rowClass={(r) => (r.counted ? "" : "kpi-row-out")}
            minWidth={Math.max(640, columns.length * 110)}
            empty={<p className="card-empty kpi-rows-empty">No rows behind this figure for the period.</p>}
          />
        </div>
      )}
    </section>
  );
}
