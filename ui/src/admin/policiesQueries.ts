// Security policies: the list and one policy's versions, read from the local copy (so they show
// offline, as last synced), the impact preview (online: the compliance rules a draft breaks and
// who and what it affects) and the change itself, sent to the platform at once. A change
// refreshes every policies query; the sync that follows brings the new version into the copy.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands, type PolicyChange, type PolicyDetail, type PolicyOutcome, type PolicyPreview, type PolicyView } from "../bindings";
import { unwrap } from "../lib/errors";

export const POLICIES_KEY = ["admin", "policies"] as const;
export const POLICIES_LIST_KEY = [...POLICIES_KEY, "list"] as const;
export const policyKey = (name: string) => [...POLICIES_KEY, "detail", name] as const;

/** What a preview asks: a policy and the draft's rules as JSON text. */
export type PolicyDraftRules = { name: string; rules: string };

export function usePolicies() {
  return useQuery({
    queryKey: POLICIES_LIST_KEY,
    queryFn: async (): Promise<PolicyView[]> => unwrap(await commands.adminPolicies()),
  });
}

/** One policy with every version, newest first. */
export function usePolicy(name: string) {
  return useQuery({
    queryKey: policyKey(name),
    queryFn: async (): Promise<PolicyDetail> => unwrap(await commands.adminPolicy(name)),
  });
}

/** The compliance rules a draft breaks and who and what applying it affects (online only). */
export function usePreviewPolicy() {
  return useMutation({
    mutationFn: async (d: PolicyDraftRules): Promise<PolicyPreview> => unwrap(await commands.adminPolicyPreview(d.name, d.rules)),
  });
}

/** Applies a change; answers the new version, the sessions it ended and a sentence. */
export function useChangePolicy() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (change: PolicyChange): Promise<PolicyOutcome> => unwrap(await commands.adminChangePolicy(change)),
    onSuccess: () => qc.invalidateQueries({ queryKey: POLICIES_KEY }),
  });
}
