// Security incidents' reads and changes. Reads come from the local copy (so an investigation can
// be reviewed offline) and are refreshed by the status-changed event after a sync, as every
// query is (lib/queries useStatusEvents). Changes are live calls to the platform: offline they
// fail with the core's unreachable message, which the forms show while keeping what was typed.
// After a change the core wakes sync; the change shows once the sync has brought it back.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands, type EvidenceFile, type EvidenceOpening, type FollowUpInput, type IncidentDetail, type IncidentList, type IncidentQuery, type NewIncident, type ResponderView } from "../bindings";
import { unwrap } from "../lib/errors";
import { APP_STATUS_KEY } from "../lib/queries";

export const SECURITY_KEY = ["security"] as const;
export const INCIDENTS_KEY = [...SECURITY_KEY, "incidents"] as const;

export function useIncidents(query: IncidentQuery, enabled = true) {
  return useQuery({
    queryKey: [...INCIDENTS_KEY, "list", query],
    queryFn: async (): Promise<IncidentList> => unwrap(await commands.securityIncidents(query)),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useIncident(id: string) {
  return useQuery({
    queryKey: [...INCIDENTS_KEY, "one", id],
    queryFn: async (): Promise<IncidentDetail> => unwrap(await commands.securityIncident(id)),
  });
}

/** The response team proposed for a type (needs the platform; offline it fails). */
export function useProposedTeam(kind: string, enabled: boolean) {
  return useQuery({
    queryKey: [...SECURITY_KEY, "team", kind],
    queryFn: async (): Promise<ResponderView[]> => unwrap(await commands.securityProposedTeam(kind)),
    enabled,
    staleTime: 60_000,
  });
}

/** After a change: every incident list and record at once, and the status bar. */
function useInvalidateIncidents() {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: INCIDENTS_KEY }), qc.invalidateQueries({ queryKey: APP_STATUS_KEY })]);
}

function useIncidentChange<V, R>(call: (v: V) => Promise<R>) {
  const invalidate = useInvalidateIncidents();
  return useMutation({ mutationFn: call, onSuccess: invalidate });
}

export const useOpenIncident = () => useIncidentChange(async (i: NewIncident): Promise<string> => unwrap(await commands.securityOpenIncident(i)));

export const useClassify = () =>
  useIncidentChange(async (v: { id: string; kind: string; severity: string; reason: string; version: number }): Promise<null> =>
    unwrap(await commands.securityClassify(v.id, v.kind, v.severity, v.reason, v.version)),
  );

export const useAddEntry = () =>
  useIncidentChange(async (v: { id: string; kind: "note" | "lesson"; body: string }): Promise<null> => unwrap(await commands.securityAddEntry(v.id, v.kind, v.body)));

export const useAddStep = () =>
  useIncidentChange(async (v: { id: string; step: string; assignee: string | null }): Promise<string> => unwrap(await commands.securityAddStep(v.id, v.step, v.assignee)));

export const useCompleteStep = () =>
  useIncidentChange(async (v: { stepId: string; note: string; version: number }): Promise<null> => unwrap(await commands.securityCompleteStep(v.stepId, v.note, v.version)));

export const useAttachEvidence = () => useIncidentChange(async (f: EvidenceFile): Promise<string> => unwrap(await commands.securityAttachEvidence(f)));

export const useOpenEvidence = () =>
  useIncidentChange(async (v: { evidenceId: string; purpose: string }): Promise<EvidenceOpening> => unwrap(await commands.securityOpenEvidence(v.evidenceId, v.purpose)));

export const useConfirmBreach = () =>
  useIncidentChange(async (v: { id: string; note: string; version: number }): Promise<null> => unwrap(await commands.securityConfirmBreach(v.id, v.note, v.version)));

export const useNotifyAuthority = () =>
  useIncidentChange(async (v: { id: string; reference: string; version: number }): Promise<null> =>
    unwrap(await commands.securityNotifyAuthority(v.id, v.reference, v.version)),
  );

export const useSetStatus = () =>
  useIncidentChange(async (v: { id: string; status: string; note: string; version: number }): Promise<null> =>
    unwrap(await commands.securitySetStatus(v.id, v.status, v.note, v.version)),
  );

export const useCloseIncident = () =>
  useIncidentChange(async (v: { id: string; lessons: string; followUps: FollowUpInput[]; version: number }): Promise<null> =>
    unwrap(await commands.securityClose(v.id, v.lessons, v.followUps, v.version)),
  );
