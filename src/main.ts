/** The `lantern` command line: serve, migrate, seed-demo, user add (and the modules' own commands). */
import { Command } from "commander";
import { registerAlarmsCommands } from "./alarms/cli.ts";
import { AlarmReceiver } from "./alarms/receiver.ts";
import { type AppContext, createContext } from "./context.ts";
import { DEMO_PASSWORD, demoAccounts, seedDemo } from "./demo/city.ts";
import { registerDemoCityCommands } from "./demo/hangzhou-cli.ts";
import { seedReference } from "./demo/reference.ts";
import { startSimulator } from "./demo/simulator.ts";
import { startClocks } from "./dispatch/clocks.ts";
import { warmTravelTimes } from "./dispatch/units.ts";
import { registerGeoCommands } from "./geo/cli.ts";
import { registerGovernanceCommands } from "./governance/cli.ts";
import { DEMO_OPEN311_KEY, seedGovernanceDemo } from "./governance/demo.ts";
import { startGovernance } from "./governance/start.ts";
import { seedInterceptDemo } from "./intercept/demo.ts";
import { registerUserCommands } from "./org/cli.ts";
import { auditKey, startAuditCheckpoints } from "./platform/audit-checkpoints.ts";
import { registerAuditCommands } from "./platform/audit-cli.ts";
import { bridgeToNats } from "./platform/bus-nats.ts";
import { loadConfig } from "./platform/config.ts";
import { buildServer } from "./server.ts";
import { registerSitesCommands } from "./sites/cli.ts";
import { handleDc09Signal } from "./sites/dc09.ts";
import { startSiteIngestion } from "./sites/ingestion.ts";
import { dc09AccountLookup } from "./sites/signals.ts";
import { loadRoadNetwork } from "./travel.ts";
import { registerTriageCommands } from "./triage/cli.ts";

const program = new Command("lantern").description("Lantern (万家灯火): public-safety command platform").showHelpAfterError();

async function open(): Promise<AppContext> {
  return createContext(loadConfig());
}

