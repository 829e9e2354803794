// The flags table's columns: the key (monospace) with what it does, what staging and production
// run, production's evaluations over the last 24 hours and their error rate (right-aligned), and
// whether the flag is stale (why, in words) or archived.
import { createColumnHelper } from "@tanstack/react-table";
import type { FlagView } from "../bindings";
import { gridFeatures, type GridColumn } from "../finance/DataGrid";
import { formatCount } from "../lib/format";
import { errorRate } from "./flagsFormat";
import { ArchivedBadge, EnvState, ErrorRate, StaleBadge } from "./flagsParts";

const col = createColumnHelper<typeof gridFeatures, FlagView>();

export const flagColumns: GridColumn<FlagView>[] = col.columns([
  col.accessor("key", {
    header: "Flag",
    meta: { width: "minmax(200px, 2fr)" },
    cell: ({ row }) => (
      <span className="flag-key-cell" title={`${row.original.key}\n${row.original.description}`}>
        <span className="mono-small flag-key" data-testid="flag-key">
          {row.original.key}
        </span>
        <span className="muted flag-description">{row.original.description}</span>
      </span>
    ),
  }),
  col.accessor((f) => f.staging?.version ?? null, {
    id: "staging",
    header: "Staging",
    meta: { width: "minmax(120px, 1fr)" },
    cell: ({ row }) => <EnvState env={row.original.staging} testId="flag-staging" />,
  }),
  col.accessor((f) => f.production?.version ?? null, {
    id: "production",
    header: "Production",
    meta: { width: "minmax(120px, 1fr)" },
    cell: ({ row }) => <EnvState env={row.original.production} testId="flag-production" />,
  }),
  col.accessor("evaluations24h", {
    header: "Evals 24 h",
    meta: { width: "88px", align: "right" },
    cell: ({ row }) => (
      <span className={`num${row.original.evaluations24h === 0 ? " faint" : ""}`} data-testid="flag-evaluations">
        {formatCount(row.original.evaluations24h)}
      </span>
    ),
  }),
  col.accessor((f) => errorRate(f.errors24h, f.evaluations24h), {
    id: "errorRate",
    header: "Errors",
    meta: { width: "64px", align: "right" },
    cell: ({ row }) => <ErrorRate errors={row.original.errors24h} evaluations={row.original.evaluations24h} testId="flag-error-rate" />,
  }),
  col.accessor("stale", {
    header: "Status",
    meta: { width: "minmax(150px, 1.1fr)" },
    cell: ({ row }) => {
      const f = row.original;
      if (f.archivedAt !== null) return <ArchivedBadge at={f.archivedAt} />;
      return f.stale === null ? null : <StaleBadge stale={f.stale} />;
    },
  }),
]);
