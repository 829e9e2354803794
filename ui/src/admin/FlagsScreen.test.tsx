import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { FlagChange, FlagDetail, FlagEnvView, FlagState, FlagView } from "../bindings";
import { commands, ok, refused, sessionFor } from "../test/bindingsMock";
import { appStatus } from "../test/fixtures";
import { answerAdminShell } from "../test/adminFixtures";
import { renderApp } from "../test/renderApp";

vi.mock("../bindings", () => import("../test/bindingsMock"));

const session = sessionFor("admin");

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000 - 3_600_000).toISOString();

const state = (enabled: boolean, rolloutPercent: number, over: Partial<FlagState> = {}): FlagState => ({
  enabled,
  rolloutPercent,
  variants: [],
  rules: { tenants: [], plans: [], exclude_tenants: [] },
  ...over,
});

const env = (version: number, s: FlagState, updatedBy = "ana_admin", days = 2): FlagEnvView => ({ version, state: s, updatedAt: daysAgo(days), updatedBy });

const flag = (key: string, description: string, over: Partial<FlagView> = {}): FlagView => ({
  key,
  description,
  owner: "ana_admin",
  prerequisites: [],
  archivedAt: null,
  staging: env(1, state(false, 0)),
  production: env(1, state(false, 0)),
  evaluations24h: 0,
  errors24h: 0,
  lastEvaluated: null,
  stale: null,
  ...over,
});

const EDITOR_PRODUCTION = state(true, 10, {
  variants: [
    { name: "control", weight: 50 },
    { name: "checklist", weight: 50 },
  ],
  rules: { tenants: [], plans: ["scale_monthly_usd"], exclude_tenants: [] },
});

const EDITOR = flag("new-editor", "The rewritten sequence editor", {
  prerequisites: ["editor-base"],
  staging: env(5, state(true, 25)),
  production: env(3, EDITOR_PRODUCTION),
  evaluations24h: 12_400,
  errors24h: 250,
  lastEvaluated: daysAgo(0),
});
const BILLING = flag("billing.v2", "Invoices from the new billing engine", {
  staging: env(2, state(true, 100)),
  production: env(2, state(true, 100)),
  evaluations24h: 4013,
  errors24h: 4,
  stale: "fullyOn",
});
const EXPORT = flag("legacy-export", "CSV export from the old reports", { evaluations24h: 20, stale: "fullyOff" });
const DARK = flag("dark-mode", "Dark theme for the tenant app", { staging: env(2, state(true, 100)), production: env(1, state(true, 50)), stale: "notEvaluated" });
const BANNER = flag("old-banner", "The 2025 upgrade banner", { archivedAt: daysAgo(40), staging: env(3, state(false, 0)), production: env(4, state(false, 0)) });

const FLAGS = [BILLING, DARK, EXPORT, EDITOR, BANNER];
const STALE = [BILLING, DARK, EXPORT];

const change = (environment: string, version: number, action: string, s: FlagState, reason: string, days: number): FlagChange => ({
  environment,
  version,
  action,
  state: s,
  reason,
  changedAt: daysAgo(days),
  changedBy: "ana_admin",
});

const EDITOR_CHANGES: FlagChange[] = [
  change("staging", 5, "change", state(true, 25), "Wider in staging", 2),
  change("production", 3, "change", EDITOR_PRODUCTION, "Start the checklist experiment", 2),
  change("production", 2, "change", state(true, 5), "First tenants", 9),
  change("production", 1, "create", state(false, 0), "New editor", 20),
];

const hour = (h: number) => new Date(Date.UTC(2026, 10, 1, h)).toISOString();

function editorDetail(environment: string): FlagDetail {
  return {
    flag: EDITOR,
    changes: EDITOR_CHANGES,
    dependants: ["editor-ai"],
    environment,
    series:
      environment === "production"
        ? [
            {
              variant: "control",
              evaluations: 6000,
              errors: 12,
              hours: [
                { hour: hour(9), evaluations: 3000, errors: 2 },
                { hour: hour(10), evaluations: 3000, errors: 10 },
              ],
            },
            { variant: "checklist", evaluations: 6000, errors: 240, hours: [{ hour: hour(10), evaluations: 6000, errors: 240 }] },
            { variant: "off", evaluations: 400, errors: 0, hours: [{ hour: hour(10), evaluations: 400, errors: 0 }] },
          ]
        : [],
  };
}

