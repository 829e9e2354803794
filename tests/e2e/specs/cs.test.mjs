// Customer success as a CSM meets it (issue 5's acceptance test): sign in to a sandbox platform,
// see the book of accounts derived after the first sync, then lose the platform, open an
// account's 360 from the command palette offline, log a touchpoint and tick an onboarding
// milestone (both shown pending on the record), bring the platform back and see both sent,
// exactly once, into the platform database.
//
// The app runs with its own config and data folders (and the sandbox its own folder), so this
// spec neither sees nor leaves profiles, sessions or local copies for the other specs.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { launchApp, stopDriver, shot, byTestId, sandbox, sandboxSql, quote } from "../lib/harness.mjs";

const base = path.join(process.env.XDG_DATA_HOME ?? "/tmp", "penguin-desk-cs-e2e");
const dir = path.join(base, "sandbox");
const appEnv = {
  XDG_CONFIG_HOME: path.join(base, "config"),
  XDG_DATA_HOME: path.join(base, "data"),
  XDG_CACHE_HOME: path.join(base, "cache"),
};
for (const d of [base, ...Object.values(appEnv)]) mkdirSync(d, { recursive: true, mode: 0o755 });

const TENANTS = "30";
const run = (...args) => execFileSync(sandbox, args, { stdio: "inherit", env: { ...process.env, ...appEnv } });

after(() => {
  stopDriver();
  try {
    run("stop", "--dir", dir);
  } catch {
    /* already stopped */
  }
});

async function connection(browser) {
  return byTestId(browser, "status-connection").getAttribute("data-connection");
}

