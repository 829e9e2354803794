// Service health, Operations' first tab: every service's recorded status over 24 h / 7 d / 30 d
// (live from the platform's metrics, else the last known state with its age), the desk's own
// probe of each health endpoint beside it (the last one at load, Probe now to run them again),
// a panel with the chosen service's charts, and the optimisation candidates and probable
// incidents under the table. Esc closes the panel.
import * as ToggleGroup from "@radix-ui/react-toggle-group";
import { CloudOff, HeartPulse, Radar } from "lucide-react";
import { useEffect, useMemo } from "react";
import type { Probe } from "../bindings";
import { Spinner } from "../components/Spinner";
import { RefreshBar, ReportEmpty, ReportError, ReportLoading } from "../finance/parts";
import { errorMessage } from "../lib/errors";
import { formatCount } from "../lib/format";
import { isTypingTarget, overlayOpen, useNav } from "../lib/nav";
import { formatAbsolute, formatRelative } from "../lib/time";
import { useNow } from "../lib/useNow";
import { CandidatesCard } from "./CandidatesCard";
import { CascadesCard } from "./CascadesCard";
import { HealthTable } from "./HealthTable";
import { HEALTH_WINDOWS, offlineLine, WINDOW_LABELS } from "./opsFormat";
import { useOpsState } from "./opsState";
import { useHealth, useLastProbes, useProbeNow } from "./queries";
import { ServiceDetail } from "./ServiceDetail";

type Props = {
  /** Whether the member has the Alerts section (a cascade's alert then opens there). */
  alertsSection: boolean;
};

export function HealthView({ alertsSection }: Props) {
  const { healthWindow, setHealthWindow, service, setService } = useOpsState();
  const nav = useNav();
  const health = useHealth(healthWindow);
  const lastProbes = useLastProbes();
  const probeNow = useProbeNow();
  const now = useNow(30_000);
  const data = health.data;
  const probes = useMemo(() => new Map<string, Probe>((lastProbes.data ?? []).map((p) => [p.service, p])), [lastProbes.data]);
  const open = service === null ? undefined : data?.services.find((s) => s.name === service);

  // Esc closes the panel (not while typing, nor with a dialog open).
  useEffect(() => {
    if (service === null) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape" || e.defaultPrevented || overlayOpen() || isTypingTarget(e.target)) return;
      e.preventDefault();
      setService(null);
      document.querySelector<HTMLElement>('[data-testid="health-table"]')?.focus({ preventScroll: true });
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [service, setService]);

  const counts = useMemo(() => {
    const c = { healthy: 0, degraded: 0, down: 0, unknown: 0 };
    for (const s of data?.services ?? []) c[s.status] += 1;
    return c;
  }, [data]);

  return (
    <div className="finance-list ops-health" data-testid="ops-health" data-window={healthWindow}>
      <div className="finance-toolbar">
        <ToggleGroup.Root
          type="single"
          className="segmented"
          aria-label="Window"
          value={healthWindow}
          onValueChange={(v) => {
            const w = HEALTH_WINDOWS.find((x) => x === v);
            if (w !== undefined) setHealthWindow(w);
          }}
        >
          {HEALTH_WINDOWS.map((w) => (
            <ToggleGroup.Item key={w} value={w} className="segment" data-testid={`health-window-${w}`}>
              {WINDOW_LABELS[w]}
            </ToggleGroup.Item>
          ))}
        </ToggleGroup.Root>
        <div className="book-summary muted" data-testid="health-summary">
          {health.isFetching && data !== undefined ? <Spinner size={12} /> : null}
          {data === undefined ? null : (
            <span className="num">
              {formatCount(data.services.length)} services
              {counts.down > 0 ? <span className="negative"> · {formatCount(counts.down)} down</span> : null}
              {counts.degraded > 0 ? <span className="attention"> · {formatCount(counts.degraded)} degraded</span> : null}
            </span>
          )}
        </div>
        <div className="finance-actions">
          {probeNow.isError ? (
            <span className="field-error small" role="alert" data-testid="health-probe-error">
              Probing failed: {errorMessage(probeNow.error)}
            </span>
          ) : null}
          <button
            type="button"
            className="button button-small"
            data-testid="health-probe"
            disabled={probeNow.isPending}
            aria-busy={probeNow.isPending}
            title="Call every service's health endpoint from this laptop (up to 5 s)"
            onClick={() => probeNow.mutate()}
          >
            {probeNow.isPending ? <Spinner size={12} label="Probing" /> : <Radar size={13} aria-hidden />}
            {probeNow.isPending ? "Probing…" : "Probe now"}
          </button>
        </div>
      </div>
      {data !== undefined && !data.live ? (
        <div className="banner banner-warn ops-offline" role="status" data-testid="health-offline" title={`Read ${formatAbsolute(data.takenAt)}`}>
          <CloudOff size={14} aria-hidden />
          <span>{offlineLine(formatRelative(data.takenAt, now), data.offlineReason)}</span>
        </div>
      ) : null}
      <RefreshBar active={health.isPlaceholderData} />
      {health.isError ? <ReportError title="The health dashboard could not be read." error={health.error} onRetry={() => void health.refetch()} testId="health-error" /> : null}
      {data === undefined ? (
        health.isPending ? <ReportLoading label="Reading service health…" testId="health-loading" /> : null
      ) : (
        <div className={`audit-split ops-split${open === undefined ? "" : " has-pane"}`}>
          <div className="finance-report-body ops-health-body">
            {data.services.length === 0 ? (
              <ReportEmpty
                icon={<HeartPulse size={20} aria-hidden />}
                title="No services recorded"
                body={data.live ? "Services appear once the platform records their metrics." : "Nothing was read before the desk went offline."}
                testId="health-empty"
              />
            ) : (
              <div className="ops-table-host">
                <HealthTable
                  services={data.services}
                  probes={probes}
                  open={open?.name ?? null}
                  onOpen={setService}
                  onChoose={(name) => {
                    if (service !== null) setService(name);
                  }}
                  now={now}
                />
              </div>
            )}
            <div className="ops-cards">
              <CandidatesCard candidates={data.candidates} />
              <CascadesCard cascades={data.cascades} onOpenAlert={alertsSection ? nav.openAlert : undefined} />
            </div>
          </div>
          {open === undefined ? null : (
            <ServiceDetail key={open.name} service={open} probe={probes.get(open.name)} healthWindow={healthWindow} now={now} onClose={() => setService(null)} />
          )}
        </div>
      )}
    </div>
  );
}
