/**
 * `lantern alarms decode|send|listen`: tools for commissioning alarm panels.
 *
 * - decode: explain one frame (what Lantern would answer and why).
 * - send: act as a panel and send one event to a receiver, printing the answer.
 * - listen: run a stand-alone receiver that prints every signal as a JSON line, to check a
 *   panel's configuration before it is connected to incidents.
 *
 * Summaries go to stdout, progress and diagnostics to stderr.
 */
import { createSocket } from "node:dgram";
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import type { Command } from "commander";
import { type AccountConfig, classify } from "./classify.ts";
import { encodeContactIdData } from "./contact-id.ts";
import { assertDc09Key } from "./dc09-crypto.ts";
import { buildDc09Frame } from "./dc09-frame.ts";
import { Dc09FrameScanner } from "./frame-scanner.ts";
import { AlarmReceiver } from "./receiver.ts";
import { encodeSiaData } from "./sia-dc03.ts";

const info = (m: string) => process.stderr.write(`${m}\n`);

/** Frames on the command line: `\n`, `\r` and `\xHH` escapes, or plain hex with --hex. */
export function frameFromArgument(text: string, hex: boolean): Buffer {
  if (hex) {
    if (!/^([0-9a-fA-F]{2})+$/.test(text)) throw new Error("--hex frame must be an even number of hex digits");
    return Buffer.from(text, "hex");
  }
  const unescaped = text.replace(/\\(n|r|x[0-9a-fA-F]{2})/g, (_m, e: string) =>
    e === "n" ? "\n" : e === "r" ? "\r" : String.fromCharCode(Number.parseInt(e.slice(1), 16)),
  );
  // Let people paste a frame without its LF/CR.
  const framed = unescaped.startsWith("\n") ? unescaped : `\n${unescaped}`;
  return Buffer.from(framed.endsWith("\r") ? framed : `${framed}\r`, "latin1");
}

/** A key given as ASCII text (what most panels ask for) or as hex with a `hex:` prefix. */
export function keyFromArgument(text: string | undefined): Buffer | null {
  if (!text) return null;
  const key = text.startsWith("hex:") ? Buffer.from(text.slice(4), "hex") : Buffer.from(text, "latin1");
  assertDc09Key(key);
  return key;
}

/** Reads `account[,key]` lines; `#` starts a comment. */
export function readAccountsFile(file: string): Map<string, AccountConfig> {
  const accounts = new Map<string, AccountConfig>();
  const lines = readFileSync(file, "utf8").split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === "" || line.startsWith("#")) continue;
    const [account, key] = line.split(",").map((s) => s.trim());
    if (!/^[0-9A-Fa-f]{3,16}$/.test(account))
      throw new Error(`${file}:${i + 1}: account must be 3-16 hex digits, got ${JSON.stringify(account)}`);
    try {
      accounts.set(account, { key: keyFromArgument(key) });
    } catch (e) {
      throw new Error(`${file}:${i + 1}: ${(e as Error).message}`);
    }
  }
  return accounts;
}

export interface SendOptions {
  host: string;
  port: number;
  udp: boolean;
  timeoutMs: number;
}

/** Sends one frame and resolves with the first answer frame, or null when none came in time. */
export function sendFrame(frame: Buffer, o: SendOptions): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    if (o.udp) {
      const s = createSocket(o.host.includes(":") ? "udp6" : "udp4");
      const timer = setTimeout(() => {
        s.close();
        resolve(null);
      }, o.timeoutMs);
      s.on("message", (m) => {
        clearTimeout(timer);
        s.close();
        resolve(m);
      });
      s.on("error", (e) => {
        clearTimeout(timer);
        s.close();
        reject(e);
      });
      s.send(frame, o.port, o.host);
      return;
    }
    const socket = connect(o.port, o.host);
    const scanner = new Dc09FrameScanner(4096);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(null);
    }, o.timeoutMs);
    socket.on("connect", () => socket.write(frame));
    socket.on("data", (chunk) => {
      const got = scanner.push(chunk).frames[0];
      if (got) {
        clearTimeout(timer);
        socket.end();
        resolve(got);
      }
    });
    socket.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

const show = (b: Buffer | null) => (b ? JSON.stringify(b.toString("latin1")) : "(no answer)");