// jsdom has no layout: give the list's scroll box a height so the virtualiser renders rows.
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
  answerAdminShell(session);
  commands.adminSettings.mockReturnValue(ok([]));
  commands.adminFlags.mockImplementation(() => ok(FLAGS));
  commands.adminStaleFlags.mockImplementation(() => ok(STALE));
  commands.adminFlagReach.mockImplementation(() => ok({ tenants: 4013, reached: 412 }));
  commands.adminFlag.mockImplementation((key: string, environment: string) => {
    if (key === EDITOR.key) return ok(editorDetail(environment));
    const f = FLAGS.find((x) => x.key === key);
    return f ? ok<FlagDetail>({ flag: f, changes: [], dependants: [], environment, series: [] }) : refused("notFound", `There is no flag ${key} in the local copy.`);
  });
});

const keys = () => screen.queryAllByRole("row").flatMap((r) => r.getAttribute("data-key") ?? []);
const row = (key: string) => screen.getByTestId(`flag-row-${key}`);

async function openFlags() {
  renderApp();
  await userEvent.click(await screen.findByTestId("nav-admin"));
  await userEvent.click(await screen.findByTestId("admin-tab-flags"));
  const grid = await screen.findByTestId("flags-table");
  await waitFor(() => expect(keys().length).toBeGreaterThan(0));
  return grid;
}

async function openFlag(key: string) {
  await userEvent.click(row(key));
  const panel = await screen.findByTestId("flag-panel");
  await waitFor(() => expect(panel).toHaveAttribute("data-key", key));
  return panel;
}

