// The staff directory (read from the local copy, so it works offline) and the role change
// (sent to the platform). A change refreshes the directory; the sync brings the row back too.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands, type RoleChange, type StaffQuery, type StaffView } from "../bindings";
import { unwrap } from "../lib/errors";

export const STAFF_KEY = ["admin", "staff"] as const;
export const staffKey = (query: StaffQuery) => [...STAFF_KEY, query] as const;

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
