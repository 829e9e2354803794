import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Session } from "../bindings";
import { appStatus } from "../test/fixtures";
import { integrationBoard } from "../test/integrationFixtures";
import { article, board, dashboard, deployment, ESC_ID, escalation, escalationDetail, escalationList, hit, minutesAgo, probe } from "../test/opsFixtures";
import { renderApp } from "../test/renderApp";

const mocks = vi.hoisted(() => ({
  appStatus: vi.fn(),
  listProfiles: vi.fn(),
  localCopy: vi.fn(),
  alertsInbox: vi.fn(),
  opsHealth: vi.fn(),
  opsProbe: vi.fn(),
  opsLastProbes: vi.fn(),
  opsDeployments: vi.fn(),
  opsRequestDeployment: vi.fn(),
  opsRequestRollback: vi.fn(),
  opsReviewRollback: vi.fn(),
  opsEscalations: vi.fn(),
  opsEscalation: vi.fn(),
  opsEscalationPatterns: vi.fn(),
  opsOpenEscalation: vi.fn(),
  opsEscalationEntry: vi.fn(),
  opsResolveEscalation: vi.fn(),
  opsRecordSatisfaction: vi.fn(),
  kbSearch: vi.fn(),
  kbArticle: vi.fn(),
  opsTenants: vi.fn(),
  opsIntegrations: vi.fn(),
  opsLastIntegrationProbes: vi.fn(),
  listen: vi.fn(),
  listenOpenAlert: vi.fn(),
}));

vi.mock("../bindings", () => ({
  commands: {
    appStatus: mocks.appStatus,
    listProfiles: mocks.listProfiles,
    localCopy: mocks.localCopy,
    alertsInbox: mocks.alertsInbox,
    opsHealth: mocks.opsHealth,
    opsProbe: mocks.opsProbe,
    opsLastProbes: mocks.opsLastProbes,
    opsDeployments: mocks.opsDeployments,
    opsRequestDeployment: mocks.opsRequestDeployment,
    opsRequestRollback: mocks.opsRequestRollback,
    opsReviewRollback: mocks.opsReviewRollback,
    opsEscalations: mocks.opsEscalations,
    opsEscalation: mocks.opsEscalation,
    opsEscalationPatterns: mocks.opsEscalationPatterns,
    opsOpenEscalation: mocks.opsOpenEscalation,
    opsEscalationEntry: mocks.opsEscalationEntry,
    opsResolveEscalation: mocks.opsResolveEscalation,
    opsRecordSatisfaction: mocks.opsRecordSatisfaction,
    kbSearch: mocks.kbSearch,
    kbArticle: mocks.kbArticle,
    opsTenants: mocks.opsTenants,
    opsIntegrations: mocks.opsIntegrations,
    opsLastIntegrationProbes: mocks.opsLastIntegrationProbes,
  },
  events: { statusChanged: { listen: mocks.listen }, openAlert: { listen: mocks.listenOpenAlert } },
}));

const ok = <T,>(data: T) => Promise.resolve({ status: "ok" as const, data });
const refused = (code: string, message: string) => Promise.resolve({ status: "error" as const, error: { code, message } });

const session: Session = {
  profileId: "p1",
  profileName: "Sandbox (ops)",
  login: "sandbox_ops",
  roles: ["ops"],
  sections: ["home", "alerts", "operations"],
  online: true,
  signedInAt: new Date().toISOString(),
  setupPendingUntil: null,
};

// jsdom has no layout: give the grids' scroll boxes a height so the virtualiser renders rows.
const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, "clientHeight");
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, "clientHeight", {
    configurable: true,
    get(this: HTMLElement) {
      return this.getAttribute("role") === "grid" ? 420 : 0;
    },
  });
});
afterAll(() => {
  if (clientHeight) Object.defineProperty(HTMLElement.prototype, "clientHeight", clientHeight);
});

