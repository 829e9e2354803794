import { lazy, Suspense, useEffect, useMemo, useState } from "react";
import type { AppStatus, Section, Session } from "../bindings";
import { AdminScreen } from "../admin/AdminScreen";
import { AuditStateProvider } from "../admin/auditState";
import { FlagsStateProvider } from "../admin/flagsState";
import { PoliciesStateProvider } from "../admin/policiesState";
import { SettingsStateProvider } from "../admin/settingsState";
import { StaffStateProvider } from "../admin/staffState";
import { AlertsScreen } from "../alerts/AlertsScreen";
import { AlertsStateProvider } from "../alerts/alertsState";
import { useDiagnostics } from "../components/Diagnostics";
import { useTheme } from "../components/ThemeProvider";
import { useToast } from "../components/Toast";
import { BookStateProvider } from "../cs/bookState";
import { ScreenBoundary } from "../components/ScreenBoundary";
import { Spinner } from "../components/Spinner";
import { CustomersScreen } from "../cs/CustomersScreen";
import { FinanceStateProvider } from "../finance/financeState";
import { HomeScreen } from "../home/HomeScreen";
import { KpiScreen } from "../kpi/KpiScreen";
import { deskErrorOf, errorMessage } from "../lib/errors";
import { NavProvider, useNav } from "../lib/nav";
import { useOpenAlertEvents } from "../alerts/useOpenAlertEvents";
import { useSignOut } from "../lib/queries";
import { isMacPlatform, SECTION_LABELS, sectionForShortcut, visibleSections } from "../lib/sections";
import { OpsStateProvider } from "../ops/opsState";
import { SecurityStateProvider } from "../security/securityState";
import { CommandPalette } from "./CommandPalette";
import { NavRail } from "./NavRail";
import { SignOutBlockedDialog } from "./SignOutBlockedDialog";
import { StatusBar } from "./StatusBar";
import { TopBar } from "./TopBar";

// Billing's screens load with their first use, not with the window.
const FinanceScreen = lazy(() => import("../finance/FinanceScreen").then((m) => ({ default: m.FinanceScreen })));
// So do Operations' (with the Markdown renderer of the knowledge base).
const OperationsScreen = lazy(() => import("../ops/OperationsScreen").then((m) => ({ default: m.OperationsScreen })));

export function Shell({ status, session }: { status: AppStatus; session: Session }) {
  return (
    <NavProvider>
      <BookStateProvider>
        <FinanceStateProvider>
          <AlertsStateProvider>
            <AuditStateProvider>
              <StaffStateProvider>
                <SettingsStateProvider>
                  <FlagsStateProvider>
                    <PoliciesStateProvider>
                      <OpsStateProvider>
                        <SecurityStateProvider>
                          <ShellFrame status={status} session={session} />
                        </SecurityStateProvider>
                      </OpsStateProvider>
                    </PoliciesStateProvider>
                  </FlagsStateProvider>
                </SettingsStateProvider>
              </StaffStateProvider>
            </AuditStateProvider>
          </AlertsStateProvider>
        </FinanceStateProvider>
      </BookStateProvider>
    </NavProvider>
  );
}