describe("flags list", () => {
  it("is Admin's fourth tab: each flag's environments, 24 hours, error rate, stale reason and archived rows", async () => {
    await openFlags();
    expect(screen.getAllByRole("tab").map((t) => t.textContent)).toEqual(["Staff", "Audit trail", "Settings", "Flags", "Policies"]);
    expect(screen.getByTestId("admin-tab-flags")).toHaveAttribute("aria-selected", "true");
    expect(screen.getByTestId("flags-view")).toBeInTheDocument();
    expect(keys()).toEqual(FLAGS.map((f) => f.key));
    expect(screen.getByTestId("flags-summary")).toHaveTextContent("5 flags · 3 stale");

    const editor = row("new-editor");
    expect(within(editor).getByTestId("flag-key")).toHaveClass("mono-small");
    expect(editor).toHaveTextContent("The rewritten sequence editor");
    expect(within(editor).getByTestId("flag-staging")).toHaveTextContent("on · 25 %");
    expect(within(editor).getByTestId("flag-production")).toHaveTextContent("on · 10 % · 2 variants");
    expect(within(editor).getByTestId("flag-evaluations")).toHaveTextContent("12,400");
    const rate = within(editor).getByTestId("flag-error-rate");
    expect(rate).toHaveTextContent("2 %");
    expect(rate).toHaveAttribute("data-high", "true");
    expect(within(row("billing.v2")).getByTestId("flag-error-rate")).toHaveAttribute("data-high", "false");
    expect(within(row("billing.v2")).getByTestId("flag-stale")).toHaveTextContent("staleon for everyone 30+ days");
    expect(within(row("legacy-export")).getByTestId("flag-stale")).toHaveTextContent("off 30+ days");
    expect(within(row("dark-mode")).getByTestId("flag-stale")).toHaveTextContent("not evaluated for 14 days");
    expect(within(row("dark-mode")).getByTestId("flag-error-rate")).toHaveTextContent("—");
    expect(row("old-banner")).toHaveClass("is-archived");
    expect(within(row("old-banner")).getByTestId("flag-archived")).toHaveTextContent("archived");
    expect(screen.queryByTestId("flags-offline")).toBeNull();
  });

  it("narrows to the stale report with the Stale (N) toggle, and filters by words", async () => {
    await openFlags();
    const toggle = screen.getByTestId("flags-stale-toggle");
    await waitFor(() => expect(toggle).toHaveTextContent("Stale (3)"));
    expect(toggle).toHaveAttribute("aria-pressed", "false");
    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute("aria-pressed", "true");
    await waitFor(() => expect(keys()).toEqual(STALE.map((f) => f.key)));
    expect(screen.getByTestId("flags-summary")).toHaveTextContent("3 flags in the stale report");

    await userEvent.type(screen.getByTestId("flags-filter"), "dark");
    await waitFor(() => expect(keys()).toEqual(["dark-mode"]));
    await userEvent.click(toggle);
    await waitFor(() => expect(keys()).toEqual(["dark-mode"]));
    await userEvent.clear(screen.getByTestId("flags-filter"));
    await userEvent.type(screen.getByTestId("flags-filter"), "nothing-like-this");
    expect(await screen.findByTestId("flags-empty-filter")).toHaveTextContent("No flag matches");
    await userEvent.click(screen.getByTestId("flags-empty-clear"));
    await waitFor(() => expect(keys()).toHaveLength(5));
  });

  it("says when there are no flags yet, and when none is stale", async () => {
    commands.adminFlags.mockReturnValue(ok([]));
    commands.adminStaleFlags.mockReturnValue(ok([]));
    renderApp();
    await userEvent.click(await screen.findByTestId("nav-admin"));
    await userEvent.click(await screen.findByTestId("admin-tab-flags"));
    expect(await screen.findByTestId("flags-empty")).toHaveTextContent("Feature flags arrive with the first sync.");
    await userEvent.click(screen.getByTestId("flags-stale-toggle"));
    expect(await screen.findByTestId("flags-empty-stale")).toHaveTextContent("No stale flags");
  });

  it("moves with the arrows, opens with Enter, follows the choice, and Esc closes where the list was", async () => {
    const grid = await openFlags();
    expect(grid).toHaveFocus();
    fireEvent.keyDown(grid, { key: "ArrowDown" });
    fireEvent.keyDown(grid, { key: "ArrowDown" });
    fireEvent.keyDown(grid, { key: "ArrowDown" });
    expect(row("new-editor")).toHaveAttribute("aria-selected", "true");
    expect(row("billing.v2")).toHaveAttribute("aria-selected", "false");
    fireEvent.keyDown(grid, { key: "Enter" });
    const panel = await screen.findByTestId("flag-panel");
    expect(panel).toHaveAttribute("data-key", "new-editor");
    expect(commands.adminFlag).toHaveBeenCalledWith("new-editor", "production");

    fireEvent.keyDown(grid, { key: "ArrowUp" });
    await waitFor(() => expect(screen.getByTestId("flag-panel")).toHaveAttribute("data-key", "legacy-export"));

    fireEvent.keyDown(window, { key: "Escape" });
    await waitFor(() => expect(screen.queryByTestId("flag-panel")).toBeNull());
    expect(grid).toHaveFocus();
    expect(row("legacy-export")).toHaveAttribute("aria-selected", "true");
  });

  it("opens from the command palette", async () => {
    renderApp();
    await screen.findByTestId("nav-admin");
    fireEvent.keyDown(window, { key: "k", ctrlKey: true });
    await userEvent.click(await screen.findByTestId("palette-admin-flags"));
    expect(await screen.findByTestId("flags-table")).toBeInTheDocument();
    expect(screen.getByTestId("admin-tab-flags")).toHaveAttribute("aria-selected", "true");
  });
});

