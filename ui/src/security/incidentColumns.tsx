// The incident list's columns: severity, title, type, status, containment progress ("2/5"),
// evidence count, the breach countdown while it runs, and how long ago it was opened. The
// countdown and the age read the time through the grid's `now`, ticking once a second.
import { createColumnHelper } from "@tanstack/react-table";
import type { IncidentRecord } from "../bindings";
import { formatAge } from "../alerts/format";
import { gridFeatures, type GridColumn } from "../finance/DataGrid";
import { formatCount, formatDateTime } from "../lib/format";
import { clockRunning, labelOf, TYPE_LABELS } from "./securityFormat";
import { BreachChip, IncidentSeverity, IncidentStatus } from "./securityParts";

const col = createColumnHelper<typeof gridFeatures, IncidentRecord>();

export function incidentColumns(now: Date): GridColumn<IncidentRecord>[] {
  return col.columns([
    col.accessor("severity", {
      header: "Severity",
      meta: { width: "74px" },
      cell: ({ row }) => <IncidentSeverity severity={row.original.severity} />,
    }),
    col.accessor("title", {
      header: "Title",
      meta: { width: "minmax(220px, 2.6fr)" },
      cell: ({ row }) => (
        <span className="cell-text incident-title" title={row.original.title} data-testid="incident-title-cell">
          {row.original.title}
        </span>
      ),
    }),
    col.accessor("kindLabel", {
      header: "Type",
      meta: { width: "minmax(120px, 1fr)" },
      cell: ({ row }) => (
        <span className="cell-text muted" data-testid="incident-type-cell">
          {labelOf(TYPE_LABELS, row.original.kind)}
        </span>
      ),
    }),
    col.accessor("status", {
      header: "Status",
      meta: { width: "112px" },
      cell: ({ row }) => <IncidentStatus status={row.original.status} />,
    }),
    col.accessor((i) => i.stepsDone, {
      id: "containment",
      header: "Contained",
      meta: { width: "84px", align: "right" },
      cell: ({ row }) => {
        const i = row.original;
        const all = i.stepsTotal > 0 && i.stepsDone === i.stepsTotal;
        return (
          <span
            className={`num${all ? " positive" : i.stepsTotal === 0 ? " faint" : ""}`}
            data-testid="incident-steps"
            title={i.stepsTotal === 0 ? "No containment steps yet" : `${i.stepsDone} of ${i.stepsTotal} containment steps done`}
          >
            {i.stepsTotal === 0 ? "—" : `${formatCount(i.stepsDone)}/${formatCount(i.stepsTotal)}`}
          </span>
        );
      },
    }),
    col.accessor("evidenceCount", {
      header: "Evidence",
      meta: { width: "78px", align: "right" },
      cell: ({ row }) => (
        <span className={`num${row.original.evidenceCount === 0 ? " faint" : ""}`} data-testid="incident-evidence-count">
          {formatCount(row.original.evidenceCount)}
        </span>
      ),
    }),
    col.accessor((i) => i.breach?.deadline ?? "", {
      id: "breach",
      header: "Breach clock",
      meta: { width: "132px" },
      cell: ({ row }) => {
        const b = row.original.breach;
        if (b === null) return <span className="faint">—</span>;
        if (clockRunning(row.original)) return <BreachChip deadline={b.deadline} now={now} />;
        return (
          <span className={`small ${b.notifiedInTime === false ? "negative" : "muted"}`} data-testid="incident-breach-notified">
            {b.notifiedInTime === false ? "notified late" : "notified"}
          </span>
        );
      },
    }),
    col.accessor("openedAt", {
      header: "Opened",
      meta: { width: "70px", align: "right" },
      cell: ({ row }) => (
        <span className="num muted" title={formatDateTime(row.original.openedAt)} data-testid="incident-age">
          {formatAge(row.original.openedAt, now)}
        </span>
      ),
    }),
  ]);
}
