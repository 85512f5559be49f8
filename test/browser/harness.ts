/**
 * Browser-test harness: builds the console once when web/dist is missing or older than its
 * sources, starts a real Lantern (SQLite in a temp dir, real socket on 127.0.0.1) that serves
 * it, and drives Debian's Chromium through playwright-core. Without the Chromium binary the
 * suites skip with one line.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { warmTravelTimes } from "../../src/dispatch/units.ts";
import { loadRoadNetwork } from "../../src/travel.ts";
import { type Lantern, startLantern } from "../harness.ts";

// Runs inside the page (page.evaluate), where the DOM exists.
declare const document: any;

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const chromiumPath = process.env.LANTERN_CHROMIUM ?? "/usr/bin/chromium";
export const hasChromium = existsSync(chromiumPath);
export const DEMO_PASSWORD = "lantern-demo";

export function skipLine(suite: string): void {
  if (!hasChromium) console.log(`${suite} skipped: no Chromium at ${chromiumPath} (apt-get install -y chromium, or set LANTERN_CHROMIUM).`);
}

const webDir = join(repoRoot, "web");
const distIndex = join(webDir, "dist", "index.html");

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

function webIsFresh(): boolean {
  if (!existsSync(distIndex)) return false;
  const sources = [join(webDir, "src"), join(webDir, "public"), join(webDir, "index.html"), join(webDir, "vite.config.ts")].filter(
    existsSync,
  );
  const newestSource = Math.max(...sources.map(newestMtime));
  return statSync(distIndex).mtimeMs >= newestSource;
}

/**
 * Builds web/dist with vite's build() unless it is fresh. Test files run in parallel processes,
 * so a lock directory makes the others wait for the one build instead of racing it.
 */
export async function ensureWebBuilt(): Promise<void> {
  if (webIsFresh()) return;
  const lock = join(repoRoot, "web", ".build-lock");
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another process is building; a lock older than 2 minutes is from a crashed run.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      if (webIsFresh()) return;
      if (Date.now() > deadline) throw new Error("timed out waiting for another process to build web/dist");
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (webIsFresh()) return;
    const { build } = await import("vite");
    const started = Date.now();
    // Vitest sets NODE_ENV=test, which vite would respect and so bundle React's slow development
    // build; the console under test must be the production build that `npm start` serves.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    try {
      await build({ configFile: join(webDir, "vite.config.ts"), mode: "production", logLevel: "warn" });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
    console.log(`built web/dist in ${Date.now() - started} ms`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

export interface ConsoleRig {
  lantern: Lantern;
  browser: Browser;
  url: string;
  close(): Promise<void>;
}

/**
 * A built console, a real server that serves it, and a browser. The server gets the demo city's
 * road network, as `lantern serve --demo` does: road ETAs, route lines and the road base map.
 */
export async function startRig(opts: { roads?: boolean } = {}): Promise<ConsoleRig> {
  await ensureWebBuilt();
  const lantern = await startLantern("sqlite");
  if (opts.roads !== false) {
    loadRoadNetwork(lantern.ctx, () => {});
    await warmTravelTimes(lantern.ctx);
  }
  const browser = await launchBrowser();
  return {
    lantern,
    browser,
    url: lantern.url,
    async close() {
      await browser.close().catch(() => {});
      await lantern.close();
    },
  };
}

/** Every request that does not go to the local server fails, as on a closed police network. */
export async function blockExternalNetwork(context: BrowserContext, blocked: string[] = []): Promise<void> {
  await context.route(
    (url) => url.hostname !== "127.0.0.1",
    (route) => {
      blocked.push(route.request().url());
      return route.abort("internetdisconnected");
    },
  );
}

export async function newContext(browser: Browser, opts: { lang?: "zh-CN" | "en"; phone?: boolean } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: opts.phone ? { width: 390, height: 844 } : { width: 1600, height: 900 },
    deviceScaleFactor: 1,
    locale: opts.lang ?? "zh-CN",
    timezoneId: "Asia/Shanghai",
    serviceWorkers: "block",
  });
  await blockExternalNetwork(context);
  return context;
}

/** Signs in through the form; returns the milliseconds from the click to the role's first screen. */
export async function signIn(page: Page, url: string, username: string, firstScreen: string): Promise<number> {
  await page.goto(url);
  await page.fill("input[name=username]", username);
  await page.fill("input[name=password]", DEMO_PASSWORD);
  const t0 = Date.now();
  await page.click("[data-testid=login-submit]");
  await page.waitForSelector(firstScreen, { timeout: 20_000 });
  return Date.now() - t0;
}

export async function setLanguage(page: Page, lang: "zh-CN" | "en"): Promise<void> {
  const now = await page.evaluate(() => document.documentElement.lang);
  if (now !== lang) await page.click("[data-testid=lang-switch]");
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

/**
 * Saves a screenshot to test-results/. With LANTERN_UPDATE_DOCS_IMG=1 it also refreshes the copy in
 * docs/img/ for the user documentation; otherwise a test run would leave every developer's tree dirty.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  const results = join(repoRoot, "test-results");
  mkdirSync(results, { recursive: true });
  const file = join(results, `${name}.png`);
  // A map in the picture should show its roads: wait for the road tiles, if there is a map.
  const map = page.locator("[data-testid=map]");
  if (await map.count())
    await page
      .locator("[data-testid=map][data-roads-drawn=true]")
      .first()
      .waitFor({ timeout: 10_000 })
      .catch(() => {});
  await page.screenshot({ path: file });
  if (process.env.LANTERN_UPDATE_DOCS_IMG === "1") {
    const docs = join(repoRoot, "docs", "img");
    mkdirSync(docs, { recursive: true });
    copyFileSync(file, join(docs, `${name}.png`));
  }
  return file;
}
