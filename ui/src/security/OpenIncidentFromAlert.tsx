// "Open incident" on a security alert (Alerts, for a member with desk_security): the open-incident
// form, its title and what is known taken from the alert and the alert linked; the new incident
// then opens in Operations → Incidents.
import { ShieldAlert } from "lucide-react";
import { useState } from "react";
import type { AlertView } from "../bindings";
import { useNav } from "../lib/nav";
import { OpenIncidentDialog } from "./OpenIncidentDialog";

export function OpenIncidentFromAlert({ alert, online }: { alert: Pick<AlertView, "id" | "title" | "details" | "service" | "team">; online: boolean }) {
  const [open, setOpen] = useState(false);
  const nav = useNav();
  if (alert.team !== "security") return null;
  const summary = [`Raised by alert #${alert.id} on ${alert.service}.`, alert.details.trim()].filter((l) => l !== "").join("\n\n");
  return (
    <>
      <button type="button" className="button" data-testid="alert-open-incident" onClick={() => setOpen(true)} title="Open a security incident from this alert">
        <ShieldAlert size={13} aria-hidden /> Open incident
      </button>
      <OpenIncidentDialog
        open={open}
        online={online}
        seed={{ title: alert.title, summary, alertId: alert.id }}
        onOpenChange={setOpen}
        onOpened={(id) => {
          setOpen(false);
          nav.openIncident(id);
        }}
      />
    </>
  );
}
