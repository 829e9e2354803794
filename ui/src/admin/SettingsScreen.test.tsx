import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { LiveValue, PromotionOutcome, SettingApplication, SettingDetail, SettingView } from "../bindings";
import { commands, ok, refused, sessionFor } from "../test/bindingsMock";
import { appStatus } from "../test/fixtures";
import { answerAdminShell } from "../test/adminFixtures";
import { renderApp } from "../test/renderApp";

vi.mock("../bindings", () => import("../test/bindingsMock"));

const session = sessionFor("admin");

const live = (version: number, value: string, appliedBy = "sandbox_admin"): LiveValue => ({ version, value, appliedAt: "2026-11-02T10:00:00Z", appliedBy });

const setting = (key: string, description: string, valueType: string, over: Partial<SettingView> = {}): SettingView => ({
  key,
  description,
  valueType,
  minValue: null,
  maxValue: null,
  allowedValues: null,
  service: null,
  staging: null,
  production: null,
  ...over,
});

const WARMUP = setting("sending.warmup_days", "Days a new sending domain warms up", "number", {
  minValue: "1",
  maxValue: "60",
  service: "mailer",
  staging: live(7, "21", "ana"),
  production: live(6, "14"),
});

const SETTINGS: SettingView[] = [
  setting("billing.dunning_enabled", "Retry failed card payments", "boolean", { staging: live(2, "true"), production: live(2, "true") }),
  setting("mail.tracking_mode", "How opens are tracked", "string", { allowedValues: ['"strict"', '"lenient"'], staging: live(4, '"strict"'), production: live(4, '"strict"') }),
  setting("sending.ramp_days", "Days until full volume", "number", { staging: live(3, "30"), production: live(3, "30") }),
  WARMUP,
  setting("support.greeting", "First line of support replies", "string", { staging: live(1, '"Hello"') }),
];

const applied = (environment: string, version: number, action: string, fromVersion: number | null, rationale: string): SettingApplication => ({
  environment,
  version,
  action,
  fromVersion,
  rationale,
  appliedAt: "2026-11-01T09:00:00Z",
  appliedBy: "sandbox_admin",
});

const WARMUP_DETAIL: SettingDetail = {
  setting: WARMUP,
  versions: [
    { version: 7, value: "21", rationale: "Longer warm-up for the new IP pool", changedBy: "ana", changedAt: "2026-11-02T10:00:00Z" },
    { version: 6, value: "14", rationale: "Two weeks is enough", changedBy: "sandbox_admin", changedAt: "2026-10-20T10:00:00Z" },
    { version: 5, value: "10", rationale: "Initial", changedBy: "sandbox_admin", changedAt: "2026-10-01T10:00:00Z" },
  ],
  applications: [
    applied("staging", 7, "change", 6, "Longer warm-up for the new IP pool"),
    applied("production", 6, "promote", 5, "Ran a week in staging"),
    applied("staging", 6, "change", 5, "Two weeks is enough"),
    applied("production", 5, "restore", 6, "mailer's health check failed after promoting version 6"),
    applied("staging", 5, "change", null, "Initial"),
  ],
  rules: [
    {
      name: "warmup_within_ramp",
      description: "Warm-up ends before the ramp does",
      leftKey: "sending.warmup_days",
      op: "<=",
      rightKey: "sending.ramp_days",
    },
  ],
};

const RULE_LINE =
  "rule warmup_within_ramp: sending.warmup_days <= sending.ramp_days must hold in staging (45 <= 30) — Warm-up ends before the ramp does";

beforeEach(() => {
  answerAdminShell(session);
  commands.adminSettings.mockImplementation(() => ok(SETTINGS));
  commands.adminSetting.mockImplementation((key: string) => {
    if (key === WARMUP.key) return ok(WARMUP_DETAIL);
    const s = SETTINGS.find((x) => x.key === key);
    return s ? ok<SettingDetail>({ setting: s, versions: [], applications: [], rules: [] }) : refused("notFound", `There is no setting ${key} in the local copy.`);
  });
});