function ShellFrame({ status, session }: { status: AppStatus; session: Session }) {
  const sections = useMemo(() => visibleSections(session.sections), [session.sections]);
  const nav = useNav();
  useOpenAlertEvents();
  const chosen = nav.section;
  const setChosen = nav.go;
  // The session may lose a section (roles changed): fall back to the first one still visible.
  const current: Section = sections.includes(chosen) ? chosen : (sections[0] ?? "home");
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [signOutBlocked, setSignOutBlocked] = useState<string | null>(null);
  const { theme, toggle } = useTheme();
  const diagnostics = useDiagnostics();
  const toast = useToast();
  const signOut = useSignOut();
  const mac = isMacPlatform();

  // The core decides: it refuses (pendingChanges) while changes still wait for the platform,
  // because signing out wipes the local copy.
  const requestSignOut = () =>
    signOut.mutate(undefined, {
      onError: (e) => {
        const desk = deskErrorOf(e);
        if (desk?.code === "pendingChanges") setSignOutBlocked(desk.message);
        else toast.show(`Could not sign out: ${errorMessage(e)}`, "error");
      },
    });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "k") {
        e.preventDefault();
        setPaletteOpen((o) => !o);
        return;
      }
      const target = sectionForShortcut(e, sections);
      if (target) {
        e.preventDefault();
        setPaletteOpen(false);
        setChosen(target);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [sections, setChosen]);

  return (
    <div className="shell">
      <NavRail
        sections={sections}
        current={current}
        onSelect={(s) => {
          // Choosing Customers (Billing, Alerts) again goes back to the book (the open view, the inbox).
          if (s === current && s === "customers") nav.closeAccount();
          if (s === current && s === "billing") nav.closeInvoice();
          if (s === current && s === "alerts") nav.closeAlert();
          setChosen(s);
        }}
        modLabel={mac ? "⌥" : "Alt"}
        alertCounts={status.alerts}
      />
      <div className="main">
        <TopBar
          title={SECTION_LABELS[current]}
          session={session}
          paletteKey={mac ? "⌘K" : "Ctrl K"}
          onOpenPalette={() => setPaletteOpen(true)}
          onSignOut={requestSignOut}
          signingOut={signOut.isPending}
        />
        <main
          className={`content${current === "customers" || current === "billing" || current === "alerts" || current === "admin" || current === "operations" || current === "kpis" ? " content-flush" : ""}`}
          data-testid={`screen-${current}`}
          key={current}
        >
          {current === "home" ? (
            <HomeScreen status={status} session={session} />
          ) : current === "customers" ? (
            <ScreenBoundary onReset={nav.closeAccount}>
              <CustomersScreen deriving={status.deriving} online={status.connection === "online"} />
            </ScreenBoundary>
          ) : current === "billing" ? (
            <ScreenBoundary onReset={nav.closeInvoice}>
              <Suspense
                fallback={
                  <div className="account-screen account-loading" data-testid="finance-loading">
                    <Spinner size={16} label="Loading Billing" />
                  </div>
                }
              >
                <FinanceScreen online={status.connection === "online"} />
              </Suspense>
            </ScreenBoundary>
          ) : current === "alerts" ? (
            <ScreenBoundary onReset={nav.closeAlert}>
              <AlertsScreen online={status.connection === "online"} roles={session.roles} />
            </ScreenBoundary>
          ) : current === "kpis" ? (
            <ScreenBoundary onReset={() => nav.go("kpis")}>
              <KpiScreen online={status.connection === "online"} lastSyncAt={status.lastSyncAt} />
            </ScreenBoundary>
          ) : current === "admin" ? (
            <ScreenBoundary onReset={() => nav.openAdmin("staff")}>
              <AdminScreen online={status.connection === "online"} lastSyncAt={status.lastSyncAt} me={session.login} />
            </ScreenBoundary>
          ) : (
            <ScreenBoundary onReset={() => nav.openOps("health")}>
              <Suspense
                fallback={
                  <div className="account-screen account-loading" data-testid="ops-loading">
                    <Spinner size={16} label="Loading Operations" />
                  </div>
                }
              >
                <OperationsScreen online={status.connection === "online"} alertsSection={sections.includes("alerts")} roles={session.roles} />
              </Suspense>
            </ScreenBoundary>
          )}
        </main>
        <StatusBar status={status} />
      </div>
      <CommandPalette
        open={paletteOpen}
        onOpenChange={setPaletteOpen}
        sections={sections}
        roles={session.roles}
        theme={theme}
        onGo={(s) => {
          setChosen(s);
          if (s === "customers") nav.closeAccount();
          if (s === "billing") nav.closeInvoice();
          if (s === "alerts") nav.closeAlert();
        }}
        onOpenAccount={nav.openAccount}
        onOpenFinance={nav.openFinance}
        onOpenAlerts={nav.openAlerts}
        onOpenAdmin={nav.openAdmin}
        onOpenOps={nav.openOps}
        onOpenEscalation={nav.openEscalation}
        onOpenArticle={nav.openArticle}
        onOpenIncident={nav.openIncident}
        onNewIncident={() => nav.setIncidentForm(true)}
        onToggleTheme={toggle}
        onCopyDiagnostics={() => void diagnostics.copy()}
        onSignOut={requestSignOut}
      />
      <SignOutBlockedDialog
        message={signOutBlocked}
        queued={status.queuedChanges}
        onOpenChange={(o) => {
          if (!o) setSignOutBlocked(null);
        }}
      />
    </div>
  );
}
