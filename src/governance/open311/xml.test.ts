import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeXml, xmlDocument } from "./xml.ts";

const haveXmllint = spawnSync("xmllint", ["--version"]).status === 0;

const unescapeXml = (s: string) =>
  s.replace(/&(lt|gt|amp|quot|apos);/g, (_, e: string) => ({ lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" })[e] as string);

const isXmlChar = (c: number) =>
  c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);

describe("Open311 XML writer", () => {
  it("escapes any text into XML characters only, and the escape reverses", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (s) => {
        const e = escapeXml(s);
        expect(e).not.toMatch(/[<>"']/);
        expect(e.replace(/&(lt|gt|amp|quot|apos);/g, "")).not.toContain("&");
        for (const ch of e) expect(isXmlChar(ch.codePointAt(0)!)).toBe(true);
        // Text that was valid XML comes back unchanged.
        const valid = [...s].every((ch) => isXmlChar(ch.codePointAt(0)!));
        if (valid) expect(unescapeXml(e)).toBe(s);
      }),
      { numRuns: 500 },
    );
  });

  it("writes arrays as containers of items and null as empty elements", () => {
    const xml = xmlDocument("services", [{ service_code: "noise", description: null, metadata: true }]);
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<services>\n  <service>\n    <service_code>noise</service_code>\n    <description></description>\n    <metadata>true</metadata>\n  </service>\n</services>\n',
    );
  });

  it.skipIf(!haveXmllint)("is well-formed whatever the text (xmllint)", () => {
    const texts = fc.sample(fc.string({ unit: "binary", maxLength: 80 }), { numRuns: 300, seed: 42 });
    const xml = xmlDocument(
      "service_requests",
      texts.map((t, i) => ({ service_request_id: String(i), description: t, lat: 30.25 })),
    );
    const r = spawnSync("xmllint", ["--noout", "-"], { input: xml, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
if (!haveXmllint) console.log("xmllint well-formedness property skipped: xmllint not installed (Debian: libxml2-utils).");