beforeEach(() => {
  for (const m of Object.values(mocks)) m.mockReset();
  mocks.listen.mockResolvedValue(() => undefined);
  mocks.listenOpenAlert.mockResolvedValue(() => undefined);
  mocks.appStatus.mockReturnValue(ok(appStatus({ session, connection: "online", lastSyncAt: new Date().toISOString() })));
  mocks.listProfiles.mockReturnValue(ok([]));
  mocks.localCopy.mockReturnValue(ok([]));
  mocks.opsTenants.mockReturnValue(ok([]));
  mocks.opsHealth.mockImplementation(() => ok(dashboard()));
  mocks.opsLastProbes.mockImplementation(() => ok([probe("api-gateway"), probe("smtp-relay", { status: "down", statusCode: null, latencyMs: 5000, detail: "no answer within 5 s" })]));
  mocks.opsEscalations.mockImplementation(() => ok(escalationList()));
  mocks.opsEscalation.mockImplementation(() => ok(escalationDetail()));
  mocks.opsDeployments.mockImplementation(() => ok(board()));
  mocks.kbSearch.mockImplementation(() => ok([hit("dkim-selector-not-published")]));
  mocks.kbArticle.mockImplementation((id: string) => ok(article(id)));
  mocks.opsIntegrations.mockImplementation(() => ok(integrationBoard()));
  mocks.opsLastIntegrationProbes.mockImplementation(() => ok([]));
});

async function openOps(tab?: "escalations" | "deployments" | "kb" | "integrations") {
  renderApp();
  await userEvent.click(await screen.findByTestId("nav-operations"));
  await screen.findByTestId("ops-screen");
  if (tab !== undefined) await userEvent.click(screen.getByTestId(`ops-tab-${tab}`));
}

describe("service health", () => {
  it("lists every service with its recorded status, the desk's probe, uptime against the SLA, and the cards", async () => {
    await openOps();
    expect(screen.getAllByRole("tab").map((t) => t.textContent)).toEqual(["Service health", "Escalations", "Deployments", "Knowledge base", "Integrations"]);
    expect(await screen.findByTestId("ops-health")).toBeInTheDocument();
    const relay = await screen.findByTestId("health-row-smtp-relay");
    expect(within(relay).getByTestId("health-status-smtp-relay")).toHaveTextContent("Down");
    expect(within(relay).getByTestId("probe-smtp-relay")).toHaveTextContent("no answer within 5 s");
    expect(within(relay).getByTestId("health-uptime-smtp-relay")).toHaveClass("negative");
    expect(within(relay).getByTestId("health-uptime-smtp-relay")).toHaveTextContent("97.5 % / 99.9 %");
    expect(within(relay).getByTestId("health-errors-smtp-relay")).toHaveTextContent("8.4 %");
    const gateway = screen.getByTestId("health-row-api-gateway");
    expect(within(gateway).getByTestId("health-status-api-gateway")).toHaveTextContent("Healthy");
    expect(within(gateway).getByTestId("probe-api-gateway")).toHaveTextContent("HTTP 200 in 84 ms");
    expect(within(gateway).getByTestId("health-rph-api-gateway")).toHaveTextContent("12,400");
    expect(within(gateway).getByTestId("health-uptime-api-gateway")).not.toHaveClass("negative");
    expect(screen.queryByTestId("health-offline")).toBeNull();

    const candidates = screen.getByTestId("health-candidates");
    expect(candidates).toHaveTextContent("p95 412 ms → 640 ms (+55 %)");
    const cascades = screen.getByTestId("health-cascades");
    expect(within(cascades).getByTestId("cascade-origin")).toHaveTextContent(/^smtp-relay\s*likely origin$/);
    expect(within(cascades).getByTestId("cascade-chain")).toHaveTextContent(/^smtp-relay\s*likely origin → api-gateway$/);
    expect(within(cascades).getAllByTestId("cascade-alert")).toHaveLength(2);

    await userEvent.click(screen.getByTestId("health-window-week"));
    await waitFor(() => expect(mocks.opsHealth).toHaveBeenLastCalledWith("week"));
  });

  it("says when it shows the last known state offline, with its age and why", async () => {
    mocks.opsHealth.mockImplementation(() => ok(dashboard({ live: false, takenAt: minutesAgo(125), offlineReason: "the platform is unreachable" })));
    await openOps();
    const banner = await screen.findByTestId("health-offline");
    expect(banner).toHaveTextContent("Last known state, read 2 hours ago — the platform is unreachable");
    expect(screen.getByTestId("health-row-api-gateway")).toBeInTheDocument();
  });

  it("probes now with a spinner, fills the probe column, and opens a service's charts", async () => {
    let answer: (v: unknown) => void = () => undefined;
    mocks.opsProbe.mockImplementation(() => new Promise((r) => (answer = r)));
    await openOps();
    await screen.findByTestId("health-row-api-gateway");
    const button = screen.getByTestId("health-probe");
    await userEvent.click(button);
    expect(button).toBeDisabled();
    expect(button).toHaveTextContent("Probing…");
    answer({ status: "ok", data: [probe("api-gateway", { status: "degraded", detail: "HTTP 200 in 912 ms", probedAt: new Date().toISOString() })] });
    await waitFor(() => expect(screen.getByTestId("probe-api-gateway")).toHaveTextContent("HTTP 200 in 912 ms"));
    expect(screen.getByTestId("probe-api-gateway")).toHaveAttribute("data-status", "degraded");
    expect(button).toBeEnabled();

    await userEvent.click(screen.getByTestId("health-row-smtp-relay"));
    const detail = await screen.findByTestId("health-detail");
    expect(detail).toHaveAttribute("data-service", "smtp-relay");
    expect(within(detail).getByTestId("health-chart-p95")).toBeInTheDocument();
    expect(within(detail).getByTestId("health-chart-errors")).toBeInTheDocument();
    expect(within(detail).getByTestId("health-chart-requests")).toBeInTheDocument();
    await userEvent.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByTestId("health-detail")).toBeNull());
  });
});

