// Admin, for desk_admin: a tab bar over its sub-views. The staff directory comes first (and is
// where Admin opens), then the audit trail, the platform settings, the feature flags and the
// security policies; a new view joins ADMIN_VIEWS (lib/nav.tsx) and VIEWS here.
import { Flag, ScrollText, ShieldCheck, SlidersHorizontal, Users } from "lucide-react";
import type { ReactNode } from "react";
import { ViewTabs } from "../components/ViewTabs";
import { ADMIN_VIEWS, useNav, type AdminView } from "../lib/nav";
import { AuditView } from "./AuditView";
import { FlagsView } from "./FlagsView";
import { PoliciesView } from "./PoliciesView";
import { SettingsView } from "./SettingsView";
import { StaffDirectory } from "./StaffDirectory";

type Props = {
  online: boolean;
  /** When the local copy last synced (the directory and trail are as fresh as that offline). */
  lastSyncAt: string | null;
  /** The signed-in member's login. */
  me: string;
};

/** Each sub-view's tab and body; a new view in ADMIN_VIEWS must add its entry here. */
const VIEWS: Record<AdminView, { label: string; icon: typeof ScrollText; body: (p: Props) => ReactNode }> = {
  staff: { label: "Staff", icon: Users, body: (p) => <StaffDirectory online={p.online} lastSyncAt={p.lastSyncAt} me={p.me} /> },
  audit: { label: "Audit trail", icon: ScrollText, body: (p) => <AuditView online={p.online} lastSyncAt={p.lastSyncAt} /> },
  settings: { label: "Settings", icon: SlidersHorizontal, body: (p) => <SettingsView online={p.online} lastSyncAt={p.lastSyncAt} /> },
  flags: { label: "Flags", icon: Flag, body: (p) => <FlagsView online={p.online} lastSyncAt={p.lastSyncAt} me={p.me} /> },
  policies: { label: "Policies", icon: ShieldCheck, body: (p) => <PoliciesView online={p.online} lastSyncAt={p.lastSyncAt} /> },
};

export function AdminScreen(props: Props) {
  const nav = useNav();
  const view = nav.admin;
  return (
    <div className="book-screen admin-screen" data-testid="admin-screen" data-view={view}>
      <div className="book-toolbar finance-tabs">
        <ViewTabs
          label="Admin views"
          views={ADMIN_VIEWS}
          active={view}
          tab={(v) => VIEWS[v]}
          onOpen={nav.openAdmin}
          testIdPrefix="admin-tab-"
        />
      </div>
      {VIEWS[view].body(props)}
    </div>
  );
}
