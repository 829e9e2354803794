// The e2e harness: starts tauri-driver (which starts WebKitWebDriver and the real app),
// opens a WebDriver session on the app, and saves screenshots under target/e2e/.
// The calling script (scripts/e2e) provides the display (Xvfb), a private D-Bus session with
// an unlocked GNOME Keyring, and temporary HOME/XDG folders.
import { spawn, execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createServer } from "node:net";
import { remote } from "webdriverio";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, "../../..");
export const app = process.env.DESK_APP ?? path.join(repo, "target/debug/penguin-desk");
export const sandbox = process.env.DESK_SANDBOX ?? path.join(repo, "target/debug/desk-sandbox");
export const shots = process.env.DESK_E2E_DIR ?? path.join(repo, "target/e2e");
const pgUrl = process.env.DESK_TEST_PG ?? "postgres://postgres@127.0.0.1:5432/test";

mkdirSync(shots, { recursive: true });

let driver;
let driverPort;

/** A free TCP port on loopback. */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts tauri-driver once for the whole run, on free ports. `env` overrides the environment
 * the driver, and so the app it starts, sees (e.g. no D-Bus session: no keychain).
 */
export async function startDriver(env = {}) {
  if (driver) return;
  driverPort = await freePort();
  const nativePort = await freePort();
  driver = spawn("tauri-driver", ["--port", String(driverPort), "--native-port", String(nativePort)], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, ...env },
  });
  driver.on("exit", (code) => {
    if (code !== null && code !== 0) console.error(`tauri-driver exited with ${code}`);
  });
  process.on("exit", () => driver?.kill());
  // Wait until it listens.
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${driverPort}/status`);
      if (r.ok || r.status < 500) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`tauri-driver did not start listening on 127.0.0.1:${driverPort}`);
}

export function stopDriver() {
  driver?.kill();
  driver = undefined;
}

/**
 * Opens the real app window; returns the WebDriver browser object. `application` is the binary
 * to start (the build's, unless a test starts another: the packaging test's unpacked .deb).
 */
export async function launchApp(env = {}, application = app) {
  await startDriver(env);
  return remote({
    hostname: "127.0.0.1",
    port: driverPort,
    logLevel: "warn",
    connectionRetryCount: 2,
    capabilities: { "tauri:options": { application } },
  });
}

/** Saves a screenshot of the window as target/e2e/<name>.png. */
export async function shot(browser, name) {
  await browser.pause(250); // let transitions settle
  await browser.saveScreenshot(path.join(shots, `${name}.png`));
}

/** Runs SQL as the machine's PostgreSQL superuser. */
export function psql(sql) {
  return execFileSync("psql", [pgUrl, "-v", "ON_ERROR_STOP=1", "-qAtc", sql], {
    encoding: "utf8",
  }).trim();
}

/**
 * Creates a fresh platform database and applies the platform migrations to it with the
 * operator's command (`desk-sandbox migrate`); returns its name.
 */
export function createPlatformDb() {
  const name = `desk_e2e_${Math.random().toString(36).slice(2, 10)}`;
  psql(`CREATE DATABASE ${name}`);
  const url = pgUrl.replace(/\/[^/]*$/, `/${name}`);
  execFileSync(sandbox, ["migrate", "--database-url", url], { stdio: "inherit" });
  return name;
}

/** Drops a database made by createPlatformDb. */
export function dropPlatformDb(name) {
  psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/** Creates a fresh login with a password, member of the given desk roles. */
export function createLogin(prefix, password, roles) {
  for (const r of ["desk_admin", "desk_finance", "desk_cs", "desk_ops", "desk_security"]) {
    psql(
      `DO $$ BEGIN CREATE ROLE ${r} NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`,
    );
  }
  const name = `${prefix}_${Math.random().toString(36).slice(2, 10)}`;
  psql(`CREATE ROLE ${name} LOGIN PASSWORD '${password}'`);
  for (const r of roles) psql(`GRANT ${r} TO ${name}`);
  return name;
}

/** Finds an element by data-testid. */
export function byTestId(browser, id) {
  return browser.$(`[data-testid="${id}"]`);
}

/** Runs SQL as the superuser of the sandbox in `dir` (port and password from its state file). */
export function sandboxSql(dir, sql) {
  const state = JSON.parse(readFileSync(path.join(dir, "sandbox.json"), "utf8"));
  const url = `postgres://postgres:${encodeURIComponent(state.superuser_password)}@127.0.0.1:${state.port}/platform`;
  return execFileSync("psql", [url, "-v", "ON_ERROR_STOP=1", "-qAtF", "\t", "-c", sql], { encoding: "utf8" }).trim();
}