describe("escalations", () => {
  async function openEscalation() {
    await openOps("escalations");
    const row = await screen.findByTestId(`escalation-row-${ESC_ID}`);
    await userEvent.click(row);
    const detail = await screen.findByTestId("escalation-detail");
    await waitFor(() => expect(detail).toHaveAttribute("data-id", ESC_ID));
    return detail;
  }

  it("lists escalations with their state, overdue update and CSM, and shows one in full", async () => {
    await openOps("escalations");
    const row = await screen.findByTestId(`escalation-row-${ESC_ID}`);
    expect(row).toHaveTextContent("Northwind Mail");
    expect(within(row).getByTestId("escalation-state")).toHaveTextContent("Investigating");
    expect(within(row).getByTestId("escalation-due")).toHaveTextContent("overdue");
    expect(within(row).getByTestId("escalation-due")).toHaveClass("negative");
    expect(screen.getByTestId("escalation-counts")).toHaveTextContent("1 open");
    expect(mocks.opsEscalations).toHaveBeenCalledWith({ states: ["new", "investigating", "waiting_on_customer", "waiting_on_vendor"], search: null, overdueOnly: false, tenantId: null });

    await userEvent.click(screen.getByTestId("escalation-filter-resolved"));
    await waitFor(() => expect(mocks.opsEscalations).toHaveBeenLastCalledWith(expect.objectContaining({ states: ["new", "investigating", "waiting_on_customer", "waiting_on_vendor", "resolved"] })));

    await userEvent.click(row);
    const detail = await screen.findByTestId("escalation-detail");
    expect(within(detail).getByTestId("escalation-csm")).toHaveTextContent("Dana Reyes — notified");
    expect(within(detail).getByTestId("escalation-root-cause")).toHaveTextContent("DKIM selector");
    const timeline = within(detail).getByTestId("escalation-timeline");
    const entries = within(timeline).getAllByTestId("timeline-entry");
    expect(entries).toHaveLength(2);
    expect(entries[0]).toHaveTextContent("Finding");
    expect(entries[1]?.querySelector('[data-testid="sync-badge"]')).toHaveAttribute("data-state", "pending");
    const states = within(detail).getByTestId("entry-state");
    expect(within(states).getAllByRole("option").map((o) => o.getAttribute("value"))).toEqual(["", "waiting_on_customer", "waiting_on_vendor"]);
  });

  it("shows the core's refusal beside the next-update field for a customer update without one", async () => {
    mocks.opsEscalationEntry.mockReturnValue(refused("invalidInput", "The entry is refused (1 problem(s))\nnext update: say when the customer gets the next update"));
    const detail = await openEscalation();
    const form = within(detail).getByTestId("escalation-entry-form");
    await userEvent.selectOptions(within(form).getByTestId("entry-kind"), "customer_update");
    expect(within(form).getByTestId("entry-next-due")).toBeRequired();
    await userEvent.type(within(form).getByTestId("entry-body"), "Told them we found the cause");
    await userEvent.click(within(form).getByTestId("entry-submit"));
    expect(mocks.opsEscalationEntry).toHaveBeenCalledWith(ESC_ID, { kind: "customer_update", body: "Told them we found the cause", newState: null, nextUpdateDue: null, vendor: null });
    expect(await within(form).findByTestId("entry-error-next-due")).toHaveTextContent("Say when the customer gets the next update.");
    expect(within(form).getByTestId("entry-refused")).toHaveTextContent("The entry is refused (1 problem(s)).");
    expect(within(form).getByTestId("entry-refused")).not.toHaveTextContent("next update");
    expect(within(form).getByTestId("entry-body")).toHaveValue("Told them we found the cause");
  });

  it("resolves with a knowledge-base article drafted from the title, root cause and resolution", async () => {
    mocks.opsResolveEscalation.mockReturnValue(ok(null));
    const detail = await openEscalation();
    await userEvent.click(within(detail).getByTestId("escalation-resolve"));
    const dialog = await screen.findByTestId("resolve-dialog");
    await userEvent.type(within(dialog).getByTestId("resolve-text"), "Published the selector");
    await userEvent.click(within(dialog).getByTestId("resolve-with-article"));
    expect(within(dialog).getByTestId("resolve-article-title")).toHaveValue("Campaign e-mails bounce at Gmail");
    const body = within(dialog).getByTestId<HTMLTextAreaElement>("resolve-article-body").value;
    expect(body).toContain("# Campaign e-mails bounce at Gmail");
    expect(body).toContain("The new DKIM selector was never published");
    expect(body).toContain("Published the selector");
    await userEvent.click(within(dialog).getByTestId("resolve-submit"));
    await waitFor(() => expect(mocks.opsResolveEscalation).toHaveBeenCalledTimes(1));
    expect(mocks.opsResolveEscalation).toHaveBeenCalledWith(ESC_ID, "Published the selector", {
      slug: "",
      title: "Campaign e-mails bounce at Gmail",
      bodyMd: body,
      tags: ["deliverability"],
    });
    await waitFor(() => expect(screen.queryByTestId("resolve-dialog")).toBeNull());
  });

  it("records the customer's satisfaction once resolved and opens the article written from it", async () => {
    const resolved = escalation({ state: "resolved", nextStates: ["closed", "investigating"], resolution: "Published the selector", kbArticleId: "kb-dkim", kbTitle: "DKIM selector not published", overdue: false });
    mocks.opsEscalation.mockImplementation(() => ok(escalationDetail(resolved)));
    mocks.opsEscalations.mockImplementation(() => ok(escalationList([resolved])));
    mocks.opsRecordSatisfaction.mockReturnValue(ok(null));
    const detail = await openEscalation();
    expect(within(detail).queryByTestId("escalation-resolve")).toBeNull();
    await userEvent.click(within(detail).getByTestId("satisfaction-4"));
    await userEvent.type(within(detail).getByTestId("satisfaction-note"), "Quick fix");
    await userEvent.click(within(detail).getByTestId("satisfaction-save"));
    await waitFor(() => expect(mocks.opsRecordSatisfaction).toHaveBeenCalledWith(ESC_ID, 4, "Quick fix"));

    await userEvent.click(within(detail).getByTestId("escalation-kb-link"));
    const articleView = await screen.findByTestId("kb-article");
    expect(mocks.kbArticle).toHaveBeenCalledWith("kb-dkim");
    expect(screen.getByTestId("ops-tab-kb")).toHaveAttribute("aria-selected", "true");
    expect(within(articleView).getByTestId("kb-article-body")).toHaveTextContent("The selector was never published.");
  });
});

