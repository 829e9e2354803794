// The foundation, as a new staff member meets it: add a profile (with a wrong value first),
// sign in as their own PostgreSQL login, visit every section their roles open, use the
// command palette and the dark theme, restart into the remembered session, sign out, and
// see a finance-only member get a smaller navigation. Screenshots go to target/e2e/.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import {
  launchApp,
  stopDriver,
  shot,
  createLogin,
  createPlatformDb,
  dropPlatformDb,
  byTestId,
} from "../lib/harness.mjs";

const sections = ["home", "customers", "billing", "alerts", "operations", "admin"];
const allRoles = ["desk_admin", "desk_finance", "desk_cs", "desk_ops", "desk_security"];

const platformDb = createPlatformDb();
after(() => {
  stopDriver();
  dropPlatformDb(platformDb);
});

async function addProfile(browser, { name, user, password }) {
  await byTestId(browser, "profile-add").click();
  const form = byTestId(browser, "profile-form");
  await form.waitForDisplayed({ timeout: 10000 });
  await byTestId(browser, "profile-name").setValue(name);
  await byTestId(browser, "profile-host").setValue("127.0.0.1");
  await byTestId(browser, "profile-port").clearValue();
  await byTestId(browser, "profile-port").setValue("5432");
  await byTestId(browser, "profile-database").setValue(platformDb);
  await byTestId(browser, "profile-tls").selectByAttribute("value", "disable");
  await byTestId(browser, "profile-user").setValue(user);
  await byTestId(browser, "profile-password").setValue(password);
  await byTestId(browser, "profile-save").click();
  await form.waitForDisplayed({ reverse: true, timeout: 10000 });
}

async function signIn(browser, profileName) {
  const row = browser.$(`[data-testid="profile-row"]*=${profileName}`);
  await row.waitForDisplayed({ timeout: 10000 });
  await row.click();
  await byTestId(browser, "signin-submit").click();
  await byTestId(browser, "nav-home").waitForDisplayed({ timeout: 20000 });
}