async function openSettings() {
  renderApp();
  await userEvent.click(await screen.findByTestId("nav-admin"));
  await userEvent.click(await screen.findByTestId("admin-tab-settings"));
  const grid = await screen.findByTestId("settings-table");
  await waitFor(() => expect(keys().length).toBeGreaterThan(0));
  return grid;
}

const keys = () => screen.queryAllByTestId("setting-row").map((r) => r.getAttribute("data-key"));
const row = (key: string) => {
  const r = screen.getAllByTestId("setting-row").find((x) => x.getAttribute("data-key") === key);
  if (!r) throw new Error(`no row for ${key}`);
  return r;
};

/** The element at `i`, or a failed test. */
const nth = (elements: HTMLElement[], i: number): HTMLElement => {
  const el = elements[i];
  if (!el) throw new Error(`no element ${i}`);
  return el;
};

/** The Roll back… button of a version in the panel's history. */
async function rollbackButton(panel: HTMLElement, version: number) {
  const button = (await within(panel).findAllByTestId("setting-rollback")).find((b) => b.getAttribute("data-version") === String(version));
  if (!button) throw new Error(`no rollback for v${version}`);
  return button;
}

/** Opens a setting's panel by clicking its row. */
async function openSetting(key: string) {
  await userEvent.click(row(key));
  return screen.findByTestId("setting-detail");
}

describe("settings list", () => {
  it("is Admin's third tab, listing values readably with their versions and Differs where staging waits", async () => {
    await openSettings();
    expect(screen.getByTestId("admin-tab-settings")).toHaveAttribute("aria-selected", "true");
    expect(screen.getAllByRole("tab").map((t) => t.textContent)).toEqual(["Staff", "Audit trail", "Settings", "Flags", "Policies"]);
    expect(keys()).toEqual(SETTINGS.map((s) => s.key));
    expect(screen.getByTestId("settings-summary")).toHaveTextContent("5 settings · 2 waiting for promotion");

    const warmup = row("sending.warmup_days");
    expect(within(warmup).getByTestId("setting-key")).toHaveClass("mono-small");
    expect(within(warmup).getByTestId("setting-staging")).toHaveTextContent("21v7");
    expect(within(warmup).getByTestId("setting-staging")).toHaveClass("is-number");
    expect(within(warmup).getByTestId("setting-production")).toHaveTextContent("14v6");
    expect(within(warmup).getByTestId("setting-pending")).toHaveTextContent("Differs");
    expect(within(row("support.greeting")).getByTestId("setting-production")).toHaveTextContent("Not set");
    expect(within(row("support.greeting")).getByTestId("setting-pending")).toBeInTheDocument();
    expect(within(row("billing.dunning_enabled")).getByTestId("setting-staging")).toHaveTextContent("Onv2");
    expect(within(row("mail.tracking_mode")).getByTestId("setting-staging")).toHaveTextContent(/^strictv4$/);
    expect(within(row("sending.ramp_days")).queryByTestId("setting-pending")).toBeNull();
    expect(screen.getAllByTestId("setting-pending")).toHaveLength(2);
    expect(screen.queryByTestId("settings-offline")).toBeNull();
  });

  it("filters by words in the key or the description, and says when nothing matches", async () => {
    await openSettings();
    await userEvent.type(screen.getByTestId("settings-filter"), "days");
    await waitFor(() => expect(keys()).toEqual(["sending.ramp_days", "sending.warmup_days"]));
    await userEvent.type(screen.getByTestId("settings-filter"), " volume");
    await waitFor(() => expect(keys()).toEqual(["sending.ramp_days"]));
    await userEvent.clear(screen.getByTestId("settings-filter"));
    await userEvent.type(screen.getByTestId("settings-filter"), "nothing-like-this");
    expect(await screen.findByTestId("settings-empty-filter")).toHaveTextContent("No setting matches");
    await userEvent.click(screen.getByTestId("settings-empty-clear"));
    await waitFor(() => expect(keys()).toHaveLength(5));
    expect(screen.getByTestId("settings-filter")).toHaveValue("");
    expect(commands.adminSettings).toHaveBeenCalledTimes(1);
  });

  it("opens from the command palette", async () => {
    renderApp();
    await screen.findByTestId("nav-admin");
    fireEvent.keyDown(window, { key: "k", ctrlKey: true });
    await userEvent.click(await screen.findByTestId("palette-admin-settings"));
    expect(await screen.findByTestId("settings-table")).toBeInTheDocument();
    expect(screen.getByTestId("admin-tab-settings")).toHaveAttribute("aria-selected", "true");
  });

  it("says settings arrive with the first sync when the local copy has none", async () => {
    commands.adminSettings.mockReturnValue(ok([]));
    renderApp();
    await userEvent.click(await screen.findByTestId("nav-admin"));
    await userEvent.click(await screen.findByTestId("admin-tab-settings"));
    expect(await screen.findByTestId("settings-empty")).toHaveTextContent("Settings arrive with the first sync.");
  });

  it("moves with j/k, opens with Enter, follows the choice, and Esc closes where the list was", async () => {
    const grid = await openSettings();
    expect(grid).toHaveFocus();
    fireEvent.keyDown(grid, { key: "j" });
    fireEvent.keyDown(grid, { key: "j" });
    fireEvent.keyDown(grid, { key: "j" });
    fireEvent.keyDown(grid, { key: "k" });
    fireEvent.keyDown(grid, { key: "ArrowDown" });
    fireEvent.keyDown(grid, { key: "Enter" });
    const panel = await screen.findByTestId("setting-detail");
    expect(panel).toHaveAttribute("data-key", "sending.warmup_days");
    expect(commands.adminSetting).toHaveBeenCalledWith("sending.warmup_days");

    fireEvent.keyDown(grid, { key: "k" });
    await waitFor(() => expect(screen.getByTestId("setting-detail")).toHaveAttribute("data-key", "sending.ramp_days"));

    fireEvent.keyDown(window, { key: "Escape" });
    await waitFor(() => expect(screen.queryByTestId("setting-detail")).toBeNull());
    expect(grid).toHaveFocus();
    expect(screen.getAllByTestId("setting-row")[2]).toHaveAttribute("aria-selected", "true");
  });
});

