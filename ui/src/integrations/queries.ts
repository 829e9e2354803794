// The integrations' reads and changes. Reads come from the core's local copy (the board, one
// integration, the onboardings; the platform's checks live when online) and are refreshed by the
// status-changed event like every query; every change invalidates the integration queries and
// the status bar. Probing keeps its answer as the probe column's data at once.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands, type IntegrationBoard, type IntegrationDetail, type IntegrationOnboardingBoard, type NewIntegrationOnboarding, type Probe } from "../bindings";
import { unwrap } from "../lib/errors";
import { APP_STATUS_KEY } from "../lib/queries";

export const INTEGRATIONS_KEY = ["ops", "integrations"] as const;
export const INTEGRATION_PROBES_KEY = [...INTEGRATIONS_KEY, "probes"] as const;
export const ONBOARDINGS_KEY = [...INTEGRATIONS_KEY, "onboardings"] as const;

export function useIntegrations(enabled = true) {
  return useQuery({
    queryKey: [...INTEGRATIONS_KEY, "board"],
    queryFn: async (): Promise<IntegrationBoard> => unwrap(await commands.opsIntegrations()),
    enabled,
  });
}

export function useIntegration(name: string) {
  return useQuery({
    queryKey: [...INTEGRATIONS_KEY, "one", name],
    queryFn: async (): Promise<IntegrationDetail> => unwrap(await commands.opsIntegration(name)),
    placeholderData: keepPreviousData,
  });
}

/** The desk's last probes of the status endpoints (kept on the laptop). */
export function useIntegrationProbes(enabled = true) {
  return useQuery({
    queryKey: INTEGRATION_PROBES_KEY,
    queryFn: async (): Promise<Probe[]> => unwrap(await commands.opsLastIntegrationProbes()),
    enabled,
  });
}

/** Probes every status endpoint now (up to 5 s); the probe column shows the answer at once. */
export function useProbeIntegrations() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (): Promise<Probe[]> => unwrap(await commands.opsProbeIntegrations()),
    onSuccess: (probes) => qc.setQueryData(INTEGRATION_PROBES_KEY, probes),
  });
}

export function useOnboardings() {
  return useQuery({
    queryKey: ONBOARDINGS_KEY,
    queryFn: async (): Promise<IntegrationOnboardingBoard> => unwrap(await commands.opsOnboardings()),
  });
}

/** After a change: every integration query and the status bar. */
function useInvalidate() {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: INTEGRATIONS_KEY }), qc.invalidateQueries({ queryKey: APP_STATUS_KEY })]);
}

export function useSetDeprecationStatus() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (v: { id: string; status: string; note: string; expectedVersion: number }): Promise<null> =>
      unwrap(await commands.opsSetDeprecationStatus(v.id, v.status, v.note, v.expectedVersion)),
    onSuccess: invalidate,
  });
}

export function useRecordRotation() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (v: { integration: string; nextDue: string; note: string; expectedVersion: number }): Promise<null> =>
      unwrap(await commands.opsRecordRotation(v.integration, v.nextDue, v.note, v.expectedVersion)),
    onSuccess: invalidate,
  });
}

export function useStartOnboarding() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (o: NewIntegrationOnboarding): Promise<string> => unwrap(await commands.opsStartOnboarding(o)),
    onSuccess: invalidate,
  });
}

export function useAssignStep() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (v: { onboarding: string; step: string; owner: string; expectedVersion: number }): Promise<null> =>
      unwrap(await commands.opsAssignOnboardingStep(v.onboarding, v.step, v.owner, v.expectedVersion)),
    onSuccess: invalidate,
  });
}

export function useCompleteStep() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (v: { onboarding: string; step: string; evidence: string; expectedVersion: number }): Promise<null> =>
      unwrap(await commands.opsCompleteOnboardingStep(v.onboarding, v.step, v.evidence, v.expectedVersion)),
    onSuccess: invalidate,
  });
}