test("a staff member adds a profile, signs in and finds every section of their roles", async () => {
  const user = createLogin("e2e_all", "pw-all", allRoles);
  const browser = await launchApp();
  try {
    await byTestId(browser, "signin-screen").waitForDisplayed({ timeout: 30000 });
    await byTestId(browser, "profiles-empty").waitForDisplayed();
    await shot(browser, "01-signin-empty");

    // A wrong port is refused in the form, with the field's message.
    await byTestId(browser, "profile-add").click();
    await byTestId(browser, "profile-form").waitForDisplayed({ timeout: 10000 });
    await byTestId(browser, "profile-name").setValue("Local sandbox");
    await byTestId(browser, "profile-host").setValue("127.0.0.1");
    await byTestId(browser, "profile-port").clearValue();
    await byTestId(browser, "profile-port").setValue("70000");
    await byTestId(browser, "profile-save").click();
    await byTestId(browser, "profile-port-error").waitForDisplayed({ timeout: 5000 });
    await shot(browser, "02-profile-form-errors");
    await browser.keys("Escape");
    await byTestId(browser, "profile-form").waitForDisplayed({ reverse: true, timeout: 5000 });

    await addProfile(browser, { name: "Local sandbox", user, password: "pw-all" });
    await shot(browser, "03-signin-profile");
    await signIn(browser, "Local sandbox");

    for (const s of sections) {
      await byTestId(browser, `nav-${s}`).click();
      await byTestId(browser, `screen-${s}`).waitForDisplayed({ timeout: 10000 });
      await shot(browser, `04-section-${s}`);
    }
    const connection = await byTestId(browser, "status-connection").getAttribute("data-connection");
    assert.equal(connection, "online");
    // The first sync of the member's collections finishes and shows in the status bar.
    await browser.waitUntil(
      async () => !(await byTestId(browser, "status-last-sync").getText()).includes("never"),
      { timeout: 30000, timeoutMsg: "the status bar never showed a finished sync" },
    );

    // Home lists what the encrypted local copy holds, collection by collection.
    await byTestId(browser, "nav-home").click();
    await byTestId(browser, "local-copy-table").waitForDisplayed({ timeout: 30000 });
    const listed = await browser.$$('[data-testid="local-copy-table"] tbody tr');
    assert.ok(listed.length >= 5, `expected the member's collections, got ${listed.length}`);
    await shot(browser, "04-home-local-copy");

    // Copy diagnostics: to the clipboard, or shown in a dialog where the clipboard refuses.
    await byTestId(browser, "copy-diagnostics").click();
    const dialog = byTestId(browser, "diagnostics-dialog");
    await browser.waitUntil(
      async () => (await dialog.isExisting()) || (await byTestId(browser, "toast").isExisting()),
      { timeout: 10000, timeoutMsg: "neither a diagnostics toast nor a dialog appeared" },
    );
    let diagnostics;
    if (await dialog.isExisting()) {
      diagnostics = await byTestId(browser, "diagnostics-text").getValue();
      await shot(browser, "04-diagnostics");
      await browser.keys("Escape");
    } else {
      assert.match(await byTestId(browser, "toast").getText(), /Diagnostics copied/);
      await shot(browser, "04-diagnostics");
      diagnostics = await browser.execute(() => navigator.clipboard.readText().catch(() => null));
    }
    if (diagnostics !== null) {
      assert.match(diagnostics, /^Penguin Desk 0\.1\.0/);
      assert.match(diagnostics, new RegExp(`Signed in: ${user}`));
      assert.ok(!diagnostics.includes("pw-all"), "the password leaked into diagnostics");
    }

    // Ctrl-K opens the palette; choosing "Billing" goes there.
    await byTestId(browser, "nav-home").click();
    await browser.keys(["Control", "k"]);
    await byTestId(browser, "command-palette").waitForDisplayed({ timeout: 5000 });
    await byTestId(browser, "palette-input").setValue("billing");
    await shot(browser, "05-command-palette");
    await browser.keys("Enter");
    await byTestId(browser, "screen-billing").waitForDisplayed({ timeout: 5000 });

    // Dark theme.
    const before = await browser.execute(() => document.documentElement.dataset.theme);
    await byTestId(browser, "theme-toggle").click();
    const afterTheme = await browser.execute(() => document.documentElement.dataset.theme);
    assert.notEqual(afterTheme, before);
    await byTestId(browser, "nav-home").click();
    await shot(browser, `06-home-${afterTheme}`);
    await byTestId(browser, "nav-admin").click();
    await shot(browser, `07-admin-${afterTheme}`);
    if (afterTheme === "dark") {
      await byTestId(browser, "theme-toggle").click();
    }
  } finally {
    await browser.deleteSession();
  }

  // The next launch opens the encrypted store with the keychain key and the remembered
  // member, without typing anything.
  const again = await launchApp();
  try {
    await byTestId(again, "nav-home").waitForDisplayed({ timeout: 30000 });
    await byTestId(again, "nav-admin").waitForDisplayed();
    await shot(again, "08-restart-remembered");
    await byTestId(again, "sign-out").click();
    await byTestId(again, "signin-screen").waitForDisplayed({ timeout: 10000 });
  } finally {
    await again.deleteSession();
  }

  // On disk the store is not readable as plain SQLite.
  const dataHome = process.env.XDG_DATA_HOME;
  assert.ok(dataHome, "scripts/e2e sets XDG_DATA_HOME");
  const db = path.join(dataHome, "com.penguinmails.desk", "desk.db");
  assert.ok(existsSync(db), `the store is at ${db}`);
  assert.throws(
    () => execFileSync("sqlite3", [db, ".tables"], { stdio: "pipe" }),
    /file is not a database|encrypted/i,
  );
});

test("without a keychain the desk says why and stores nothing", async () => {
  stopDriver(); // a driver whose app sees no D-Bus session, so no Secret Service
  const browser = await launchApp({
    DBUS_SESSION_BUS_ADDRESS: "unix:path=/nonexistent/bus",
    XDG_DATA_HOME: `${process.env.XDG_DATA_HOME}-nokeychain`,
  });
  try {
    const problem = byTestId(browser, "store-problem");
    await problem.waitForDisplayed({ timeout: 30000 });
    assert.equal(await problem.getAttribute("data-code"), "keychainUnavailable");
    await shot(browser, "10-no-keychain");
  } finally {
    await browser.deleteSession();
    stopDriver();
  }
  assert.ok(
    !existsSync(path.join(`${process.env.XDG_DATA_HOME}-nokeychain`, "com.penguinmails.desk", "desk.db")),
    "a store was written without a keychain",
  );
});

test("a finance-only member sees Home and Billing, nothing else", async () => {
  const user = createLogin("e2e_fin", "pw-fin", ["desk_finance"]);
  const browser = await launchApp();
  try {
    await byTestId(browser, "signin-screen").waitForDisplayed({ timeout: 30000 });
    await addProfile(browser, { name: "Finance laptop", user, password: "pw-fin" });
    await signIn(browser, "Finance laptop");
    const shown = [];
    for (const s of sections) {
      if (await byTestId(browser, `nav-${s}`).isExisting()) shown.push(s);
    }
    assert.deepEqual(shown, ["home", "billing"]);
    await byTestId(browser, "nav-billing").click();
    await byTestId(browser, "screen-billing").waitForDisplayed({ timeout: 5000 });
    await shot(browser, "09-finance-only");
    await byTestId(browser, "sign-out").click();
    await byTestId(browser, "signin-screen").waitForDisplayed({ timeout: 10000 });
  } finally {
    await browser.deleteSession();
  }
});
