import * as ToggleGroup from "@radix-ui/react-toggle-group";
import { createColumnHelper } from "@tanstack/react-table";
import { CircleCheck } from "lucide-react";
import { useMemo, useState } from "react";
import type { DisputeView } from "../bindings";
import { Spinner } from "../components/Spinner";
import { SyncBadge } from "../components/SyncBadge";
import { formatCount, formatDay, formatMoney, humanize } from "../lib/format";
import { DataGrid, gridFeatures, type GridColumn } from "./DataGrid";
import { DisputeDialog } from "./DisputeDialog";
import { ExportButtons } from "./ExportButtons";
import { deadline, disputeStatusLabel, URGENT_DAYS } from "./financeSchemas";
import { useFinanceState } from "./financeState";
import { useDisputes } from "./opsQueries";
import { RefreshBar, ReportEmpty, ReportError, ReportLoading } from "./parts";

const STATUS_TONE: Record<string, string> = { needs_response: "badge-danger", under_review: "badge-accent", won: "badge-ok", lost: "" };

export function DisputeStatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge ${STATUS_TONE[status] ?? ""}`} data-status={status}>
      {disputeStatusLabel(status)}
    </span>
  );
}

const col = createColumnHelper<typeof gridFeatures, DisputeView>();

const columns: GridColumn<DisputeView>[] = col.columns([
  col.accessor("daysLeft", {
    header: "Evidence due",
    meta: { width: "150px" },
    cell: ({ row }) => {
      const d = row.original;
      const dl = deadline(d);
      return (
        <span className={`deadline deadline-${dl.tone}`} data-testid="dispute-deadline" data-tone={dl.tone} title={d.evidenceDueAt === null ? undefined : formatDay(d.evidenceDueAt)}>
          {dl.text}
        </span>
      );
    },
  }),
  col.accessor("status", {
    header: "Status",
    meta: { width: "120px" },
    cell: ({ row }) => <DisputeStatusBadge status={row.original.status} />,
  }),
  col.accessor("tenantName", {
    header: "Tenant",
    meta: { width: "minmax(150px, 1.6fr)" },
    cell: ({ row }) => (
      <span className="account-line">
        <span className="cell-text">{row.original.tenantName ?? row.original.tenantId ?? "—"}</span>
        <SyncBadge sync={row.original.sync} />
      </span>
    ),
  }),
  col.accessor("invoiceNumber", {
    header: "Invoice",
    meta: { width: "minmax(104px, 1fr)" },
    cell: ({ row }) => <span className="mono">{row.original.invoiceNumber ?? "—"}</span>,
  }),
  col.accessor("amountMinor", {
    header: "Amount",
    meta: { width: "108px", align: "right" },
    cell: ({ row }) => <span className="num">{formatMoney(row.original.amountMinor, row.original.currency)}</span>,
  }),
  col.accessor("reason", {
    header: "Reason",
    meta: { width: "minmax(120px, 1.2fr)" },
    cell: ({ row }) => <span className="cell-text">{humanize(row.original.reason)}</span>,
  }),
  col.accessor("openedAt", {
    header: "Opened",
    meta: { width: "96px" },
    cell: ({ row }) => formatDay(row.original.openedAt),
  }),
]);

/** Disputes by evidence deadline; Enter or a click opens the response dialog. */
export function DisputesView({ online }: { online: boolean }) {
  const { openOnly: openLists, setOpenOnly } = useFinanceState();
  const openOnly = openLists.disputes;
  const disputes = useDisputes(openOnly);
  const rows = useMemo(() => disputes.data ?? [], [disputes.data]);
  const [editing, setEditing] = useState<number | null>(null);
  const current = rows.find((d) => d.id === editing) ?? null;
  const urgent = rows.filter((d) => {
    const t = deadline(d).tone;
    return t === "urgent" || t === "late";
  }).length;

  return (
    <div className="finance-list" data-testid="disputes-view">
      <div className="finance-toolbar filter-bar">
        <ToggleGroup.Root
          type="single"
          className="segmented"
          aria-label="Which disputes"
          value={openOnly ? "open" : "all"}
          onValueChange={(v) => {
            if (v !== "") setOpenOnly("disputes", v === "open");
          }}
        >
          <ToggleGroup.Item value="open" className="segment" data-testid="disputes-open">
            Open
          </ToggleGroup.Item>
          <ToggleGroup.Item value="all" className="segment" data-testid="disputes-all">
            All
          </ToggleGroup.Item>
        </ToggleGroup.Root>
        <div className="book-summary muted" data-testid="disputes-summary">
          {disputes.isFetching && disputes.data !== undefined ? <Spinner size={12} /> : null}
          {disputes.data === undefined ? null : (
            <span className="num">
              {formatCount(rows.length)} {rows.length === 1 ? "dispute" : "disputes"}
              {urgent > 0 ? <span className="negative"> · {formatCount(urgent)} due within {URGENT_DAYS} days or late</span> : null}
            </span>
          )}
        </div>
        <div className="finance-actions">
          <ExportButtons request={{ report: "disputes", open: openOnly }} disabled={rows.length === 0} />
        </div>
      </div>
      <RefreshBar active={disputes.isPlaceholderData} />
      {disputes.isError ? <ReportError title="The disputes could not be read." error={disputes.error} onRetry={() => void disputes.refetch()} testId="disputes-error" /> : null}
      {disputes.data === undefined ? (
        disputes.isFetching ? <ReportLoading label="Reading disputes…" testId="disputes-loading" /> : null
      ) : rows.length === 0 ? (
        <ReportEmpty
          icon={<CircleCheck size={20} aria-hidden />}
          title={openOnly ? "No open dispute" : "No dispute yet"}
          body={openOnly ? "Every dispute has been won or lost." : "Chargebacks appear here with their evidence deadlines."}
          testId="disputes-empty"
        />
      ) : (
        <div className="book-host">
          <DataGrid
            rows={rows}
            columns={columns}
            rowKey={(d) => String(d.id)}
            onOpen={(d) => setEditing(d.id)}
            label="Disputes"
            testId="disputes-table"
            rowTestId="dispute-row"
            rowClass={(d) => `deadline-row-${deadline(d).tone}`}
            minWidth={960}
          />
        </div>
      )}
      <DisputeDialog
        dispute={current}
        online={online}
        onOpenChange={(open) => {
          if (!open) setEditing(null);
        }}
      />
    </div>
  );
}
