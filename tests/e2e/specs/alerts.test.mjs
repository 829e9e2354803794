// The alert inbox as the on-call ops member meets it: sign in to a sandbox platform as
// sandbox_ops, let the first sync finish, then the platform raises a fresh critical ops alert
// (inserted into the sandbox's PostgreSQL) and it reaches the inbox live (LISTEN/NOTIFY), with
// the rail's count turning red. Open it, write an investigation note (Ctrl-Enter), acknowledge
// it with the keyboard (a), and see both synced on the record; then check the platform has the
// acknowledgement by the ops login and the note exactly once. Last, the notification settings
// from the command palette.
//
// The app runs with its own config and data folders (and the sandbox its own folder), so this
// spec neither sees nor leaves profiles, sessions or local copies for the other specs.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { launchApp, stopDriver, shot, byTestId, sandbox, sandboxSql, quote, withText } from "../lib/harness.mjs";

const base = path.join(process.env.XDG_DATA_HOME ?? "/tmp", "penguin-desk-alerts-e2e");
const dir = path.join(base, "sandbox");
const appEnv = {
  XDG_CONFIG_HOME: path.join(base, "config"),
  XDG_DATA_HOME: path.join(base, "data"),
  XDG_CACHE_HOME: path.join(base, "cache"),
};
for (const d of [base, ...Object.values(appEnv)]) mkdirSync(d, { recursive: true, mode: 0o755 });

const TENANTS = "20";
const OPS_LOGIN = "sandbox_ops";
const run = (...args) => execFileSync(sandbox, args, { stdio: "inherit", env: { ...process.env, ...appEnv } });

after(() => {
  stopDriver();
  try {
    run("stop", "--dir", dir);
  } catch {
    /* already stopped */
  }
});

