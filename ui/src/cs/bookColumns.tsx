import { createColumnHelper, metaHelper, tableFeatures } from "@tanstack/react-table";
import type { BookRow, BookSort } from "../bindings";
import { daysFromToday, formatCount, formatDay, formatMoney } from "../lib/format";
import { formatDaysAgo, formatDaysUntil, splitPlanName } from "./format";
import { HealthScore } from "./HealthScore";
import { PendingCount } from "../components/SyncBadge";

/** A row of the book with its absolute position in the whole (filtered, sorted) list. */
export type BookItem = { index: number; row: BookRow };

export type BookColumnMeta = {
  /** The core's sort for this column, if it sorts. */
  sort?: BookSort;
  /** Whether a click sorts it descending first (amounts, counts). */
  descendingFirst?: boolean;
  /** Its CSS grid track. */
  width: string;
  align?: "right";
};

export type BookTableMeta = {
  now: Date;
  /** The risk filters show each account's first signal under its name. */
  showReason: boolean;
};

export const bookFeatures = tableFeatures({
  columnMeta: metaHelper<BookColumnMeta>(),
  tableMeta: metaHelper<BookTableMeta>(),
});

const col = createColumnHelper<typeof bookFeatures, BookItem>();

/** Renewals this close are flagged. */
export const RENEWAL_WARN_DAYS = 30;

export const bookColumns = col.columns([
  col.accessor((it) => it.row.name, {
    id: "account",
    header: "Account",
    meta: { sort: "name", width: "minmax(200px, 2.4fr)" },
    cell: ({ row, table }) => {
      const r = row.original.row;
      const signal = table.options.meta?.showReason ? r.signals[0] : undefined;
      return (
        <div className="account-cell">
          <div className="account-line">
            <span className="account-name">{r.name}</span>
            {signal ? <span className="account-domain">{r.domain}</span> : null}
            <PendingCount count={r.pendingChanges} />
          </div>
          {signal ? (
            <div className={`account-reason signal-${signal.kind}`} title={signal.reason}>
              {signal.reason}
            </div>
          ) : (
            <div className="account-domain">{r.domain}</div>
          )}
        </div>
      );
    },
  }),
  col.accessor((it) => it.row.planName, {
    id: "plan",
    header: "Plan",
    meta: { width: "minmax(112px, 1fr)" },
    cell: ({ row }) => {
      const plan = row.original.row.planName;
      if (plan === null) return <span className="faint">—</span>;
      const { name, term } = splitPlanName(plan);
      return (
        <span className="cell-text" title={plan}>
          {name}
          {term !== null ? <span className="plan-term"> {term}</span> : null}
        </span>
      );
    },
  }),
  col.accessor((it) => it.row.arrMinor, {
    id: "arr",
    header: "ARR",
    meta: { sort: "arr", descendingFirst: true, width: "96px", align: "right" },
    cell: ({ row }) => {
      const r = row.original.row;
      return <span className="num">{formatMoney(r.arrMinor, r.currency, { whole: true })}</span>;
    },
  }),
  col.accessor((it) => it.row.healthScore, {
    id: "health",
    header: "Health",
    meta: { sort: "health", width: "92px" },
    cell: ({ row }) => {
      const r = row.original.row;
      return <HealthScore score={r.healthScore} band={r.healthBand} delta={r.healthDelta} />;
    },
  }),
  col.accessor((it) => it.row.renewalDate, {
    id: "renewal",
    header: "Renewal",
    meta: { sort: "renewal", width: "150px" },
    cell: ({ row, table }) => {
      const day = row.original.row.renewalDate;
      if (day === null) return <span className="muted">—</span>;
      const now = table.options.meta?.now ?? new Date();
      const n = daysFromToday(day, now);
      const soon = n !== null && n >= 0 && n <= RENEWAL_WARN_DAYS;
      return (
        <span className={`renewal-cell${soon ? " is-soon" : ""}`}>
          <span>{formatDay(day)}</span>
          <span className="renewal-in">{formatDaysUntil(day, now)}</span>
        </span>
      );
    },
  }),
  col.accessor((it) => it.row.ownerName, {
    id: "owner",
    header: "Owner",
    meta: { width: "minmax(104px, 1fr)" },
    cell: ({ row }) => {
      const name = row.original.row.ownerName;
      return name === null ? <span className="muted">Unassigned</span> : <span className="cell-text">{name}</span>;
    },
  }),
  col.accessor((it) => it.row.openEscalations, {
    id: "escalations",
    header: "Escalations",
    meta: { sort: "escalations", descendingFirst: true, width: "76px", align: "right" },
    cell: ({ row }) => {
      const n = row.original.row.openEscalations;
      return <span className={`num${n > 0 ? " attention" : " faint"}`}>{n > 0 ? formatCount(n) : "0"}</span>;
    },
  }),
  col.accessor((it) => it.row.lastTouchpointAt, {
    id: "lastTouch",
    header: "Last touch",
    meta: { sort: "lastTouchpoint", descendingFirst: true, width: "72px", align: "right" },
    cell: ({ row, table }) => {
      const day = row.original.row.lastTouchpointAt;
      return (
        <span className={day === null ? "faint" : undefined} title={day === null ? "No touchpoint recorded" : formatDay(day)}>
          {formatDaysAgo(day, table.options.meta?.now ?? new Date())}
        </span>
      );
    },
  }),
]);

/** The grid's column template, shared by the header and every row. */
export const BOOK_GRID_TEMPLATE = bookColumns
  .map((c) => c.meta?.width ?? "1fr")
  .join(" ");
