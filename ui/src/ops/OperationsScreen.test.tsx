import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { commands, emit, ok, refused, resetBindings, sessionFor } from "../test/bindingsMock";
import { appStatus } from "../test/fixtures";
import { integrationBoard } from "../test/integrationFixtures";
import { article, board, dashboard, deployment, ESC_ID, escalation, escalationDetail, escalationList, hit, minutesAgo, probe } from "../test/opsFixtures";
import { renderApp } from "../test/renderApp";

vi.mock("../bindings", () => import("../test/bindingsMock"));

const session = sessionFor("ops");

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
  resetBindings();
  commands.appStatus.mockReturnValue(ok(appStatus({ session, connection: "online", lastSyncAt: new Date().toISOString() })));
  commands.listProfiles.mockReturnValue(ok([]));
  commands.localCopy.mockReturnValue(ok([]));
  commands.opsTenants.mockReturnValue(ok([]));
  commands.opsHealth.mockImplementation(() => ok(dashboard()));
  commands.opsLastProbes.mockImplementation(() => ok([probe("api-gateway"), probe("smtp-relay", { status: "down", statusCode: null, latencyMs: 5000, detail: "no answer within 5 s" })]));
  commands.opsEscalations.mockImplementation(() => ok(escalationList()));
  commands.opsEscalation.mockImplementation(() => ok(escalationDetail()));
  commands.opsDeployments.mockImplementation(() => ok(board()));
  commands.kbSearch.mockImplementation(() => ok([hit("dkim-selector-not-published")]));
  commands.kbArticle.mockImplementation((id: string) => ok(article(id)));
  commands.opsIntegrations.mockImplementation(() => ok(integrationBoard()));
  commands.opsLastIntegrationProbes.mockImplementation(() => ok([]));
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
    await waitFor(() => expect(commands.opsHealth).toHaveBeenLastCalledWith("week"));
  });

  it("says when it shows the last known state offline, with its age and why", async () => {
    commands.opsHealth.mockImplementation(() => ok(dashboard({ live: false, takenAt: minutesAgo(125), offlineReason: "the platform is unreachable" })));
    await openOps();
    const banner = await screen.findByTestId("health-offline");
    expect(banner).toHaveTextContent("Last known state, read 2 hours ago — the platform is unreachable");
    expect(screen.getByTestId("health-row-api-gateway")).toBeInTheDocument();
  });

  it("probes now with a spinner, fills the probe column, and opens a service's charts", async () => {
    let answer: (v: unknown) => void = () => undefined;
    commands.opsProbe.mockImplementation(() => new Promise((r) => (answer = r)));
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
    expect(commands.opsEscalations).toHaveBeenCalledWith({ states: ["new", "investigating", "waiting_on_customer", "waiting_on_vendor"], search: null, overdueOnly: false, tenantId: null });

    await userEvent.click(screen.getByTestId("escalation-filter-resolved"));
    await waitFor(() => expect(commands.opsEscalations).toHaveBeenLastCalledWith(expect.objectContaining({ states: ["new", "investigating", "waiting_on_customer", "waiting_on_vendor", "resolved"] })));

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
    commands.opsEscalationEntry.mockReturnValue(refused("invalidInput", "The entry is refused (1 problem(s))\nnext update: say when the customer gets the next update"));
    const detail = await openEscalation();
    const form = within(detail).getByTestId("escalation-entry-form");
    await userEvent.selectOptions(within(form).getByTestId("entry-kind"), "customer_update");
    expect(within(form).getByTestId("entry-next-due")).toBeRequired();
    await userEvent.type(within(form).getByTestId("entry-body"), "Told them we found the cause");
    await userEvent.click(within(form).getByTestId("entry-submit"));
    expect(commands.opsEscalationEntry).toHaveBeenCalledWith(ESC_ID, { kind: "customer_update", body: "Told them we found the cause", newState: null, nextUpdateDue: null, vendor: null });
    expect(await within(form).findByTestId("entry-error-next-due")).toHaveTextContent("Say when the customer gets the next update.");
    expect(within(form).getByTestId("entry-refused")).toHaveTextContent("The entry is refused (1 problem(s)).");
    expect(within(form).getByTestId("entry-refused")).not.toHaveTextContent("next update");
    expect(within(form).getByTestId("entry-body")).toHaveValue("Told them we found the cause");
  });

  it("resolves with a knowledge-base article drafted from the title, root cause and resolution", async () => {
    commands.opsResolveEscalation.mockReturnValue(ok(null));
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
    await waitFor(() => expect(commands.opsResolveEscalation).toHaveBeenCalledTimes(1));
    expect(commands.opsResolveEscalation).toHaveBeenCalledWith(ESC_ID, "Published the selector", {
      slug: "",
      title: "Campaign e-mails bounce at Gmail",
      bodyMd: body,
      tags: ["deliverability"],
    });
    await waitFor(() => expect(screen.queryByTestId("resolve-dialog")).toBeNull());
  });

  it("records the customer's satisfaction once resolved and opens the article written from it", async () => {
    const resolved = escalation({ state: "resolved", nextStates: ["closed", "investigating"], resolution: "Published the selector", kbArticleId: "kb-dkim", kbTitle: "DKIM selector not published", overdue: false });
    commands.opsEscalation.mockImplementation(() => ok(escalationDetail(resolved)));
    commands.opsEscalations.mockImplementation(() => ok(escalationList([resolved])));
    commands.opsRecordSatisfaction.mockReturnValue(ok(null));
    const detail = await openEscalation();
    expect(within(detail).queryByTestId("escalation-resolve")).toBeNull();
    await userEvent.click(within(detail).getByTestId("satisfaction-4"));
    await userEvent.type(within(detail).getByTestId("satisfaction-note"), "Quick fix");
    await userEvent.click(within(detail).getByTestId("satisfaction-save"));
    await waitFor(() => expect(commands.opsRecordSatisfaction).toHaveBeenCalledWith(ESC_ID, 4, "Quick fix"));

    await userEvent.click(within(detail).getByTestId("escalation-kb-link"));
    const articleView = await screen.findByTestId("kb-article");
    expect(commands.kbArticle).toHaveBeenCalledWith("kb-dkim");
    expect(screen.getByTestId("ops-tab-kb")).toHaveAttribute("aria-selected", "true");
    expect(within(articleView).getByTestId("kb-article-body")).toHaveTextContent("The selector was never published.");
  });
});

