import { describe, expect, it } from "vitest";
import { CONTACT_ID_TO_SIA, contactIdToSia, SIA_CODES } from "./codes.ts";
import { hasSiaData, readSiaJson, skipNote } from "./fixtures/shared-data.ts";
import { EXTENDED_DATA_FIELDS } from "./xdata.ts";

const ACTED_ON = ["BA", "BR", "FA", "FR", "PA", "MA", "GA", "TA", "BT", "FT", "RP", "RX", "OP", "CL", "AT", "YT"];

describe("Lantern's alarm code table", () => {
  it("covers the codes Lantern acts on, each with zh-CN and en text", () => {
    for (const code of ACTED_ON) {
      const info = SIA_CODES.get(code);
      expect(info, code).toBeDefined();
      expect(info?.en.length).toBeGreaterThan(0);
      expect(info?.zh).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it("only maps Contact ID events to codes it describes", () => {
    for (const [event, row] of CONTACT_ID_TO_SIA) {
      expect(event).toMatch(/^[0-9]{3}$/);
      expect(SIA_CODES.has(row.new), `${event} new ${row.new}`).toBe(true);
      expect(SIA_CODES.has(row.restore), `${event} restore ${row.restore}`).toBe(true);
    }
    expect(contactIdToSia(1, "130")).toBe("BA");
    expect(contactIdToSia(3, "130")).toBe("BH");
    expect(contactIdToSia(6, "110")).toBe("FA");
    expect(contactIdToSia(1, "999")).toBeUndefined();
  });

  it("gives alarms, restores and troubles consistent categories", () => {
    expect(SIA_CODES.get("BA")).toMatchObject({ category: "intrusion", kind: "alarm" });
    expect(SIA_CODES.get("BR")).toMatchObject({ category: "intrusion", kind: "restore" });
    expect(SIA_CODES.get("FA")).toMatchObject({ category: "fire", kind: "alarm" });
    expect(SIA_CODES.get("RP")).toMatchObject({ category: "test", kind: "test" });
    expect(SIA_CODES.get("AT")).toMatchObject({ category: "power", kind: "trouble" });
  });
});

type SharedSia = Record<string, { code: string; concerns: string; type: string }>;
type SharedCid = Record<string, Record<string, string>>;

function unitOf(concerns: string): string {
  if (["Zone or point", "Zone number", "Point number"].includes(concerns)) return "zone";
  if (["User number", "User"].includes(concerns)) return "user";
  if (concerns === "Area number") return "area";
  return "none";
}

describe.skipIf(!hasSiaData)("Lantern's code table against the shared public tables", () => {
  skipNote("code table verification");
  it("every SIA row exists upstream with the same name and address unit", () => {
    const shared = readSiaJson<SharedSia>("sia-event-codes.json");
    for (const [code, info] of SIA_CODES) {
      const up = shared[code];
      expect(up, code).toBeDefined();
      expect(info.en.toLowerCase(), code).toBe(up.type.toLowerCase());
      expect(info.unit, `${code} concerns ${up.concerns}`).toBe(unitOf(up.concerns));
    }
  });

  it("every Contact ID row matches the shared Contact ID → SIA mapping", () => {
    const shared = readSiaJson<SharedCid>("contactid-to-sia-code-mapping.json");
    for (const [event, row] of CONTACT_ID_TO_SIA) {
      expect(shared[event], event).toBeDefined();
      expect(row.new, `${event}/1`).toBe(shared[event]["1"]);
      expect(row.restore, `${event}/3`).toBe(shared[event]["3"]);
    }
  });

  it("every extended-data field matches the shared identifier table (name and length)", () => {
    const shared = readSiaJson<Record<string, { identifier: string; name: string; length: number }>>("dc09-xdata-fields.json");
    for (const [id, f] of EXTENDED_DATA_FIELDS) {
      expect(shared[id]?.identifier, id).toBe(id);
      expect(f.en, id).toBe(shared[id].name);
      expect(f.maxLength, id).toBe(shared[id].length);
    }
    // Every shared identifier except the programming field P is named by Lantern.
    for (const id of Object.keys(shared)) if (id !== "P") expect(EXTENDED_DATA_FIELDS.has(id), id).toBe(true);
  });
});