describe("new escalation", () => {
  it("takes a pasted tenant id, shows refusals beside their fields, and opens the new escalation", async () => {
    mocks.opsOpenEscalation.mockReturnValueOnce(refused("invalidInput", "The escalation is refused (1 problem(s))\ntitle: say what is wrong"));
    mocks.opsOpenEscalation.mockReturnValueOnce(ok(ESC_ID));
    await openOps("escalations");
    await userEvent.click(await screen.findByTestId("escalation-new"));
    const dialog = await screen.findByTestId("escalation-new-dialog");
    await userEvent.type(within(dialog).getByTestId("escalation-new-tenant"), "0C1D2E3F-4A5B-4C6D-8E7F-901A2B3C4D5E");
    await userEvent.click(await within(dialog).findByTestId("escalation-new-tenant-pasted"));
    expect(within(dialog).getByTestId("escalation-new-tenant-chosen")).toHaveAttribute("data-tenant-id", "0c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e");
    await userEvent.click(within(dialog).getByTestId("escalation-new-submit"));
    expect(await within(dialog).findByTestId("escalation-new-error-title")).toHaveTextContent("Say what is wrong.");
    await userEvent.type(within(dialog).getByTestId("escalation-new-title"), "Bounces at Gmail");
    await userEvent.selectOptions(within(dialog).getByTestId("escalation-new-severity"), "critical");
    await userEvent.click(within(dialog).getByTestId("escalation-new-submit"));
    await waitFor(() =>
      expect(mocks.opsOpenEscalation).toHaveBeenLastCalledWith({
        tenantId: "0c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e",
        title: "Bounces at Gmail",
        severity: "critical",
        category: "deliverability",
        reporterContext: "",
      }),
    );
    expect(await screen.findByTestId("escalation-detail")).toHaveAttribute("data-id", ESC_ID);
  });
});

