import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { PolicyDetail, PolicyPreview, PolicyVersion, PolicyView } from "../bindings";
import { commands, ok, refused, sessionFor } from "../test/bindingsMock";
import { appStatus } from "../test/fixtures";
import { answerAdminShell } from "../test/adminFixtures";
import { renderApp } from "../test/renderApp";

vi.mock("../bindings", () => import("../test/bindingsMock"));

const session = sessionFor("admin");

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000 - 3_600_000).toISOString();

const policy = (name: string, description: string, rules: object, over: Partial<PolicyView> = {}): PolicyView => ({
  name,
  description,
  version: 1,
  rules: JSON.stringify(rules),
  changedAt: daysAgo(30),
  changedBy: "postgres",
  ...over,
});

const PAIRS = [
  { roles: ["desk_admin", "desk_finance"], reason: "Whoever manages staff must not move money" },
  { roles: ["desk_admin", "desk_security"], reason: "Watchers apart from the watched" },
];

const PASSWORD = policy("password", "Staff password rules", { min_length: 12, max_age_days: 365 }, { version: 3, changedAt: daysAgo(2), changedBy: "sandbox_admin" });
const SESSION = policy("session", "Staff session lifetime", { idle_timeout_minutes: 30, max_lifetime_hours: 12 });
const MFA = policy("mfa", "Multi-factor authentication", { required_for_staff: true, required_for_admins: true });
const RETENTION = policy("data_retention", "How long data is kept", { audit_days: 2555, staff_archive_days: 2555 });
const ALLOW = policy("ip_allowlist", "Where staff may connect from", { enabled: false, cidrs: [] });
const SOD = policy("segregation_of_duties", "Roles one person may not hold together", { pairs: PAIRS }, { version: 2 });

// Listed out of order: the view orders them.
const POLICIES = [SOD, MFA, PASSWORD, ALLOW, SESSION, RETENTION];
const ORDER = ["password", "session", "mfa", "data_retention", "ip_allowlist", "segregation_of_duties"];

const version = (v: number, rules: object, rationale: string, days: number, changedBy = "sandbox_admin"): PolicyVersion => ({
  version: v,
  rules: JSON.stringify(rules),
  rationale,
  changedBy,
  changedAt: daysAgo(days),
});

const PASSWORD_VERSIONS = [
  version(3, { min_length: 12, max_age_days: 365 }, "Back to the baseline after the pilot", 2),
  version(2, { min_length: 14, max_age_days: 365 }, "Pilot longer passwords", 9),
  version(1, { min_length: 12, max_age_days: 365 }, "the baseline before policies were managed from the desk", 30, "postgres"),
];

const preview = (violations: string[] = [], impact: PolicyPreview["impact"] = []): PolicyPreview => ({ violations, impact });

beforeEach(() => {
  answerAdminShell(session);
  commands.adminSettings.mockReturnValue(ok([]));
  commands.adminFlags.mockReturnValue(ok([]));
  commands.adminStaleFlags.mockReturnValue(ok([]));
  commands.adminPolicies.mockImplementation(() => ok(POLICIES));
  commands.adminPolicy.mockImplementation((name: string) => {
    const p = POLICIES.find((x) => x.name === name);
    if (!p) return refused("notFound", `There is no policy ${name} in the local copy.`);
    const versions = name === "password" ? PASSWORD_VERSIONS : [version(p.version, JSON.parse(p.rules) as object, "baseline", 30)];
    return ok<PolicyDetail>({ policy: p, versions });
  });
  commands.adminPolicyPreview.mockImplementation(() => ok(preview()));
});

const names = () => screen.queryAllByRole("option").flatMap((r) => r.getAttribute("data-name") ?? []);
const row = (name: string) => screen.getByTestId(`policy-row-${name}`);
/** The last rules the preview was asked about, parsed. */
const previewed = () => JSON.parse(String(commands.adminPolicyPreview.mock.lastCall?.[1])) as unknown;