program
  .command("serve")
  .description("start the API, the live stream and the web console")
  .option("--demo", "seed the demo city on first start and print the demo accounts")
  .option(
    "--simulate",
    "keep generating calls in a realistic mix (police, town-centre work orders, 12345, invalid) and working them to the follow-up (implies --demo)",
  )
  .option("--port <port>", "port to listen on (default: $PORT or 8110)")
  .option("--host <host>", "address to bind (default: $HOST or 127.0.0.1)")
  .option("--graph <file>", "road graph (.lgr) for travel times; default: the demo city's generated network")
  .option("--no-roads", "use straight-line travel estimates instead of a road graph")
  .action(async (opts) => {
    const started = Date.now();
    const config = loadConfig(undefined, {
      ...(opts.port ? { port: Number(opts.port) } : {}),
      ...(opts.host ? { host: opts.host } : {}),
      ...(opts.graph ? { graphFile: opts.graph } : {}),
    });
    const ctx = await createContext(config);
    const demo = opts.demo || opts.simulate;
    if (demo) {
      await seedDemo(ctx);
      await seedGovernanceDemo(ctx);
    } else await seedReference(ctx);
    if (opts.roads !== false) loadRoadNetwork(ctx, (msg) => console.log(msg));
    // The demo's rings and checkpoints sit where the generated roads cross them.
    if (demo) await seedInterceptDemo(ctx);
    await warmTravelTimes(ctx);
    const bridge = config.natsUrl ? await bridgeToNats(ctx.bus, config.natsUrl) : null;
    const app = await buildServer(ctx, { logger: true });
    await app.listen({ port: config.port, host: config.host });
    startClocks(ctx);
    startGovernance(ctx);
    // Signed audit checkpoints, to a file and to this log (the key is never in the database).
    console.log(`audit checkpoints signed with ${auditKey(config).source}`);
    const stopCheckpoints = startAuditCheckpoints(ctx.db, config, (line) => console.log(line));
    // Site devices over MQTT (the embedded broker unless MQTT_URL names one) and alarm panels
    // over SIA DC-09 (DC09_PORT, TCP and UDP; 17010 in the demo).
    const sites = await startSiteIngestion(ctx, {
      mqttUrl: config.mqtt.url ?? undefined,
      // Unset: an id generated for this process; set one per process to keep its session across restarts.
      clientId: config.mqtt.clientId ?? undefined,
    });
    const dc09Port = config.dc09.port ?? (demo ? 17010 : null);
    const receiver =
      dc09Port === null
        ? null
        : new AlarmReceiver({
            lookupAccount: await dc09AccountLookup(ctx),
            onSignal: (signal) => handleDc09Signal(ctx, signal).then(() => {}),
            host: config.host,
            tcpPort: dc09Port,
            udpPort: dc09Port,
            // DC09_MAX_CONNECTIONS, DC09_MAX_CONNECTIONS_PER_SOURCE, DC09_FIRST_FRAME_TIMEOUT_MS, DC09_IDLE_TIMEOUT_MS
            ...config.dc09.limits,
          });
    await receiver?.start();
    if (opts.simulate) startSimulator(ctx);
    const url = `http://${config.host === "0.0.0.0" ? "127.0.0.1" : config.host}:${config.port}`;
    console.log(`\nLantern 万家灯火 is running (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    console.log(`  console:  ${url}/`);
    console.log(`  API docs: ${url}/docs   health: ${url}/healthz`);
    console.log(`  database: ${ctx.backend} (${ctx.dbWhere})   travel times: ${ctx.travel.method}`);
    console.log(`  event bus: ${bridge ? `in-process + NATS (${config.natsUrl})` : "in-process"}`);
    console.log(
      `  site devices (MQTT): ${sites.brokerUrl}   alarm panels (SIA DC-09): ${dc09Port ? `tcp+udp ${config.host}:${dc09Port}` : "off"}`,
    );
    if (demo) {
      console.log(`\nDemo accounts (password for all: ${DEMO_PASSWORD}):`);
      for (const a of demoAccounts()) console.log(`  ${a.username.padEnd(18)} ${a.role.padEnd(18)} ${a.note}`);
      console.log("  officer-<unit>      officer            one per unit, e.g. officer-kaixuan-p1");
      console.log("  town-<code>         town_dispatcher    a town governance centre, e.g. town-330102001");
      console.log("  worker-<code>-grid  field_worker       grid worker (also -cm city management) in the first towns");
      console.log("  followup            followup_caller    satisfaction call-backs");
      console.log(`  Open311 api_key: ${DEMO_OPEN311_KEY}`);
    }
    const stop = async () => {
      stopCheckpoints();
      await app.close();
      await receiver?.stop();
      await sites.stop();
      await bridge?.close();
      await ctx.db.destroy();
      process.exit(0);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });

program
  .command("migrate")
  .description("create or upgrade the database schema ($DATABASE_URL, or SQLite under $DATA_DIR)")
  .action(async () => {
    const ctx = await open();
    await seedReference(ctx);
    console.log(`migrated ${ctx.backend} (${ctx.dbWhere})`);
    await ctx.db.destroy();
  });

program
  .command("seed-demo")
  .description("load the demo city (districts, stations, zones, units, users, response plans)")
  .action(async () => {
    const ctx = await open();
    const accounts = await seedDemo(ctx);
    await seedGovernanceDemo(ctx);
    console.log(`demo city ready in ${ctx.backend} (${ctx.dbWhere}); ${accounts.length} accounts, password ${DEMO_PASSWORD}`);
    await ctx.db.destroy();
  });

registerUserCommands(program);
registerTriageCommands(program);
registerAlarmsCommands(program);
registerGeoCommands(program);
registerDemoCityCommands(program);
registerSitesCommands(program);
registerGovernanceCommands(program);
registerAuditCommands(program, open);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  // Import, route and the other commands raise typed errors with a readable message (a corrupt
  // graph file, a CSV line with an unknown node): show the message, not a stack.
  console.error(`lantern: ${(err as Error).message}`);
  process.exitCode = 1;
}