describe("new escalation's customer", () => {
  it("is found by part of its name in the synced tenants, with its CSM", async () => {
    mocks.opsTenants.mockReturnValue(
      ok([{ id: "7e000000-0000-4000-8000-000000000001", name: "Acme Outreach", domain: "acme.test", status: "active", csm: "Dana Reyes" }]),
    );
    await openOps("escalations");
    await userEvent.click(await screen.findByTestId("escalation-new"));
    const dialog = await screen.findByTestId("escalation-new-dialog");
    await userEvent.type(within(dialog).getByTestId("escalation-new-tenant"), "acme");
    const option = await within(dialog).findByTestId("escalation-new-tenant-option");
    expect(mocks.opsTenants).toHaveBeenLastCalledWith("acme");
    expect(option).toHaveTextContent("Acme Outreach");
    expect(option).toHaveTextContent("CSM Dana Reyes");
    await userEvent.click(option);
    expect(within(dialog).getByTestId("escalation-new-tenant-chosen")).toHaveAttribute("data-tenant-id", "7e000000-0000-4000-8000-000000000001");
  });
});

describe("command palette", () => {
  it("goes to an Operations view and opens an escalation found by its words", async () => {
    renderApp();
    await screen.findByTestId("nav-operations");
    await userEvent.keyboard("{Control>}k{/Control}");
    await userEvent.click(await screen.findByTestId("palette-ops-deployments"));
    expect(await screen.findByTestId("ops-deployments")).toBeInTheDocument();

    await userEvent.keyboard("{Control>}k{/Control}");
    await userEvent.type(await screen.findByTestId("palette-input"), "gmail");
    await userEvent.click(await screen.findByTestId("palette-escalation"));
    expect(await screen.findByTestId("escalation-detail")).toHaveAttribute("data-id", ESC_ID);
    expect(mocks.opsEscalations).toHaveBeenCalledWith({ states: [], search: "gmail", overdueOnly: false, tenantId: null });
  });
});

