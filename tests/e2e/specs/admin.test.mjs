// The Admin section as an administrator meets it: sign in to a sandbox platform as
// sandbox_admin and let the first sync finish. In Staff, giving the finance member the admin
// role is refused naming the segregation-of-duties rule, and giving the ops member customer
// success takes effect on the platform at once. A new member with an e-mail outside the
// company's domains is refused naming them, then created with a welcome e-mail carrying a
// setup code. The CSM is deactivated after handing their accounts to a successor. In the audit trail, the platform records an audited change (a member's roles
// changed, with a reason) and it reaches the Admin section's audit viewer live; filter by the
// action's area, open the entry and read the roles' before → after. In Settings, the
// banner message is changed in staging, promoted to production, and rolled back there. In
// Flags, the BIMI flag, off in production, is rolled out to 10 % of its tenants. In Policies, a
// password rule below the compliance minimum is refused naming the rule beside its field, and
// a stricter one is previewed and applied.
//
// The app runs with its own config and data folders (and the sandbox its own folder), so this
// spec neither sees nor leaves profiles, sessions or local copies for the other specs.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { launchApp, shot, byTestId, sandboxSql, quote, sandboxSpec, replaceValue, signInToSandbox } from "../lib/harness.mjs";

const { dir, appEnv, run, stop } = sandboxSpec("admin");
const TENANTS = "20";
after(stop);

