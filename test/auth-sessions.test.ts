/**
 * Sessions end when they should: at logout, when an administrator deactivates a user or revokes
 * their sessions, and the open WebSockets of those sessions close with them. Tokens travel in the
 * Authorization header; a query token opens only the WebSocket stream and is never echoed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { BusEvent } from "../src/platform/events.ts";
import { backends, type Lantern, startLantern } from "./harness.ts";

const PASSWORD = "lantern-demo";

/** Opens the live stream with the token in the query, as the console does; resolves at hello. */
function openStream(l: Lantern, token: string): Promise<{ ws: WebSocket; closed: Promise<number> }> {
  const ws = new WebSocket(`${l.url.replace("http", "ws")}/api/v1/stream?token=${encodeURIComponent(token)}`);
  const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    ws.on("error", reject);
    ws.on("message", (m) => JSON.parse(String(m)).kind === "hello" && resolve({ ws, closed }));
  });
}

/** Whether the socket closes within a bound (the close is pushed by the server, not polled). */
async function closesWithin(closed: Promise<number>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const result = await Promise.race([closed.then(() => true as const), timeout]);
  clearTimeout(timer);
  return result;
}

for (const backend of backends) {
  describe(`sessions end (${backend})`, () => {
    let l: Lantern;
    let admin: ReturnType<Lantern["api"]>;
    const ids = new Map<string, { id: string; orgPath: string }>();
    const ended: BusEvent[] = [];
    let stopListening: () => void = () => {};

    const newUser = async (username: string, orgId = "kaixuan", role = "call_taker") => {
      const r = await admin("POST", "/api/v1/users", { username, displayName: username, password: PASSWORD, role, orgId });
      expect(r.status).toBe(201);
      const org = await l.ctx.db.selectFrom("orgs").select("path").where("id", "=", orgId).executeTakeFirstOrThrow();
      ids.set(username, { id: r.body.id, orgPath: org.path });
      return r.body.id as string;
    };

    beforeAll(async () => {
      l = await startLantern(backend);
      admin = l.api(await l.login("admin"));
      stopListening = l.ctx.bus.subscribe((e) => e.type === "session.ended" && ended.push(e));
    });
    afterAll(async () => {
      stopListening();
      await l?.close();
    });

    it("refuses a session of a user who is no longer active", async () => {
      const id = await newUser("inactive-1");
      const token = await l.login("inactive-1");
      expect((await l.api(token)("GET", "/api/v1/me")).status).toBe(200);
      // Deactivated by any path (here the row itself): the session no longer authenticates.
      await l.ctx.db.updateTable("users").set({ active: 0 }).where("id", "=", id).execute();
      const r = await l.api(token)("GET", "/api/v1/me");
      expect(r.status).toBe(401);
      expect(r.body.code).toBe("unauthenticated");
    });

    it("deactivates a user: their sessions end and they cannot sign in until re-activated", async () => {
      const id = await newUser("leaver-1");
      const [t1, t2] = [await l.login("leaver-1"), await l.login("leaver-1")];
      const before = ended.length;
      const r = await admin("POST", `/api/v1/users/${id}/deactivate`);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ id, username: "leaver-1", active: false });
      for (const t of [t1, t2]) expect((await l.api(t)("GET", "/api/v1/me")).status).toBe(401);
      expect(await l.ctx.db.selectFrom("sessions").select("token_hash").where("user_id", "=", id).execute()).toEqual([]);
      const login = await l.api(null)("POST", "/api/v1/auth/login", { username: "leaver-1", password: PASSWORD });
      expect(login.status).toBe(401);
      expect(login.body.code).toBe("bad_credentials");
      // Announced after the commit, for the stream to close the user's sockets.
      expect(ended.slice(before)).toEqual([
        expect.objectContaining({
          seq: null,
          type: "session.ended",
          stream: "user",
          streamId: id,
          orgPath: ids.get("leaver-1")!.orgPath,
          data: { userId: id },
        }),
      ]);
      const activated = await admin("POST", `/api/v1/users/${id}/activate`);
      expect(activated.status).toBe(200);
      expect(activated.body).toMatchObject({ id, active: true });
      expect((await l.api(null)("POST", "/api/v1/auth/login", { username: "leaver-1", password: PASSWORD })).status).toBe(200);
      // The sessions ended at deactivation stay ended.
      expect((await l.api(t1)("GET", "/api/v1/me")).status).toBe(401);
    });

    it("revokes every session of one user and no one else's", async () => {
      const id = await newUser("revoked-1");
      const [t1, t2] = [await l.login("revoked-1"), await l.login("revoked-1")];
      const bystander = await l.login("calltaker");
      const before = ended.length;
      const r = await admin("DELETE", `/api/v1/users/${id}/sessions`);
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ sessionsEnded: 2 });
      for (const t of [t1, t2]) expect((await l.api(t)("GET", "/api/v1/me")).status).toBe(401);
      expect((await l.api(bystander)("GET", "/api/v1/me")).status).toBe(200);
      expect(ended.slice(before).map((e) => e.streamId)).toEqual([id]);
      // Revoking does not deactivate: the user signs in again.
      expect((await l.api(null)("POST", "/api/v1/auth/login", { username: "revoked-1", password: PASSWORD })).status).toBe(200);
    });

    it("limits deactivation and revocation to user:admin within the admin's org subtree", async () => {
      const target = await newUser("target-1", "beishan");
      await newUser("hubin-admin", "kaixuan", "admin");
      const stationAdmin = l.api(await l.login("hubin-admin"));
      for (const [method, path] of [
        ["POST", `/api/v1/users/${target}/deactivate`],
        ["POST", `/api/v1/users/${target}/activate`],
        ["DELETE", `/api/v1/users/${target}/sessions`],
        ["DELETE", `/api/v1/users/${target}/login-lock`],
      ] as const) {
        const out = await stationAdmin(method, path);
        expect(out.status).toBe(403);
        expect(out.body.code).toBe("out_of_scope");
      }
      const dispatcher = l.api(await l.login("dispatcher"));
      const forbidden = await dispatcher("POST", `/api/v1/users/${target}/deactivate`);
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.code).toBe("forbidden");
      expect((await admin("POST", "/api/v1/users/no-such-user/deactivate")).status).toBe(404);
      const inScope = await newUser("hubin-clerk", "kaixuan");
      expect((await stationAdmin("POST", `/api/v1/users/${inScope}/deactivate`)).status).toBe(200);
      // An administrator cannot lock themselves out.
      const self = await stationAdmin("POST", `/api/v1/users/${ids.get("hubin-admin")!.id}/deactivate`);
      expect(self.status).toBe(409);
      expect(self.body.field).toBe("id");
    });

    it("logout ends exactly the session it was authenticated with, and says so on the bus", async () => {
      const id = await newUser("leaving-1");
      const [mine, other] = [await l.login("leaving-1"), await l.login("leaving-1")];
      const before = ended.length;
      expect((await l.api(mine)("POST", "/api/v1/auth/logout")).status).toBe(204);
      expect((await l.api(mine)("GET", "/api/v1/me")).status).toBe(401);
      expect((await l.api(other)("GET", "/api/v1/me")).status).toBe(200);
      expect(ended.slice(before)).toEqual([expect.objectContaining({ type: "session.ended", streamId: id, actorId: id })]);
    });

    it("closes the open WebSocket of a session at logout, deactivation and revocation", async () => {
      // The stream closes a socket whose session no longer authenticates (platform/stream.ts).
      await newUser("streamer-1", "kaixuan", "dispatcher");
      const id = ids.get("streamer-1")!.id;
      const atLogout = await l.login("streamer-1");
      const s1 = await openStream(l, atLogout);
      expect((await l.api(atLogout)("POST", "/api/v1/auth/logout")).status).toBe(204);
      expect(await closesWithin(s1.closed, 5000)).toBe(true);

      const s2 = await openStream(l, await l.login("streamer-1"));
      expect((await admin("DELETE", `/api/v1/users/${id}/sessions`)).status).toBe(200);
      expect(await closesWithin(s2.closed, 5000)).toBe(true);

      const s3 = await openStream(l, await l.login("streamer-1"));
      expect((await admin("POST", `/api/v1/users/${id}/deactivate`)).status).toBe(200);
      expect(await closesWithin(s3.closed, 5000)).toBe(true);
    });
  });
}

