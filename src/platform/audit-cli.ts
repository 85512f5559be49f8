/** `lantern audit verify | checkpoint`: the audit chain from the command line, for operators and auditors. */
import type { Command } from "commander";
import type { Kysely } from "kysely";
import { auditKey, checkpointFileOf, verifyAudit, writeAuditCheckpoint } from "./audit-checkpoints.ts";
import type { Config } from "./config.ts";

/** The CLI opens the database the way every command does; platform code does not know the schema. */
type Open = () => Promise<{ db: Kysely<any>; config: Config }>;

export function registerAuditCommands(program: Command, open: Open): void {
  const audit = program.command("audit").description("the hash-chained audit trail and its signed checkpoints");
  audit
    .command("verify")
    .description(
      "verify the audit chain against its head and the newest signed checkpoint; re-hashes every row unless --incremental. " +
        "Exits 1 when anything is wrong.",
    )
    .option("--incremental", "start at the newest valid checkpoint instead of the first row")
    .option("--json", "print the whole report as JSON")
    .action(async (opts) => {
      const { db, config } = await open();
      try {
        const v = await verifyAudit(db, config, { full: !opts.incremental });
        if (opts.json) console.log(JSON.stringify(v, null, 2));
        else {
          console.log(
            `audit chain ${v.intact ? "intact" : "BROKEN"} (${v.mode}): ${v.checkedRows} rows hashed, verified through row ${v.verifiedThrough.seq}; ` +
              `checkpoints: ${v.checkpoints.valid} valid, ${v.checkpoints.badSignature} with a bad signature` +
              (v.checkpoint ? `, newest for row ${v.checkpoint.seq} (${v.checkpoint.at})` : ""),
          );
          for (const f of v.findings) console.log(`  ${f.code}: ${f.titles.en}\n    ${f.titles["zh-CN"]}`);
        }
        if (v.findings.length > 0) process.exitCode = 1;
      } finally {
        await db.destroy();
      }
    });
  audit
    .command("checkpoint")
    .description(`sign the verified head now and append it to the checkpoint file (the server does this every AUDIT_CHECKPOINT_S seconds)`)
    .action(async () => {
      const { db, config } = await open();
      try {
        console.log(`signing with ${auditKey(config).source}, appending to ${checkpointFileOf(config)}`);
        const cp = await writeAuditCheckpoint(db, config, (line) => console.log(line));
        if (!cp) console.log("no new checkpoint (the chain did not grow, or it is not intact)");
      } finally {
        await db.destroy();
      }
    });
}