describe("deployments", () => {
  async function openDeployment(id: number) {
    await openOps("deployments");
    await userEvent.click(await screen.findByTestId(`deployment-row-${id}`));
    return screen.findByTestId("deployment-detail");
  }

  it("lists deployments with version, status, tests and checks, and the rates", async () => {
    await openOps("deployments");
    const row = await screen.findByTestId("deployment-row-41");
    expect(within(row).getByTestId("deployment-version")).toHaveTextContent("2026.3.14 ← 2026.3.13");
    expect(within(row).getByTestId("deployment-checks")).toHaveTextContent("✓ 3/3");
    expect(within(screen.getByTestId("deployment-row-40")).getByTestId("deployment-status")).toHaveClass("badge-warn");
    expect(within(screen.getByTestId("deployment-rates")).getByTestId("deployment-rate")).toHaveTextContent("80 %");
    await userEvent.click(screen.getByTestId("deployment-filter-failed"));
    await waitFor(() => expect(mocks.opsDeployments).toHaveBeenLastCalledWith({ service: null, statuses: ["failed"] }));
  });

  it("shows a deployment's progress when a sync brings it (status-changed), without a reload", async () => {
    const onStatus: ((e: { payload: unknown }) => void)[] = [];
    mocks.listen.mockImplementation((cb: (e: { payload: unknown }) => void) => {
      onStatus.push(cb);
      return Promise.resolve(() => undefined);
    });
    mocks.opsDeployments.mockImplementation(() => ok(board([deployment(43, { status: "requested", startedAt: null, finishedAt: null, healthChecks: [], canRollBack: false })])));
    await openOps("deployments");
    const status = () => within(screen.getByTestId("deployment-row-43")).getByTestId("deployment-status");
    await waitFor(() => expect(status()).toHaveAttribute("data-status", "requested"));
    expect(screen.getByTestId("deployment-row-43")).toHaveAttribute("data-status", "requested");
    mocks.opsDeployments.mockImplementation(() => ok(board([deployment(43, { status: "running", finishedAt: null, healthChecks: [], canRollBack: false })])));
    const payload = { status: appStatus({ session, connection: "online", lastSyncAt: new Date().toISOString() }) };
    for (const cb of onStatus) cb({ payload });
    await waitFor(() => expect(status()).toHaveAttribute("data-status", "running"));
    expect(status()).toHaveTextContent("Running");
    expect(screen.getByTestId("deployment-row-43")).toHaveAttribute("data-status", "running");
  });

  it("asks for a reason before requesting a rollback, then says the deployer picks it up", async () => {
    mocks.opsRequestRollback.mockReturnValue(ok("rb-1"));
    const detail = await openDeployment(41);
    await userEvent.click(within(detail).getByTestId("deployment-rollback"));
    const dialog = await screen.findByTestId("rollback-dialog");
    await userEvent.click(within(dialog).getByTestId("rollback-submit"));
    expect(await within(dialog).findByTestId("rollback-error-reason")).toHaveTextContent("Say why it is being rolled back.");
    expect(mocks.opsRequestRollback).not.toHaveBeenCalled();
    await userEvent.type(within(dialog).getByTestId("rollback-reason"), "Error rate doubled");
    await userEvent.click(within(dialog).getByTestId("rollback-submit"));
    await waitFor(() => expect(mocks.opsRequestRollback).toHaveBeenCalledWith(41, "Error rate doubled"));
    expect(await within(detail).findByTestId("deployment-message")).toHaveTextContent("Rollback requested — the deployer picks it up; progress arrives with sync");
    await waitFor(() => expect(screen.queryByTestId("rollback-dialog")).toBeNull());
  });

  it("shows the core's unreachable message in the rollback dialog when offline", async () => {
    mocks.appStatus.mockReturnValue(ok(appStatus({ session, connection: "offline", lastSyncAt: new Date().toISOString() })));
    mocks.opsRequestRollback.mockReturnValue(refused("unreachable", "Requesting a rollback needs the platform, and the desk is offline; the board shows the last synced deployments."));
    const detail = await openDeployment(41);
    await userEvent.click(within(detail).getByTestId("deployment-rollback"));
    const dialog = await screen.findByTestId("rollback-dialog");
    expect(within(dialog).getByTestId("rollback-offline")).toBeInTheDocument();
    await userEvent.type(within(dialog).getByTestId("rollback-reason"), "Error rate doubled");
    await userEvent.click(within(dialog).getByTestId("rollback-submit"));
    expect(await within(dialog).findByTestId("rollback-refused")).toHaveTextContent("needs the platform, and the desk is offline");
  });

  it("reviews a finished rollback with its impact and lessons", async () => {
    const rolled = deployment(42, {
      status: "rolled_back",
      canRollBack: false,
      rollbacks: [
        { id: "rb-9", status: "succeeded", reason: "5xx", requestedBy: "ola_ops", requestedAt: minutesAgo(60), finishedAt: minutesAgo(50), outcome: "Back on 2026.3.13", impact: null, lessons: null, reviewedBy: null, reviewedAt: null },
      ],
    });
    mocks.opsDeployments.mockImplementation(() => ok(board([rolled])));
    mocks.opsReviewRollback.mockReturnValue(ok(null));
    const detail = await openDeployment(42);
    expect(within(detail).queryByTestId("deployment-rollback")).toBeNull();
    expect(within(detail).getByTestId("rollback-outcome")).toHaveTextContent("Back on 2026.3.13");
    await userEvent.type(within(detail).getByTestId("rollback-impact"), "4 % of sends failed");
    await userEvent.type(within(detail).getByTestId("rollback-lessons"), "Canary first");
    await userEvent.click(within(detail).getByTestId("rollback-review-save"));
    await waitFor(() => expect(mocks.opsReviewRollback).toHaveBeenCalledWith("rb-9", "4 % of sends failed", "Canary first"));
  });
});