describe("token handling", () => {
  let l: Lantern;
  let token: string;
  beforeAll(async () => {
    l = await startLantern("sqlite");
    token = await l.login("dispatcher");
  });
  afterAll(() => l?.close());

  it("takes no token from the query string on REST routes", async () => {
    const r = await l.api(null)("GET", `/api/v1/me?token=${token}`);
    expect(r.status).toBe(401);
    expect(r.body.code).toBe("unauthenticated");
    // A plain GET of the stream route (no upgrade) is a REST request too.
    expect((await l.api(null)("GET", `/api/v1/stream?token=${token}`)).status).toBe(401);
    // The header still works, and the WebSocket upgrade still takes ?token=.
    expect((await l.api(token)("GET", "/api/v1/me")).status).toBe(200);
    const s = await openStream(l, token);
    s.ws.close();
    await s.closed;
  });

  it("never echoes a token in an error", async () => {
    for (const r of [
      await l.api(null)("GET", `/api/v1/me?token=${token}`),
      await l.api(token)("GET", `/api/v1/incidents/nope?token=${token}&x=1`),
      await l.api(token)("GET", `/api/v1/no-such-route?token=${token}`),
    ]) {
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(JSON.stringify(r.body)).not.toContain(token);
    }
    const notFound = await l.api(token)("GET", `/api/v1/incidents/nope?token=${token}`);
    expect(notFound.body.instance).toBe("/api/v1/incidents/nope");
  });

  it("does not answer 204 to a logout it did not do", async () => {
    const t = await l.login("calltaker");
    const r = await l.api(null)("POST", `/api/v1/auth/logout?token=${t}`);
    expect(r.status).toBe(401);
    expect(JSON.stringify(r.body)).not.toContain(t);
    // Logging out with the header ends that very session.
    expect((await l.api(t)("POST", "/api/v1/auth/logout")).status).toBe(204);
    expect((await l.api(t)("GET", "/api/v1/me")).status).toBe(401);
  });
});
