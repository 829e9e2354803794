// Finance as the team meets it (issue 6's acceptance test): sign in to a sandbox platform as
// finance, let the first sync finish, then lose the platform and, offline: filter the invoices
// (status and number), open one with its lines and payments, export the filtered list as CSV
// (every matching row, checked against the platform), open the MRR movements and the revenue
// waterfall, and leave a follow-up note on a failed payment that waits on the record; bring
// the platform back and see the note reach the platform database once.
//
// The app runs with its own config and data folders (and the sandbox its own folder), so this
// spec neither sees nor leaves profiles, sessions or local copies for the other specs.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { launchApp, stopDriver, shot, byTestId, sandbox, sandboxSql, quote } from "../lib/harness.mjs";

const base = path.join(process.env.XDG_DATA_HOME ?? "/tmp", "penguin-desk-finance-e2e");
const dir = path.join(base, "sandbox");
const appEnv = {
  XDG_CONFIG_HOME: path.join(base, "config"),
  XDG_DATA_HOME: path.join(base, "data"),
  XDG_CACHE_HOME: path.join(base, "cache"),
};
for (const d of [base, ...Object.values(appEnv)]) mkdirSync(d, { recursive: true, mode: 0o755 });

const TENANTS = "40";
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

async function openTab(browser, view) {
  await byTestId(browser, `finance-tab-${view}`).click();
  await browser.waitUntil(async () => (await byTestId(browser, `finance-tab-${view}`).getAttribute("aria-selected")) === "true", {
    timeout: 10000,
    timeoutMsg: `the ${view} tab never opened`,
  });
}

