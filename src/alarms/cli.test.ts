import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterEach, describe, expect, it, vi } from "vitest";
import { frameFromArgument, keyFromArgument, readAccountsFile, registerAlarmsCommands, sendFrame } from "./cli.ts";
import { buildDc09Frame, parseDc09Frame } from "./dc09-frame.ts";
import type { AlarmSignal } from "./model.ts";
import { AlarmReceiver } from "./receiver.ts";

let receiver: AlarmReceiver | null = null;
afterEach(async () => {
  await receiver?.stop();
  receiver = null;
  vi.restoreAllMocks();
});

describe("alarms CLI building blocks", () => {
  it("reads frames with escapes, without LF/CR, or as hex", () => {
    const a = frameFromArgument('\\n96ED0016"SIA-DCS"0001L0#1234[]\\r', false);
    const b = frameFromArgument('96ED0016"SIA-DCS"0001L0#1234[]', false);
    expect(a.equals(b)).toBe(true);
    expect(parseDc09Frame(a).account).toBe("1234");
    expect(frameFromArgument(a.toString("hex"), true).equals(a)).toBe(true);
    expect(() => frameFromArgument("abc", true)).toThrow(/hex/);
  });

  it("takes keys as ASCII or hex and refuses other lengths", () => {
    expect(keyFromArgument("0123456789ABCDEF")?.length).toBe(16);
    expect(keyFromArgument(`hex:${"00".repeat(32)}`)?.length).toBe(32);
    expect(keyFromArgument(undefined)).toBeNull();
    expect(() => keyFromArgument("short")).toThrow(/16, 24 or 32/);
  });

  it("reads an accounts file and names the bad line", () => {
    const dir = mkdtempSync(join(tmpdir(), "lantern-alarms-"));
    try {
      const good = join(dir, "good.txt");
      writeFileSync(good, "# account,key\n1234\nBEEF,0123456789ABCDEF\n");
      const accounts = readAccountsFile(good);
      expect(accounts.get("1234")).toEqual({ key: null });
      expect(accounts.get("BEEF")?.key?.toString()).toBe("0123456789ABCDEF");
      const bad = join(dir, "bad.txt");
      writeFileSync(bad, "1234\nXYZ!\n");
      expect(() => readAccountsFile(bad)).toThrow(/bad\.txt:2: account must be 3-16 hex digits/);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it("sends a frame to a real receiver over TCP and UDP and gets the ACK", async () => {
    const seen: AlarmSignal[] = [];
    receiver = new AlarmReceiver({
      host: "127.0.0.1",
      tcpPort: 0,
      udpPort: 0,
      lookupAccount: () => ({}),
      onSignal: async (s) => void seen.push(s),
    });
    const ports = await receiver.start();
    const frame = (seq: number) =>
      buildDc09Frame({
        token: "SIA-DCS",
        sequence: seq,
        line: "0",
        account: "1234",
        data: "#1234|NRX0",
        timestamp: Date.now(),
      });
    const tcp = await sendFrame(frame(1), { host: "127.0.0.1", port: ports.tcpPort ?? 0, udp: false, timeoutMs: 5000 });
    const udp = await sendFrame(frame(2), { host: "127.0.0.1", port: ports.udpPort ?? 0, udp: true, timeoutMs: 5000 });
    expect(tcp && parseDc09Frame(tcp)).toMatchObject({ token: "ACK", sequence: "0001" });
    expect(udp && parseDc09Frame(udp)).toMatchObject({ token: "ACK", sequence: "0002" });
    expect(seen.map((s) => [s.transport, s.events[0].code])).toEqual([
      ["tcp", "RX"],
      ["udp", "RX"],
    ]);
  });

  it("`alarms decode` prints the decision as JSON", async () => {
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((m: string) => void lines.push(m));
    const program = new Command().exitOverride();
    registerAlarmsCommands(program);
    await program.parseAsync(["node", "lantern", "alarms", "decode", '"SIA-DCS"0001L0#1234[#1234|Nri1/BA3]'], {
      from: "node",
    });
    // Without CRC/length the frame fails integrity: no answer.
    expect(JSON.parse(lines[0])).toMatchObject({ outcome: "reject", answer: null });
    lines.length = 0;
    const good = buildDc09Frame({
      token: "SIA-DCS",
      sequence: 1,
      line: "0",
      account: "1234",
      data: "#1234|Nri1/BA3",
      timestamp: 0,
    });
    await program.parseAsync(["node", "lantern", "alarms", "decode", "--hex", good.toString("hex")], { from: "node" });
    const out = JSON.parse(lines[0]);
    expect(out).toMatchObject({
      outcome: "accept",
      answer: "ACK",
      signal: { account: "1234", events: [{ code: "BA", zone: 3 }] },
    });
  });
});
