/**
 * A Chinese reader reads a refusal wholly in Chinese: the `validation` problem's reason comes in
 * both languages, and the English title stays as it was. The sweep at the end keeps it that way
 * for every refusal the services raise, including ones added later.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasNoun } from "../src/platform/messages.ts";
import { type ApiResponse, type Lantern, startLantern } from "./harness.ts";

const srcDir = join(dirname(fileURLToPath(import.meta.url)), "..", "src");

/** The refusal names the field, reads as before in English, and has no English words left in Chinese. */
function expectBilingual(r: ApiResponse, field: string, en: string): void {
  expect(r.status).toBe(400);
  expect(r.body).toMatchObject({ code: "validation", field });
  expect(r.body.titles.en).toBe(en);
  const zh: string = r.body.titles["zh-CN"];
  const prefix = `字段 ${field} 无效：`;
  expect(zh.startsWith(prefix)).toBe(true);
  const reason = zh.slice(prefix.length);
  expect(reason).toMatch(/[\u4e00-\u9fff]/);
  expect(/[A-Za-z]{3,}/.test(reason)).toBe(false);
}

describe("validation reasons in Chinese", () => {
  let l: Lantern;
  let dispatcher: string;
  let worker: string;
  let caller: string;
  let incidentId: string;

  beforeAll(async () => {
    l = await startLantern("sqlite");
    const admin = await l.login("admin");
    dispatcher = await l.login("dispatcher");
    const orgs = await l.api(admin)("GET", "/api/v1/orgs");
    const city = (orgs.body as { id: string; kind: string }[]).find((o) => o.kind === "city");
    expect(city).toBeDefined();
    const password = "zh-reasons-1";
    for (const [username, role] of [
      ["zh-worker", "field_worker"],
      ["zh-caller", "followup_caller"],
    ]) {
      const u = await l.api(admin)("POST", "/api/v1/users", { username, displayName: username, password, role, orgId: city!.id });
      expect(u.status).toBe(201);
    }
    [worker, caller] = await Promise.all([l.login("zh-worker", password), l.login("zh-caller", password)]);
    const inc = await l.api(dispatcher)("POST", "/api/v1/incidents", {
      channel: "call_110",
      categoryCode: "alarm.burglary",
      location: { lat: 30.255, lon: 120.17 },
    });
    expect(inc.status).toBe(201);
    incidentId = inc.body.id;
  });
  afterAll(() => l?.close());

  it("a latitude out of range", async () => {
    const body = await l.api(dispatcher)("POST", "/api/v1/incidents", {
      channel: "call_110",
      categoryCode: "alarm.theft",
      location: { lat: 95, lon: 120.17 },
    });
    expectBilingual(body, "location.lat", "Field location.lat is invalid: must be <= 90");
    const nearby = await l.api(dispatcher)("GET", "/api/v1/incidents/nearby?lat=95&lon=120.17");
    expectBilingual(nearby, "lat", "Field lat is invalid: latitude/longitude out of range");
    expect(nearby.body.titles["zh-CN"]).toBe("字段 lat 无效：纬度/经度超出范围");
  });

  it("an interception plan with no horizon", async () => {
    const r = await l.api(dispatcher)("POST", `/api/v1/incidents/${incidentId}/intercept-plan`, {
      minutesSinceFlight: 2,
      horizonMinutes: 0,
    });
    expectBilingual(r, "horizonMinutes", "Field horizonMinutes is invalid: must be more than 0 and at most 720 (12 h), got 0");
    expect(r.body.titles["zh-CN"]).toBe("字段 horizonMinutes 无效：必须大于 0 且不超过 720（12 小时），当前为 0");
  });

  it("a watch order that describes no one", async () => {
    const r = await l.api(dispatcher)("POST", `/api/v1/incidents/${incidentId}/watch-orders`, {
      description: "   ",
      reachable: { minutesSinceFlight: 2, horizonMinutes: 5 },
    });
    expectBilingual(r, "description", "Field description is invalid: describe the suspect or vehicle");
    expect(r.body.titles["zh-CN"]).toBe("字段 description 无效：请描述嫌疑人或车辆");
  });

  it("a work order declined without a reason", async () => {
    // Blank but long enough for the schema: the service's own check refuses it.
    const r = await l.api(worker)("POST", "/api/v1/work-orders/any-order/decline", { reason: "   " });
    expectBilingual(r, "reason", "Field reason is invalid: say why the order is declined");
  });

  it("a follow-up that is satisfied without reaching the caller", async () => {
    const r = await l.api(caller)("POST", "/api/v1/followups/any-follow-up", { reached: false, satisfied: true });
    expectBilingual(r, "satisfied", "Field satisfied is invalid: an unreached caller gives no satisfaction answer");
  });

  it("a conflict (a user name already taken) and a thing not found", async () => {
    const admin = await l.login("admin");
    const orgs = (await l.api(admin)("GET", "/api/v1/orgs")).body as { id: string; kind: string }[];
    const taken = await l.api(admin)("POST", "/api/v1/users", {
      username: "zh-worker",
      displayName: "x",
      password: "zh-reasons-2",
      role: "analyst",
      orgId: orgs.find((o) => o.kind === "city")!.id,
    });
    expect(taken.status).toBe(409);
    expect(taken.body.field).toBe("username");
    expect(taken.body.titles).toEqual({
      "zh-CN": "操作冲突：用户名 zh-worker 已被占用",
      en: "Conflicting change: user name zh-worker is taken",
    });
    const order = await l.api(worker)("GET", "/api/v1/work-orders/nope");
    expect(order.status).toBe(404);
    expect(order.body.titles).toEqual({ "zh-CN": "未找到工单：nope", en: "No work order with id nope" });
  });
});