test("a CSM preps a call offline: touchpoint and milestone wait on the record, then reach the platform once", async () => {
  const started = Date.now();
  run("start", "--dir", dir, "--tenants", TENANTS, "--write-profiles");
  const browser = await launchApp(appEnv);
  try {
    await byTestId(browser, "signin-screen").waitForDisplayed({ timeout: 30000 });
    const row = browser.$('[data-testid="profile-row"]*=Sandbox (all)');
    await row.waitForDisplayed({ timeout: 10000 });
    await row.click();
    await byTestId(browser, "signin-submit").click();
    await byTestId(browser, "nav-customers").waitForDisplayed({ timeout: 30000 });

    // The book is derived on the laptop after the first sync: rows appear in Customers.
    await byTestId(browser, "nav-customers").click();
    await byTestId(browser, "book-screen").waitForDisplayed({ timeout: 10000 });
    await browser.$('[data-testid="book-row"]').waitForDisplayed({
      timeout: 180000,
      timeoutMsg: "no account of the book ever showed in Customers",
    });
    assert.equal(await byTestId(browser, "book-screen").getAttribute("data-view"), "mine");
    // A for all accounts (the grid has the keyboard).
    await browser.keys("a");
    await browser.waitUntil(async () => (await byTestId(browser, "book-grid").getAttribute("data-total")) === TENANTS, {
      timeout: 60000,
      timeoutMsg: `the book never listed all ${TENANTS} accounts`,
    });
    await browser.waitUntil(
      async () => !(await byTestId(browser, "status-syncing").isExisting()) && !(await byTestId(browser, "status-deriving").isExisting()),
      { timeout: 120000, timeoutMsg: "the first sync and scoring never finished" },
    );
    await shot(browser, "30-cs-book");

    // An account with an onboarding milestone still open, as the platform has it.
    const found = sandboxSql(
      dir,
      `SELECT t.id, t.name, m.id, m.title FROM desk.onboarding_milestones m JOIN platform.tenants t ON t.id = m.tenant_id
        WHERE m.completed_at IS NULL
          AND (SELECT count(*) FROM platform.tenants o WHERE o.name = t.name) = 1
        ORDER BY m.due_on NULLS LAST, t.name, m.position LIMIT 1`,
    );
    assert.ok(found, "the sandbox has no open onboarding milestone");
    const [tenantId, tenantName, milestoneId, milestoneTitle] = found.split("\t");
    console.log(`account: ${tenantName} (${tenantId}); milestone: ${milestoneTitle} (${milestoneId})`);

    // The platform goes away.
    run("stop", "--dir", dir);
    await browser.waitUntil(async () => (await connection(browser)) === "offline", {
      timeout: 60000,
      timeoutMsg: "the desk never went offline",
    });

    // Offline: the palette finds the account by part of its name and opens its 360.
    await browser.keys(["Control", "k"]);
    const input = byTestId(browser, "palette-input");
    await input.waitForDisplayed({ timeout: 10000 });
    const part = tenantName.length > 6 ? tenantName.slice(0, Math.max(4, Math.ceil(tenantName.length * 0.7))) : tenantName;
    await input.setValue(part);
    const hit = browser.$(`[data-testid="palette-account"][data-tenant-id="${tenantId}"]`);
    await hit.waitForDisplayed({ timeout: 10000, timeoutMsg: `the palette never offered ${tenantName} for "${part}"` });
    await hit.click();
    const screen = browser.$(`[data-testid="account-screen"][data-tenant-id="${tenantId}"]`);
    await screen.waitForDisplayed({ timeout: 15000 });
    assert.equal((await byTestId(browser, "account-name").getProperty("textContent")).trim(), tenantName);
    await byTestId(browser, "health-card").waitForDisplayed();
    await byTestId(browser, "account-offline").waitForDisplayed();
    await browser.$('[data-testid="usage-daily-chart"] svg').waitForExist({ timeout: 10000, timeoutMsg: "the usage chart was not drawn" });
    await shot(browser, "31-cs-brief-offline");

    // A touchpoint, typed offline and saved with Ctrl+Enter.
    const summary = `E2E offline QBR prep ${Date.now().toString(36)}`;
    await byTestId(browser, "add-touchpoint").click();
    const form = byTestId(browser, "touchpoint-form");
    await form.waitForDisplayed({ timeout: 10000 });
    await byTestId(browser, "touchpoint-kind-meeting").click();
    await byTestId(browser, "touchpoint-summary").setValue(summary);
    await byTestId(browser, "touchpoint-outcome").setValue("Agreed to review seat usage before the renewal.");
    await byTestId(browser, "touchpoint-next-step").setValue("Send the deliverability report");
    await byTestId(browser, "touchpoint-summary").click();
    await browser.keys(["Control", "Enter"]);
    await form.waitForDisplayed({ reverse: true, timeout: 10000, timeoutMsg: "the touchpoint dialog did not close after saving" });
    const touchpoint = browser.$(`[data-testid="touchpoint"]*=${summary}`);
    await touchpoint.waitForDisplayed({ timeout: 10000 });
    await browser.waitUntil(async () => (await touchpoint.getAttribute("data-sync")) === "pending", {
      timeout: 10000,
      timeoutMsg: "the new touchpoint was not marked pending",
    });

    // The milestone, ticked offline.
    const milestone = browser.$(`[data-testid="milestone"][data-milestone-id="${milestoneId}"]`);
    await milestone.scrollIntoView({ block: "center" });
    await milestone.$("label").click();
    await browser.waitUntil(
      async () => (await milestone.getAttribute("data-done")) === "true" && (await milestone.getAttribute("data-sync")) === "pending",
      { timeout: 10000, timeoutMsg: "the ticked milestone was not marked done and pending" },
    );
    assert.ok(await milestone.$('[data-testid="sync-badge"][data-state="pending"]').isDisplayed());
    assert.ok(await touchpoint.$('[data-testid="sync-badge"][data-state="pending"]').isExisting());
    await browser.waitUntil(async () => (await byTestId(browser, "status-queued").getAttribute("data-count")) === "2", {
      timeout: 10000,
      timeoutMsg: "the status bar never counted the two queued changes",
    });
    await byTestId(browser, "milestones-card").scrollIntoView({ block: "start" });
    await shot(browser, "32-cs-pending");

    // The platform comes back: the queue is sent and the badges go.
    run("start", "--dir", dir, "--tenants", TENANTS);
    await browser.waitUntil(async () => (await connection(browser)) === "online", {
      timeout: 90000,
      timeoutMsg: "the desk never came back online",
    });
    await browser.waitUntil(
      async () =>
        (await touchpoint.getAttribute("data-sync")) === "synced" &&
        (await milestone.getAttribute("data-sync")) === "synced" &&
        !(await screen.$('[data-testid="sync-badge"]').isExisting()),
      { timeout: 90000, timeoutMsg: "the pending badges never cleared" },
    );
    assert.equal(await milestone.getAttribute("data-done"), "true");
    assert.ok(!(await byTestId(browser, "account-offline").isExisting()), "the account still says it is an offline copy");
    await browser.waitUntil(async () => (await byTestId(browser, "status-queued").getAttribute("data-count")) === "0", {
      timeout: 10000,
      timeoutMsg: "the status bar still counts queued changes",
    });
    await browser.waitUntil(async () => !(await byTestId(browser, "toast").isExisting()), { timeout: 10000 }).catch(() => undefined);
    await shot(browser, "33-cs-synced");

    // The rest of the brief: usage, escalations, invoices, subscription; then the dark theme.
    await byTestId(browser, "invoices-card").scrollIntoView({ block: "end" });
    await shot(browser, "34-cs-brief-lower");
    await byTestId(browser, "theme-toggle").click();
    await byTestId(browser, "account-back").click();
    await byTestId(browser, "book-grid").waitForDisplayed({ timeout: 10000 });
    await browser.keys("ArrowDown");
    await shot(browser, "35-cs-book-dark");
    await byTestId(browser, "theme-toggle").click();

    // The platform has the touchpoint exactly once and the milestone completed.
    assert.equal(sandboxSql(dir, `SELECT count(*) FROM desk.cs_touchpoints WHERE summary = ${quote(summary)}`), "1");
    assert.equal(
      sandboxSql(dir, `SELECT kind || ' ' || tenant_id FROM desk.cs_touchpoints WHERE summary = ${quote(summary)}`),
      `meeting ${tenantId}`,
    );
    assert.equal(sandboxSql(dir, `SELECT completed_at IS NOT NULL FROM desk.onboarding_milestones WHERE id = ${quote(milestoneId)}`), "t");
    console.log(`cs flow took ${Math.round((Date.now() - started) / 1000)} s`);
  } catch (e) {
    await shot(browser, "cs-failure").catch(() => undefined);
    throw e;
  } finally {
    await browser.deleteSession();
  }
});
