import { test, after } from "node:test";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { launchApp, stopDriver, shot } from "../lib/harness.mjs";
const base = path.join(process.env.XDG_DATA_HOME ?? "/tmp", "dbg");
const appEnv = { XDG_CONFIG_HOME: path.join(base, "config"), XDG_DATA_HOME: path.join(base, "data"), XDG_CACHE_HOME: path.join(base, "cache") };
for (const d of [base, ...Object.values(appEnv)]) mkdirSync(d, { recursive: true });
after(() => stopDriver());
test("dbg", async () => {
  const browser = await launchApp(process.env.DBG_ENV ? appEnv : {});
  await browser.pause(15000);
  await shot(browser, "dbg");
  console.log((await browser.getPageSource()).slice(0, 3000));
  await browser.deleteSession();
});