describe("setting panel", () => {
  it("shows the type, bounds, service, rules, both environments and the history", async () => {
    await openSettings();
    const panel = await openSetting("sending.warmup_days");
    expect(within(panel).getByTestId("setting-detail-key")).toHaveTextContent("sending.warmup_days");
    expect(panel).toHaveTextContent("Days a new sending domain warms up");
    expect(within(panel).getByTestId("setting-detail-type")).toHaveTextContent("Number");
    expect(within(panel).getByTestId("setting-detail-bounds")).toHaveTextContent("1 to 60");
    expect(within(panel).getByTestId("setting-service")).toHaveTextContent("Promotion runs mailer's health check");
    const rule = await within(panel).findByTestId("setting-rule");
    expect(rule).toHaveTextContent("warmup_within_ramp");
    expect(rule).toHaveTextContent("sending.warmup_days <= sending.ramp_days");
    expect(rule).toHaveTextContent("Warm-up ends before the ramp does");

    const staging = within(panel).getByTestId("setting-env-staging");
    expect(staging).toHaveTextContent("Staging");
    expect(staging).toHaveTextContent("21");
    expect(staging).toHaveTextContent("v7");
    expect(staging).toHaveTextContent("ana");
    expect(within(panel).getByTestId("setting-env-production")).toHaveTextContent("14");
    expect(within(panel).getByTestId("setting-env-production")).toHaveTextContent("v6");

    const history = within(panel).getByTestId("setting-history");
    const versions = within(history).getAllByTestId("setting-version");
    expect(versions.map((v) => v.getAttribute("data-version"))).toEqual(["7", "6", "5"]);
    expect(within(nth(versions, 0)).getAllByTestId("setting-live").map((c) => c.getAttribute("data-env"))).toEqual(["staging"]);
    expect(within(nth(versions, 1)).getAllByTestId("setting-live").map((c) => c.getAttribute("data-env"))).toEqual(["production"]);
    expect(within(nth(versions, 2)).queryAllByTestId("setting-live")).toHaveLength(0);
    expect(versions[0]).toHaveTextContent("Longer warm-up for the new IP pool");
    const applications = within(history).getAllByTestId("setting-application");
    expect(applications.map((a) => a.getAttribute("data-action"))).toEqual(["change", "promote", "change", "restore", "change"]);
    const restore = nth(applications, 3);
    expect(within(restore).getByTestId("setting-application-action")).toHaveClass("badge-warn");
    expect(restore).toHaveTextContent("from v6");

    // A setting no service depends on says so.
    await userEvent.click(row("sending.ramp_days"));
    await waitFor(() => expect(screen.getByTestId("setting-detail")).toHaveAttribute("data-key", "sending.ramp_days"));
    expect(screen.getByTestId("setting-service")).toHaveTextContent("Affects no service with a health check");
    expect(screen.queryByTestId("setting-promote")).toBeNull();
  });
});

