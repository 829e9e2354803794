// The escalation list's columns: severity, tenant, title, state, when the customer's next
// update is due (red with "overdue" when late), the tenant's CSM and whether the platform has
// the member's last change (pending / refused on the row itself).
import { createColumnHelper } from "@tanstack/react-table";
import { Clock } from "lucide-react";
import type { EscalationRecord } from "../bindings";
import { SyncBadge } from "../components/SyncBadge";
import { gridFeatures, type GridColumn } from "../finance/DataGrid";
import { formatDateTime } from "../lib/format";
import { SeverityChip, StateChip } from "./opsParts";

const col = createColumnHelper<typeof gridFeatures, EscalationRecord>();

/** The next update's cell: when, and "overdue" in red when it is late. */
export function NextUpdate({ e }: { e: Pick<EscalationRecord, "nextUpdateDue" | "overdue"> }) {
  if (e.nextUpdateDue === null) return <span className="faint">—</span>;
  return (
    <span className={`ops-due${e.overdue ? " negative" : ""}`} data-testid="escalation-due" data-overdue={e.overdue}>
      {formatDateTime(e.nextUpdateDue)}
      {e.overdue ? (
        <span className="badge badge-danger overdue-mark">
          <Clock size={10} aria-hidden /> overdue
        </span>
      ) : null}
    </span>
  );
}

export const escalationColumns: GridColumn<EscalationRecord>[] = col.columns([
  col.accessor("severity", {
    header: "Severity",
    meta: { width: "88px" },
    cell: ({ row }) => <SeverityChip severity={row.original.severity} />,
  }),
  col.accessor("tenantName", {
    header: "Tenant",
    meta: { width: "minmax(130px, 1fr)" },
    cell: ({ row }) => (
      <span className="cell-text" title={row.original.tenantId}>
        {row.original.tenantName}
      </span>
    ),
  }),
  col.accessor("title", {
    header: "Title",
    meta: { width: "minmax(220px, 2.4fr)" },
    cell: ({ row }) => (
      <span className="cell-text ops-title" title={row.original.title} data-testid="escalation-title">
        {row.original.title}
      </span>
    ),
  }),
  col.accessor("state", {
    header: "State",
    meta: { width: "150px" },
    cell: ({ row }) => <StateChip state={row.original.state} />,
  }),
  col.accessor("nextUpdateDue", {
    header: "Next update due",
    meta: { width: "minmax(170px, 1fr)" },
    cell: ({ row }) => <NextUpdate e={row.original} />,
  }),
  col.accessor("csm", {
    header: "CSM",
    meta: { width: "minmax(90px, 0.7fr)" },
    cell: ({ row }) => <span className="cell-text muted">{row.original.csm ?? "—"}</span>,
  }),
  col.accessor((e) => e.sync.state, {
    id: "sync",
    header: "Sync",
    meta: { width: "118px" },
    cell: ({ row }) => <SyncBadge sync={row.original.sync} />,
  }),
]);
