/**
 * The audit chain notices the loss of its newest rows: it is checked against `audit_head`, and
 * against signed checkpoints kept outside the database, which a database user cannot rewrite. Each
 * case tampers with the tables by direct SQL, as someone with database access would.
 */
import { spawnSync } from "node:child_process";
import { appendFileSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { createContext } from "../src/context.ts";
import { appendAudit } from "../src/platform/audit.ts";
import { checkpointFileOf, keyFileOf, verifyAudit, writeAuditCheckpoint } from "../src/platform/audit-checkpoints.ts";
import { backends, type Lantern, startLantern } from "./harness.ts";

const cli = join(dirname(fileURLToPath(import.meta.url)), "..", "bin", "lantern.js");

describe.each(backends)("the audit chain on %s", (backend) => {
  let l: Lantern | null = null;
  afterEach(async () => {
    await l?.close();
    l = null;
  });

  /** A server with `n` audited reads of a caller's number, and the auditor's API. */
  async function withAuditedReads(n: number) {
    l = await startLantern(backend);
    const dispatcher = l.api(await l.login("dispatcher"));
    const auditor = l.api(await l.login("auditor"));
    const created = await dispatcher("POST", "/api/v1/incidents", {
      channel: "call_110",
      categoryCode: "help.medical",
      caller: { name: "张三", phone: "13912345678" },
      location: { lat: 30.3, lon: 120.2 },
    });
    expect(created.status).toBe(201);
    const read = async (k: number) => {
      for (let i = 0; i < k; i++) {
        const r = await dispatcher("GET", `/api/v1/incidents/${created.body.id}/caller?reason=${encodeURIComponent(`核实地址 ${i}`)}`);
        expect(r.status).toBe(200);
      }
    };
    await read(n);
    return { lantern: l, auditor, read };
  }

  const seqs = async (lantern: Lantern) =>
    (await lantern.ctx.db.selectFrom("audit_log").select("seq").orderBy("seq").execute()).map((r) => Number(r.seq));

  it("reports the newest rows deleted, whether or not they had been verified before", async () => {
    const { lantern, auditor } = await withAuditedReads(4);
    expect((await auditor("GET", "/api/v1/audit")).body.chain).toEqual({ intact: true, brokenAt: null });
    const all = await seqs(lantern);
    await lantern.ctx.db.deleteFrom("audit_log").where("seq", ">", all[1]).execute();
    const after = await auditor("GET", "/api/v1/audit");
    expect(after.status).toBe(200);
    expect(after.body.chain.intact).toBe(false);
    expect(after.body.chain.brokenAt).toBe(all[2]);
    // A full re-verification, without the position this process had verified, sees it too: the head names a lost row.
    const full = await auditor("GET", "/api/v1/audit/verify?full=true");
    expect(full.status).toBe(200);
    expect(full.body.intact).toBe(false);
    expect(full.body.findings.map((f: { code: string }) => f.code)).toContain("audit_head_mismatch");
    expect(full.body.findings[0].titles.en).toContain(`row ${all[1]}`);
  });

  it("reports the loss of the head row", async () => {
    const { lantern, auditor } = await withAuditedReads(2);
    await lantern.ctx.db.deleteFrom("audit_head").execute();
    const after = await auditor("GET", "/api/v1/audit");
    expect(after.body.chain.intact).toBe(false);
    const full = await auditor("GET", "/api/v1/audit/verify?full=true");
    expect(full.body.findings.map((f: { code: string }) => f.code)).toEqual(["audit_head_missing"]);
    expect(full.body.findings[0].titles["zh-CN"]).toMatch(/链头/);
  });

  /** Signs a checkpoint of the chain as it is now, as the server does every few minutes. */
  async function checkpoint(lantern: Lantern) {
    const logged: string[] = [];
    const cp = await writeAuditCheckpoint(lantern.ctx.db, lantern.ctx.config, (line) => logged.push(line));
    expect(cp).not.toBeNull();
    // The same signed line is in the file and in the process log.
    const lines = readFileSync(checkpointFileOf(lantern.ctx.config), "utf8").trim().split("\n");
    expect(logged).toEqual([`audit checkpoint ${lines.at(-1)}`]);
    return cp!;
  }

  it("reports rows cut after a signed checkpoint even when head and rows were rewritten to agree", async () => {
    const { lantern, auditor } = await withAuditedReads(4);
    const cp = await checkpoint(lantern);
    const all = await seqs(lantern);
    expect(cp.seq).toBe(all.at(-1));
    // Key and checkpoints are readable by the server's user only.
    expect(statSync(keyFileOf(lantern.ctx.config)).mode & 0o777).toBe(0o600);
    expect(statSync(checkpointFileOf(lantern.ctx.config)).mode & 0o777).toBe(0o600);

    // Someone with database access drops the two newest rows and points the head at the last one left.
    const db = lantern.ctx.db;
    await db.deleteFrom("audit_log").where("seq", ">", all.at(-3)!).execute();
    const left = await db.selectFrom("audit_log").select("hash").where("seq", "=", all.at(-3)!).executeTakeFirstOrThrow();
    await db.updateTable("audit_head").set({ hash: left.hash }).where("id", "=", 1).execute();
    const full = await auditor("GET", "/api/v1/audit/verify?full=true");
    expect(full.body.intact).toBe(false);
    expect(full.body.findings.map((f: { code: string }) => f.code)).toEqual(["audit_rows_lost_after_checkpoint"]);
    expect(full.body.findings[0].titles.en).toContain(`Rows lost after checkpoint ${cp.seq}`);
    expect(full.body.brokenAt).toBe(all.at(-2));
    expect(full.body.checkpoint).toEqual(cp);

    // … and then appends a forged row through the chain's own code: links and head agree again.
    await db
      .transaction()
      .execute((tx) =>
        appendAudit(tx, { actorId: "x", action: "caller.read", subjectType: "incident", subjectId: "x", reason: "x", orgPath: "/hz/" }),
      );
    const forged = await auditor("GET", "/api/v1/audit/verify?full=true");
    expect(forged.body.findings.map((f: { code: string }) => f.code)).toEqual(["audit_checkpoint_mismatch"]);
    expect(forged.body.brokenAt).toBe(cp.seq);
    expect((await auditor("GET", "/api/v1/audit")).body.chain.intact).toBe(false);
  });

  it("reports a checkpoint with a bad signature and does not trust it", async () => {
    const { lantern, auditor } = await withAuditedReads(2);
    const cp = await checkpoint(lantern);
    // A line that claims more rows than there are, signed with the wrong key.
    const file = checkpointFileOf(lantern.ctx.config);
    appendFileSync(file, `${JSON.stringify({ seq: cp.seq + 50, hash: cp.hash, at: cp.at, mac: "0".repeat(64) })}\n`);
    const v = (await auditor("GET", "/api/v1/audit")).body.verification;
    expect(v.findings.map((f: { code: string }) => f.code)).toEqual(["audit_checkpoint_bad_signature"]);
    expect(v.findings[0].titles.en).toContain("line 2");
    expect(v.checkpoints).toEqual({ valid: 1, badSignature: 1 });
    expect(v.checkpoint).toEqual(cp);
    // The chain itself is intact: the forged checkpoint is not an anchor.
    expect(v.intact).toBe(true);
    // The CLI says the same, and fails.
    const env = { ...process.env, DATA_DIR: lantern.ctx.config.dataDir, DATABASE_URL: lantern.databaseUrl ?? "" };
    const run = spawnSync(process.execPath, [cli, "audit", "verify"], { env, encoding: "utf8" });
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout).toContain("audit chain intact (full)");
    expect(run.stdout).toContain("audit_checkpoint_bad_signature");
    const help = spawnSync(process.execPath, [cli, "audit", "verify", "--help"], { env, encoding: "utf8" });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("--incremental");
  });

  it("hashes only the rows added since the last verification, and all of them on request", async () => {
    const { lantern, auditor, read } = await withAuditedReads(3);
    const total = async () => (await seqs(lantern)).length;
    const first = (await auditor("GET", "/api/v1/audit")).body.verification;
    expect(first).toMatchObject({ intact: true, mode: "incremental", checkedRows: await total() });
    await read(2);
    expect((await auditor("GET", "/api/v1/audit")).body.verification.checkedRows).toBe(2);
    expect((await auditor("GET", "/api/v1/audit")).body.verification.checkedRows).toBe(0);
    const full = (await auditor("GET", "/api/v1/audit/verify?full=true")).body;
    expect(full).toMatchObject({ intact: true, mode: "full", checkedRows: await total() });

    // A process that starts later begins at the newest signed checkpoint, not at the first row.
    await checkpoint(lantern);
    await read(1);
    const later = await createContext(lantern.ctx.config);
    try {
      const v = await verifyAudit(later.db, later.config);
      expect(v).toMatchObject({ intact: true, mode: "incremental", checkedRows: 1 });
      expect(v.verifiedThrough.seq).toBe((await seqs(lantern)).at(-1));
    } finally {
      await later.db.destroy();
    }
  });
});
