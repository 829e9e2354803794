// Acknowledge, resolve, false positive and note, the same from the inbox's keys and the
// detail's buttons: an action that no longer applies says why instead of asking the core, and
// each change says whether it is on the platform yet or waits on this laptop.
import { useState, type ReactNode } from "react";
import type { AlertView } from "../bindings";
import { useToast } from "../components/Toast";
import { errorMessage } from "../lib/errors";
import { FalsePositiveDialog, NoteDialog } from "./AlertDialogs";
import { actionBlocked } from "./format";
import { useAckAlert, useResolveAlert } from "./queries";

const LATER = "on this laptop; it will be sent when the platform is reachable";

export type AlertActions = {
  acknowledge: (a: AlertView) => void;
  resolve: (a: AlertView) => void;
  /** Asks for an optional note, then resolves as a false positive. */
  falsePositive: (a: AlertView) => void;
  /** Asks for a note (the inbox; the detail has its own box). */
  note: (a: AlertView) => void;
  busy: boolean;
  /** The dialogs the actions open; render once. */
  dialogs: ReactNode;
};

export function useAlertActions(online: boolean): AlertActions {
  const ack = useAckAlert();
  const resolveAlert = useResolveAlert();
  const toast = useToast();
  const [fpFor, setFpFor] = useState<AlertView | null>(null);
  const [noteFor, setNoteFor] = useState<AlertView | null>(null);

  const blocked = (a: AlertView, action: "ack" | "resolve"): boolean => {
    const why = actionBlocked(a, action);
    if (why !== null) toast.show(`${why}.`, "error");
    return why !== null;
  };

  const acknowledge = (a: AlertView) => {
    if (blocked(a, "ack") || ack.isPending) return;
    ack.mutate(a.id, {
      onSuccess: () => toast.show(online ? "Acknowledged" : `Acknowledged ${LATER}`),
      onError: (e) => toast.show(`Could not acknowledge: ${errorMessage(e)}`, "error"),
    });
  };
  const resolve = (a: AlertView) => {
    if (blocked(a, "resolve") || resolveAlert.isPending) return;
    resolveAlert.mutate(
      { id: a.id, falsePositive: false, note: null },
      {
        onSuccess: () => toast.show(online ? "Resolved" : `Resolved ${LATER}`),
        onError: (e) => toast.show(`Could not resolve: ${errorMessage(e)}`, "error"),
      },
    );
  };
  const falsePositive = (a: AlertView) => {
    if (!blocked(a, "resolve")) setFpFor(a);
  };

  const dialogs = (
    <>
      <FalsePositiveDialog
        alert={fpFor}
        online={online}
        onOpenChange={(o) => {
          if (!o) setFpFor(null);
        }}
      />
      <NoteDialog
        alert={noteFor}
        online={online}
        onOpenChange={(o) => {
          if (!o) setNoteFor(null);
        }}
      />
    </>
  );

  return { acknowledge, resolve, falsePositive, note: setNoteFor, busy: ack.isPending || resolveAlert.isPending, dialogs };
}
