// The desk's own probe of a service beside its recorded status: what the health endpoint
// answered from this laptop (status and "HTTP 200 in 84 ms" / "no answer within 5 s") and when,
// so a member sees at once whether the recorded figures and the service agree now.
import type { Probe } from "../bindings";
import { formatAbsolute, formatRelative } from "../lib/time";
import { StatusDot } from "./opsParts";

export function ProbeCell({ name, probe, now }: { name: string; probe: Probe | undefined; now: Date }) {
  if (probe === undefined) {
    return (
      <span className="faint" data-testid={`probe-${name}`} data-status="none">
        Not probed
      </span>
    );
  }
  return (
    <span className="ops-probe" data-testid={`probe-${name}`} data-status={probe.status} title={`${probe.url}\nProbed ${formatRelative(probe.probedAt, now)} (${formatAbsolute(probe.probedAt)})`}>
      <StatusDot status={probe.status} />
      <span className="cell-text muted ops-probe-detail">{probe.detail}</span>
    </span>
  );
}