async function openPolicies() {
  renderApp();
  await userEvent.click(await screen.findByTestId("nav-admin"));
  await userEvent.click(await screen.findByTestId("admin-tab-policies"));
  const list = await screen.findByTestId("policies-list");
  await waitFor(() => expect(names()).toHaveLength(6));
  return list;
}

async function openPolicy(name: string) {
  await userEvent.click(row(name));
  const panel = await screen.findByTestId("policy-panel");
  await waitFor(() => expect(panel).toHaveAttribute("data-name", name));
  return panel;
}

async function setNumber(panel: HTMLElement, field: string, value: string) {
  const input = within(panel).getByTestId(`policy-field-${field}`);
  await userEvent.clear(input);
  await userEvent.type(input, value);
}

describe("policies list", () => {
  it("is Admin's fifth tab: the six policies in order with their live rules in one line", async () => {
    await openPolicies();
    expect(screen.getAllByRole("tab").map((t) => t.textContent)).toEqual(["Staff", "Audit trail", "Settings", "Flags", "Policies"]);
    expect(screen.getByTestId("admin-tab-policies")).toHaveAttribute("aria-selected", "true");
    expect(screen.getByTestId("policies-view")).toBeInTheDocument();
    expect(names()).toEqual(ORDER);
    expect(screen.getByTestId("policies-summary")).toHaveTextContent("6 policies");

    const summary = (name: string) => within(row(name)).getByTestId("policy-summary");
    expect(within(row("password")).getByTestId("policy-title")).toHaveTextContent("Password rules");
    expect(row("password")).toHaveTextContent("Staff password rules");
    expect(summary("password")).toHaveTextContent("at least 12 characters · changed every 365 days");
    expect(row("password")).toHaveTextContent("v3");
    expect(within(row("password")).getByTestId("policy-changed")).toHaveTextContent("changed 2 days ago by sandbox_admin");
    expect(within(row("session")).getByTestId("policy-title")).toHaveTextContent("Sessions");
    expect(summary("session")).toHaveTextContent("idle 30 min · at most 12 h");
    expect(within(row("mfa")).getByTestId("policy-title")).toHaveTextContent("Multi-factor authentication");
    expect(summary("mfa")).toHaveTextContent("staff ✓ · admins ✓");
    expect(within(row("data_retention")).getByTestId("policy-title")).toHaveTextContent("Data retention");
    expect(summary("data_retention")).toHaveTextContent("audit 2,555 days · leavers 2,555 days");
    expect(within(row("ip_allowlist")).getByTestId("policy-title")).toHaveTextContent("IP allow list");
    expect(summary("ip_allowlist")).toHaveTextContent("off");
    expect(within(row("segregation_of_duties")).getByTestId("policy-title")).toHaveTextContent("Segregation of duties");
    expect(summary("segregation_of_duties")).toHaveTextContent("2 forbidden pairs");
    expect(row("password")).toHaveAttribute("aria-selected", "true");
    expect(row("session")).toHaveAttribute("aria-selected", "false");
    expect(screen.queryByTestId("policies-offline")).toBeNull();
  });

  it("says policies arrive with the first sync when there are none", async () => {
    commands.adminPolicies.mockReturnValue(ok([]));
    renderApp();
    await userEvent.click(await screen.findByTestId("nav-admin"));
    await userEvent.click(await screen.findByTestId("admin-tab-policies"));
    expect(await screen.findByTestId("policies-empty")).toHaveTextContent("Security policies arrive with the first sync.");
  });

  it("moves with the arrows, opens with Enter, follows the choice, and Esc closes where the list was", async () => {
    const list = await openPolicies();
    expect(list).toHaveFocus();
    fireEvent.keyDown(list, { key: "ArrowDown" });
    fireEvent.keyDown(list, { key: "ArrowDown" });
    expect(row("mfa")).toHaveAttribute("aria-selected", "true");
    expect(row("password")).toHaveAttribute("aria-selected", "false");
    fireEvent.keyDown(list, { key: "Enter" });
    const panel = await screen.findByTestId("policy-panel");
    expect(panel).toHaveAttribute("data-name", "mfa");
    expect(commands.adminPolicy).toHaveBeenCalledWith("mfa");

    fireEvent.keyDown(list, { key: "ArrowUp" });
    await waitFor(() => expect(screen.getByTestId("policy-panel")).toHaveAttribute("data-name", "session"));

    fireEvent.keyDown(window, { key: "Escape" });
    await waitFor(() => expect(screen.queryByTestId("policy-panel")).toBeNull());
    expect(list).toHaveFocus();
    expect(row("session")).toHaveAttribute("aria-selected", "true");
  });

  it("opens from the command palette", async () => {
    renderApp();
    await screen.findByTestId("nav-admin");
    fireEvent.keyDown(window, { key: "k", ctrlKey: true });
    await userEvent.click(await screen.findByTestId("palette-admin-policies"));
    expect(await screen.findByTestId("policies-list")).toBeInTheDocument();
    expect(screen.getByTestId("admin-tab-policies")).toHaveAttribute("aria-selected", "true");
  });
});

