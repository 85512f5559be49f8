/**
 * A crash never loses an accepted incident. A real server process takes a burst of creates and
 * is killed with SIGKILL in the middle; after a restart, every incident it answered 201 for is
 * there with its timeline.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { backends, freshPostgres } from "./harness.ts";

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

async function startProcess(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["bin/lantern.js", "serve", "--demo", "--no-roads", "--port", String(port)], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  // The server prints its URL once it listens: wait for that line, not for a fixed time.
  await new Promise<void>((resolve, reject) => {
    const check = () => (out.includes("is running") ? resolve() : undefined);
    child.stdout!.on("data", check);
    child.on("exit", (code) => reject(new Error(`server exited (${code}) before listening:\n${out}`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

async function login(url: string): Promise<string> {
  const r = await fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "dispatcher", password: "lantern-demo" }),
  });
  return ((await r.json()) as { token: string }).token;
}

describe.each(backends)("kill -9 during a burst of creates on %s", (backend) => {
  const dir = mkdtempSync(join(tmpdir(), "lantern-crash-"));
  let drop: (() => Promise<void>) | null = null;
  let running: ChildProcess | null = null;
  afterAll(async () => {
    running?.kill("SIGKILL");
    await drop?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps every incident that got a 201", async () => {
    const env: Record<string, string> = { DATA_DIR: dir, DATABASE_URL: "" };
    if (backend === "postgres") {
      const db = await freshPostgres();
      env.DATABASE_URL = db.url;
      drop = db.drop;
    }
    const first = await startProcess(env);
    running = first.child;
    const token = await login(first.url);
    const accepted: { id: string; number: string }[] = [];
    let killed = false;
    const worker = async (w: number) => {
      for (let i = 0; !killed; i++) {
        try {
          const r = await fetch(`${first.url}/api/v1/incidents`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "idempotency-key": `w${w}-${i}` },
            body: JSON.stringify({
              channel: "call_110",
              categoryCode: "alarm.theft",
              location: { lat: 30.21 + (i % 10) * 0.01, lon: 120.07 + w * 0.01 },
              narrative: `burst ${w}/${i}`,
            }),
          });
          if (r.status === 201) {
            const body = (await r.json()) as { id: string; number: string };
            accepted.push(body);
            if (accepted.length >= 60 && !killed) {
              killed = true;
              first.child.kill("SIGKILL");
            }
          }
        } catch {
          return; // the connection died with the server
        }
      }
    };
    const exited = new Promise((r) => first.child.on("exit", r));
    await Promise.all(Array.from({ length: 12 }, (_, w) => worker(w)));
    await exited;
    expect(killed).toBe(true);
    expect(accepted.length).toBeGreaterThanOrEqual(60);

    const second = await startProcess(env);
    running = second.child;
    const token2 = await login(second.url);
    const missing: string[] = [];
    for (const a of accepted) {
      const r = await fetch(`${second.url}/api/v1/incidents/${a.id}/timeline`, { headers: { authorization: `Bearer ${token2}` } });
      const events = r.status === 200 ? ((await r.json()) as { type: string; data: { number: string } }[]) : [];
      if (events[0]?.type !== "incident.created" || events[0].data.number !== a.number) missing.push(a.id);
    }
    expect(missing).toEqual([]);
    second.child.kill("SIGTERM");
    await new Promise((r) => second.child.on("exit", r));
    running = null;
  });
});
