import { FileDown, FileSpreadsheet } from "lucide-react";
import type { ExportFormat, ExportRequest } from "../bindings";
import { Spinner } from "../components/Spinner";
import { useToast } from "../components/Toast";
import { errorMessage } from "../lib/errors";
import { formatCount } from "../lib/format";
import { useFinanceExport } from "./opsQueries";

/**
 * "Export CSV" and "Export XLSX" for a list or report: the core writes the whole report (every
 * page, with the filters shown) into Downloads and says where; the toast repeats it.
 */
export function ExportButtons({ request, disabled = false }: { request: ExportRequest; disabled?: boolean }) {
  const exporter = useFinanceExport();
  const toast = useToast();
  const running = exporter.isPending ? exporter.variables.format : null;
  const run = (format: ExportFormat) =>
    exporter.mutate(
      { request, format },
      {
        onSuccess: (done) => toast.show(`Exported ${formatCount(done.rows)} ${done.rows === 1 ? "row" : "rows"} to ${done.path}`),
        onError: (e) => toast.show(`Could not export: ${errorMessage(e)}`, "error"),
      },
    );
  return (
    <div className="button-pair">
      <button type="button" className="button button-small" data-testid="export-csv" disabled={disabled || exporter.isPending} onClick={() => run("csv")}>
        {running === "csv" ? <Spinner size={12} /> : <FileDown size={12} aria-hidden />}
        Export CSV
      </button>
      <button type="button" className="button button-small" data-testid="export-xlsx" disabled={disabled || exporter.isPending} onClick={() => run("xlsx")}>
        {running === "xlsx" ? <Spinner size={12} /> : <FileSpreadsheet size={12} aria-hidden />}
        Export XLSX
      </button>
    </div>
  );
}