/** A SQL string literal. */
export const quote = (s) => `'${s.replace(/'/g, "''")}'`;

/** The first element with this test id whose text includes `text` (`*=` may match another). */
export async function withText(browser, testId, text) {
  for (const el of await browser.$$(`[data-testid="${testId}"]`)) {
    if ((await el.getText()).includes(text)) return el;
  }
  return null;
}

/**
 * The folders of a spec that runs the app against its own sandbox: a base folder named after
 * the spec, the sandbox's folder in it, and the app's own config, data and cache folders, so
 * the spec neither sees nor leaves profiles, sessions or local copies for the others. `run`
 * runs the sandbox command with the app's folders.
 */
export function sandboxSpec(name) {
  const base = path.join(process.env.XDG_DATA_HOME ?? "/tmp", `penguin-desk-${name}-e2e`);
  const appEnv = {
    XDG_CONFIG_HOME: path.join(base, "config"),
    XDG_DATA_HOME: path.join(base, "data"),
    XDG_CACHE_HOME: path.join(base, "cache"),
  };
  for (const d of [base, ...Object.values(appEnv)]) mkdirSync(d, { recursive: true, mode: 0o755 });
  const run = (...args) => execFileSync(sandbox, args, { stdio: "inherit", env: { ...process.env, ...appEnv } });
  const dir = path.join(base, "sandbox");
  /** Stops the driver and the sandbox (for `after`). */
  const stop = () => {
    stopDriver();
    try {
      run("stop", "--dir", dir);
    } catch {
      /* already stopped */
    }
  };
  return { base, dir, appEnv, run, stop };
}

/** Replaces what a controlled input holds: a WebDriver clear can be undone by the next
 * render, so select it all, delete it and type until the field holds `value`. */
export async function replaceValue(browser, field, value) {
  await browser.waitUntil(
    async () => {
      await field.click();
      await browser.keys(["Control", "a"]);
      await browser.keys("Backspace");
      if ((await field.getValue()) !== "") return false;
      await field.addValue(value);
      return (await field.getValue()) === value;
    },
    { timeout: 10000, timeoutMsg: `the field never held ${value}` },
  );
}

/** Signs in with the sandbox profile named `profileName` (written by `start --write-profiles`),
 * waits for `landing` (a test id), for the desk to be online and for the first sync to end. */
export async function signInToSandbox(browser, profileName, landing) {
  await byTestId(browser, "signin-screen").waitForDisplayed({ timeout: 30000 });
  let profile = null;
  await browser.waitUntil(async () => (profile = await withText(browser, "profile-row", profileName)) !== null, {
    timeout: 10000,
    timeoutMsg: `no ${profileName} profile to sign in with`,
  });
  await profile.click();
  await byTestId(browser, "signin-submit").click();
  await byTestId(browser, landing).waitForDisplayed({ timeout: 30000 });
  await browser.waitUntil(
    async () => (await byTestId(browser, "status-connection").getAttribute("data-connection")) === "online",
    { timeout: 60000, timeoutMsg: "the desk never came online" },
  );
  await browser.waitUntil(async () => !(await byTestId(browser, "status-syncing").isExisting()), {
    timeout: 180000,
    timeoutMsg: "the first sync never finished",
  });
}