describe("knowledge base", () => {
  it("searches offline and renders an article's Markdown without its HTML, with the escalation it came from", async () => {
    await openOps("kb");
    await userEvent.type(screen.getByTestId("kb-search"), "dkim");
    await waitFor(() => expect(mocks.kbSearch).toHaveBeenLastCalledWith("dkim"));
    await userEvent.click(await screen.findByTestId("kb-hit-dkim-selector-not-published"));
    const view = await screen.findByTestId("kb-article");
    const body = within(view).getByTestId("kb-article-body");
    expect(within(body).getByRole("heading", { level: 1 })).toHaveTextContent("DKIM selector not published");
    expect(body.querySelector("strong")).toHaveTextContent("never");
    expect(body.querySelector("script")).toBeNull();
    expect(within(view).getByTestId("kb-written-from")).toHaveTextContent("Written from escalation: Campaign e-mails bounce at Gmail");
    await userEvent.click(within(view).getByTestId("kb-linked-escalation"));
    expect(await screen.findByTestId("escalation-detail")).toHaveAttribute("data-id", ESC_ID);
  });
});

describe("integrations tab", () => {
  it("opens the integrations table from the Operations tab bar", async () => {
    await openOps("integrations");
    expect(screen.getByTestId("ops-tab-integrations")).toHaveAttribute("aria-selected", "true");
    expect(await screen.findByTestId("ops-integrations")).toBeInTheDocument();
    expect(await screen.findByTestId("integration-row-sendgrid")).toBeInTheDocument();
    expect(screen.getByTestId("integration-probe")).toBeEnabled();
  });
});