describe("change in staging", () => {
  it("sends a number as JSON text with the version staging ran, shows the diff, says so and refreshes", async () => {
    commands.adminChangeSetting.mockReturnValue(ok(8));
    await openSettings();
    await openSetting("sending.warmup_days");
    const value = screen.getByTestId("setting-value");
    expect(value).toHaveAttribute("type", "number");
    expect(value).toHaveAttribute("min", "1");
    expect(value).toHaveAttribute("max", "60");
    expect(value).toHaveValue(21);
    expect(screen.queryByTestId("setting-diff")).toBeNull();
    expect(screen.getByTestId("setting-change-submit")).toBeDisabled();

    await userEvent.clear(value);
    await userEvent.type(value, "28");
    expect(screen.getByTestId("setting-diff")).toHaveTextContent("staging: 21 → 28");
    await userEvent.type(screen.getByTestId("setting-rationale"), "Four weeks for the new pool");
    const calls = commands.adminSettings.mock.calls.length;
    fireEvent.keyDown(screen.getByTestId("setting-rationale"), { key: "Enter", ctrlKey: true });
    await waitFor(() => expect(commands.adminChangeSetting).toHaveBeenCalledTimes(1));
    expect(commands.adminChangeSetting).toHaveBeenCalledWith({ key: "sending.warmup_days", value: "28", rationale: "Four weeks for the new pool", expectedVersion: 7 });
    expect(await screen.findByTestId("toast")).toHaveTextContent("Version 8 is live in staging");
    await waitFor(() => expect(commands.adminSettings.mock.calls.length).toBeGreaterThan(calls));
    expect(screen.getByTestId("setting-rationale")).toHaveValue("");
  });

  it("sends an on/off switch as true/false and a choice as quoted text", async () => {
    commands.adminChangeSetting.mockReturnValue(ok(3));
    await openSettings();
    await openSetting("billing.dunning_enabled");
    const toggle = screen.getByTestId("setting-value");
    expect(toggle).toHaveAttribute("role", "switch");
    expect(toggle).toBeChecked();
    await userEvent.click(toggle);
    expect(screen.getByTestId("setting-diff")).toHaveTextContent("staging: On → Off");
    await userEvent.type(screen.getByTestId("setting-rationale"), "Pause retries during the migration");
    await userEvent.click(screen.getByTestId("setting-change-submit"));
    await waitFor(() =>
      expect(commands.adminChangeSetting).toHaveBeenCalledWith({ key: "billing.dunning_enabled", value: "false", rationale: "Pause retries during the migration", expectedVersion: 2 }),
    );

    await userEvent.click(row("mail.tracking_mode"));
    await waitFor(() => expect(screen.getByTestId("setting-detail")).toHaveAttribute("data-key", "mail.tracking_mode"));
    const select = screen.getByTestId("setting-value");
    expect(select.tagName).toBe("SELECT");
    expect(within(select).getAllByRole("option").map((o) => o.textContent)).toEqual(["strict", "lenient"]);
    await userEvent.selectOptions(select, "lenient");
    expect(screen.getByTestId("setting-diff")).toHaveTextContent("staging: strict → lenient");
    await userEvent.type(screen.getByTestId("setting-rationale"), "Fewer complaints");
    await userEvent.click(screen.getByTestId("setting-change-submit"));
    await waitFor(() =>
      expect(commands.adminChangeSetting).toHaveBeenLastCalledWith({ key: "mail.tracking_mode", value: '"lenient"', rationale: "Fewer complaints", expectedVersion: 4 }),
    );
  });

  it("asks for a rationale before sending", async () => {
    await openSettings();
    await openSetting("support.greeting");
    await userEvent.clear(screen.getByTestId("setting-value"));
    await userEvent.type(screen.getByTestId("setting-value"), 'Hi "there"');
    await userEvent.click(screen.getByTestId("setting-change-submit"));
    expect(await screen.findByTestId("setting-change-error-rationale")).toHaveTextContent("Say why");
    expect(commands.adminChangeSetting).not.toHaveBeenCalled();
    await userEvent.type(screen.getByTestId("setting-rationale"), "Friendlier");
    expect(screen.queryByTestId("setting-change-error-rationale")).toBeNull();
    await userEvent.click(screen.getByTestId("setting-change-submit"));
    await waitFor(() => expect(commands.adminChangeSetting).toHaveBeenCalledWith(expect.objectContaining({ value: '"Hi \\"there\\""', expectedVersion: 1 })));
  });

  it("lists the rules a change would break under the value, verbatim, beside the field's own refusal", async () => {
    commands.adminChangeSetting.mockReturnValue(
      refused("invalidInput", `the change of sending.warmup_days is refused (2 problem(s))\nvalue: sending.warmup_days must be between 1 and 60\n${RULE_LINE}`),
    );
    await openSettings();
    await openSetting("sending.warmup_days");
    await userEvent.clear(screen.getByTestId("setting-value"));
    await userEvent.type(screen.getByTestId("setting-value"), "45");
    await userEvent.type(screen.getByTestId("setting-rationale"), "Longer still");
    await userEvent.click(screen.getByTestId("setting-change-submit"));

    const rules = await screen.findByTestId("setting-change-error");
    const [violation] = within(rules).getAllByTestId("setting-rule-violation");
    expect(violation).toHaveAttribute("data-rule", "warmup_within_ramp");
    expect(violation?.textContent).toBe(RULE_LINE);
    expect(screen.getByTestId("setting-change-error-value")).toHaveTextContent("sending.warmup_days must be between 1 and 60.");
    expect(screen.getByTestId("setting-change-refused")).toHaveTextContent("The change of sending.warmup_days is refused (2 problem(s)).");
    expect(screen.getByTestId("setting-value")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByTestId("setting-value")).toHaveValue(45);
    expect(screen.getByTestId("setting-rationale")).toHaveValue("Longer still");
    expect(screen.queryByTestId("toast")).toBeNull();

    // Another value: the rules no longer apply to it.
    await userEvent.type(screen.getByTestId("setting-value"), "0");
    expect(screen.queryByTestId("setting-change-error")).toBeNull();
  });
});

