// The staff directory (read from the local copy, so it works offline) and the changes sent to
// the platform at once: roles, a new member (one, or an HR import), a new setup code, a
// deactivation. Each change refreshes the directory; the sync brings the rows back too.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  commands,
  type CreatedStaff,
  type Deactivation,
  type DeactivationPlan,
  type ImportOutcome,
  type ImportPreview,
  type NewStaff,
  type RoleChange,
  type StaffForm,
  type StaffQuery,
  type StaffView,
} from "../bindings";
import { unwrap } from "../lib/errors";

export const STAFF_KEY = ["admin", "staff"] as const;
export const staffKey = (query: StaffQuery) => [...STAFF_KEY, query] as const;
export const STAFF_FORM_KEY = ["admin", "staffForm"] as const;
export const deactivationPlanKey = (login: string) => ["admin", "deactivationPlan", login] as const;

export function useStaff(query: StaffQuery) {
  return useQuery({
    queryKey: staffKey(query),
    queryFn: async (): Promise<StaffView[]> => unwrap(await commands.adminStaff(query)),
    // Typing in the search keeps the last list on screen until the next answers.
    placeholderData: keepPreviousData,
  });
}

export function useSetRoles() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (change: RoleChange): Promise<StaffView> => unwrap(await commands.adminSetRoles(change)),
    onSuccess: () => qc.invalidateQueries({ queryKey: STAFF_KEY }),
  });
}

/** The company's e-mail domains, the teams and the code's lifetime (asked of the platform). */
export function useStaffForm(enabled: boolean) {
  return useQuery({
    queryKey: STAFF_FORM_KEY,
    queryFn: async (): Promise<StaffForm> => unwrap(await commands.adminStaffForm()),
    enabled,
  });
}

export function useCreateStaff() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (member: NewStaff): Promise<CreatedStaff> => unwrap(await commands.adminCreateStaff(member)),
    onSuccess: () => qc.invalidateQueries({ queryKey: STAFF_KEY }),
  });
}

export function useRenewSetupCode() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (login: string): Promise<CreatedStaff> => unwrap(await commands.adminRenewSetupCode(login)),
    onSuccess: () => qc.invalidateQueries({ queryKey: STAFF_KEY }),
  });
}

/** Reads and checks an HR export; nobody is created. */
export function useImportPreview() {
  return useMutation({
    mutationFn: async (csv: string): Promise<ImportPreview> => unwrap(await commands.adminImportPreview(csv)),
  });
}

export function useImportApply() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (csv: string): Promise<ImportOutcome> => unwrap(await commands.adminImportApply(csv)),
    onSuccess: () => qc.invalidateQueries({ queryKey: STAFF_KEY }),
  });
}

/** What deactivating the member involves, asked afresh each time the dialog opens. */
export function useDeactivationPlan(login: string) {
  return useQuery({
    queryKey: deactivationPlanKey(login),
    queryFn: async (): Promise<DeactivationPlan> => unwrap(await commands.adminDeactivationPlan(login)),
    staleTime: 0,
    gcTime: 0,
  });
}

export function useDeactivate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (d: Deactivation): Promise<StaffView> => unwrap(await commands.adminDeactivate(d)),
    onSuccess: () => qc.invalidateQueries({ queryKey: STAFF_KEY }),
  });
}