describe("new escalation", () => {
  it("takes a pasted tenant id, shows refusals beside their fields, and opens the new escalation", async () => {
    commands.opsOpenEscalation.mockReturnValueOnce(refused("invalidInput", "The escalation is refused (1 problem(s))\ntitle: say what is wrong"));
    commands.opsOpenEscalation.mockReturnValueOnce(ok(ESC_ID));
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
      expect(commands.opsOpenEscalation).toHaveBeenLastCalledWith({
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
    commands.opsTenants.mockReturnValue(
      ok([{ id: "7e000000-0000-4000-8000-000000000001", name: "Acme Outreach", domain: "acme.test", status: "active", csm: "Dana Reyes" }]),
    );
    await openOps("escalations");
    await userEvent.click(await screen.findByTestId("escalation-new"));
    const dialog = await screen.findByTestId("escalation-new-dialog");
    await userEvent.type(within(dialog).getByTestId("escalation-new-tenant"), "acme");
    const option = await within(dialog).findByTestId("escalation-new-tenant-option");
    expect(commands.opsTenants).toHaveBeenLastCalledWith("acme");
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
    expect(commands.opsEscalations).toHaveBeenCalledWith({ states: [], search: "gmail", overdueOnly: false, tenantId: null });
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
    await waitFor(() => expect(commands.opsDeployments).toHaveBeenLastCalledWith({ service: null, statuses: ["failed"] }));
  });

  it("shows a deployment's progress when a sync brings it (status-changed), without a reload", async () => {
    commands.opsDeployments.mockImplementation(() => ok(board([deployment(43, { status: "requested", startedAt: null, finishedAt: null, healthChecks: [], canRollBack: false })])));
    await openOps("deployments");
    const status = () => within(screen.getByTestId("deployment-row-43")).getByTestId("deployment-status");
    await waitFor(() => expect(status()).toHaveAttribute("data-status", "requested"));
    expect(screen.getByTestId("deployment-row-43")).toHaveAttribute("data-status", "requested");
    commands.opsDeployments.mockImplementation(() => ok(board([deployment(43, { status: "running", finishedAt: null, healthChecks: [], canRollBack: false })])));
    emit("statusChanged", { status: appStatus({ session, connection: "online", lastSyncAt: new Date().toISOString() }) });
    await waitFor(() => expect(status()).toHaveAttribute("data-status", "running"));
    expect(status()).toHaveTextContent("Running");
    expect(screen.getByTestId("deployment-row-43")).toHaveAttribute("data-status", "running");
  });

  it("asks for a reason before requesting a rollback, then says the deployer picks it up", async () => {
    commands.opsRequestRollback.mockReturnValue(ok("rb-1"));
    const detail = await openDeployment(41);
    await userEvent.click(within(detail).getByTestId("deployment-rollback"));
    const dialog = await screen.findByTestId("rollback-dialog");
    await userEvent.click(within(dialog).getByTestId("rollback-submit"));
    expect(await within(dialog).findByTestId("rollback-error-reason")).toHaveTextContent("Say why it is being rolled back.");
    expect(commands.opsRequestRollback).not.toHaveBeenCalled();
    await userEvent.type(within(dialog).getByTestId("rollback-reason"), "Error rate doubled");
    await userEvent.click(within(dialog).getByTestId("rollback-submit"));
    await waitFor(() => expect(commands.opsRequestRollback).toHaveBeenCalledWith(41, "Error rate doubled"));
    expect(await within(detail).findByTestId("deployment-message")).toHaveTextContent("Rollback requested — the deployer picks it up; progress arrives with sync");
    await waitFor(() => expect(screen.queryByTestId("rollback-dialog")).toBeNull());
  });

  it("shows the core's unreachable message in the rollback dialog when offline", async () => {
    commands.appStatus.mockReturnValue(ok(appStatus({ session, connection: "offline", lastSyncAt: new Date().toISOString() })));
    commands.opsRequestRollback.mockReturnValue(refused("unreachable", "Requesting a rollback needs the platform, and the desk is offline; the board shows the last synced deployments."));
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
    commands.opsDeployments.mockImplementation(() => ok(board([rolled])));
    commands.opsReviewRollback.mockReturnValue(ok(null));
    const detail = await openDeployment(42);
    expect(within(detail).queryByTestId("deployment-rollback")).toBeNull();
    expect(within(detail).getByTestId("rollback-outcome")).toHaveTextContent("Back on 2026.3.13");
    await userEvent.type(within(detail).getByTestId("rollback-impact"), "4 % of sends failed");
    await userEvent.type(within(detail).getByTestId("rollback-lessons"), "Canary first");
    await userEvent.click(within(detail).getByTestId("rollback-review-save"));
    await waitFor(() => expect(commands.opsReviewRollback).toHaveBeenCalledWith("rb-9", "4 % of sends failed", "Canary first"));
  });
});

describe("knowledge base", () => {
  it("searches offline and renders an article's Markdown without its HTML, with the escalation it came from", async () => {
    await openOps("kb");
    await userEvent.type(screen.getByTestId("kb-search"), "dkim");
    await waitFor(() => expect(commands.kbSearch).toHaveBeenLastCalledWith("dkim"));
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
