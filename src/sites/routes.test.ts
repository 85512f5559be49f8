import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends, type Lantern, startLantern } from "../../test/harness.ts";

for (const backend of backends) {
  describe(`sites API (${backend})`, () => {
    let l: Lantern;
    let admin: ReturnType<Lantern["api"]>;
    beforeAll(async () => {
      l = await startLantern(backend);
      admin = l.api(await l.login("admin"));
    });
    afterAll(async () => l?.close());

    const hubinSite = {
      id: "api-hubin",
      name: "湖滨智安小区",
      type: "compound",
      location: { lat: 30.25, lon: 120.17, address: "上城区湖滨路2号" },
      contacts: [{ role: "guard", name: "赵保安", phone: "13812345678" }],
      escalation: { guardAckS: 180 },
    };

    it("creates sites in the right zone, masks contacts, and scopes reads by org", async () => {
      const r = await admin("POST", "/api/v1/sites", hubinSite);
      expect(r.status).toBe(201);
      expect(r.body.location.zoneId).toMatch(/^kaixuan-z/);
      expect(r.body.location.districtId).toBe("shangcheng");
      expect(r.body.contacts).toEqual([{ role: "guard", name: "赵**", phone: "*******5678", masked: true }]);
      expect(r.body.escalation).toMatchObject({ chain: ["guard", "grid_worker", "police"], guardAckS: 180 });
      const x = await admin("POST", "/api/v1/sites", {
        id: "api-xixi",
        name: "西溪智安校园",
        type: "campus",
        location: { lat: 30.3, lon: 120.1 },
      });
      expect(x.status).toBe(201);

      const sc = l.api(await l.login("dispatcher-sc"));
      const mine = await sc("GET", "/api/v1/sites");
      expect(mine.body.map((s: any) => s.id)).toContain("api-hubin");
      expect(mine.body.map((s: any) => s.id)).not.toContain("api-xixi");
      expect((await sc("GET", "/api/v1/sites/api-xixi")).status).toBe(403);
    });

    it("refuses writes without org:admin and bad input with the offending field", async () => {
      const analyst = l.api(await l.login("analyst"));
      expect((await analyst("POST", "/api/v1/sites", { ...hubinSite, id: "nope" })).status).toBe(403);
      const far = await admin("POST", "/api/v1/sites", { ...hubinSite, id: "far", location: { lat: 39.9, lon: 116.4 } });
      expect(far.status).toBe(422);
      expect(far.body.code).toBe("outside_city");
      const badType = await admin("POST", "/api/v1/sites", { ...hubinSite, id: "bad", type: "castle" });
      expect(badType.status).toBe(400);
      const dup = await admin("POST", "/api/v1/sites", hubinSite);
      expect(dup.status).toBe(409);
      const badId = await admin("POST", "/api/v1/sites", { ...hubinSite, id: "a/b" });
      expect(badId.status).toBe(400);
      expect(await l.ctx.db.selectFrom("sites").select("id").where("id", "in", ["nope", "far", "bad"]).execute()).toEqual([]);
    });

    it("reading the unmasked contacts needs a reason and is audited", async () => {
      expect((await admin("GET", "/api/v1/sites/api-hubin/contacts")).status).toBe(400);
      const r = await admin("GET", "/api/v1/sites/api-hubin/contacts?reason=alarm%20follow-up");
      expect(r.status).toBe(200);
      expect(r.body).toEqual([{ role: "guard", name: "赵保安", phone: "13812345678" }]);
      const audit = await l.ctx.db.selectFrom("audit_log").selectAll().where("action", "=", "site_contacts.read").execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ subject_id: "api-hubin", reason: "alarm follow-up" });
    });

    it("manages devices; the DC-09 key is never returned; online and offline lists answer", async () => {
      const d = await admin("POST", "/api/v1/sites/api-hubin/devices", {
        id: "api-panel",
        type: "alarm_panel",
        name: "1号岗报警主机",
        dc09Account: "c0ffee",
        dc09KeyHex: "000102030405060708090a0b0c0d0e0f",
        heartbeatS: 90,
      });
      expect(d.status).toBe(201);
      expect(d.body).toMatchObject({ dc09Account: "C0FFEE", dc09Encrypted: true, heartbeatS: 90, state: "normal" });
      expect(JSON.stringify(d.body)).not.toContain("0a0b0c0d");
      const notPanel = await admin("POST", "/api/v1/sites/api-hubin/devices", {
        id: "api-smoke",
        type: "smoke",
        name: "烟感",
        dc09Account: "ABC",
      });
      expect(notPanel.status).toBe(400);
      const smoke = await admin("POST", "/api/v1/sites/api-hubin/devices", {
        id: "api-smoke",
        type: "smoke",
        name: "烟感",
        location: "3幢2单元",
      });
      expect(smoke.status).toBe(201);
      const clash = await admin("POST", "/api/v1/sites/api-xixi/devices", {
        id: "api-panel2",
        type: "alarm_panel",
        name: "x",
        dc09Account: "C0FFEE",
      });
      expect(clash.status).toBe(409);
      const patched = await admin("PATCH", "/api/v1/sites/api-hubin/devices/api-smoke", { mode: "maintenance" });
      expect(patched.body.mode).toBe("maintenance");
      const list = await admin("GET", "/api/v1/sites/api-hubin/devices");
      expect(list.body.map((x: any) => x.id)).toEqual(["api-panel", "api-smoke"]);
      const online = await admin("GET", "/api/v1/site-online");
      // The smoke detector is in maintenance: left out of the rate. The panel was never heard: offline.
      expect(online.body.bySite.find((r: any) => r.groupId === "api-hubin")).toMatchObject({ devices: 1, online: 0, rate: 0 });
      const offline = await admin("GET", "/api/v1/site-online/offline");
      expect(offline.body.map((x: any) => x.deviceId)).toContain("api-panel");
      expect((await admin("DELETE", "/api/v1/sites/api-hubin/devices/api-smoke")).status).toBe(204);
      expect((await admin("GET", "/api/v1/sites/api-hubin/devices/api-smoke")).status).toBe(404);
    });
  });
}