describe("promote to production", () => {
  it("asks why, shows progress while the health check runs, then the outcome, and refreshes", async () => {
    let answer: (v: unknown) => void = () => undefined;
    commands.adminPromoteSetting.mockReturnValue(new Promise((r) => (answer = r)));
    await openSettings();
    await openSetting("sending.warmup_days");
    await userEvent.click(screen.getByTestId("setting-promote"));
    const dialog = await screen.findByTestId("setting-promote-dialog");
    expect(dialog).toHaveTextContent("Promote v7 to production");
    await userEvent.type(within(dialog).getByTestId("setting-promote-rationale"), "A week in staging without bounces");
    const calls = commands.adminSettings.mock.calls.length;
    await userEvent.click(within(dialog).getByTestId("setting-promote-confirm"));
    expect(commands.adminPromoteSetting).toHaveBeenCalledWith("sending.warmup_days", 7, "A week in staging without bounces");
    expect(await screen.findByTestId("setting-promote-progress")).toHaveTextContent("Promoting and running the health check…");
    expect(screen.getByTestId("setting-promote-confirm")).toBeDisabled();

    const outcome: PromotionOutcome = {
      key: "sending.warmup_days",
      version: 7,
      health: { service: "mailer", url: "http://mailer.internal/healthz", healthy: true, detail: "HTTP 200 in 41 ms" },
      restoredVersion: null,
      message: "Version 7 of sending.warmup_days runs in production; mailer's health check passed (HTTP 200 in 41 ms).",
    };
    answer({ status: "ok", data: outcome });
    // The confirm shows what happened until it is closed.
    const shown = await within(dialog).findByTestId("setting-promotion-outcome");
    expect(shown).toHaveTextContent(outcome.message);
    const health = within(shown).getByTestId("setting-health");
    expect(health).toHaveAttribute("data-healthy", "true");
    expect(health).toHaveTextContent("mailer");
    expect(health).toHaveTextContent("HTTP 200 in 41 ms");
    expect(screen.queryByTestId("setting-restored")).toBeNull();
    expect(await screen.findByTestId("toast")).toHaveTextContent("Version 7 is live in production");
    await waitFor(() => expect(commands.adminSettings.mock.calls.length).toBeGreaterThan(calls));

    // Esc closes the confirm, not the panel; the outcome stays under the button until dismissed.
    fireEvent.keyDown(screen.getByTestId("setting-promote-done"), { key: "Escape" });
    await waitFor(() => expect(screen.queryByTestId("setting-promote-dialog")).toBeNull());
    expect(screen.getByTestId("setting-detail")).toBeInTheDocument();
    expect(within(screen.getByTestId("setting-detail")).getByTestId("setting-promotion-outcome")).toHaveTextContent(outcome.message);
    await userEvent.click(screen.getByTestId("setting-outcome-dismiss"));
    expect(screen.queryByTestId("setting-promotion-outcome")).toBeNull();
  });

  it("warns prominently when the health check failed and production was restored", async () => {
    commands.adminPromoteSetting.mockReturnValue(
      ok<PromotionOutcome>({
        key: "sending.warmup_days",
        version: 7,
        health: { service: "mailer", url: "http://mailer.internal/healthz", healthy: false, detail: "HTTP 503 in 12 ms" },
        restoredVersion: 8,
        message: "mailer's health check failed (HTTP 503 in 12 ms), so production was restored to version 6's value (as version 8).",
      }),
    );
    await openSettings();
    await openSetting("sending.warmup_days");
    await userEvent.click(screen.getByTestId("setting-promote"));
    await userEvent.type(await screen.findByTestId("setting-promote-rationale"), "Try it");
    await userEvent.click(screen.getByTestId("setting-promote-confirm"));
    const restored = await screen.findByTestId("setting-restored");
    expect(restored).toHaveTextContent("Health check failed — production was restored automatically");
    const shown = screen.getByTestId("setting-promotion-outcome");
    expect(shown).toHaveAttribute("role", "alert");
    expect(shown).toHaveTextContent("so production was restored to version 6's value (as version 8).");
    expect(within(shown).getByTestId("setting-health")).toHaveAttribute("data-healthy", "false");
    expect(screen.queryByTestId("toast")).toBeNull();
    await userEvent.click(screen.getByTestId("setting-promote-done"));
    await waitFor(() => expect(screen.queryByTestId("setting-promote-dialog")).toBeNull());
    expect(within(screen.getByTestId("setting-detail")).getByTestId("setting-restored")).toBeInTheDocument();
  });

  it("shows a promotion refused by a rule in the confirm", async () => {
    commands.adminPromoteSetting.mockReturnValue(refused("invalidInput", `the promotion of sending.warmup_days is refused (1 problem(s))\n${RULE_LINE.replace("staging", "production")}`));
    await openSettings();
    await openSetting("sending.warmup_days");
    await userEvent.click(screen.getByTestId("setting-promote"));
    await userEvent.type(await screen.findByTestId("setting-promote-rationale"), "Go");
    await userEvent.click(screen.getByTestId("setting-promote-confirm"));
    const rules = await screen.findByTestId("setting-promote-error");
    expect(within(rules).getByTestId("setting-rule-violation")).toHaveAttribute("data-rule", "warmup_within_ramp");
    expect(screen.getByTestId("setting-promote-dialog")).toBeInTheDocument();
    expect(screen.queryByTestId("setting-promotion-outcome")).toBeNull();
  });
});

