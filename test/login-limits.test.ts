/**
 * Guessing passwords: a per-account lock-out kept in the database (so every process sharing it
 * agrees), a per-address limit on POST /auth/login, both refused before any password is hashed,
 * and a bound on the scrypt computations that run at once.
 */
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashingStats } from "../src/org/password.ts";
import { backends, type Lantern, ManualClock, startLantern } from "./harness.ts";

const pgUrl = process.env.TEST_DATABASE_URL;
const WRONG = "not-the-password";
const RIGHT = "lantern-demo";

interface Answer {
  status: number;
  body: any;
  header(name: string): string | undefined;
}

/**
 * A sign-in attempt from a chosen loopback address (127.0.0.0/8 all reach the server), so each
 * test has its own per-address allowance and one test can show another address unaffected.
 */
function attempt(l: Lantern, username: string, password: string, opts: { from?: string; lang?: string } = {}): Promise<Answer> {
  const { port } = new URL(l.url);
  const body = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        localAddress: opts.from ?? "127.0.0.2",
        method: "POST",
        path: "/api/v1/auth/login",
        headers: { "content-type": "application/json", "accept-language": opts.lang ?? "zh-CN" },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (text += d));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            body: text ? JSON.parse(text) : null,
            header: (name) => [res.headers[name.toLowerCase()]].flat()[0],
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

function expectLocked(r: Answer, retryAfterS: number): void {
  expect(r.status).toBe(429);
  expect(r.body.code).toBe("login_locked");
  expect(Number(r.header("retry-after"))).toBe(retryAfterS);
  expect(r.body.retryAfterS).toBe(retryAfterS);
  expect(r.body.titles["zh-CN"]).toMatch(/锁定/);
  expect(r.body.titles.en).toMatch(/locked/);
}

for (const backend of backends) {
  describe(`per-account lock-out (${backend})`, () => {
    let l: Lantern;
    const clock = new ManualClock(Date.parse("2026-11-02T08:00:00.000Z"));
    beforeAll(async () => {
      l = await startLantern(backend, { clock });
    });
    afterAll(() => l?.close());

    it("locks an account after 5 failures in 15 minutes, refuses even the right password, and doubles the back-off", async () => {
      for (let i = 0; i < 4; i++) expect((await attempt(l, "analyst", WRONG)).status).toBe(401);
      // The fifth failure locks: 15 minutes.
      expectLocked(await attempt(l, "analyst", WRONG), 900);
      const hashed = hashingStats().completed;
      const right = await attempt(l, "analyst", RIGHT, { lang: "en" });
      expectLocked(right, 900);
      expect(right.body.title).toBe("Too many failed sign-ins: this account is locked for 15 more minutes");
      // Refused before any hashing: the lock-out costs the server nothing.
      expect(hashingStats().completed).toBe(hashed);
      clock.advance(600);
      expectLocked(await attempt(l, "analyst", RIGHT), 300);
      clock.advance(300);
      expect((await attempt(l, "analyst", RIGHT)).status).toBe(200);
      // A success resets the count and the back-off.
      for (let i = 0; i < 4; i++) expect((await attempt(l, "analyst", WRONG)).status).toBe(401);
      expectLocked(await attempt(l, "analyst", WRONG), 900);
      clock.advance(900);
      // Locked again straight after the first lock-out ended: the back-off doubles.
      for (let i = 0; i < 4; i++) expect((await attempt(l, "analyst", WRONG)).status).toBe(401);
      expectLocked(await attempt(l, "analyst", WRONG), 1800);
    });

    it("counts failures in a 15-minute window", async () => {
      const from = "127.0.0.3";
      for (let i = 0; i < 4; i++) expect((await attempt(l, "auditor", WRONG, { from })).status).toBe(401);
      clock.advance(15 * 60 + 1);
      for (let i = 0; i < 4; i++) expect((await attempt(l, "auditor", WRONG, { from })).status).toBe(401);
      expect((await attempt(l, "auditor", RIGHT, { from })).status).toBe(200);
    });

    it("locks an unknown user name the same way, so the lock-out does not tell which names exist", async () => {
      const from = "127.0.0.4";
      for (let i = 0; i < 4; i++) expect((await attempt(l, "nobody-here", WRONG, { from })).status).toBe(401);
      expectLocked(await attempt(l, "nobody-here", WRONG, { from }), 900);
    });

    it("lets an admin in scope clear a lock-out; others may not", async () => {
      const from = "127.0.0.5";
      for (let i = 0; i < 5; i++) await attempt(l, "commander-kaixuan", WRONG, { from });
      expect((await attempt(l, "commander-kaixuan", RIGHT, { from })).status).toBe(429);
      const admin = l.api(await l.login("admin"));
      const users = await l.ctx.db.selectFrom("users").select(["id", "username"]).execute();
      const id = users.find((u) => u.username === "commander-kaixuan")!.id;
      const dispatcher = l.api(await l.login("dispatcher"));
      const forbidden = await dispatcher("DELETE", `/api/v1/users/${id}/login-lock`);
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.code).toBe("forbidden");
      expect((await admin("DELETE", "/api/v1/users/no-such-user/login-lock")).status).toBe(404);
      expect((await admin("DELETE", `/api/v1/users/${id}/login-lock`)).status).toBe(204);
      expect((await attempt(l, "commander-kaixuan", RIGHT, { from })).status).toBe(200);
    });
  });
}

describe("per-address limit on POST /auth/login", () => {
  let l: Lantern;
  beforeAll(async () => {
    l = await startLantern("sqlite");
  });
  afterAll(() => l?.close());

  it("answers 30 attempts a minute from one address, then 429 with Retry-After, before hashing", async () => {
    // Different names each time, so no account lock-out is reached: only the address limit.
    const from = "127.0.0.6";
    for (let i = 0; i < 30; i++) expect((await attempt(l, `guess-${i}`, WRONG, { from })).status).toBe(401);
    const hashed = hashingStats().completed;
    const refused = await attempt(l, "dispatcher", RIGHT, { from });
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe("login_rate_limited");
    expect(refused.header("content-type")).toMatch(/application\/problem\+json/);
    const retryAfter = Number(refused.header("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.body.titles["zh-CN"]).toMatch(/频繁/);
    expect(refused.body.titles.en).toMatch(/Too many sign-in attempts/);
    expect(hashingStats().completed).toBe(hashed);
    // Another address still signs in.
    expect((await attempt(l, "dispatcher", RIGHT, { from: "127.0.0.7" })).status).toBe(200);
  });
});

describe.skipIf(!pgUrl)("lock-out across two processes sharing one database", () => {
  let a: Lantern;
  let b: Lantern;
  beforeAll(async () => {
    a = await startLantern("postgres");
    b = await startLantern("postgres", { seed: false, databaseUrl: a.databaseUrl! });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it("counts the failures of both processes, and both refuse the locked account", async () => {
    // Guesses in parallel, split over the two processes: at most 5 are ever checked.
    const hashed = hashingStats().completed;
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => attempt(i % 2 ? b : a, "dispatcher", WRONG, { from: `127.0.1.${i}` })),
    );
    expect(answers.filter((r) => r.status === 401).length).toBeLessThanOrEqual(4);
    expect(answers.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(8);
    // Both servers run in this test process and share the counter: at most 5 guesses were hashed.
    expect(hashingStats().completed - hashed).toBeLessThanOrEqual(5);
    for (const l of [a, b]) {
      const r = await attempt(l, "dispatcher", RIGHT);
      expect(r.status).toBe(429);
      expect(r.body.code).toBe("login_locked");
    }
  });
});
