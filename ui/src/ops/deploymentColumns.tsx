// The deployment table's columns: service, version (with the one it replaced), status (warning
// and danger colours for partial and failed, a spinner while running), who asked and when, the
// automated test run behind it and the health checks after it ("✓ 3/3", "✗ 1/3").
import { createColumnHelper } from "@tanstack/react-table";
import type { DeploymentView } from "../bindings";
import { gridFeatures, type GridColumn } from "../finance/DataGrid";
import { formatDateTime } from "../lib/format";
import { checksSummary } from "./opsFormat";
import { DeployStatusChip } from "./opsParts";

const col = createColumnHelper<typeof gridFeatures, DeploymentView>();

/** "2026.3.14 ← 2026.3.13". */
export function VersionLine({ d }: { d: Pick<DeploymentView, "version" | "previousVersion"> }) {
  return (
    <span className="mono-small ops-version" data-testid="deployment-version">
      <span className="strong">{d.version}</span>
      {d.previousVersion === null ? null : <span className="faint"> ← {d.previousVersion}</span>}
    </span>
  );
}

export function ChecksSummary({ checks }: { checks: DeploymentView["healthChecks"] }) {
  const s = checksSummary(checks);
  if (s === null) return <span className="faint">—</span>;
  return (
    <span className={`num ${s.ok ? "positive-text" : "negative"}`} data-testid="deployment-checks" data-ok={s.ok}>
      {s.text}
    </span>
  );
}

export const deploymentColumns: GridColumn<DeploymentView>[] = col.columns([
  col.accessor("service", {
    header: "Service",
    meta: { width: "minmax(120px, 1fr)" },
    cell: ({ row }) => <span className="mono-small cell-text">{row.original.service}</span>,
  }),
  col.accessor("version", {
    header: "Version",
    meta: { width: "minmax(150px, 1.2fr)" },
    cell: ({ row }) => <VersionLine d={row.original} />,
  }),
  col.accessor("status", {
    header: "Status",
    meta: { width: "150px" },
    cell: ({ row }) => <DeployStatusChip status={row.original.status} />,
  }),
  col.accessor("requestedAt", {
    header: "Requested",
    meta: { width: "minmax(170px, 1.2fr)" },
    cell: ({ row }) => (
      <span className="cell-text">
        <span className="muted">{row.original.requestedBy}</span> <span className="faint num">· {formatDateTime(row.original.requestedAt)}</span>
      </span>
    ),
  }),
  col.accessor("testResultRef", {
    header: "Tests",
    meta: { width: "minmax(140px, 1.2fr)" },
    cell: ({ row }) => (
      <span className="cell-text mono-small muted" title={row.original.testResultRef ?? undefined}>
        {row.original.testResultRef ?? "—"}
      </span>
    ),
  }),
  col.accessor((d) => d.healthChecks.length, {
    id: "checks",
    header: "Checks",
    meta: { width: "72px", align: "right" },
    cell: ({ row }) => <ChecksSummary checks={row.original.healthChecks} />,
  }),
]);
