// Deployments, Operations' third tab: every deployment from the local copy (offline too, as last
// synced), filtered by service and status, newest first, with the chosen one in a panel (Esc
// closes it) and the success / rollback rates under the table. Requesting a deployment or a
// rollback goes to the platform's deployer; the progress (requested → running → succeeded)
// arrives with sync and shows without a reload.
import * as ToggleGroup from "@radix-ui/react-toggle-group";
import { FilterX, Plus, Rocket } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Spinner } from "../components/Spinner";
import { DataGrid } from "../finance/DataGrid";
import { RefreshBar, ReportEmpty, ReportError, ReportLoading } from "../finance/parts";
import { formatCount } from "../lib/format";
import { isTypingTarget, overlayOpen } from "../lib/nav";
import { deploymentColumns } from "./deploymentColumns";
import { DeploymentDetail } from "./DeploymentDetail";
import { DeployRates } from "./DeployRates";
import { DEPLOY_STATUS_LABELS, DEPLOY_STATUSES, labelOf } from "./opsFormat";
import { DEFAULT_DEPLOYMENT_QUERY, useOpsState } from "./opsState";
import { useDeployments } from "./queries";
import { RequestDeploymentDialog } from "./RequestDeploymentDialog";

export function DeploymentsView({ online }: { online: boolean }) {
  const { deploymentQuery: query, setDeploymentQuery: setQuery, deployment: openId, setDeployment: setOpen } = useOpsState();
  const board = useDeployments(query);
  const [requesting, setRequesting] = useState(false);
  const gridHost = useRef<HTMLDivElement>(null);
  const data = board.data;
  const open = openId === null ? undefined : data?.deployments.find((d) => d.id === openId);
  const filtered = query.service !== null || query.statuses.length > 0;

  const focusGrid = () => gridHost.current?.querySelector<HTMLElement>('[role="grid"]')?.focus({ preventScroll: true });
  useEffect(() => {
    focusGrid();
  }, []);
  useEffect(() => {
    if (openId === null) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape" || e.defaultPrevented || overlayOpen() || isTypingTarget(e.target)) return;
      e.preventDefault();
      setOpen(null);
      focusGrid();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [openId, setOpen]);

  const empty = filtered ? (
    <ReportEmpty
      icon={<FilterX size={20} aria-hidden />}
      title="No deployment matches"
      body="Choose another service or status."
      action={
        <button type="button" className="button" data-testid="deployment-empty-clear" onClick={() => setQuery(() => DEFAULT_DEPLOYMENT_QUERY)}>
          Show every deployment
        </button>
      }
      testId="deployment-empty-filters"
    />
  ) : (
    <ReportEmpty icon={<Rocket size={20} aria-hidden />} title="No deployments yet" body="Deployments arrive with the sync, newest first." testId="deployment-empty" />
  );

  return (
    <div className="finance-list ops-deployments" data-testid="ops-deployments">
      <div className="finance-toolbar filter-bar">
        <div className="filter-group">
          <label className="filter-label" htmlFor="deployment-service">
            Service
          </label>
          <select
            id="deployment-service"
            className="input input-small select"
            data-testid="deployment-service"
            value={query.service ?? ""}
            onChange={(e) => {
              const service = e.target.value === "" ? null : e.target.value;
              setQuery((q) => ({ ...q, service }));
            }}
          >
            <option value="">Every service</option>
            {(data?.services ?? []).map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="filter-group">
          <span className="filter-label">Status</span>
          <ToggleGroup.Root
            type="multiple"
            className="segmented"
            aria-label="Statuses"
            value={query.statuses}
            onValueChange={(statuses) => setQuery((q) => ({ ...q, statuses: DEPLOY_STATUSES.filter((s) => statuses.includes(s)) }))}
          >
            {DEPLOY_STATUSES.map((s) => (
              <ToggleGroup.Item key={s} value={s} className={`segment segment-deploy-${s}`} data-testid={`deployment-filter-${s}`}>
                {labelOf(DEPLOY_STATUS_LABELS, s)}
              </ToggleGroup.Item>
            ))}
          </ToggleGroup.Root>
        </div>
        <div className="book-summary muted" data-testid="deployment-summary">
          {board.isFetching && data !== undefined ? <Spinner size={12} /> : null}
          {data === undefined ? null : (
            <span className="num">
              {data.matched > data.deployments.length
                ? `Latest ${formatCount(data.deployments.length)} of ${formatCount(data.matched)}`
                : `${formatCount(data.matched)} ${data.matched === 1 ? "deployment" : "deployments"}`}
            </span>
          )}
        </div>
        <div className="finance-actions">
          <button
            type="button"
            className="button button-primary button-small"
            data-testid="deployment-new"
            title={online ? "Ask the deployer for a deployment" : "Offline: requesting a deployment needs the platform"}
            onClick={() => setRequesting(true)}
          >
            <Plus size={13} aria-hidden /> Request deployment
          </button>
        </div>
      </div>
      <RefreshBar active={board.isPlaceholderData} />
      {board.isError ? <ReportError title="The deployments could not be read." error={board.error} onRetry={() => void board.refetch()} testId="deployment-error" /> : null}
      {data === undefined ? (
        board.isPending ? <ReportLoading label="Reading deployments…" testId="deployment-loading" /> : null
      ) : (
        <div className={`audit-split ops-split${open === undefined ? "" : " has-pane"}`}>
          <div className="ops-stack">
            <div className="book-host" ref={gridHost}>
              <DataGrid
                rows={data.deployments}
                columns={deploymentColumns}
                rowKey={(d) => String(d.id)}
                onOpen={(d) => setOpen(d.id)}
                onChoose={(d) => {
                  if (openId !== null) setOpen(d.id);
                }}
                activeKey={open === undefined ? null : String(open.id)}
                label="Deployments"
                testId="deployment-grid"
                rowTestId={(d) => `deployment-row-${d.id}`}
                rowStatus={(d) => d.status}
                rowClass={(d) => `deploy-${d.status}`}
                minWidth={open === undefined ? 900 : 640}
                empty={empty}
              />
            </div>
            <div className="ops-rates-host">
              <DeployRates rates={data.rates} service={query.service ?? open?.service ?? null} />
            </div>
          </div>
          {open === undefined ? null : (
            <DeploymentDetail
              key={open.id}
              deployment={open}
              online={online}
              onClose={() => {
                setOpen(null);
                focusGrid();
              }}
            />
          )}
        </div>
      )}
      <RequestDeploymentDialog
        open={requesting}
        online={online}
        services={data?.services ?? []}
        service={query.service}
        onOpenChange={(o) => {
          setRequesting(o);
          if (!o) focusGrid();
        }}
        onRequested={(id) => {
          setRequesting(false);
          setOpen(id);
        }}
      />
    </div>
  );
}
