/**
 * The credential policy: what a new user's password must be (through the API and the CLI), and
 * how `lantern user add` takes the password without putting it on the command line.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext } from "../src/context.ts";
import { DEMO_PASSWORD } from "../src/demo/city.ts";
import { verifyPassword } from "../src/org/password.ts";
import { createOrg } from "../src/org/service.ts";
import { loadConfig } from "../src/platform/config.ts";
import { type Lantern, startLantern } from "./harness.ts";

describe("password policy for new users", () => {
  let l: Lantern;
  let admin: ReturnType<Lantern["api"]>;
  beforeAll(async () => {
    l = await startLantern("sqlite");
    admin = l.api(await l.login("admin"));
  });
  afterAll(() => l?.close());

  const add = (password: string, username = "zhang.wei", displayName = "张伟") =>
    admin("POST", "/api/v1/users", { username, displayName, password, role: "call_taker", orgId: "kaixuan" });

  it.each([
    ["eight letters", "aaaaaaaa"],
    ["nine characters", "kx7-pq2-m"],
    ["ten times one letter", "aaaaaaaaaa"],
    ["only whitespace", "            "],
    ["the user name itself", "zhang.wei"],
    ["the user name inside", "ZHANG.WEI-2026"],
    ["the display name inside", "我是张伟1234567"],
    ["a common password", "password123"],
    ["a common password, any case", "QwertyUIOP"],
    ["a digit run", "1234567890"],
    ["nine code points in 18 UTF-16 units", "🔒🌙🚓🏮🧭📟🛰🔦🗝"],
  ])("refuses %s", async (_what, password) => {
    const r = await add(password);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: "validation", field: "password" });
    expect(r.body.titles["zh-CN"]).toMatch(/^字段 password 无效：[^A-Za-z]*[\u4e00-\u9fff]/);
    expect(r.body.titles.en).toMatch(/^Field password is invalid: /);
    expect(await l.ctx.db.selectFrom("users").select("id").where("username", "=", "zhang.wei").execute()).toEqual([]);
  });

  it("says why in both languages", async () => {
    const r = await add("aaaaaaaa");
    expect(r.body.titles).toEqual({
      "zh-CN": "字段 password 无效：至少 10 个字符",
      en: "Field password is invalid: at least 10 characters",
    });
    const common = await add("iloveyou123");
    expect(common.body.titles.en).toBe("Field password is invalid: one of the most common passwords: choose another");
    expect(common.body.titles["zh-CN"]).toBe("字段 password 无效：属于最常见的密码，请换一个");
  });

  it("accepts a password that follows the rules, counted in code points", async () => {
    expect((await add("风雨无阻守护万家灯火", "li.na", "李娜")).status).toBe(201);
    expect((await add("tea-kettle-harbour", "wang.fang", "王芳")).status).toBe(201);
  });

  it("keeps the demo password valid for every demo account", async () => {
    const { passwordProblem } = await import("../src/org/password-policy.ts");
    const users = await l.ctx.db.selectFrom("users").select(["username", "display_name"]).execute();
    expect(users.length).toBeGreaterThan(5);
    for (const u of users) expect(passwordProblem(DEMO_PASSWORD, { username: u.username, displayName: u.display_name })).toBeNull();
  });
});

describe("lantern user add", () => {
  const dir = mkdtempSync(join(tmpdir(), "lantern-user-cli-"));
  const env = { ...process.env, DATA_DIR: dir, DATABASE_URL: "", LANG: "en_US.UTF-8" };

  /** Runs the real CLI in a child process; `input` goes to its stdin. */
  const cli = (args: string[], input = "", extraEnv: Record<string, string> = {}) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const child = spawn(process.execPath, ["bin/lantern.js", ...args], { env: { ...env, ...extraEnv } });
      let out = "";
      let err = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (err += d));
      child.on("close", (code) => resolve({ code, out, err }));
      child.stdin.end(input);
    });
  const base = ["user", "add", "--role", "call_taker", "--org", "hz"];

  beforeAll(async () => {
    const ctx = await createContext(loadConfig({ DATA_DIR: dir }));
    await createOrg(ctx, { id: "hz", parentId: null, kind: "city", nameZh: "杭州市公安局", nameEn: "Hangzhou" });
    await ctx.db.destroy();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const userRow = async (username: string) => {
    const ctx = await createContext(loadConfig({ DATA_DIR: dir }));
    try {
      return await ctx.db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirst();
    } finally {
      await ctx.db.destroy();
    }
  };

  it("refuses a password on the command line, where every process listing shows it", async () => {
    const r = await cli([...base, "--username", "cli-1", "--password", "tea-kettle-harbour"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--password/);
    expect(r.err).toMatch(/--password-stdin/);
    expect(await userRow("cli-1")).toBeUndefined();
  });

  it("reads the password from stdin with --password-stdin", async () => {
    const r = await cli([...base, "--username", "cli-2", "--password-stdin"], "tea-kettle-harbour\n");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/user cli-2 created/);
    const row = await userRow("cli-2");
    expect(row).toBeDefined();
    expect(await verifyPassword("tea-kettle-harbour", row!.password_hash)).toBe(true);
  });

  it("refuses a weak password", async () => {
    const weak = await cli([...base, "--username", "cli-3", "--password-stdin"], "aaaaaaaaaa\n");
    expect(weak.code).toBe(1);
    expect(weak.err).toMatch(/password.*not all one character/i);
    expect(await userRow("cli-3")).toBeUndefined();
  });

  it("refuses an empty user name", async () => {
    const empty = await cli([...base, "--username", "", "--password-stdin"], "tea-kettle-harbour\n");
    expect(empty.code).toBe(1);
    expect(empty.err).toMatch(/the user name must not be empty/);
    expect(await userRow("")).toBeUndefined();
  });

  it("refuses an unknown org and an unknown unit, in the reader's language", async () => {
    const stdin = "tea-kettle-harbour\n";
    const [org, unit, zh] = await Promise.all([
      cli(["user", "add", "--role", "call_taker", "--org", "nowhere", "--username", "cli-4", "--password-stdin"], stdin),
      cli([...base, "--username", "cli-5", "--unit", "no-such-unit", "--password-stdin"], stdin),
      cli([...base, "--username", "cli-6", "--unit", "no-such-unit", "--password-stdin"], stdin, { LANG: "zh_CN.UTF-8" }),
    ]);
    expect(org).toMatchObject({ code: 1 });
    expect(org.err).toMatch(/No organisation with id nowhere/);
    expect(unit).toMatchObject({ code: 1 });
    expect(unit.err).toMatch(/No unit with id no-such-unit/);
    expect(zh).toMatchObject({ code: 1 });
    expect(zh.err).toMatch(/未找到警力：no-such-unit/);
    for (const u of ["cli-4", "cli-5", "cli-6"]) expect(await userRow(u)).toBeUndefined();
  });

  it("prompts twice on a terminal without echoing the password", async () => {
    // util-linux `script` gives the CLI a real pseudo-terminal; what the terminal shows comes back.
    const command = ["node", "bin/lantern.js", ...base, "--username", "cli-tty"].map((a) => `'${a}'`).join(" ");
    const child = spawn("script", ["-q", "-e", "-c", command, "/dev/null"], { env });
    let screen = "";
    let seen: () => void = () => {};
    child.stdout.on("data", (d) => {
      screen += d;
      seen();
    });
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
    const shows = async (text: string) => {
      while (!screen.includes(text)) await new Promise<void>((r) => (seen = r));
    };
    await shows("Password: ");
    child.stdin.write("tea-kettle-harbour\r");
    await shows("Repeat the password: ");
    child.stdin.write("tea-kettle-harbour\r");
    await shows("created");
    child.stdin.end();
    expect(await closed).toBe(0);
    expect(screen).not.toContain("tea-kettle");
    const row = await userRow("cli-tty");
    expect(await verifyPassword("tea-kettle-harbour", row!.password_hash)).toBe(true);
  });

  it("without a terminal and without --password-stdin, says how to pass the password", async () => {
    const r = await cli([...base, "--username", "cli-7"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--password-stdin/);
  });

  it("describes the password options in --help", async () => {
    const r = await cli(["user", "add", "--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/--password-stdin/);
    expect(r.out).toMatch(/prompt/i);
    expect(r.out).not.toMatch(/--password <password>/);
  });
});