describe("policy panel", () => {
  it("shows a typed form with the live rules, the version edited and the history with what each version changed", async () => {
    await openPolicies();
    const panel = await openPolicy("password");
    expect(within(panel).getByTestId("policy-panel-title")).toHaveTextContent("Password rules");
    expect(within(panel).getByTestId("policy-version")).toHaveTextContent("Editing v3, changed 2 days ago by sandbox_admin");
    expect(within(panel).getByTestId("policy-field-min_length")).toHaveValue(12);
    expect(within(panel).getByTestId("policy-field-max_age_days")).toHaveValue(365);
    expect(within(panel).getByTestId("policy-apply")).toBeDisabled();
    expect(within(panel).getByTestId("policy-apply-blocked")).toHaveTextContent("Change a rule to apply a new version.");
    expect(within(panel).queryByTestId("policy-other-fields")).toBeNull();

    const history = await within(panel).findByTestId("policy-history");
    const items = within(history).getAllByTestId("policy-history-version");
    expect(items.map((i) => i.getAttribute("data-version"))).toEqual(["3", "2", "1"]);
    expect(items[0]).toHaveTextContent("Back to the baseline after the pilot");
    expect(items[0]).toHaveTextContent("sandbox_admin · 2 days ago");
    const [v3, v2, v1] = items;
    if (!v3 || !v2 || !v1) throw new Error("three versions expected");
    expect(within(v3).getByTestId("policy-diff-line")).toHaveTextContent("min_length 14 → 12");
    expect(within(v2).getByTestId("policy-diff-line")).toHaveTextContent("min_length 12 → 14");
    expect(within(v1).getByTestId("policy-history-first")).toHaveTextContent("First version");

    // Each policy has its own typed form.
    await userEvent.click(row("mfa"));
    await waitFor(() => expect(screen.getByTestId("policy-panel")).toHaveAttribute("data-name", "mfa"));
    expect(screen.getByTestId("policy-field-required_for_staff")).toBeChecked();
    expect(screen.getByTestId("policy-field-required_for_admins")).toBeChecked();
    expect(screen.getByTestId("policy-field-methods")).toHaveValue("");
    await userEvent.click(row("data_retention"));
    await waitFor(() => expect(screen.getByTestId("policy-panel")).toHaveAttribute("data-name", "data_retention"));
    expect(screen.getByTestId("policy-field-audit_days")).toHaveValue(2555);
    expect(screen.getByTestId("policy-field-staff_archive_days")).toHaveValue(2555);
    expect(screen.getByTestId("policy-field-usage_days")).toHaveValue(null);
    await userEvent.click(row("ip_allowlist"));
    await waitFor(() => expect(screen.getByTestId("policy-panel")).toHaveAttribute("data-name", "ip_allowlist"));
    expect(screen.getByTestId("policy-field-enabled")).not.toBeChecked();
    expect(screen.getByTestId("policy-field-cidrs").tagName).toBe("TEXTAREA");
  });

  it("previews: each violation beside its field and in a list, the impact in a table, and Apply stays off", async () => {
    commands.adminPolicies.mockReturnValue(ok(POLICIES.map((p) => (p === PASSWORD ? { ...p, rules: JSON.stringify({ min_length: 12, max_age_days: 365, colour: "blue" }) } : p))));
    commands.adminPolicyPreview.mockReturnValue(
      ok(
        preview(
          [
            "min_length: rule soc2_password_length: passwords have at least 12 characters",
            "max_age_days: a whole number is required",
            "colour: the password policy has no field colour (it has min_length, max_age_days)",
          ],
          [{ subject: "3 active members", effect: "their next password needs 10 characters or more", endsSession: false }],
        ),
      ),
    );
    await openPolicies();
    const panel = await openPolicy("password");
    const other = within(panel).getByTestId("policy-other-fields");
    expect(other).toHaveTextContent("colour");
    expect(other).toHaveTextContent('"blue"');
    await setNumber(panel, "min_length", "10");
    await userEvent.clear(within(panel).getByTestId("policy-field-max_age_days"));
    await userEvent.click(within(panel).getByTestId("policy-preview"));

    await waitFor(() => expect(commands.adminPolicyPreview).toHaveBeenCalledTimes(1));
    expect(commands.adminPolicyPreview.mock.lastCall?.[0]).toBe("password");
    expect(previewed()).toEqual({ min_length: 10, max_age_days: null, colour: "blue" });

    const beside = await within(panel).findByTestId("policy-error-min_length");
    expect(beside).toHaveTextContent("soc2_password_length — passwords have at least 12 characters");
    expect(within(beside).getByText("soc2_password_length").tagName).toBe("STRONG");
    expect(within(panel).getByTestId("policy-field-min_length")).toHaveAttribute("aria-invalid", "true");
    expect(within(panel).getByTestId("policy-error-max_age_days")).toHaveTextContent("A whole number is required.");
    expect(within(panel).getByTestId("policy-error-colour")).toHaveTextContent("The password policy has no field colour");

    const list = within(panel).getByTestId("policy-violations");
    expect(within(list).getAllByTestId("policy-violation").map((v) => v.getAttribute("data-field"))).toEqual(["min_length", "max_age_days", "colour"]);
    const impact = within(panel).getByTestId("policy-impact");
    const rows = within(impact).getAllByTestId("policy-impact-row");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveTextContent("3 active members");
    expect(rows[0]).toHaveTextContent("their next password needs 10 characters or more");
    expect(within(impact).queryByTestId("policy-impact-ends")).toBeNull();

    await userEvent.type(within(panel).getByTestId("policy-rationale"), "Shorter");
    expect(within(panel).getByTestId("policy-apply")).toBeDisabled();
    expect(within(panel).getByTestId("policy-apply-blocked")).toHaveTextContent("Resolve the 3 violations and preview again.");

    // Correcting a field clears its lines; the others stay until the next preview.
    await userEvent.type(within(panel).getByTestId("policy-field-min_length"), "4");
    expect(within(panel).queryByTestId("policy-error-min_length")).toBeNull();
    expect(within(panel).getByTestId("policy-error-max_age_days")).toBeInTheDocument();
    expect(within(panel).getByTestId("policy-preview-stale")).toBeInTheDocument();

    // Dropping the unknown field leaves it out of the rules.
    await userEvent.click(within(panel).getByTestId("policy-other-drop-colour"));
    expect(within(panel).queryByTestId("policy-other-fields")).toBeNull();
    await setNumber(panel, "max_age_days", "180");
    fireEvent.keyDown(within(panel).getByTestId("policy-field-max_age_days"), { key: "Enter", ctrlKey: true });
    await waitFor(() => expect(commands.adminPolicyPreview).toHaveBeenCalledTimes(2));
    expect(previewed()).toEqual({ min_length: 104, max_age_days: 180 });
  });

  it("applies only a draft previewed clean with a rationale, sending the JSON and the version edited, then refreshes", async () => {
    commands.adminChangePolicy.mockReturnValue(ok({ version: 4, sessionsEnded: 0, message: "Version 4 of the password policy is live." }));
    await openPolicies();
    const panel = await openPolicy("password");
    const apply = within(panel).getByTestId("policy-apply");
    await setNumber(panel, "min_length", "14");
    expect(apply).toBeDisabled();
    expect(within(panel).getByTestId("policy-apply-blocked")).toHaveTextContent("Preview the change to apply it.");

    // Ctrl-Enter from the form previews.
    fireEvent.keyDown(within(panel).getByTestId("policy-field-min_length"), { key: "Enter", ctrlKey: true });
    expect(await within(panel).findByTestId("policy-impact-none")).toHaveTextContent("Nobody and nothing else is affected.");
    expect(within(panel).getByTestId("policy-compliant")).toBeInTheDocument();
    expect(previewed()).toEqual({ min_length: 14, max_age_days: 365 });
    expect(apply).toBeDisabled();
    expect(within(panel).getByTestId("policy-apply-blocked")).toHaveTextContent("Say why to apply.");

    await userEvent.type(within(panel).getByTestId("policy-rationale"), "SOC 2 auditors asked for 14");
    expect(apply).toBeEnabled();
    expect(apply).toHaveTextContent(/^Apply$/);
    const calls = commands.adminPolicies.mock.calls.length;
    await userEvent.click(apply);
    await waitFor(() => expect(commands.adminChangePolicy).toHaveBeenCalledTimes(1));
    const sent = commands.adminChangePolicy.mock.lastCall?.[0] as { name: string; rules: string; rationale: string; expectedVersion: number | null };
    expect({ ...sent, rules: JSON.parse(sent.rules) as unknown }).toEqual({
      name: "password",
      rules: { min_length: 14, max_age_days: 365 },
      rationale: "SOC 2 auditors asked for 14",
      expectedVersion: 3,
    });
    const message = await within(panel).findByTestId("policy-message");
    expect(message).toHaveTextContent("Version 4 of the password policy is live.");
    expect(message).toHaveAttribute("data-tone", "ok");
    await waitFor(() => expect(commands.adminPolicies.mock.calls.length).toBeGreaterThan(calls));
    expect(within(panel).getByTestId("policy-rationale")).toHaveValue("");
    expect(within(panel).getByTestId("policy-version")).toHaveTextContent("Editing v4");
    expect(apply).toBeDisabled();
  });

  it("turns Apply off again when the draft is edited after its preview", async () => {
    await openPolicies();
    const panel = await openPolicy("password");
    const apply = within(panel).getByTestId("policy-apply");
    await setNumber(panel, "min_length", "14");
    await userEvent.type(within(panel).getByTestId("policy-rationale"), "Longer");
    await userEvent.click(within(panel).getByTestId("policy-preview"));
    await waitFor(() => expect(apply).toBeEnabled());
    await setNumber(panel, "max_age_days", "180");
    expect(apply).toBeDisabled();
    expect(within(panel).getByTestId("policy-apply-blocked")).toHaveTextContent("The draft changed since its preview: preview it again.");
    expect(within(panel).getByTestId("policy-preview-result")).toHaveAttribute("data-stale", "true");
    await userEvent.click(within(panel).getByTestId("policy-preview"));
    await waitFor(() => expect(apply).toBeEnabled());
    expect(commands.adminChangePolicy).not.toHaveBeenCalled();
  });

  it("says when applying ends sessions, on the button and in the impact", async () => {
    commands.adminPolicyPreview.mockReturnValue(
      ok(
        preview(
          [],
          [
            { subject: "ana_ops", effect: "idle since 09:12 UTC: session ends (idle longer than 15 min)", endsSession: true },
            { subject: "bo_cs", effect: "session open since 2026-11-01 07:00 UTC ends (longer than 12 h)", endsSession: true },
          ],
        ),
      ),
    );
    commands.adminChangePolicy.mockReturnValue(ok({ version: 2, sessionsEnded: 2, message: "Version 2 of the session policy is live; 2 staff sessions ended." }));
    await openPolicies();
    const panel = await openPolicy("session");
    expect(within(panel).getByTestId("policy-field-idle_timeout_minutes")).toHaveValue(30);
    await setNumber(panel, "idle_timeout_minutes", "15");
    await userEvent.type(within(panel).getByTestId("policy-rationale"), "Tighter idle lock");
    await userEvent.click(within(panel).getByTestId("policy-preview"));
    const impact = await within(panel).findByTestId("policy-impact");
    expect(within(impact).getAllByTestId("policy-impact-ends")).toHaveLength(2);
    expect(within(impact).getAllByTestId("policy-impact-row")[0]).toHaveTextContent("ana_ops");
    const apply = within(panel).getByTestId("policy-apply");
    expect(apply).toHaveTextContent("Apply and end 2 sessions");
    await userEvent.click(apply);
    expect(await within(panel).findByTestId("policy-message")).toHaveTextContent("2 staff sessions ended.");
    expect(JSON.parse((commands.adminChangePolicy.mock.lastCall?.[0] as { rules: string }).rules)).toEqual({ idle_timeout_minutes: 15, max_lifetime_hours: 12 });
  });

  it("shows a refusal's violations beside their fields and the rest in the message, and asks for a new preview", async () => {
    commands.adminChangePolicy.mockReturnValueOnce(
      refused(
        "invalidInput",
        "the password policy change violates compliance (1 violation(s))\nmax_age_days: rule password_rotation: passwords are changed at least once a year (1–365 days)",
      ),
    );
    commands.adminChangePolicy.mockReturnValueOnce(refused("invalidInput", "policy password changed since you loaded it (your version 3, now 4)"));
    await openPolicies();
    const panel = await openPolicy("password");
    await setNumber(panel, "max_age_days", "400");
    await userEvent.type(within(panel).getByTestId("policy-rationale"), "Fewer rotations");
    await userEvent.click(within(panel).getByTestId("policy-preview"));
    await waitFor(() => expect(within(panel).getByTestId("policy-apply")).toBeEnabled());
    await userEvent.click(within(panel).getByTestId("policy-apply"));

    expect(await within(panel).findByTestId("policy-error-max_age_days")).toHaveTextContent(
      "password_rotation — passwords are changed at least once a year (1–365 days)",
    );
    const message = within(panel).getByTestId("policy-message");
    expect(message).toHaveAttribute("data-tone", "error");
    expect(message).toHaveTextContent("The password policy change violates compliance (1 violation(s)).");
    expect(within(panel).getByTestId("policy-violations")).toHaveTextContent("password_rotation");
    expect(within(panel).getByTestId("policy-apply")).toBeDisabled();
    expect(within(panel).getByTestId("policy-apply-blocked")).toHaveTextContent("Preview the change to apply it.");

    // A stale version: the message says so as sent.
    await userEvent.click(within(panel).getByTestId("policy-preview"));
    await waitFor(() => expect(within(panel).getByTestId("policy-apply")).toBeEnabled());
    await userEvent.click(within(panel).getByTestId("policy-apply"));
    await waitFor(() => expect(within(panel).getByTestId("policy-message")).toHaveTextContent("changed since you loaded it (your version 3, now 4)"));
  });

  it("edits the forbidden pairs: roles by name, a reason each, add and remove", async () => {
    commands.adminPolicyPreview.mockReturnValueOnce(
      ok(preview(["pairs: rule members_comply: ana_ops hold desk_ops and desk_cs together; change their roles first"], [{ subject: "ana_ops", effect: "holds desk_ops and desk_cs together, which the new pairs forbid", endsSession: false }])),
    );
    await openPolicies();
    const panel = await openPolicy("segregation_of_duties");
    expect(within(panel).getAllByTestId("policy-pair")).toHaveLength(2);
    const a0 = within(panel).getByTestId<HTMLSelectElement>("policy-pair-0-a");
    expect(a0).toHaveValue("desk_admin");
    expect(within(panel).getByTestId("policy-pair-0-b")).toHaveValue("desk_finance");
    expect(within(panel).getByTestId("policy-pair-0-reason")).toHaveValue("Whoever manages staff must not move money");
    expect([...a0.options].map((o) => o.textContent)).toEqual(["Admin", "Finance", "Customer success", "Operations", "Security"]);

    await userEvent.click(within(panel).getByTestId("policy-pair-add"));
    expect(within(panel).getAllByTestId("policy-pair")).toHaveLength(3);
    expect(within(panel).getByTestId("policy-pair-2-a")).toHaveValue("");
    await userEvent.selectOptions(within(panel).getByTestId("policy-pair-2-a"), "Operations");
    await userEvent.selectOptions(within(panel).getByTestId("policy-pair-2-b"), "Customer success");
    await userEvent.type(within(panel).getByTestId("policy-pair-2-reason"), "Ops apart from the accounts they serve");
    await userEvent.click(within(panel).getByTestId("policy-pair-remove-1"));
    expect(within(panel).getAllByTestId("policy-pair")).toHaveLength(2);
    expect(within(panel).getByTestId("policy-pair-1-a")).toHaveValue("desk_ops");

    await userEvent.click(within(panel).getByTestId("policy-preview"));
    await waitFor(() => expect(commands.adminPolicyPreview).toHaveBeenCalledTimes(1));
    expect(previewed()).toEqual({
      pairs: [
        { roles: ["desk_admin", "desk_finance"], reason: "Whoever manages staff must not move money" },
        { roles: ["desk_ops", "desk_cs"], reason: "Ops apart from the accounts they serve" },
      ],
    });
    expect(await within(panel).findByTestId("policy-error-pairs")).toHaveTextContent(
      "members_comply — ana_ops hold desk_ops and desk_cs together; change their roles first",
    );
    expect(within(panel).getByTestId("policy-impact")).toHaveTextContent("holds desk_ops and desk_cs together");
  });
});

