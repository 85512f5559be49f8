import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createContext } from "../context.ts";
import { createOrg } from "../org/service.ts";
import { loadConfig } from "../platform/config.ts";
import { registerGovernanceCommands } from "./cli.ts";
import { hashApiKey } from "./open311/service.ts";

describe("lantern open311 key add / governance sweep", () => {
  const dir = mkdtempSync(join(tmpdir(), "lantern-gov-cli-"));
  const saved = process.env.DATA_DIR;
  const savedUrl = process.env.DATABASE_URL;

  beforeAll(async () => {
    process.env.DATA_DIR = dir;
    delete process.env.DATABASE_URL;
    const ctx = await createContext(loadConfig());
    await createOrg(ctx, { id: "hz", parentId: null, kind: "city", nameZh: "杭州市公安局", nameEn: "Hangzhou" });
    await ctx.db.destroy();
  });
  afterAll(() => {
    process.env.DATA_DIR = saved;
    if (savedUrl !== undefined) process.env.DATABASE_URL = savedUrl;
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async (...args: string[]) => {
    const out: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((m: string) => void out.push(m));
    const program = new Command("lantern").exitOverride();
    registerGovernanceCommands(program);
    try {
      await program.parseAsync(args, { from: "user" });
    } finally {
      spy.mockRestore();
    }
    return out.join("\n");
  };

  it("registers a client and stores only the key's hash", async () => {
    const out = await run("open311", "key", "add", "--client", "Citizen app", "--key", "a-sixteen-char-key!");
    expect(out).toContain("api_key: a-sixteen-char-key!");
    const ctx = await createContext(loadConfig());
    const row = await ctx.db.selectFrom("open311_api_keys").selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ key_hash: hashApiKey("a-sixteen-char-key!"), client_name: "Citizen app", active: 1 });
    await ctx.db.destroy();
  });

  it("refuses an unknown org and a short key, writing nothing", async () => {
    process.exitCode = 0;
    await run("open311", "key", "add", "--client", "x", "--org", "nowhere");
    expect(process.exitCode).toBe(1);
    process.exitCode = 0;
    await run("open311", "key", "add", "--client", "x", "--key", "short");
    expect(process.exitCode).toBe(1);
    process.exitCode = 0;
    const ctx = await createContext(loadConfig());
    const n = await ctx.db
      .selectFrom("open311_api_keys")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
    await ctx.db.destroy();
  });

  it("sweeps once", async () => {
    expect(await run("governance", "sweep")).toBe("warnings 0, escalations 0, follow-ups scheduled 0");
  });
});