describe("flag panel", () => {
  it("shows the flag, production first: the version edited, its state, the week per variant and the history", async () => {
    await openFlags();
    const panel = await openFlag("new-editor");
    expect(within(panel).getByTestId("flag-panel-key")).toHaveTextContent("new-editor");
    expect(within(panel).getByTestId("flag-panel-description")).toHaveTextContent("The rewritten sequence editor");
    expect(within(panel).getByTestId("flag-owner")).toHaveTextContent("ana_admin");
    expect(within(panel).getByTestId("flag-prerequisites-list")).toHaveTextContent("editor-base");
    await waitFor(() => expect(within(panel).getByTestId("flag-dependants")).toHaveTextContent("editor-ai"));
    expect(within(panel).getByTestId("flag-env-production")).toHaveAttribute("data-state", "on");
    expect(within(panel).getByTestId("flag-version")).toHaveTextContent("Editing v3, changed 2 days ago by ana_admin");

    expect(within(panel).getByTestId("flag-enabled")).toBeChecked();
    expect(within(panel).getByTestId("flag-rollout")).toHaveValue(10);
    expect(within(panel).getByTestId("flag-variant-name-0")).toHaveValue("control");
    expect(within(panel).getByTestId("flag-variant-weight-1")).toHaveValue(50);
    expect(within(panel).getByTestId("flag-variant-sum")).toHaveTextContent("Sum 100 %");
    expect(within(panel).getByTestId("flag-plans")).toHaveValue("scale_monthly_usd");
    expect(within(panel).getByTestId("flag-prerequisites")).toHaveValue("editor-base");
    expect(within(panel).getByTestId("flag-save")).toBeDisabled();
    expect(await within(panel).findByTestId("flag-reach")).toHaveTextContent("reaches 412 of 4,013 tenants");
    expect(commands.adminFlagReach).toHaveBeenCalledWith("new-editor", EDITOR_PRODUCTION);

    const chart = within(panel).getByTestId("flag-chart");
    const stats = within(chart).getAllByTestId("flag-variant-stats");
    expect(stats.map((s) => s.getAttribute("data-variant"))).toEqual(["checklist", "control", "off"]);
    const checklist = stats[0];
    if (!checklist) throw new Error("no checklist row");
    expect(checklist).toHaveTextContent("checklist6,0002404 %");
    expect(within(checklist).getByTitle(/240 of 6000/)).toHaveClass("flag-rate-high");

    const history = within(panel).getByTestId("flag-history");
    const items = within(history).getAllByTestId("flag-change");
    expect(items.map((i) => i.getAttribute("data-version"))).toEqual(["3", "2", "1"]);
    expect(items[0]).toHaveTextContent("on · 10 % · control 50 / checklist 50 · plans: scale_monthly_usd");
    expect(items[0]).toHaveTextContent("Start the checklist experiment");
    expect(items[0]).toHaveTextContent("ana_admin · 2 days ago");

    // Staging: its own version, state, history and (empty) week.
    await userEvent.click(within(panel).getByTestId("flag-env-staging"));
    await waitFor(() => expect(commands.adminFlag).toHaveBeenCalledWith("new-editor", "staging"));
    expect(within(panel).getByTestId("flag-version")).toHaveTextContent("Editing v5");
    expect(within(panel).getByTestId("flag-rollout")).toHaveValue(25);
    expect(within(panel).getByTestId("flag-variants-plain")).toHaveTextContent("Plain on/off");
    expect(await within(panel).findByTestId("flag-chart-empty")).toHaveTextContent("Not evaluated in the last 7 days");
    expect(within(within(panel).getByTestId("flag-history")).getAllByTestId("flag-change").map((i) => i.getAttribute("data-version"))).toEqual(["5"]);
  });

  it("saves the state with the version shown and the reason, says what runs now and refreshes", async () => {
    commands.adminSetFlag.mockReturnValue(ok(4));
    await openFlags();
    const panel = await openFlag("new-editor");
    await userEvent.click(within(panel).getByTestId("flag-rollout-25"));
    expect(within(panel).getByTestId("flag-rollout")).toHaveValue(25);
    expect(within(panel).getByTestId("flag-save")).toBeDisabled();
    expect(within(panel).getByTestId("flag-save-blocked")).toHaveTextContent("Say why to save.");
    await userEvent.type(within(panel).getByTestId("flag-reason"), "Clean week at 10 %");
    await waitFor(() => expect(commands.adminFlagReach).toHaveBeenCalledWith("new-editor", { ...EDITOR_PRODUCTION, rolloutPercent: 25 }));
    const calls = commands.adminFlags.mock.calls.length;
    await userEvent.click(within(panel).getByTestId("flag-save"));
    await waitFor(() => expect(commands.adminSetFlag).toHaveBeenCalledTimes(1));
    expect(commands.adminSetFlag).toHaveBeenCalledWith({
      key: "new-editor",
      environment: "production",
      description: "",
      state: { ...EDITOR_PRODUCTION, rolloutPercent: 25 },
      prerequisites: ["editor-base"],
      reason: "Clean week at 10 %",
      expectedVersion: 3,
    });
    expect(await within(panel).findByTestId("flag-message")).toHaveTextContent(
      "Version 4 of new-editor runs in production: on for 25 % of tenants on scale_monthly_usd (control 50 / checklist 50).",
    );
    await waitFor(() => expect(commands.adminFlags.mock.calls.length).toBeGreaterThan(calls));
    expect(within(panel).getByTestId("flag-reason")).toHaveValue("");
  });

  it("edits variants, targeting and prerequisites as lists", async () => {
    commands.adminSetFlag.mockReturnValue(ok(6));
    await openFlags();
    const panel = await openFlag("new-editor");
    await userEvent.click(within(panel).getByTestId("flag-env-staging"));
    await waitFor(() => expect(within(panel).getByTestId("flag-version")).toHaveTextContent("v5"));
    await userEvent.click(within(panel).getByTestId("flag-variant-add"));
    await userEvent.type(within(panel).getByTestId("flag-variant-name-0"), "control");
    expect(within(panel).getByTestId("flag-variant-weight-0")).toHaveValue(100);
    await userEvent.clear(within(panel).getByTestId("flag-variant-weight-0"));
    await userEvent.type(within(panel).getByTestId("flag-variant-weight-0"), "60");
    expect(within(panel).getByTestId("flag-variant-sum")).toHaveTextContent("Sum 60 % — must be 100");
    expect(within(panel).getByTestId("flag-variant-sum")).toHaveAttribute("data-ok", "false");
    await userEvent.click(within(panel).getByTestId("flag-variant-add"));
    await userEvent.type(within(panel).getByTestId("flag-variant-name-1"), "checklist");
    expect(within(panel).getByTestId("flag-variant-weight-1")).toHaveValue(40);
    expect(within(panel).getByTestId("flag-variant-sum")).toHaveAttribute("data-ok", "true");
    await userEvent.type(within(panel).getByTestId("flag-tenants"), "t-1, t-2{enter}t-3");
    await userEvent.type(within(panel).getByTestId("flag-prerequisites"), ", billing.v2");
    await userEvent.type(within(panel).getByTestId("flag-reason"), "Experiment in staging");
    await userEvent.click(within(panel).getByTestId("flag-save"));
    await waitFor(() =>
      expect(commands.adminSetFlag).toHaveBeenCalledWith({
        key: "new-editor",
        environment: "staging",
        description: "",
        state: {
          enabled: true,
          rolloutPercent: 25,
          variants: [
            { name: "control", weight: 60 },
            { name: "checklist", weight: 40 },
          ],
          rules: { tenants: ["t-1", "t-2", "t-3"], plans: [], exclude_tenants: [] },
        },
        prerequisites: ["editor-base", "billing.v2"],
        reason: "Experiment in staging",
        expectedVersion: 5,
      }),
    );
  });

  it("shows a refusal's field lines beside their fields and the rest above the form", async () => {
    commands.adminSetFlag.mockReturnValue(
      refused(
        "invalidInput",
        "The flag change is refused (3 problem(s))\nrolloutPercent: the rollout is a percentage between 0 and 100\nplans: there is no plan gold_yearly\nprerequisites: there is no flag editor-base",
      ),
    );
    await openFlags();
    const panel = await openFlag("new-editor");
    await userEvent.type(within(panel).getByTestId("flag-plans"), "\ngold_yearly");
    await userEvent.type(within(panel).getByTestId("flag-reason"), "Gold too");
    await userEvent.click(within(panel).getByTestId("flag-save"));
    expect(await within(panel).findByTestId("flag-error-rolloutPercent")).toHaveTextContent("The rollout is a percentage between 0 and 100.");
    expect(within(panel).getByTestId("flag-error-plans")).toHaveTextContent("There is no plan gold_yearly.");
    expect(within(panel).getByTestId("flag-error-prerequisites")).toHaveTextContent("There is no flag editor-base.");
    expect(within(panel).getByTestId("flag-refused")).toHaveTextContent("The flag change is refused (3 problem(s)).");
    expect(within(panel).getByTestId("flag-plans")).toHaveAttribute("aria-invalid", "true");
    expect(within(panel).getByTestId("flag-rollout")).toHaveAttribute("aria-invalid", "true");
    expect(within(panel).queryByTestId("flag-message")).toBeNull();

    // Correcting a field clears its lines.
    await userEvent.type(within(panel).getByTestId("flag-plans"), "x");
    expect(within(panel).queryByTestId("flag-error-plans")).toBeNull();
    expect(within(panel).getByTestId("flag-error-rolloutPercent")).toBeInTheDocument();
  });

  it("shows a stale version's refusal as sent", async () => {
    commands.adminSetFlag.mockReturnValue(refused("invalidInput", "flag new-editor in production changed since you loaded it (version 4, not 3); reload and try again"));
    await openFlags();
    const panel = await openFlag("new-editor");
    await userEvent.click(within(panel).getByTestId("flag-enabled"));
    await userEvent.type(within(panel).getByTestId("flag-reason"), "Pause");
    await userEvent.click(within(panel).getByTestId("flag-save"));
    expect(await within(panel).findByTestId("flag-refused")).toHaveTextContent("changed since you loaded it");
  });

  it("rolls an environment back in one click, saying so", async () => {
    commands.adminRollbackFlag.mockReturnValue(ok(4));
    await openFlags();
    const panel = await openFlag("new-editor");
    await within(panel).findByTestId("flag-history");
    await userEvent.click(within(panel).getByTestId("flag-rollback"));
    await waitFor(() => expect(commands.adminRollbackFlag).toHaveBeenCalledWith("new-editor", "production", "One-click rollback from version 3"));
    expect(await within(panel).findByTestId("flag-message")).toHaveTextContent("Version 4 of new-editor runs in production: back to version 2's state, on for 5 % of tenants.");

    // A first version has nothing before it.
    await userEvent.click(row("legacy-export"));
    await waitFor(() => expect(screen.getByTestId("flag-panel")).toHaveAttribute("data-key", "legacy-export"));
    expect(screen.getByTestId("flag-rollback")).toBeDisabled();
    expect(screen.getByTestId("flag-rollback-blocked")).toHaveTextContent("first version");
  });

  it("archives after asking why, and shows a refusal naming the dependants", async () => {
    commands.adminArchiveFlag.mockReturnValueOnce(
      refused("invalidInput", "The flag change is refused (1 problem(s))\nprerequisites: these flags depend on new-editor; archive them or drop the prerequisite first: editor-ai"),
    );
    commands.adminArchiveFlag.mockReturnValueOnce(ok(null));
    await openFlags();
    const panel = await openFlag("new-editor");
    await userEvent.click(within(panel).getByTestId("flag-archive"));
    const dialog = await screen.findByTestId("flag-archive-dialog");
    await userEvent.click(within(dialog).getByTestId("flag-archive-confirm"));
    expect(within(dialog).getByTestId("flag-archive-error-reason")).toHaveTextContent("Say why");
    expect(commands.adminArchiveFlag).not.toHaveBeenCalled();
    await userEvent.type(within(dialog).getByTestId("flag-archive-reason"), "Done");
    await userEvent.click(within(dialog).getByTestId("flag-archive-confirm"));
    expect(await within(dialog).findByTestId("flag-archive-error")).toHaveTextContent("these flags depend on new-editor; archive them or drop the prerequisite first: editor-ai");
    expect(commands.adminArchiveFlag).toHaveBeenCalledWith("new-editor", "Done");
    await userEvent.click(within(dialog).getByTestId("flag-archive-confirm"));
    await waitFor(() => expect(screen.queryByTestId("flag-archive-dialog")).toBeNull());
    expect(within(panel).getByTestId("flag-message")).toHaveTextContent("new-editor is archived");
  });
});