describe("rollback", () => {
  it("defaults to production for a version that ran there, and sends the environment and version", async () => {
    commands.adminRollbackSetting.mockReturnValue(ok(9));
    await openSettings();
    const panel = await openSetting("sending.warmup_days");
    await userEvent.click(await rollbackButton(panel, 5));
    const dialog = await screen.findByTestId("setting-rollback-dialog");
    expect(dialog).toHaveTextContent("Roll back to v5");
    expect(within(dialog).getByTestId("setting-rollback-env")).toHaveValue("production");
    await userEvent.type(within(dialog).getByTestId("setting-rollback-rationale"), "Bounces doubled since v6");
    await userEvent.click(within(dialog).getByTestId("setting-rollback-confirm"));
    await waitFor(() =>
      expect(commands.adminRollbackSetting).toHaveBeenCalledWith({ key: "sending.warmup_days", environment: "production", toVersion: 5, rationale: "Bounces doubled since v6" }),
    );
    expect(await screen.findByTestId("toast")).toHaveTextContent("Version 9 is live in production");
    await waitFor(() => expect(screen.queryByTestId("setting-rollback-dialog")).toBeNull());
  });

  it("defaults to staging for a version that never ran in production, and refuses where it already runs", async () => {
    commands.adminRollbackSetting.mockReturnValue(ok(9));
    await openSettings();
    const panel = await openSetting("sending.warmup_days");
    await userEvent.click(await rollbackButton(panel, 7));
    const dialog = await screen.findByTestId("setting-rollback-dialog");
    expect(within(dialog).getByTestId("setting-rollback-env")).toHaveValue("staging");
    expect(within(dialog).getByTestId("setting-rollback-same")).toHaveTextContent("Staging already runs v7.");
    expect(within(dialog).getByTestId("setting-rollback-confirm")).toBeDisabled();
    await userEvent.selectOptions(within(dialog).getByTestId("setting-rollback-env"), "production");
    await userEvent.type(within(dialog).getByTestId("setting-rollback-rationale"), "Take the new pool's warm-up live");
    await userEvent.click(within(dialog).getByTestId("setting-rollback-confirm"));
    await waitFor(() =>
      expect(commands.adminRollbackSetting).toHaveBeenCalledWith({ key: "sending.warmup_days", environment: "production", toVersion: 7, rationale: "Take the new pool's warm-up live" }),
    );
  });
});

