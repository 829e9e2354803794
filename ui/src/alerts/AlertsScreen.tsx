// Alerts: the inbox of the member's teams (with an alert open over it) and their notification
// settings, as two tabs. Where the member is lives in the navigation state, what the inbox was
// filtered by and where it was left in alertsState, so both survive an open alert and a trip
// to another section.
import { Bell, Inbox } from "lucide-react";
import { useMemo } from "react";
import type { DeskRole } from "../bindings";
import { ViewTabs } from "../components/ViewTabs";
import { ALERTS_VIEWS, useNav, type AlertsView } from "../lib/nav";
import { AlertDetail } from "./AlertDetail";
import { memberTeams } from "./format";
import { InboxView } from "./InboxView";
import { AppPrefsCard } from "./AppPrefsCard";
import { SettingsPanel } from "./SettingsPanel";

const TABS: Record<AlertsView, { label: string; icon: typeof Inbox }> = {
  inbox: { label: "Inbox", icon: Inbox },
  settings: { label: "Notification settings", icon: Bell },
};

export function AlertsScreen({ online, roles }: { online: boolean; roles: readonly DeskRole[] }) {
  const nav = useNav();
  const view = nav.alerts;
  const teams = useMemo(() => memberTeams(roles, []), [roles]);
  return (
    <div className="book-screen alerts-screen" data-testid="alerts-screen" data-view={view}>
      <div className="book-toolbar finance-tabs">
        <ViewTabs label="Alerts views" views={ALERTS_VIEWS} active={view} tab={(v) => TABS[v]} onOpen={nav.openAlerts} testIdPrefix="alerts-tab-" />
      </div>
      {view === "settings" ? (
        <div className="alert-settings-host">
          <SettingsPanel roles={roles} />
          <AppPrefsCard />
        </div>
      ) : nav.alert !== null ? (
        <AlertDetail key={nav.alert} id={nav.alert} online={online} canOpenIncident={roles.includes("security")} />
      ) : (
        <InboxView online={online} teams={teams} />
      )}
    </div>
  );
}