describe("new flag", () => {
  it("opens with n on the list, creates the flag off via staging and opens it", async () => {
    commands.adminSetFlag.mockReturnValue(ok(2));
    const grid = await openFlags();
    fireEvent.keyDown(grid, { key: "n" });
    const dialog = await screen.findByTestId("flag-new-dialog");
    await userEvent.type(within(dialog).getByTestId("flag-new-key"), "new-editor");
    await userEvent.type(within(dialog).getByTestId("flag-new-description"), "Again");
    await userEvent.type(within(dialog).getByTestId("flag-new-reason"), "Try");
    await userEvent.click(within(dialog).getByTestId("flag-new-submit"));
    expect(within(dialog).getByTestId("flag-new-error-key")).toHaveTextContent("There is a flag new-editor already");
    expect(commands.adminSetFlag).not.toHaveBeenCalled();

    await userEvent.clear(within(dialog).getByTestId("flag-new-key"));
    await userEvent.type(within(dialog).getByTestId("flag-new-key"), "checkout-v3");
    await userEvent.clear(within(dialog).getByTestId("flag-new-description"));
    await userEvent.type(within(dialog).getByTestId("flag-new-description"), "The new checkout");
    await userEvent.click(within(dialog).getByTestId("flag-new-submit"));
    await waitFor(() =>
      expect(commands.adminSetFlag).toHaveBeenCalledWith({
        key: "checkout-v3",
        environment: "staging",
        description: "The new checkout",
        state: { enabled: false, rolloutPercent: 0, variants: [], rules: { tenants: [], plans: [], exclude_tenants: [] } },
        prerequisites: [],
        reason: "Try",
        expectedVersion: null,
      }),
    );
    await waitFor(() => expect(screen.queryByTestId("flag-new-dialog")).toBeNull());
    const panel = await screen.findByTestId("flag-panel");
    expect(panel).toHaveAttribute("data-key", "checkout-v3");
    expect(panel).toHaveAttribute("data-env", "staging");
    expect(within(panel).getByTestId("flag-version")).toHaveTextContent("Editing v2");
    expect(await within(panel).findByTestId("flag-waiting")).toHaveTextContent("checkout-v3 was created");
  });

  it("shows the core's refusal beside the key", async () => {
    commands.adminSetFlag.mockReturnValue(
      refused("invalidInput", "The flag change is refused (1 problem(s))\nkey: a flag key is lower-case letters, digits, dots, dashes and underscores, starting with a letter"),
    );
    await openFlags();
    await userEvent.click(screen.getByTestId("flag-new"));
    const dialog = await screen.findByTestId("flag-new-dialog");
    await userEvent.type(within(dialog).getByTestId("flag-new-key"), "Checkout V3");
    await userEvent.type(within(dialog).getByTestId("flag-new-description"), "The new checkout");
    await userEvent.type(within(dialog).getByTestId("flag-new-reason"), "Try");
    await userEvent.click(within(dialog).getByTestId("flag-new-submit"));
    expect(await within(dialog).findByTestId("flag-new-error-key")).toHaveTextContent("A flag key is lower-case letters");
    expect(within(dialog).getByTestId("flag-new-refused")).toHaveTextContent("The flag change is refused (1 problem(s)).");
  });
});

