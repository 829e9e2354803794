import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { commands, events, type AppStatus, type LocalCollection, type ProfileView, type ProfileInput, type Session } from "../bindings";
import { unwrap } from "./errors";

export const APP_STATUS_KEY = ["appStatus"] as const;
export const PROFILES_KEY = ["profiles"] as const;

export function useAppStatus() {
  return useQuery({
    queryKey: APP_STATUS_KEY,
    queryFn: async (): Promise<AppStatus> => unwrap(await commands.appStatus()),
  });
}

export function useProfiles(enabled = true) {
  return useQuery({
    queryKey: PROFILES_KEY,
    queryFn: async (): Promise<ProfileView[]> => unwrap(await commands.listProfiles()),
    enabled,
  });
}

/** Keeps every query fresh: the core emits status-changed after sign-in, sync, queue changes… */
export function useStatusEvents(): void {
  const qc = useQueryClient();
  useEffect(() => {
    let unlisten: (() => void) | null = null;
    let cancelled = false;
    events.statusChanged
      .listen((e) => {
        qc.setQueryData(APP_STATUS_KEY, e.payload.status);
        void qc.invalidateQueries();
      })
      .then((u) => {
        if (cancelled) u();
        else unlisten = u;
      })
      .catch((err: unknown) => {
        // Outside the Tauri shell (a plain browser) there is no event bus; queries still work
        // on demand, so this is only worth a console note.
        console.warn("status-changed events unavailable:", err);
      });
    return () => {
      cancelled = true;
      unlisten?.();
    };
  }, [qc]);
}

export function useSaveProfile() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (input: ProfileInput): Promise<ProfileView> => unwrap(await commands.saveProfile(input)),
    onSuccess: () => qc.invalidateQueries({ queryKey: PROFILES_KEY }),
  });
}

export function useDeleteProfile() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (id: string): Promise<null> => unwrap(await commands.deleteProfile(id)),
    onSuccess: () => qc.invalidateQueries({ queryKey: PROFILES_KEY }),
  });
}

export function useSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (v: { profileId: string; password: string | null }): Promise<Session> =>
      unwrap(await commands.signIn(v.profileId, v.password)),
    onSuccess: () => qc.invalidateQueries(),
  });
}

/**
 * A member signed in with their one-time setup code chooses their password. The session the
 * core returns (no longer pending) goes into the status at once, so the window does not wait
 * for the refetch to leave the password screen.
 */
export function useCompleteSetup() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (v: { password: string; confirm: string }): Promise<Session> => unwrap(await commands.completeSetup(v.password, v.confirm)),
    onSuccess: (session) => {
      qc.setQueryData<AppStatus>(APP_STATUS_KEY, (old) => (old === undefined ? old : { ...old, session }));
      return qc.invalidateQueries();
    },
  });
}

export function useSignOut() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (): Promise<null> => unwrap(await commands.signOut()),
    onSuccess: () => qc.invalidateQueries(),
  });
}

export const LOCAL_COPY_KEY = ["localCopy"] as const;

/** What the laptop's encrypted copy holds; refetched on every status-changed event. */
export function useLocalCopy() {
  return useQuery({
    queryKey: LOCAL_COPY_KEY,
    queryFn: async (): Promise<LocalCollection[]> => unwrap(await commands.localCopy()),
  });
}

/** Asks the sync loop to push and pull now. */
export async function requestSync(): Promise<void> {
  unwrap(await commands.syncNow());
}