test("an administrator manages staff (roles, a new member, a deactivation), reads the audit trail, moves a setting through staging to production and back, and rolls a flag out to 10 %", async () => {
  run("start", "--dir", dir, "--tenants", TENANTS, "--write-profiles");
  const browser = await launchApp(appEnv);
  try {
    await signInToSandbox(browser, "Sandbox (admin)", "nav-admin");
    await byTestId(browser, "nav-admin").click();

    // Staff: the finance member may not also administer (segregation of duties); the ops
    // member may cover customer success.
    await byTestId(browser, "staff-grid").waitForDisplayed({ timeout: 10000 });
    const openMember = async (login) => {
      await browser.waitUntil(
        async () => {
          try {
            await browser.$(`[data-testid="staff-row"][data-login="${login}"]`).click();
            return (await byTestId(browser, "staff-detail").getProperty("textContent")).includes(login);
          } catch {
            return false;
          }
        },
        { timeout: 15000, timeoutMsg: `${login}'s detail never opened` },
      );
    };
    await openMember("sandbox_finance");
    await byTestId(browser, "staff-role-admin").click();
    await byTestId(browser, "staff-reason").setValue("needs to manage the finance team's accounts");
    await byTestId(browser, "staff-save").click();
    const error = byTestId(browser, "staff-error");
    await error.waitForDisplayed({ timeout: 15000, timeoutMsg: "the forbidden pair was not refused" });
    const refusal = await error.getProperty("textContent");
    assert.ok(refusal.includes("may not be held together") && refusal.includes("move money"), `the rule is named: ${refusal}`);
    assert.equal(sandboxSql(dir, "SELECT pg_has_role('sandbox_finance', 'desk_admin', 'MEMBER')"), "f", "nothing changed");
    await shot(browser, "73-admin-staff-refused");
    await browser.keys("Escape");

    await openMember("sandbox_ops");
    await byTestId(browser, "staff-role-cs").click();
    await byTestId(browser, "staff-reason").setValue("covering customer success in December");
    await byTestId(browser, "staff-save").click();
    await browser.waitUntil(async () => sandboxSql(dir, "SELECT pg_has_role('sandbox_ops', 'desk_cs', 'MEMBER')") === "t", {
      timeout: 15000,
      timeoutMsg: "the platform never granted desk_cs to sandbox_ops",
    });
    await browser.waitUntil(async () => (await browser.$(`[data-testid="staff-row"][data-login="sandbox_ops"]`).getProperty("textContent")).includes("CS"), {
      timeout: 15000,
      timeoutMsg: "the directory never showed the new role",
    });
    await shot(browser, "74-admin-staff-changed");
    await browser.keys("Escape");

    // A new member: created on the platform with a welcome e-mail carrying a setup code.
    const hire = `erin.${Date.now().toString(36)}@penguinmails.com`;
    await byTestId(browser, "staff-new").click();
    await byTestId(browser, "staff-create-dialog").waitForDisplayed({ timeout: 10000 });
    await byTestId(browser, "staff-create-name").setValue("Erin Example");
    await byTestId(browser, "staff-create-email").setValue("erin@gmail.com");
    await byTestId(browser, "staff-create-team").selectByAttribute("value", "cs");
    await byTestId(browser, "staff-create-submit").click();
    const emailError = byTestId(browser, "staff-create-error-email");
    await emailError.waitForDisplayed({ timeout: 15000, timeoutMsg: "an e-mail outside the company's domains was not refused" });
    assert.ok((await emailError.getProperty("textContent")).includes("penguinmails.com"), "the allowed domains are named");
    await shot(browser, "75-admin-staff-create-refused");
    // Replace the refused address.
    await replaceValue(browser, byTestId(browser, "staff-create-email"), hire);
    await byTestId(browser, "staff-create-submit").click();
    await byTestId(browser, "staff-created").waitForDisplayed({ timeout: 15000, timeoutMsg: "the member was not created" });
    assert.equal((await browser.$$('[data-testid="staff-create-error"]')).length, 0, "the earlier refusal is gone");
    assert.equal(sandboxSql(dir, `SELECT count(*) FROM desk.staff WHERE email = ${quote(hire)} AND 'desk_cs' = ANY (roles)`), "1");
    assert.match(
      sandboxSql(dir, `SELECT body FROM platform.email_outbox WHERE to_addr = ${quote(hire)}`),
      /setup code: [A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/,
      "the welcome e-mail carries the setup code",
    );
    await shot(browser, "76-admin-staff-created");
    await browser.keys("Escape");

    // Deactivating the CSM: their accounts go to a successor first, then the login is disabled.
    const owned = sandboxSql(dir, "SELECT count(*) FROM platform.tenants t JOIN desk.staff s ON s.id = t.owner_csm WHERE s.login = 'sandbox_cs'");
    assert.ok(Number(owned) > 0, "sandbox_cs owns accounts");
    const ownedByAll = sandboxSql(dir, "SELECT count(*) FROM platform.tenants t JOIN desk.staff s ON s.id = t.owner_csm WHERE s.login = 'sandbox_all'");
    await openMember("sandbox_cs");
    await byTestId(browser, "staff-deactivate").click();
    await byTestId(browser, "staff-deactivate-dialog").waitForDisplayed({ timeout: 10000 });
    const successor = byTestId(browser, "staff-successor-account");
    await successor.waitForDisplayed({ timeout: 15000, timeoutMsg: "no successor to choose for the accounts" });
    await successor.selectByAttribute("value", "sandbox_all");
    await byTestId(browser, "staff-deactivate-reason").setValue("moved to the partner team");
    await shot(browser, "77-admin-staff-deactivate");
    await byTestId(browser, "staff-deactivate-confirm").click();
    await browser.waitUntil(async () => sandboxSql(dir, "SELECT active FROM desk.staff WHERE login = 'sandbox_cs'") === "f", {
      timeout: 15000,
      timeoutMsg: "sandbox_cs was never deactivated",
    });
    assert.equal(sandboxSql(dir, "SELECT rolcanlogin FROM pg_roles WHERE rolname = 'sandbox_cs'"), "f");
    assert.equal(
      sandboxSql(dir, "SELECT count(*) FROM platform.tenants t JOIN desk.staff s ON s.id = t.owner_csm WHERE s.login = 'sandbox_all'"),
      String(Number(ownedByAll) + Number(owned)),
      "sandbox_all took the accounts over",
    );
    assert.equal(sandboxSql(dir, "SELECT count(*) FROM platform.tenants t JOIN desk.staff s ON s.id = t.owner_csm WHERE s.login = 'sandbox_cs'"), "0", "the accounts were handed over");
    assert.equal(sandboxSql(dir, "SELECT count(*) FROM desk.staff_archive WHERE login = 'sandbox_cs'"), "1", "archived");
    await browser.waitUntil(async () => (await byTestId(browser, "staff-detail").getProperty("textContent")).includes("Deactivated"), {
      timeout: 15000,
      timeoutMsg: "the member panel never said Deactivated",
    });
    await shot(browser, "78-admin-staff-deactivated");
    await browser.keys("Escape");

    await byTestId(browser, "admin-tab-audit").click();
    await byTestId(browser, "audit-view").waitForDisplayed({ timeout: 10000 });

    // The platform records an audited change; sync brings it in live.
    const tag = Date.now().toString(36);
    const target = `staff:e2e_${tag}`;
    const id = sandboxSql(
      dir,
      `SELECT desk.audit('staff.roles', ${quote(target)}, '{"login": "e2e_${tag}", "roles": ["desk_cs"]}',
              '{"login": "e2e_${tag}", "roles": ["desk_cs", "desk_ops"]}', 'covering ops during the migration');
       SELECT max(id) FROM desk.audit_trail`,
    );
    assert.match(id, /^\d+$/, `the entry's id: ${id}`);
    const row = browser.$(`[data-testid="audit-row"][data-entry-id="${id}"]`);
    await row.waitForDisplayed({ timeout: 60000, timeoutMsg: `audit entry ${id} never reached the viewer` });
    assert.ok((await row.getProperty("textContent")).includes(target), "the row names the target");
    await shot(browser, "70-admin-audit");

    // The list may re-render as a sync lands: click the row as it is now, and again if it was
    // replaced under the click.
    await browser.waitUntil(
      async () => {
        try {
          await browser.$(`[data-testid="audit-row"][data-entry-id="${id}"]`).click();
          return (await browser.$$('[data-testid="audit-detail"]')).length > 0;
        } catch {
          return false;
        }
      },
      { timeout: 15000, timeoutMsg: "the entry's detail never opened" },
    );
    const diff = await byTestId(browser, "audit-diff").getProperty("textContent");
    assert.ok(diff.includes("roles") && diff.includes("desk_ops"), `the diff shows the roles change: ${diff}`);
    assert.ok((await byTestId(browser, "audit-detail-reason").getProperty("textContent")).includes("covering ops"));
    await shot(browser, "71-admin-audit-entry");
    // Only role changes: the list narrows to the two (the one made in Staff above, with its
    // reason, and the one recorded on the platform).
    await browser.keys("Escape");
    const action = byTestId(browser, "audit-filter-action");
    await action.click();
    await action.setValue("staff.roles");
    await browser.keys("Enter");
    await browser.waitUntil(async () => (await byTestId(browser, "audit-summary").getProperty("textContent")).trim().startsWith("2 "), {
      timeout: 10000,
      timeoutMsg: "the action filter did not narrow the trail to the role changes",
    });
    const texts = [];
    for (const r of await browser.$$('[data-testid="audit-row"]')) texts.push(await r.getProperty("textContent"));
    assert.equal(texts.length, 2);
    assert.ok(texts.some((t) => t.includes("staff:sandbox_ops") && t.includes("covering customer success")), `the Staff change is audited: ${texts}`);
    await shot(browser, "72-admin-audit-filtered");

    // Settings: a change lands in staging, is promoted to production, and production is
    // rolled back to the earlier value as a new version. The banner affects no service, so the
    // promotion runs no health check.
    const key = "support.banner_message";
    const live = (env) =>
      sandboxSql(dir, `SELECT e.version || '|' || v.value::text FROM platform.setting_environments e
                        JOIN platform.platform_setting_versions v USING (key, version)
                       WHERE e.key = ${quote(key)} AND e.environment = ${quote(env)}`);
    const [before] = live("production").split("|");
    await byTestId(browser, "admin-tab-settings").click();
    await byTestId(browser, "settings-table").waitForDisplayed({ timeout: 30000 });
    await browser.waitUntil(
      async () => {
        try {
          await browser.$(`[data-testid="setting-row"][data-key="${key}"]`).click();
          return (await byTestId(browser, "setting-detail").getProperty("textContent")).includes(key);
        } catch {
          return false;
        }
      },
      { timeout: 15000, timeoutMsg: "the setting's detail never opened" },
    );
    const banner = "Maintenance window Saturday 03:00 UTC";
    await replaceValue(browser, byTestId(browser, "setting-value"), banner);
    await byTestId(browser, "setting-rationale").setValue("announce the database upgrade");
    await shot(browser, "79-admin-setting-change");
    await byTestId(browser, "setting-change-submit").click();
    await browser.waitUntil(async () => live("staging").endsWith(JSON.stringify(banner)), {
      timeout: 15000,
      timeoutMsg: "staging never ran the new banner",
    });
    const staged = live("staging").split("|")[0];
    assert.equal(live("production").split("|")[0], before, "production unchanged until promoted");
    await browser.waitUntil(async () => (await browser.$$('[data-testid="setting-promote"]')).length > 0, {
      timeout: 30000,
      timeoutMsg: "no Promote once staging differs",
    });
    await byTestId(browser, "setting-promote").click();
    await byTestId(browser, "setting-promote-rationale").setValue("staging showed it correctly");
    await byTestId(browser, "setting-promote-confirm").click();
    await byTestId(browser, "setting-promotion-outcome").waitForDisplayed({ timeout: 30000 });
    assert.equal(live("production"), `${staged}|${JSON.stringify(banner)}`, "production runs staging's version");
    await shot(browser, "80-admin-setting-promoted");
    await browser.keys("Escape");

    // Roll production back to the value it ran before.
    const rollback = browser.$(`[data-testid="setting-rollback"][data-version="${before}"]`);
    await rollback.waitForDisplayed({ timeout: 30000, timeoutMsg: `no Roll back on version ${before}` });
    await rollback.click();
    await byTestId(browser, "setting-rollback-dialog").waitForDisplayed({ timeout: 10000 });
    await byTestId(browser, "setting-rollback-rationale").setValue("the upgrade moved to next month");
    await byTestId(browser, "setting-rollback-confirm").click();
    const beforeValue = sandboxSql(dir, `SELECT value::text FROM platform.platform_setting_versions WHERE key = ${quote(key)} AND version = ${before}`);
    await browser.waitUntil(async () => live("production").endsWith(`|${beforeValue}`) && Number(live("production").split("|")[0]) > Number(staged), {
      timeout: 15000,
      timeoutMsg: "production was never rolled back as a new version",
    });
    await browser.waitUntil(async () => (await byTestId(browser, "setting-history").getProperty("textContent")).includes("rollback"), {
      timeout: 30000,
      timeoutMsg: "the rollback never reached the history",
    });
    await shot(browser, "81-admin-setting-rolled-back");

    // Flags: roll a flag that is off in production out to 10 % of its tenants.
    const flag = "deliverability.bimi";
    const flagState = () =>
      sandboxSql(dir, `SELECT enabled || '|' || rollout_percent || '|' || version FROM platform.flag_environments WHERE key = ${quote(flag)} AND environment = 'production'`);
    const [wasOn, wasRollout, flagVersion] = flagState().split("|");
    assert.equal(`${wasOn}|${wasRollout}`, "false|0", "the sandbox's BIMI flag starts off in production");
    await byTestId(browser, "admin-tab-flags").click();
    await byTestId(browser, "flags-view").waitForDisplayed({ timeout: 30000 });
    await byTestId(browser, `flag-row-${flag}`).waitForDisplayed({ timeout: 30000 });
    await shot(browser, "82-admin-flags");
    await browser.waitUntil(
      async () => {
        try {
          await byTestId(browser, `flag-row-${flag}`).click();
          return (await byTestId(browser, "flag-panel").getProperty("textContent")).includes(flag);
        } catch {
          return false;
        }
      },
      { timeout: 15000, timeoutMsg: "the flag's panel never opened" },
    );
    await byTestId(browser, "flag-env-production").click();
    const enabled = byTestId(browser, "flag-enabled");
    if (!(await enabled.isSelected())) await enabled.click();
    await replaceValue(browser, byTestId(browser, "flag-rollout"), "10");
    await byTestId(browser, "flag-reason").setValue("BIMI logos for a first tenth of customers");
    await browser.waitUntil(async () => /of \d+/.test(await byTestId(browser, "flag-reach").getProperty("textContent")), {
      timeout: 15000,
      timeoutMsg: "the rollout's reach never showed",
    });
    await shot(browser, "83-admin-flag-rollout");
    await byTestId(browser, "flag-save").click();
    await browser.waitUntil(async () => flagState() === `true|10|${Number(flagVersion) + 1}`, {
      timeout: 15000,
      timeoutMsg: "production never ran the flag at 10 %",
    });
    await byTestId(browser, "flag-message").waitForDisplayed({ timeout: 15000 });
    assert.equal(sandboxSql(dir, `SELECT rollout_percent FROM platform.feature_flags WHERE key = ${quote(flag)}`), "10");
    await browser.waitUntil(async () => (await byTestId(browser, "flag-history").getProperty("textContent")).includes("10 %"), {
      timeout: 30000,
      timeoutMsg: "the rollout never reached the flag's history",
    });
    await shot(browser, "84-admin-flag-rolled-out");

    // A flag with variants mid-rollout: its week of evaluations and error rates per variant.
    await byTestId(browser, "flag-row-warmup-v2").click();
    await browser.waitUntil(async () => (await byTestId(browser, "flag-panel").getProperty("textContent")).includes("warmup-v2"), {
      timeout: 15000,
      timeoutMsg: "warmup-v2's panel never opened",
    });
    const chart = byTestId(browser, "flag-chart");
    await chart.waitForExist({ timeout: 15000 });
    await chart.scrollIntoView();
    await browser.waitUntil(async () => (await chart.$$("canvas, svg path")).length > 0, {
      timeout: 15000,
      timeoutMsg: "the flag's chart never drew",
    });
    const variantsShown = await byTestId(browser, "flag-variant-table").getProperty("textContent");
    for (const v of ["control", "aggressive", "gentle", "off"]) assert.ok(variantsShown.includes(v), `${v} in ${variantsShown}`);
    await shot(browser, "85-admin-flag-chart");

    // Policies: a password rule below the compliance minimum is refused by name beside its
    // field; a stricter one is previewed (who it affects) and applied.
    const passwordPolicy = () =>
      sandboxSql(dir, "SELECT p.current_version || '|' || (v.rules ->> 'min_length') FROM platform.security_policies p JOIN platform.security_policy_versions v ON v.name = p.name AND v.version = p.current_version WHERE p.name = 'password'");
    const [policyVersion] = passwordPolicy().split("|");
    await byTestId(browser, "admin-tab-policies").click();
    await byTestId(browser, "policies-view").waitForDisplayed({ timeout: 30000 });
    await byTestId(browser, "policy-row-password").waitForDisplayed({ timeout: 30000 });
    await shot(browser, "86-admin-policies");
    await browser.waitUntil(
      async () => {
        try {
          await byTestId(browser, "policy-row-password").click();
          return (await byTestId(browser, "policy-panel").getAttribute("data-name")) === "password";
        } catch {
          return false;
        }
      },
      { timeout: 15000, timeoutMsg: "the password policy's panel never opened" },
    );
    const minLength = byTestId(browser, "policy-field-min_length");
    await replaceValue(browser, minLength, "10");
    await byTestId(browser, "policy-preview").click();
    await browser.waitUntil(async () => (await byTestId(browser, "policy-error-min_length").getProperty("textContent")).includes("soc2_password_length"), {
      timeout: 15000,
      timeoutMsg: "the violated rule never showed beside min_length",
    });
    assert.equal(await byTestId(browser, "policy-apply").isEnabled(), false, "a violating draft cannot be applied");
    await shot(browser, "87-admin-policy-violation");
    await replaceValue(browser, minLength, "16");
    await byTestId(browser, "policy-preview").click();
    await byTestId(browser, "policy-impact").waitForDisplayed({ timeout: 15000 });
    await byTestId(browser, "policy-rationale").setValue("the auditor asked for 16 characters");
    await browser.waitUntil(async () => byTestId(browser, "policy-apply").isEnabled(), {
      timeout: 10000,
      timeoutMsg: "Apply never enabled after a clean preview and a rationale",
    });
    await shot(browser, "88-admin-policy-preview");
    await byTestId(browser, "policy-apply").click();
    await browser.waitUntil(async () => passwordPolicy() === `${Number(policyVersion) + 1}|16`, {
      timeout: 15000,
      timeoutMsg: "the platform never took the stricter password rule",
    });
    await byTestId(browser, "policy-message").waitForDisplayed({ timeout: 15000 });
    await browser.waitUntil(async () => (await byTestId(browser, "policy-history").getProperty("textContent")).includes("16"), {
      timeout: 30000,
      timeoutMsg: "the new version never reached the policy's history",
    });
    await shot(browser, "89-admin-policy-applied");
  } catch (e) {
    await shot(browser, "admin-failure").catch(() => undefined);
    throw e;
  } finally {
    await browser.deleteSession();
  }
});
