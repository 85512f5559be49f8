/**
 * `lantern open311 key add` (an Open311 client and its api_key) and `lantern governance sweep`
 * (one pass of the work-order timers and follow-up scheduling, for cron or a check by hand).
 */
import { randomBytes } from "node:crypto";
import type { Command } from "commander";
import { type AppContext, createContext } from "../context.ts";
import { seedReference } from "../demo/reference.ts";
import { createUser, getOrg } from "../org/service.ts";
import { loadConfig } from "../platform/config.ts";
import { Problem } from "../platform/problem.ts";
import { addApiKey, Open311Error } from "./open311/service.ts";
import { runGovernanceSweep } from "./start.ts";

type Action<A extends unknown[]> = (ctx: AppContext, ...args: A) => Promise<void>;

/** Opens the database, runs the action, closes it; errors print one line and exit 1. */
function withContext<A extends unknown[]>(name: string, action: Action<A>) {
  return async (...args: A) => {
    const ctx = await createContext(loadConfig());
    try {
      await seedReference(ctx);
      await action(ctx, ...args);
    } catch (e) {
      const msg =
        e instanceof Problem ? `${e.code} ${JSON.stringify(e.params)}` : e instanceof Open311Error ? e.description : (e as Error).message;
      process.stderr.write(`${name}: error: ${msg}\n`);
      process.exitCode = 1;
    } finally {
      await ctx.db.destroy();
    }
  };
}

export function registerGovernanceCommands(program: Command): void {
  const open311 = program.command("open311").description("the Open311 GeoReport v2 citizen channel");
  const key = open311.command("key").description("api keys of posting clients");
  key
    .command("add")
    .description("register a posting client: creates its account and prints its api_key once")
    .requiredOption("--client <name>", "the client's name, e.g. 'Citizen app'")
    .option("--org <orgId>", "org whose area the client may report in (its requests are created there)", "hz")
    .option("--key <key>", "use this api_key (at least 16 characters) instead of a random one")
    .addHelpText(
      "after",
      `
The client posts with api_key=<key>; only a hash of the key is stored, so keep the printed key.

Example:
  lantern open311 key add --client "市民 App" --org hz`,
    )
    .action(
      withContext("open311", async (ctx, o: { client: string; org: string; key?: string }) => {
        const org = await getOrg(ctx, o.org);
        // Checked before the account is created, so a refused key leaves nothing behind.
        if (o.key !== undefined && o.key.length < 16) throw new Error("--key must be at least 16 characters");
        const apiKey = o.key ?? randomBytes(24).toString("base64url");
        const slug = `open311-${randomBytes(4).toString("hex")}`;
        // The account is never signed into: a random password nobody knows.
        const user = await createUser(ctx, {
          username: slug,
          displayName: `Open311: ${o.client}`,
          password: randomBytes(24).toString("base64url"),
          role: "call_taker",
          orgId: org.id,
        });
        await addApiKey(ctx, { key: apiKey, clientName: o.client, userId: user.id });
        console.log(`client:  ${o.client}`);
        console.log(`account: ${slug} (call_taker in ${org.nameZh})`);
        console.log(`api_key: ${apiKey}`);
      }),
    );

  program
    .command("governance")
    .description("the non-police loop: town centres, work orders, follow-up calls")
    .command("sweep")
    .description("one pass: work-order timer warnings and escalations, and follow-up scheduling")
    .action(
      withContext("governance", async (ctx) => {
        process.stderr.write("governance: sweeping work-order timers and closed incidents…\n");
        const r = await runGovernanceSweep(ctx);
        console.log(`warnings ${r.warnings}, escalations ${r.escalations}, follow-ups scheduled ${r.followUpsScheduled}`);
      }),
    );
}
