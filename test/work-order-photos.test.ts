/**
 * On-scene photos of a work order, over a real socket on each storage back end: the worker
 * uploads the camera's bytes, attaches the photo to the first feedback, and anyone who may read
 * the order gets the same bytes back. Every refusal names its field and writes nothing.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_OPEN311_KEY, seedGovernanceDemo } from "../src/governance/demo.ts";
import { PHOTO_MAX_BYTES, sniffImageType } from "../src/governance/work-orders/photos.ts";
import { backends, type Lantern, startLantern } from "./harness.ts";
import { png } from "./png.ts";
import { townAt } from "./towns.ts";

describe("image signatures", () => {
  it("tells JPEG, PNG and WebP apart and refuses anything else", () => {
    expect(sniffImageType(png(2, 2))).toBe("image/png");
    expect(sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe("image/jpeg");
    expect(sniffImageType(Buffer.from("RIFF\x10\0\0\0WEBPVP8 ", "latin1"))).toBe("image/webp");
    expect(sniffImageType(Buffer.from("RIFF\x10\0\0\0WAVEfmt ", "latin1"))).toBeNull();
    expect(sniffImageType(Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>"))).toBeNull();
    expect(sniffImageType(Buffer.alloc(0))).toBeNull();
  });

  it("names a type only when the file starts with that type's signature, whatever else the bytes are", () => {
    const starts = { "image/jpeg": [0xff, 0xd8, 0xff], "image/png": [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] };
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const t = sniffImageType(bytes);
        if (t === "image/jpeg" || t === "image/png") expect([...bytes.subarray(0, starts[t].length)]).toEqual(starts[t]);
        else if (t === "image/webp") expect(Buffer.from(bytes.subarray(8, 12)).toString("latin1")).toBe("WEBP");
        else expect(t).toBeNull();
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (tail) => {
        expect(sniffImageType(Buffer.concat([Buffer.from(starts["image/png"]), tail]))).toBe("image/png");
      }),
    );
  });
});

describe.each(backends)("work-order photos on %s", (backend) => {
  let l: Lantern;
  const tokens = new Map<string, string>();
  let order: { id: string; number: string };
  let townCode: string;
  const AT = { lat: 30.2558, lon: 120.1575 };

  const upload = (user: string, body: Buffer | string, type: string, id = order.id) =>
    fetch(`${l.url}/api/v1/work-orders/${id}/photos`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokens.get(user)}`, "content-type": type, "accept-language": "en" },
      body,
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
  const photoCount = async () =>
    Number(
      (
        await l.ctx.db
          .selectFrom("work_order_photos")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const as = (u: string) => l.api(tokens.get(u)!);

  beforeAll(async () => {
    l = await startLantern(backend);
    await seedGovernanceDemo(l.ctx, { centres: "staffed" });
    const admin = await l.login("admin");
    tokens.set("admin", admin);
    const towns = (await l.api(admin)("GET", "/api/v1/governance/towns")).body as {
      code: string;
      polygon: [number, number][][];
    }[];
    townCode = townAt(towns, AT).code;
    for (const u of [`town-${townCode}`, `worker-${townCode}-cm`, `worker-${townCode}-cm2`, "calltaker"]) tokens.set(u, await l.login(u));
    // A noise complaint through Open311 becomes an order in that town's queue.
    const form = new URLSearchParams({
      api_key: DEMO_OPEN311_KEY,
      service_code: "noise",
      lat: String(AT.lat),
      long: String(AT.lon),
      description: "夜间施工噪音",
      "attribute[NOISE_SOURCE]": "construction",
    });
    const posted = await fetch(`${l.url}/api/v1/open311/v2/requests.json`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
    });
    expect(posted.status).toBe(200);
    const q = await as(`town-${townCode}`)("GET", "/api/v1/work-orders?open=true");
    expect(q.body).toHaveLength(1);
    order = q.body[0];
    const me = await as(`worker-${townCode}-cm`)("GET", "/api/v1/me");
    const workerId = me.body.userId ?? me.body.user?.userId;
    const d = await as(`town-${townCode}`)("POST", `/api/v1/work-orders/${order.id}/dispatch`, { assigneeId: workerId });
    expect(d.status, JSON.stringify(d.body)).toBe(200);
  });
  afterAll(() => l?.close());

  it("refuses a photo before the worker has taken the order, and writes nothing", async () => {
    const r = await upload(`worker-${townCode}-cm`, png(4, 4), "image/png");
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ code: "photo_not_now", field: "status", allowed: ["taken", "on_scene", "handled", "feedback"] });
    expect(await photoCount()).toBe(0);
    expect((await as(`worker-${townCode}-cm`)("POST", `/api/v1/work-orders/${order.id}/take`)).status).toBe(200);
  });

  it("refuses bad uploads with the field named, and writes nothing", async () => {
    const w = `worker-${townCode}-cm`;
    const cases: [Buffer | string, string, number, string, string][] = [
      ["not an image", "text/plain", 415, "photo_type", "content-type"],
      ['{"photo":"x"}', "application/json", 415, "photo_type", "content-type"],
      [png(2, 2), "image/jpeg", 415, "photo_type_mismatch", "content-type"],
      ["<svg/>", "image/png", 415, "photo_type_mismatch", "content-type"],
      [Buffer.alloc(0), "image/png", 400, "photo_empty", "body"],
      [Buffer.concat([png(2, 2), Buffer.alloc(PHOTO_MAX_BYTES)]), "image/png", 413, "photo_too_large", "body"],
    ];
    for (const [body, type, status, code, field] of cases) {
      const r = await upload(w, body, type);
      expect(r.status, `${type} ${code}`).toBe(status);
      expect(r.body).toMatchObject({ code, field });
      expect(r.body.title ?? r.body.detail).toBeTruthy();
    }
    // Someone else's order: another worker of the same town is not its assignee.
    const other = await upload(`worker-${townCode}-cm2`, png(2, 2), "image/png");
    expect(other.status).toBe(403);
    // A police call-taker has no work permission at all.
    expect((await upload("calltaker", png(2, 2), "image/png")).status).toBe(403);
    expect((await upload(w, png(2, 2), "image/png", "no-such-order")).status).toBe(404);
    expect(await photoCount()).toBe(0);
  });

  it("stores the photo, attaches it to the first feedback and serves the same bytes to those who may read the order", async () => {
    const w = `worker-${townCode}-cm`;
    const bytes = png(64, 48);
    const up = await upload(w, bytes, "image/png");
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({
      contentType: "image/png",
      bytes: bytes.length,
      url: `/api/v1/work-orders/${order.id}/photos/${up.body.id}`,
    });
    expect(await photoCount()).toBe(1);

    // Feedback naming a photo of another order is refused, and the order does not move.
    expect((await as(w)("POST", `/api/v1/work-orders/${order.id}/on-scene`)).status).toBe(200);
    expect((await as(w)("POST", `/api/v1/work-orders/${order.id}/handled`, { note: "已协调停工" })).status).toBe(200);
    const wrong = await as(w)("POST", `/api/v1/work-orders/${order.id}/feedback`, { note: "x", photoId: "not-a-photo" });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({ code: "unknown_photo", field: "photoId" });
    expect((await as(w)("GET", `/api/v1/work-orders/${order.id}`)).body.status).toBe("handled");

    const fb = await as(w)("POST", `/api/v1/work-orders/${order.id}/feedback`, { note: "已反馈，附现场照片", photoId: up.body.id });
    expect(fb.status, JSON.stringify(fb.body)).toBe(200);
    expect(fb.body.notes).toMatchObject({ feedback: "已反馈，附现场照片", photoUrl: up.body.url });

    for (const reader of [w, `town-${townCode}`, "calltaker"]) {
      const got = await fetch(`${l.url}${up.body.url}`, { headers: { authorization: `Bearer ${tokens.get(reader)}` } });
      expect(got.status, reader).toBe(200);
      expect(got.headers.get("content-type")).toBe("image/png");
      expect(got.headers.get("x-content-type-options")).toBe("nosniff");
      expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);
    }
    // A worker not on the order may not see its photo; nobody without a session may.
    const denied = await fetch(`${l.url}${up.body.url}`, { headers: { authorization: `Bearer ${tokens.get(`worker-${townCode}-cm2`)}` } });
    expect(denied.status).toBe(403);
    expect((await fetch(`${l.url}${up.body.url}`)).status).toBe(401);

    const list = await as(`town-${townCode}`)("GET", `/api/v1/work-orders/${order.id}/photos`);
    expect(list.body.map((p: { id: string }) => p.id)).toEqual([up.body.id]);
    // The upload is on the order's timeline and on the police incident's.
    const tl = await as(`town-${townCode}`)("GET", `/api/v1/work-orders/${order.id}/timeline`);
    expect(tl.body.filter((e: { type: string }) => e.type === "workorder.photo_added")).toHaveLength(1);

    // Closed: the record is not amended afterwards.
    expect((await as(w)("POST", `/api/v1/work-orders/${order.id}/close`, { note: "办结" })).status).toBe(200);
    const late = await upload(w, png(2, 2), "image/png");
    expect(late.status).toBe(409);
    expect(await photoCount()).toBe(1);
  });
});
