// Operations' reads and changes. Reads come from the core (health live from the platform, else
// the last known; escalations, deployments and the knowledge base from the local copy) and are
// refreshed by the status-changed event (useStatusEvents invalidates every query), which is how
// a deployment's progress or the platform taking a queued escalation change shows without a
// reload. Every change invalidates the ops queries and the status bar's counts.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  commands,
  type Article,
  type ArticleDraft,
  type ArticleHit,
  type DeploymentBoard,
  type DeploymentQuery,
  type DeploymentRequest,
  type EscalationDetail,
  type EscalationEntry,
  type EscalationList,
  type EscalationPatterns,
  type EscalationQuery,
  type HealthDashboard,
  type HealthWindow,
  type NewEscalation,
  type Probe,
  type TenantHit,
} from "../bindings";
import { unwrap } from "../lib/errors";
import { APP_STATUS_KEY } from "../lib/queries";

export const OPS_KEY = ["ops"] as const;
export const PROBES_KEY = [...OPS_KEY, "probes"] as const;
export const ESCALATIONS_KEY = [...OPS_KEY, "escalations"] as const;
export const DEPLOYMENTS_KEY = [...OPS_KEY, "deployments"] as const;
export const KB_KEY = [...OPS_KEY, "kb"] as const;

/** Tenants whose name or domain holds the words, from the local copy (for a new escalation). */
export function useTenantSearch(text: string, enabled: boolean) {
  const t = text.trim();
  return useQuery({
    queryKey: [...OPS_KEY, "tenants", t],
    queryFn: async (): Promise<TenantHit[]> => unwrap(await commands.opsTenants(t)),
    enabled: enabled && t.length > 0,
    staleTime: 10_000,
  });
}

/** The health dashboard over a window; the previous window's figures stay while the next loads. */
export function useHealth(window: HealthWindow) {
  return useQuery({
    queryKey: [...OPS_KEY, "health", window],
    queryFn: async (): Promise<HealthDashboard> => unwrap(await commands.opsHealth(window)),
    placeholderData: keepPreviousData,
  });
}

/** The desk's last probes (kept on the laptop). */
export function useLastProbes() {
  return useQuery({
    queryKey: PROBES_KEY,
    queryFn: async (): Promise<Probe[]> => unwrap(await commands.opsLastProbes()),
  });
}

/** Probes every service now (up to 5 s); the probe column shows the answer at once. */
export function useProbeNow() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (): Promise<Probe[]> => unwrap(await commands.opsProbe()),
    onSuccess: (probes) => qc.setQueryData(PROBES_KEY, probes),
  });
}

export function useEscalations(query: EscalationQuery) {
  return useQuery({
    queryKey: [...ESCALATIONS_KEY, "list", query],
    queryFn: async (): Promise<EscalationList> => unwrap(await commands.opsEscalations(query)),
    placeholderData: keepPreviousData,
  });
}

export function useEscalation(id: string) {
  return useQuery({
    queryKey: [...ESCALATIONS_KEY, "one", id],
    queryFn: async (): Promise<EscalationDetail> => unwrap(await commands.opsEscalation(id)),
  });
}

export function useEscalationPatterns() {
  return useQuery({
    queryKey: [...ESCALATIONS_KEY, "patterns"],
    queryFn: async (): Promise<EscalationPatterns> => unwrap(await commands.opsEscalationPatterns()),
  });
}

/** After a change: every ops list and record, and the status bar's queued count. */
function useInvalidateOps() {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: OPS_KEY }), qc.invalidateQueries({ queryKey: APP_STATUS_KEY })]);
}

export function useOpenEscalation() {
  const invalidate = useInvalidateOps();
  return useMutation({
    mutationFn: async (e: NewEscalation): Promise<string> => unwrap(await commands.opsOpenEscalation(e)),
    onSuccess: invalidate,
  });
}

export function useEscalationEntry() {
  const invalidate = useInvalidateOps();
  return useMutation({
    mutationFn: async (v: { id: string; entry: EscalationEntry }): Promise<null> => unwrap(await commands.opsEscalationEntry(v.id, v.entry)),
    onSuccess: invalidate,
  });
}

export function useResolveEscalation() {
  const invalidate = useInvalidateOps();
  return useMutation({
    mutationFn: async (v: { id: string; resolution: string; article: ArticleDraft | null }): Promise<null> =>
      unwrap(await commands.opsResolveEscalation(v.id, v.resolution, v.article)),
    onSuccess: invalidate,
  });
}

export function useRecordSatisfaction() {
  const invalidate = useInvalidateOps();
  return useMutation({
    mutationFn: async (v: { id: string; score: number; note: string }): Promise<null> => unwrap(await commands.opsRecordSatisfaction(v.id, v.score, v.note)),
    onSuccess: invalidate,
  });
}

export function useDeployments(query: DeploymentQuery) {
  return useQuery({
    queryKey: [...DEPLOYMENTS_KEY, query],
    queryFn: async (): Promise<DeploymentBoard> => unwrap(await commands.opsDeployments(query)),
    placeholderData: keepPreviousData,
  });
}

export function useRequestDeployment() {
  const invalidate = useInvalidateOps();
  return useMutation({
    mutationFn: async (r: DeploymentRequest): Promise<number> => unwrap(await commands.opsRequestDeployment(r)),
    onSuccess: invalidate,
  });
}

export function useRequestRollback() {
  const invalidate = useInvalidateOps();
  return useMutation({
    mutationFn: async (v: { deployment: number; reason: string }): Promise<string> => unwrap(await commands.opsRequestRollback(v.deployment, v.reason)),
    onSuccess: invalidate,
  });
}

export function useReviewRollback() {
  const invalidate = useInvalidateOps();
  return useMutation({
    mutationFn: async (v: { rollback: string; impact: string; lessons: string }): Promise<null> =>
      unwrap(await commands.opsReviewRollback(v.rollback, v.impact, v.lessons)),
    onSuccess: invalidate,
  });
}

/** Articles matching every word (local, so offline too); an empty query lists the latest. */
export function useKbSearch(query: string, enabled = true) {
  return useQuery({
    queryKey: [...KB_KEY, "search", query],
    queryFn: async (): Promise<ArticleHit[]> => unwrap(await commands.kbSearch(query)),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useKbArticle(idOrSlug: string) {
  return useQuery({
    queryKey: [...KB_KEY, "article", idOrSlug],
    queryFn: async (): Promise<Article> => unwrap(await commands.kbArticle(idOrSlug)),
  });
}