/** The service sources: every .ts under src except tests. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [path] : [];
  });
}

/** Skips a string or template literal starting at `i`; returns the index after it. */
function skipLiteral(src: string, i: number): number {
  const quote = src[i];
  let j = i + 1;
  while (src[j] !== quote) {
    if (src[j] === "\\") j += 2;
    else if (quote === "`" && src.startsWith("${", j)) {
      let depth = 1;
      j += 2;
      while (depth > 0) {
        if (src[j] === "{") depth++;
        else if (src[j] === "}") depth--;
        j++;
      }
    } else j++;
  }
  return j + 1;
}

/** The top-level arguments of the call whose opening parenthesis ends just before `start`. */
function callArguments(src: string, start: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let from = start;
  for (let i = start; i < src.length; ) {
    const c = src[i];
    if (c === '"' || c === "'" || c === "`") {
      i = skipLiteral(src, i);
      continue;
    }
    if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) {
      if (depth === 0) {
        args.push(src.slice(from, i));
        return args.map((a) => a.trim()).filter(Boolean);
      }
      depth--;
    } else if (c === "," && depth === 0) {
      args.push(src.slice(from, i));
      from = i + 1;
    }
    i++;
  }
  throw new Error("unbalanced call");
}

describe("every validation refusal carries a Chinese reason", () => {
  const files = sources(srcDir).map((path) => ({ name: relative(srcDir, path), text: readFileSync(path, "utf8") }));

  it("problems.validation(field, reason, reasonZh)", () => {
    const calls: { at: string; args: string[] }[] = [];
    for (const f of files) {
      for (const m of f.text.matchAll(/problems\.validation\(/g)) {
        const line = f.text.slice(0, m.index).split("\n").length;
        calls.push({ at: `${f.name}:${line}`, args: callArguments(f.text, m.index + m[0].length) });
      }
    }
    // The sweep must see the calls (a broken parser would find none and pass).
    expect(calls.length).toBeGreaterThan(50);
    expect(calls.filter((c) => c.args.length !== 3).map((c) => `${c.at} ${c.args.join(", ")}`)).toEqual([]);
  });

  it("validation problems built by hand", () => {
    const missing: string[] = [];
    for (const f of files) {
      for (const m of f.text.matchAll(/new Problem\(\s*[^,]+,\s*"validation",\s*\{/g)) {
        const params = callArguments(f.text, m.index + m[0].length).join(", ");
        if (!/\breasonZh\b/.test(params)) missing.push(`${f.name}: ${params}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("every thing a refusal names (not found, out of scope, unknown code) has its Chinese name", () => {
    const nouns = new Set<string>();
    for (const f of files) {
      for (const m of f.text.matchAll(/problems\.(?:notFound|outOfScope)\(\s*"([^"]+)"/g)) nouns.add(m[1]);
      for (const m of f.text.matchAll(/problems\.unknownCode\(\s*[^,]+,\s*"([^"]+)"/g)) nouns.add(m[1]);
    }
    expect(nouns.size).toBeGreaterThan(20);
    expect([...nouns].filter((n) => !hasNoun(n))).toEqual([]);
  });
});
