import * as ToggleGroup from "@radix-ui/react-toggle-group";
import { createColumnHelper } from "@tanstack/react-table";
import { CircleCheck, CloudUpload } from "lucide-react";
import { useMemo, useState } from "react";
import type { DunningCase } from "../bindings";
import { Spinner } from "../components/Spinner";
import { formatCount, formatDay, formatMoney, humanize } from "../lib/format";
import { useNav } from "../lib/nav";
import { useNow } from "../lib/useNow";
import { DataGrid, gridFeatures, type GridColumn } from "./DataGrid";
import { DunningDetail } from "./DunningDetail";
import { ExportButtons } from "./ExportButtons";
import { useFinanceState } from "./financeState";
import { useDunning } from "./opsQueries";
import { RefreshBar, ReportEmpty, ReportError, ReportLoading } from "./parts";

const col = createColumnHelper<typeof gridFeatures, DunningCase>();

/** Notes not yet accepted by the platform, or refused by it. */
function unsyncedNotes(c: DunningCase): number {
  return c.notes.filter((n) => n.sync.state !== "synced").length;
}

function columns(now: Date): GridColumn<DunningCase>[] {
  return col.columns([
    col.accessor("tenantName", {
      header: "Tenant",
      meta: { width: "minmax(140px, 1.6fr)" },
      cell: ({ row }) => {
        const c = row.original;
        const pending = unsyncedNotes(c);
        return (
          <span className="account-line">
            <span className="cell-text">{c.tenantName ?? c.tenantId}</span>
            {pending > 0 ? (
              <span className="badge badge-pending" data-testid="row-pending" title="Notes waiting for the platform">
                <CloudUpload size={11} aria-hidden /> {pending}
              </span>
            ) : null}
          </span>
        );
      },
    }),
    col.accessor("invoiceNumber", {
      header: "Invoice",
      meta: { width: "minmax(104px, 1fr)" },
      cell: ({ row }) => <span className="mono invoice-number">{row.original.invoiceNumber}</span>,
    }),
    col.accessor("amountMinor", {
      header: "Amount",
      meta: { width: "108px", align: "right" },
      cell: ({ row }) => <span className="num">{formatMoney(row.original.amountMinor, row.original.currency)}</span>,
    }),
    col.accessor("failureReason", {
      header: "Why it failed",
      meta: { width: "minmax(120px, 1.3fr)" },
      cell: ({ row }) => (
        <span className="cell-text negative" title={row.original.failureReason}>
          {humanize(row.original.failureReason)}
        </span>
      ),
    }),
    col.accessor("failedAt", {
      header: "Failed",
      meta: { width: "92px" },
      cell: ({ row }) => formatDay(row.original.failedAt),
    }),
    col.accessor("nextRetryAt", {
      header: "Next retry",
      meta: { width: "104px" },
      cell: ({ row }) => {
        const c = row.original;
        if (c.followUpDone) return <span className="badge badge-ok">Followed up</span>;
        if (c.nextRetryAt === null) return <span className="faint">None left</span>;
        const soon = Date.parse(c.nextRetryAt) - now.getTime() < 24 * 3600 * 1000;
        return <span className={soon ? "attention" : undefined}>{formatDay(c.nextRetryAt)}</span>;
      },
    }),
  ]);
}

/** Failed payments: the list, and the chosen one's retries and follow-up notes beside it. */
export function DunningView({ online }: { online: boolean }) {
  const { openOnly: openLists, setOpenOnly } = useFinanceState();
  const openOnly = openLists.dunning;
  const dunning = useDunning(openOnly);
  const nav = useNav();
  const now = useNow(60_000);
  const cases = useMemo(() => dunning.data ?? [], [dunning.data]);
  const cols = useMemo(() => columns(now), [now]);
  const [chosen, setChosen] = useState<number | null>(null);
  const current = cases.find((c) => c.paymentId === chosen) ?? cases[0] ?? null;

  return (
    <div className="finance-list" data-testid="dunning-view">
      <div className="finance-toolbar filter-bar">
        <ToggleGroup.Root
          type="single"
          className="segmented"
          aria-label="Which failed payments"
          value={openOnly ? "open" : "all"}
          onValueChange={(v) => {
            if (v !== "") setOpenOnly("dunning", v === "open");
          }}
        >
          <ToggleGroup.Item value="open" className="segment" data-testid="dunning-open">
            Still in dunning
          </ToggleGroup.Item>
          <ToggleGroup.Item value="all" className="segment" data-testid="dunning-all">
            All
          </ToggleGroup.Item>
        </ToggleGroup.Root>
        <div className="book-summary muted" data-testid="dunning-summary">
          {dunning.isFetching && dunning.data !== undefined ? <Spinner size={12} /> : null}
          {dunning.data === undefined ? null : <span className="num">{`${formatCount(cases.length)} failed ${cases.length === 1 ? "payment" : "payments"}`}</span>}
        </div>
        <div className="finance-actions">
          <ExportButtons request={{ report: "dunning", open: openOnly }} disabled={cases.length === 0} />
        </div>
      </div>
      <RefreshBar active={dunning.isPlaceholderData} />
      {dunning.isError ? <ReportError title="The failed payments could not be read." error={dunning.error} onRetry={() => void dunning.refetch()} testId="dunning-error" /> : null}
      {dunning.data === undefined ? (
        dunning.isFetching ? <ReportLoading label="Reading failed payments…" testId="dunning-loading" /> : null
      ) : cases.length === 0 ? (
        <ReportEmpty
          icon={<CircleCheck size={20} aria-hidden />}
          title={openOnly ? "No payment is in dunning" : "No payment has failed"}
          body={openOnly ? "Every failed payment has been recovered or closed." : "Failed payments appear here with their retries and follow-up notes."}
          testId="dunning-empty"
        />
      ) : (
        <div className="finance-split">
          <div className="book-host">
            <DataGrid
              rows={cases}
              columns={cols}
              rowKey={(c) => String(c.paymentId)}
              activeKey={current === null ? null : String(current.paymentId)}
              onOpen={(c) => setChosen(c.paymentId)}
              label="Failed payments"
              testId="dunning-list"
              rowTestId="dunning-row"
              minWidth={720}
            />
          </div>
          {current === null ? null : <DunningDetail key={current.paymentId} item={current} online={online} onOpenInvoice={() => nav.openInvoice(current.invoiceId)} />}
        </div>
      )}
    </div>
  );
}