describe("offline", () => {
  it("shows the last synced policies and keeps Preview and Apply off, saying why", async () => {
    commands.appStatus.mockReturnValue(ok(appStatus({ session, connection: "offline", lastSyncAt: new Date(Date.now() - 12 * 60_000).toISOString() })));
    await openPolicies();
    expect(screen.getByTestId("policies-offline")).toHaveTextContent("Offline: policies as last synced 12 min ago; edits are disabled");
    const panel = await openPolicy("password");
    expect(within(panel).getByTestId("policy-offline-hint")).toHaveTextContent("Changing policies needs the platform; this shows the last synced state.");
    await setNumber(panel, "min_length", "14");
    await userEvent.type(within(panel).getByTestId("policy-rationale"), "Longer");
    expect(within(panel).getByTestId("policy-preview")).toBeDisabled();
    expect(within(panel).getByTestId("policy-apply")).toBeDisabled();
    expect(within(panel).getByTestId("policy-apply-blocked")).toHaveTextContent("Offline: previewing and applying need the platform.");
    fireEvent.keyDown(within(panel).getByTestId("policy-field-min_length"), { key: "Enter", ctrlKey: true });
    expect(commands.adminPolicyPreview).not.toHaveBeenCalled();
    expect(commands.adminChangePolicy).not.toHaveBeenCalled();
    // The history still reads from the local copy.
    expect(await within(panel).findByTestId("policy-history")).toBeInTheDocument();
  });
});