describe("offline", () => {
  it("shows the last synced settings and keeps change, promote and rollback off, saying why", async () => {
    commands.appStatus.mockReturnValue(ok(appStatus({ session, connection: "offline", lastSyncAt: new Date(Date.now() - 12 * 60_000).toISOString() })));
    await openSettings();
    expect(screen.getByTestId("settings-offline")).toHaveTextContent("Offline: settings as last synced 12 min ago");
    const panel = await openSetting("sending.warmup_days");
    expect(within(panel).getByTestId("setting-offline-hint")).toHaveTextContent("Changing settings needs the platform; this shows the last synced state.");
    expect(within(panel).getByTestId("setting-env-staging")).toHaveTextContent("21");
    expect(within(panel).getByTestId("setting-promote")).toBeDisabled();
    await userEvent.clear(screen.getByTestId("setting-value"));
    await userEvent.type(screen.getByTestId("setting-value"), "28");
    await userEvent.type(screen.getByTestId("setting-rationale"), "Four weeks");
    expect(screen.getByTestId("setting-change-submit")).toBeDisabled();
    fireEvent.keyDown(screen.getByTestId("setting-rationale"), { key: "Enter", ctrlKey: true });
    const rollbacks = await within(panel).findAllByTestId("setting-rollback");
    for (const b of rollbacks) expect(b).toBeDisabled();
    expect(commands.adminChangeSetting).not.toHaveBeenCalled();
    expect(commands.adminPromoteSetting).not.toHaveBeenCalled();
    expect(commands.adminRollbackSetting).not.toHaveBeenCalled();
  });
});
