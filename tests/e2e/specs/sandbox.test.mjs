// The sandbox platform as a newcomer meets it (what scripts/run does with no profile): start
// it with generated data and profiles whose passwords are in the keychain, sign in without
// typing a password, see the synced data, then watch the desk go offline when the sandbox
// stops and come back online when it starts again.
import { test, after } from "node:test";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { launchApp, stopDriver, shot, byTestId, sandbox } from "../lib/harness.mjs";

const dir = path.join(process.env.XDG_DATA_HOME ?? "/tmp", "penguin-desk-sandbox");
const run = (...args) => execFileSync(sandbox, args, { stdio: "inherit" });

after(() => {
  stopDriver();
  try {
    run("stop", "--dir", dir);
  } catch {
    /* already stopped */
  }
});

test("the sandbox's data syncs, and the desk goes offline and back with the platform", async () => {
  run("start", "--dir", dir, "--tenants", "20", "--write-profiles");
  const browser = await launchApp();
  try {
    await byTestId(browser, "signin-screen").waitForDisplayed({ timeout: 30000 });
    const row = browser.$('[data-testid="profile-row"]*=Sandbox (all)');
    await row.waitForDisplayed({ timeout: 10000 });
    await row.click();
    await shot(browser, "20-sandbox-profiles");
    // The password comes from the keychain: nothing typed.
    await byTestId(browser, "signin-submit").click();
    await byTestId(browser, "nav-home").waitForDisplayed({ timeout: 30000 });

    // The copy runs collection by collection (the status bar shows which); wait for the end.
    const cell = (c) => browser.$(`[data-testid="local-copy-table"] tr[data-collection="${c}"] td.num`);
    const rows = async (c) => ((await cell(c).isExisting()) ? (await cell(c).getText()).replace(/\D/g, "") : "");
    await browser.waitUntil(async () => (await rows("tenants")) === "20" && (await rows("usage_daily")) === String(20 * 730), {
      timeout: 90000,
      timeoutMsg: "the sandbox's 20 tenants and their 730 days of usage never all showed in the local copy",
    });
    await byTestId(browser, "local-copy").scrollIntoView();
    await shot(browser, "21-sandbox-synced");

    run("stop", "--dir", dir);
    await browser.waitUntil(
      async () => (await byTestId(browser, "status-connection").getAttribute("data-connection")) === "offline",
      { timeout: 60000, timeoutMsg: "the desk never went offline" },
    );
    await shot(browser, "22-sandbox-offline");

    run("start", "--dir", dir, "--tenants", "20");
    await browser.waitUntil(
      async () => (await byTestId(browser, "status-connection").getAttribute("data-connection")) === "online",
      { timeout: 90000, timeoutMsg: "the desk never came back online" },
    );
    await shot(browser, "23-sandbox-online-again");
  } finally {
    await browser.deleteSession();
  }
});
