// Integrations, an Operations tab for the integration team: the third-party integrations the
// platform depends on as a dense table (from the local copy, so offline too) with the desk's own
// probe of each status endpoint (the last one at load, Probe now to run them again), the chosen
// integration in a panel (Esc closes it), and the deprecation notices under the table; and the
// Onboarding sub-view with new integrations moving through their five steps. A member from
// security (who reads only the onboardings) sees the Onboarding sub-view alone.
import * as ToggleGroup from "@radix-ui/react-toggle-group";
import { Plug, Radar } from "lucide-react";
import { useEffect, useMemo, useState } from "react";
import type { DeskRole, Probe } from "../bindings";
import { Spinner } from "../components/Spinner";
import { ReportEmpty, ReportError, ReportLoading } from "../finance/parts";
import { errorMessage } from "../lib/errors";
import { formatCount } from "../lib/format";
import { isTypingTarget, overlayOpen } from "../lib/nav";
import { useNow } from "../lib/useNow";
import { DeprecationsCard } from "./DeprecationsCard";
import { IntegrationDetail } from "./IntegrationDetail";
import { IntegrationsTable } from "./IntegrationsTable";
import { OnboardingView } from "./OnboardingView";
import { useIntegrationProbes, useIntegrations, useProbeIntegrations } from "./queries";

type Sub = "list" | "onboarding";

type Props = {
  online: boolean;
  roles: readonly DeskRole[];
};

export function IntegrationsView({ online, roles }: Props) {
  const ops = roles.includes("ops");
  const [chosen, setSub] = useState<Sub>("list");
  const sub: Sub = ops ? chosen : "onboarding";
  return (
    <div className="finance-list ops-integrations" data-testid="ops-integrations" data-sub={sub}>
      {ops ? (
        <ToggleGroup.Root
          type="single"
          className="segmented integrations-sub"
          aria-label="Integrations view"
          value={sub}
          onValueChange={(v) => {
            if (v === "list" || v === "onboarding") setSub(v);
          }}
        >
          <ToggleGroup.Item value="list" className="segment" data-testid="integrations-sub-list">
            Integrations
          </ToggleGroup.Item>
          <ToggleGroup.Item value="onboarding" className="segment" data-testid="integrations-sub-onboarding">
            Onboarding
          </ToggleGroup.Item>
        </ToggleGroup.Root>
      ) : null}
      {sub === "list" ? <IntegrationsList online={online} /> : <OnboardingView online={online} roles={roles} />}
    </div>
  );
}

function IntegrationsList({ online }: { online: boolean }) {
  const board = useIntegrations();
  const lastProbes = useIntegrationProbes();
  const probeNow = useProbeIntegrations();
  const [open, setOpen] = useState<string | null>(null);
  const now = useNow(30_000);
  const data = board.data;
  const probes = useMemo(() => new Map<string, Probe>((lastProbes.data ?? []).map((p) => [p.service, p])), [lastProbes.data]);
  const shown = open !== null && data?.integrations.some((i) => i.integration.name === open) === true ? open : null;

  // Esc closes the panel (not while typing, nor with a dialog open).
  useEffect(() => {
    if (shown === null) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape" || e.defaultPrevented || overlayOpen() || isTypingTarget(e.target)) return;
      e.preventDefault();
      setOpen(null);
      document.querySelector<HTMLElement>('[data-testid="integrations-table"]')?.focus({ preventScroll: true });
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [shown]);

  return (
    <>
      <div className="finance-toolbar">
        <div className="book-summary muted" data-testid="integrations-summary">
          {board.isFetching && data !== undefined ? <Spinner size={12} /> : null}
          {data === undefined ? null : (
            <span className="num">
              {formatCount(data.integrations.length)} integrations
              {data.openFailures > 0 ? <span className="negative"> · {formatCount(data.openFailures)} failing now</span> : null}
              {data.deprecationAlerts > 0 ? (
                <span className="negative" data-testid="integrations-deprecation-alerts">
                  {" "}
                  · {formatCount(data.deprecationAlerts)} {data.deprecationAlerts === 1 ? "deprecation" : "deprecations"} under 30 days
                </span>
              ) : null}
              {data.rotationsOverdue > 0 ? (
                <span className="negative" data-testid="integrations-rotations-overdue">
                  {" "}
                  · {formatCount(data.rotationsOverdue)} {data.rotationsOverdue === 1 ? "rotation" : "rotations"} overdue
                </span>
              ) : null}
              {data.rotationsDueSoon > 0 ? <span className="attention"> · {formatCount(data.rotationsDueSoon)} due soon</span> : null}
            </span>
          )}
        </div>
        <div className="finance-actions">
          {probeNow.isError ? (
            <span className="field-error small" role="alert" data-testid="integration-probe-error">
              Probing failed: {errorMessage(probeNow.error)}
            </span>
          ) : null}
          <button
            type="button"
            className="button button-small"
            data-testid="integration-probe"
            disabled={probeNow.isPending}
            aria-busy={probeNow.isPending}
            title="Call every integration's status endpoint from this laptop (up to 5 s)"
            onClick={() => probeNow.mutate()}
          >
            {probeNow.isPending ? <Spinner size={12} label="Probing" /> : <Radar size={13} aria-hidden />}
            {probeNow.isPending ? "Probing…" : "Probe now"}
          </button>
        </div>
      </div>
      {board.isError ? <ReportError title="The integrations could not be read." error={board.error} onRetry={() => void board.refetch()} testId="integrations-error" /> : null}
      {data === undefined ? (
        board.isPending ? <ReportLoading label="Reading the integrations…" testId="integrations-loading" /> : null
      ) : (
        <div className={`audit-split ops-split${shown === null ? "" : " has-pane"}`}>
          <div className="finance-report-body ops-health-body">
            {data.integrations.length === 0 ? (
              <ReportEmpty icon={<Plug size={20} aria-hidden />} title="No integrations synced" body="The platform's integrations arrive with the sync." testId="integrations-empty" />
            ) : (
              <div className="ops-table-host">
                <IntegrationsTable
                  integrations={data.integrations}
                  probes={probes}
                  open={shown}
                  onOpen={setOpen}
                  onChoose={(name) => {
                    if (shown !== null) setOpen(name);
                  }}
                  now={now}
                />
              </div>
            )}
            <div className="ops-cards">
              <DeprecationsCard deprecations={data.deprecations} onOpen={setOpen} />
            </div>
          </div>
          {shown === null ? null : <IntegrationDetail key={shown} name={shown} probe={probes.get(shown)} online={online} now={now} onClose={() => setOpen(null)} />}
        </div>
      )}
    </>
  );
}