test("an ops member acknowledges a fresh critical alert with a note; the platform has both once", async () => {
  const started = Date.now();
  run("start", "--dir", dir, "--tenants", TENANTS, "--write-profiles");
  const browser = await launchApp(appEnv);
  try {
    await byTestId(browser, "signin-screen").waitForDisplayed({ timeout: 30000 });
    let profile = null;
    await browser.waitUntil(async () => (profile = await withText(browser, "profile-row", "Sandbox (ops)")) !== null, {
      timeout: 10000,
      timeoutMsg: "no Sandbox (ops) profile to sign in with",
    });
    await profile.click();
    await byTestId(browser, "signin-submit").click();
    await byTestId(browser, "nav-alerts").waitForDisplayed({ timeout: 30000 });
    await browser.waitUntil(async () => (await byTestId(browser, "status-connection").getAttribute("data-connection")) === "online", {
      timeout: 60000,
      timeoutMsg: "the desk never came online",
    });
    await browser.waitUntil(async () => !(await byTestId(browser, "status-syncing").isExisting()), {
      timeout: 180000,
      timeoutMsg: "the first sync never finished",
    });
    await byTestId(browser, "nav-alerts").click();
    await byTestId(browser, "alerts-inbox").waitForDisplayed({ timeout: 10000 });
    await byTestId(browser, "alert-grid").waitForDisplayed({ timeout: 30000 });

    // The platform raises a fresh critical ops alert; sync brings it in live.
    const tag = Date.now().toString(36);
    const title = `E2E relay pool 9 refusing connections ${tag}`;
    const id = sandboxSql(
      dir,
      `INSERT INTO platform.alerts (dedup_key, source_service, severity, team, title, details, escalate_after)
       VALUES (${quote(`e2e-relay-${tag}`)}, 'smtp-relay', 'critical', 'ops', ${quote(title)},
               'Connections refused on relay pool 9 since 10:02; queue at 61k', now() + interval '30 minutes')
       RETURNING id`,
    );
    assert.match(id, /^\d+$/, `the insert returned an id: ${id}`);
    const row = browser.$(`[data-testid="alert-row"][data-alert-id="${id}"]`);
    await row.waitForDisplayed({ timeout: 60000, timeoutMsg: `alert ${id} never reached the inbox` });
    assert.equal(await row.getAttribute("data-status"), "triggered");
    // The title cell may be cut with an ellipsis on screen: compare the text it holds.
    assert.ok((await row.getProperty("textContent")).includes(title), "the row shows the alert's title");
    assert.ok((await row.$('[data-testid="alert-severity"]').getText()).includes("Critical"));
    const count = byTestId(browser, "nav-alerts-count");
    await count.waitForDisplayed({ timeout: 30000, timeoutMsg: "the rail never counted open alerts" });
    await browser.waitUntil(async () => (await count.getAttribute("data-urgent")) === "true", {
      timeout: 30000,
      timeoutMsg: "the rail's count never turned urgent for a critical alert",
    });
    await shot(browser, "60-alerts-inbox");

    // Open it: a note (Ctrl-Enter), then acknowledge with the keyboard.
    await row.click();
    const detail = byTestId(browser, "alert-detail");
    await detail.waitForDisplayed({ timeout: 10000 });
    assert.equal(await detail.getAttribute("data-alert-id"), id);
    const body = `E2E checked relay pool 9: connection limit hit after the deploy ${tag}`;
    const box = byTestId(browser, "alert-note-input");
    await box.click();
    await box.setValue(body);
    await browser.keys(["Control", "Enter"]);
    // The note as listed (not the box it was typed in), and its sync state.
    const noteState = async () => {
      const li = await withText(browser, "alert-note", body);
      return li === null ? null : li.getAttribute("data-sync");
    };
    await browser.waitUntil(async () => (await noteState()) !== null, { timeout: 10000, timeoutMsg: "the note was not listed" });
    // Esc leaves the note box; `a` acknowledges the open alert.
    await browser.keys("Escape");
    await browser.keys("a");
    await browser.waitUntil(async () => (await detail.getAttribute("data-status")) === "acknowledged", {
      timeout: 10000,
      timeoutMsg: "the alert did not show as acknowledged",
    });
    // The window may show "acknowledged" before the change is even queued (an optimistic
    // view): wait for the platform to have it, then for the record to say so.
    await browser.waitUntil(async () => sandboxSql(dir, `SELECT status FROM platform.alerts WHERE id = ${id}`) === "acknowledged", {
      timeout: 90000,
      timeoutMsg: "the acknowledgement never reached the platform",
    });
    await browser.waitUntil(async () => (await detail.getAttribute("data-sync")) === "synced" && (await noteState()) === "synced", {
      timeout: 90000,
      timeoutMsg: "the acknowledgement and the note never showed as synced",
    });
    const status = await detail.$('[data-testid="alert-status"]').getProperty("textContent");
    assert.ok(status.includes(`Acknowledged by ${OPS_LOGIN}`), `the detail names who acknowledged: ${status}`);
    assert.equal(await byTestId(browser, "alert-ack").isEnabled(), false, "Acknowledge is disabled once acknowledged");
    await shot(browser, "61-alerts-detail");

    // The platform has the acknowledgement by the ops login, and the note once.
    assert.equal(sandboxSql(dir, `SELECT status, acknowledged_by FROM platform.alerts WHERE id = ${id}`), `acknowledged\t${OPS_LOGIN}`);
    assert.equal(sandboxSql(dir, `SELECT count(*) FROM platform.alert_notes WHERE alert_id = ${id} AND body = ${quote(body)}`), "1");
    assert.equal(sandboxSql(dir, `SELECT author_login FROM platform.alert_notes WHERE alert_id = ${id}`), OPS_LOGIN);

    // Back to the inbox (Esc), where the row now says who acknowledged it.
    await browser.keys("Escape");
    await byTestId(browser, "alert-grid").waitForDisplayed({ timeout: 10000 });
    await browser.waitUntil(async () => (await browser.$(`[data-testid="alert-row"][data-alert-id="${id}"]`).getAttribute("data-status")) === "acknowledged", {
      timeout: 10000,
      timeoutMsg: "the inbox row did not show the acknowledgement",
    });

    // The notification settings, from the command palette.
    await browser.keys(["Control", "k"]);
    await byTestId(browser, "command-palette").waitForDisplayed({ timeout: 5000 });
    await byTestId(browser, "palette-input").setValue("notification settings");
    await byTestId(browser, "palette-alerts-settings").waitForDisplayed({ timeout: 5000 });
    await browser.keys("Enter");
    await byTestId(browser, "alert-settings").waitForDisplayed({ timeout: 10000 });
    assert.equal(await byTestId(browser, "settings-team-ops").isSelected(), true, "the ops team notifies by default");
    await shot(browser, "62-alerts-settings");
    console.log(`alerts flow took ${Math.round((Date.now() - started) / 1000)} s`);
  } catch (e) {
    await shot(browser, "alerts-failure").catch(() => undefined);
    throw e;
  } finally {
    await browser.deleteSession();
  }
});