export function registerAlarmsCommands(program: Command): void {
  const alarms = program.command("alarms").description("SIA DC-09 alarm receiver tools (decode, send a test event, listen)");

  alarms
    .command("decode <frame>")
    .description("explain one DC-09 frame: decoded signal or rejection, and the answer Lantern would send")
    .option("--hex", "the frame is given as hex bytes")
    .option("--key <key>", "account AES key as ASCII text, or hex:… (16, 24 or 32 bytes)")
    .option("--now <iso>", "receiver clock for the timestamp window (default: the frame's own timestamp, else now)")
    .action((frameArg: string, opts: { hex?: boolean; key?: string; now?: string }) => {
      const bytes = frameFromArgument(frameArg, !!opts.hex);
      const key = keyFromArgument(opts.key);
      let now = opts.now ? Date.parse(opts.now) : Number.NaN;
      if (opts.now && Number.isNaN(now)) throw new Error(`--now ${JSON.stringify(opts.now)} is not an ISO date`);
      if (Number.isNaN(now)) {
        const m = /_(\d\d):(\d\d):(\d\d),(\d\d)-(\d\d)-(\d{4})/.exec(bytes.toString("latin1"));
        now = m ? Date.UTC(+m[6], +m[4] - 1, +m[5], +m[1], +m[2], +m[3]) : Date.now();
      }
      const c = classify(bytes, now, () => ({ key }));
      const out =
        c.outcome === "reject"
          ? {
              outcome: c.outcome,
              reason: c.reason,
              detail: c.detail,
              answer: c.responseType,
              response: c.response?.toString("latin1") ?? null,
            }
          : { outcome: c.outcome, answer: c.responseType, response: c.response.toString("latin1"), signal: c.signal };
      console.log(JSON.stringify(out, null, 2));
    });

  alarms
    .command("send")
    .description("act as a panel: send one SIA or Contact ID event to a DC-09 receiver and print its answer")
    .requiredOption("--port <n>", "receiver port", (v) => Number(v))
    .option("--host <host>", "receiver host", "127.0.0.1")
    .option("--udp", "send over UDP instead of TCP")
    .requiredOption("--account <hex>", "account, 3-16 hex digits")
    .option("--code <SIA>", "SIA event code, e.g. BA burglary, FA fire, RX manual test", "RX")
    .option("--zone <n>", "zone or user number after the code", "0")
    .option("--area <n>", "area (ri modifier)")
    .option("--cid <QXYZ>", "send Contact ID instead, e.g. 1130 (new burglary); zone from --zone, partition from --area")
    .option("--null", "send a NULL link test instead of an event")
    .option("--key <key>", "encrypt with this AES key (ASCII text or hex:…)")
    .option("--seq <n>", "sequence number", "1")
    .option("--line <hex>", "account prefix (L)", "0")
    .option("--receiver <hex>", "receiver number (R)")
    .option("--timeout <ms>", "how long to wait for the answer", "5000")
    .action(async (o) => {
      const key = keyFromArgument(o.key);
      let token: "SIA-DCS" | "ADM-CID" | "NULL" = "SIA-DCS";
      let data = "";
      if (o.null) token = "NULL";
      else if (o.cid) {
        token = "ADM-CID";
        if (!/^[136][0-9]{3}$/.test(o.cid)) throw new Error("--cid must be qualifier (1, 3 or 6) and a 3-digit event, e.g. 1130");
        data = encodeContactIdData(o.account, {
          qualifier: Number(o.cid[0]) as 1 | 3 | 6,
          event: o.cid.slice(1),
          partition: String(o.area ?? "0").padStart(2, "0"),
          zoneOrUser: String(o.zone).padStart(3, "0"),
        });
      } else {
        if (!/^[A-Z]{2}$/.test(o.code)) throw new Error("--code must be two upper-case letters");
        data = encodeSiaData(o.account, [{ code: o.code, address: String(o.zone), area: o.area }]);
      }
      const frame = buildDc09Frame(
        {
          token,
          encrypted: !!key,
          sequence: Number(o.seq),
          receiver: o.receiver ?? null,
          line: o.line,
          account: o.account,
          data,
          timestamp: Date.now(),
        },
        { key },
      );
      info(`sending ${show(frame)} to ${o.host}:${o.port} over ${o.udp ? "UDP" : "TCP"}`);
      const answer = await sendFrame(frame, { host: o.host, port: o.port, udp: !!o.udp, timeoutMs: Number(o.timeout) });
      console.log(show(answer));
      if (!answer?.includes('ACK"')) process.exitCode = 1;
    });

  alarms
    .command("listen")
    .description("run a stand-alone DC-09 receiver that prints each signal as a JSON line (for commissioning panels)")
    .option("--tcp <port>", "TCP port (0 = any free port)", (v) => Number(v))
    .option("--udp <port>", "UDP port (0 = any free port)", (v) => Number(v))
    .option("--host <host>", "interface to listen on", "0.0.0.0")
    .option("--accounts <file>", "text file of `account[,key]` lines; without it every unencrypted account is accepted")
    .action(async (o: { tcp?: number; udp?: number; host: string; accounts?: string }) => {
      if (o.tcp === undefined && o.udp === undefined) throw new Error("give --tcp and/or --udp");
      const accounts = o.accounts ? readAccountsFile(o.accounts) : null;
      const receiver = new AlarmReceiver({
        host: o.host,
        tcpPort: o.tcp ?? null,
        udpPort: o.udp ?? null,
        lookupAccount: (a) => (accounts ? (accounts.get(a) ?? null) : {}),
        onSignal: async (signal) => {
          console.log(JSON.stringify(signal));
        },
        onReject: (e) => info(`rejected ${e.transport} ${e.remoteAddress}: ${e.reason} (${e.detail}) → ${e.responseType ?? "no answer"}`),
      });
      const ports = await receiver.start();
      info(`listening on ${o.host}: tcp ${ports.tcpPort ?? "off"}, udp ${ports.udpPort ?? "off"}; Ctrl-C to stop`);
      await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
      await receiver.stop();
      info(`stopped: ${JSON.stringify(receiver.stats)}`);
    });
}