test("finance works offline: filters invoices, opens one, exports CSV, reads MRR and revenue, follows up a failed payment", async () => {
  const started = Date.now();
  run("start", "--dir", dir, "--tenants", TENANTS, "--write-profiles");
  const browser = await launchApp(appEnv);
  try {
    await byTestId(browser, "signin-screen").waitForDisplayed({ timeout: 30000 });
    const row = browser.$('[data-testid="profile-row"]*=Sandbox (finance)');
    await row.waitForDisplayed({ timeout: 10000 });
    await row.click();
    await byTestId(browser, "signin-submit").click();
    await byTestId(browser, "nav-billing").waitForDisplayed({ timeout: 30000 });
    await byTestId(browser, "nav-billing").click();
    await byTestId(browser, "finance-screen").waitForDisplayed({ timeout: 10000 });
    await browser.$('[data-testid="invoice-row"]').waitForDisplayed({
      timeout: 180000,
      timeoutMsg: "no invoice ever showed in Billing",
    });
    await browser.waitUntil(async () => !(await byTestId(browser, "status-syncing").isExisting()), {
      timeout: 180000,
      timeoutMsg: "the first sync never finished",
    });
    const all = sandboxSql(dir, "SELECT count(*) FROM platform.invoices");
    await browser.waitUntil(async () => (await byTestId(browser, "invoice-grid").getAttribute("data-total")) === all, {
      timeout: 30000,
      timeoutMsg: `the list never counted all ${all} invoices`,
    });
    await shot(browser, "40-finance-invoices");

    // A failed payment whose invoice is still open, to follow up offline.
    const failed = sandboxSql(
      dir,
      `SELECT p.id FROM platform.payments p JOIN platform.invoices i ON i.id = p.invoice_id
        WHERE p.status = 'failed' AND i.status = 'open' ORDER BY p.attempted_at DESC LIMIT 1`,
    );
    assert.ok(failed, "the sandbox has no failed payment in dunning");
    // The year with the most paid invoices, and how many those are (numbers are PM-<year>-…).
    const year = sandboxSql(
      dir,
      "SELECT substr(number, 4, 4) FROM platform.invoices WHERE status = 'paid' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
    );
    const expected = Number(
      sandboxSql(dir, `SELECT count(*) FROM platform.invoices WHERE status = 'paid' AND number LIKE ${quote(`PM-${year}-%`)}`),
    );

    // The platform goes away.
    run("stop", "--dir", dir);
    await browser.waitUntil(async () => (await connection(browser)) === "offline", {
      timeout: 60000,
      timeoutMsg: "the desk never went offline",
    });

    // Offline: paid invoices of one year, by number.
    await byTestId(browser, "invoice-filter-status-paid").click();
    await byTestId(browser, "invoice-filter-number").setValue(`PM-${year}`);
    await browser.waitUntil(async () => Number(await byTestId(browser, "invoice-grid").getAttribute("data-total")) === expected, {
      timeout: 20000,
      timeoutMsg: `the filtered list never counted the ${expected} paid invoices of ${year}`,
    });
    assert.ok(expected > 0 && expected < Number(all), `a real filter: ${expected} of ${all}`);
    await shot(browser, "41-finance-filtered-offline");

    // Open the first one: its lines and payments.
    await browser.$('[data-testid="invoice-row"]').click();
    await browser.keys("Enter");
    await byTestId(browser, "invoice-detail").waitForDisplayed({ timeout: 10000 });
    await browser.$('[data-testid="invoice-line"]').waitForDisplayed({ timeout: 10000 });
    await browser.$('[data-testid="invoice-payment"]').waitForDisplayed({ timeout: 10000 });
    const number = (await byTestId(browser, "invoice-number").getProperty("textContent")).trim();
    assert.match(number, new RegExp(`^PM-${year}-`));
    assert.match((await byTestId(browser, "invoice-status").getProperty("textContent")).trim(), /^paid$/i);
    await shot(browser, "42-finance-invoice-detail");
    await byTestId(browser, "invoice-back").click();
    await byTestId(browser, "invoice-grid").waitForDisplayed({ timeout: 10000 });

    // Export the filtered list: every matching row, not just the page on screen.
    await byTestId(browser, "export-csv").click();
    const toast = browser.$('[data-testid="toast"]*=Exported');
    await toast.waitForDisplayed({ timeout: 60000, timeoutMsg: "the export never said where it went" });
    const said = (await toast.getProperty("textContent")).trim();
    const file = said.slice(said.indexOf(" to ") + 4).trim();
    const lines = readFileSync(file, "utf8").trim().split("\n");
    assert.ok(lines[0].startsWith("Number,Tenant,"), lines[0]);
    assert.equal(lines.length - 1, expected, `the CSV holds the ${expected} filtered invoices`);
    assert.ok(lines.slice(1).every((l) => l.startsWith(`PM-${year}-`) && l.includes(",paid,")));
    await shot(browser, "43-finance-exported");

    // MRR movements and the revenue waterfall, offline.
    await openTab(browser, "mrr");
    await browser.$('[data-testid="mrr-chart"] svg').waitForExist({ timeout: 30000, timeoutMsg: "the MRR chart was not drawn" });
    await browser.$('[data-testid="mrr-row"]').waitForDisplayed({ timeout: 30000 });
    await shot(browser, "44-finance-mrr");
    await openTab(browser, "revenue");
    await browser.$('[data-testid="waterfall-chart"] svg').waitForExist({ timeout: 60000, timeoutMsg: "the waterfall chart was not drawn" });
    await byTestId(browser, "waterfall-table").waitForDisplayed({ timeout: 60000 });
    await shot(browser, "45-finance-revenue");
    await openTab(browser, "aging");
    await byTestId(browser, "aging-table").waitForDisplayed({ timeout: 30000 });
    await shot(browser, "46-finance-aging");
    await openTab(browser, "reconciliation");
    await shot(browser, "47-finance-reconciliation");

    // A follow-up note on the failed payment, offline: pending on the record.
    await openTab(browser, "dunning");
    const item = browser.$(`[data-testid="dunning-row"][data-key="${failed}"]`);
    await item.waitForDisplayed({ timeout: 20000, timeoutMsg: `failed payment ${failed} is not listed` });
    await item.click();
    await byTestId(browser, "dunning-detail").waitForDisplayed({ timeout: 10000 });
    const body = `E2E called the customer ${Date.now().toString(36)}`;
    await byTestId(browser, "dunning-note-input").setValue(body);
    await byTestId(browser, "dunning-note-save").click();
    // The note as listed (not the text box it was typed in), and its sync state.
    const noteState = async () => {
      for (const el of await browser.$$('li[data-testid="dunning-note"]')) {
        if ((await el.getText()).includes(body)) return el.getAttribute("data-sync");
      }
      return null;
    };
    await browser.waitUntil(async () => (await noteState()) === "pending", {
      timeout: 10000,
      timeoutMsg: "the note was not listed as pending",
    });
    await shot(browser, "48-finance-dunning-pending");

    // The platform comes back: the note is sent, once.
    run("start", "--dir", dir, "--tenants", TENANTS);
    await browser.waitUntil(async () => (await connection(browser)) === "online", {
      timeout: 90000,
      timeoutMsg: "the desk never came back online",
    });
    await browser.waitUntil(async () => (await noteState()) === "synced", {
      timeout: 90000,
      timeoutMsg: "the note never showed as synced",
    });
    assert.equal(sandboxSql(dir, `SELECT count(*) FROM platform.dunning_notes WHERE body = ${quote(body)}`), "1");
    assert.equal(sandboxSql(dir, `SELECT payment_id FROM platform.dunning_notes WHERE body = ${quote(body)}`), failed);

    // Disputes, and the proration preview of adding five seats for the invoice's tenant.
    await openTab(browser, "disputes");
    await byTestId(browser, "disputes-view").waitForDisplayed({ timeout: 10000 });
    await shot(browser, "49-finance-disputes");
    await openTab(browser, "invoices");
    if (!(await byTestId(browser, "invoice-detail").isExisting())) {
      await browser.$('[data-testid="invoice-row"]').click();
      await browser.keys("Enter");
    }
    await byTestId(browser, "invoice-preview-change").click();
    const seats = byTestId(browser, "proration-seats");
    await seats.waitForDisplayed({ timeout: 15000 });
    if (await seats.isEnabled()) {
      // The field shows the seats now as its placeholder ("12 (now)").
      const current = parseInt(await seats.getAttribute("placeholder"), 10);
      assert.ok(current > 0, "the current seats are shown");
      await seats.setValue(String(current + 5));
    } else {
      // A flat plan: preview a move to another plan instead.
      const plan = byTestId(browser, "proration-plan");
      await plan.selectByIndex((await plan.$$("option")).length > 1 ? 1 : 0);
    }
    await browser.$('[data-testid="proration-line"][data-kind="charge"]').waitForDisplayed({
      timeout: 15000,
      timeoutMsg: "no proration preview for the change",
    });
    await shot(browser, "50-finance-proration");
    console.log(`finance flow took ${Math.round((Date.now() - started) / 1000)} s`);
  } catch (e) {
    await shot(browser, "finance-failure").catch(() => undefined);
    throw e;
  } finally {
    await browser.deleteSession();
  }
});