describe("offline", () => {
  it("shows the last synced flags and keeps Save, Roll back, Archive and New flag off, saying why", async () => {
    commands.appStatus.mockReturnValue(ok(appStatus({ session, connection: "offline", lastSyncAt: new Date(Date.now() - 12 * 60_000).toISOString() })));
    const grid = await openFlags();
    expect(screen.getByTestId("flags-offline")).toHaveTextContent("Offline: flags as last synced 12 min ago; edits are disabled");
    expect(screen.getByTestId("flag-new")).toBeDisabled();
    fireEvent.keyDown(grid, { key: "n" });
    expect(screen.queryByTestId("flag-new-dialog")).toBeNull();

    const panel = await openFlag("new-editor");
    expect(within(panel).getByTestId("flag-offline-hint")).toHaveTextContent("Changing flags needs the platform; this shows the last synced state.");
    await userEvent.click(within(panel).getByTestId("flag-rollout-50"));
    await userEvent.type(within(panel).getByTestId("flag-reason"), "Half");
    expect(within(panel).getByTestId("flag-save")).toBeDisabled();
    expect(within(panel).getByTestId("flag-save-blocked")).toHaveTextContent("Offline: saving needs the platform.");
    expect(within(panel).getByTestId("flag-rollback")).toBeDisabled();
    expect(within(panel).getByTestId("flag-rollback-blocked")).toHaveTextContent("Offline: rolling back needs the platform.");
    expect(within(panel).getByTestId("flag-archive")).toBeDisabled();
    expect(within(panel).queryByTestId("flag-reach")).toBeNull();
    fireEvent.keyDown(within(panel).getByTestId("flag-reason"), { key: "Enter", ctrlKey: true });
    expect(commands.adminSetFlag).not.toHaveBeenCalled();
    expect(commands.adminRollbackFlag).not.toHaveBeenCalled();
    expect(commands.adminFlagReach).not.toHaveBeenCalled();
  });
});
