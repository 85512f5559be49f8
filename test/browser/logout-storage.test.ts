/**
 * What the console leaves in the browser: the session token never goes to localStorage, and
 * after logout nothing personal is left in storage (the call draft with the caller's name and
 * phone, the token, notes). A second tab of the same browser shares the session while it lasts
 * and is signed out with the first.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConsoleRig, hasChromium, newContext, signIn, skipLine, startRig } from "./harness.ts";

// These run inside the page (page.evaluate), where the DOM exists.
declare const localStorage: any;
declare const sessionStorage: any;

skipLine("Browser logout-storage suite");

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 10_000, interval: 100 });

/** Every key and value the page's origin keeps in localStorage and sessionStorage. */
const storage = (page: Page) =>
  page.evaluate(() => {
    const dump = (s: any) => Object.fromEntries(Array.from({ length: s.length }, (_, i) => [s.key(i), s.getItem(s.key(i))]));
    return { local: dump(localStorage) as Record<string, string>, session: dump(sessionStorage) as Record<string, string> };
  });

const everything = (s: { local: Record<string, string>; session: Record<string, string> }) =>
  JSON.stringify([Object.entries(s.local), Object.entries(s.session)]);

describe.skipIf(!hasChromium)("logout leaves nothing personal in the browser", () => {
  let rig: ConsoleRig;
  beforeAll(async () => {
    rig = await startRig({ roads: false });
  });
  afterAll(() => rig?.close());

  it("keeps the token out of localStorage and clears the call draft and the session at logout", async () => {
    const context = await newContext(rig.browser);
    const page = await context.newPage();
    const loggedIn = page.waitForResponse((r) => r.url().endsWith("/api/v1/auth/login") && r.status() === 200);
    await signIn(page, rig.url, "calltaker", "[data-testid=call-form]");
    const token: string = (await (await loggedIn).json()).token;
    expect(token.length).toBeGreaterThan(20);

    const form = page.locator("[data-testid=call-form]");
    await form.locator("input[name=phone]").fill("13700008888");
    await form.locator("input[name=callerName]").fill("李秀英");
    await form.locator("textarea[name=narrative]").fill("邻居家里传出呼救声");
    // The half-typed call is kept, as before, so a crash loses nothing.
    await poll(async () => everything(await storage(page))).toContain("13700008888");
    expect(JSON.stringify((await storage(page)).local)).not.toContain(token);

    // A second tab of the same browser is signed in with the same session.
    const second = await context.newPage();
    await second.goto(rig.url);
    await second.locator("[data-testid=call-form]").waitFor({ timeout: 20_000 });

    await page.click("[data-testid=logout]");
    await page.locator("[data-testid=login-form]").waitFor();
    // The other tab is signed out with it, and its call form is gone.
    await second.locator("[data-testid=login-form]").waitFor({ timeout: 10_000 });
    for (const p of [page, second]) {
      const left = everything(await storage(p));
      for (const personal of [token, "13700008888", "李秀英", "邻居家里传出呼救声", "lantern.callDraft", "lantern.session"]) {
        expect(left).not.toContain(personal);
      }
    }
    // The session is over on the server too, and a reload does not sign back in.
    expect((await rig.lantern.api(token)("GET", "/api/v1/me")).status).toBe(401);
    await page.reload();
    await page.locator("[data-testid=login-form]").waitFor();
    expect(await page.locator("[data-testid=call-form]").count()).toBe(0);
    await context.close();
  });
});
