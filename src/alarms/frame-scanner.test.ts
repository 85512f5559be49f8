import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Dc09Error } from "./dc09-errors.ts";
import { fixtureFrames } from "./fixtures/frames.ts";
import { Dc09FrameScanner } from "./frame-scanner.ts";

const frames = fixtureFrames().map((f) => Buffer.from(f.frame, "latin1"));

describe("Dc09FrameScanner", () => {
  it("finds the same frames however the stream is cut into packets (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: frames.length - 1 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 30 }),
        (picks, cuts) => {
          const stream = Buffer.concat(picks.map((i) => frames[i]));
          const scanner = new Dc09FrameScanner(1024);
          const got: Buffer[] = [];
          let pos = 0;
          let k = 0;
          while (pos < stream.length) {
            const len = cuts[k++ % cuts.length];
            got.push(...scanner.push(stream.subarray(pos, pos + len)).frames);
            pos += len;
          }
          expect(got.map((b) => b.toString("latin1"))).toEqual(picks.map((i) => frames[i].toString("latin1")));
          expect(scanner.midFrame).toBe(false);
        },
      ),
    );
  });

  it("skips bytes between frames and restarts on a new LF inside a frame", () => {
    const s = new Dc09FrameScanner(1024);
    const r = s.push(Buffer.concat([Buffer.from("noise"), Buffer.from("\nABC"), frames[0], Buffer.from("tail")]));
    expect(r.frames.map((b) => b.toString("latin1"))).toEqual([frames[0].toString("latin1")]);
    expect(r.abandoned).toBe(1);
    expect(r.discardedBytes).toBe(9);
    expect(s.midFrame).toBe(false);
  });

  it("throws an oversized error naming the limit and can continue afterwards", () => {
    const s = new Dc09FrameScanner(64);
    s.push(Buffer.from("\n"));
    expect(() => s.push(Buffer.alloc(100, 0x41))).toThrow(Dc09Error);
    expect(() => s.push(Buffer.concat([Buffer.from("\n"), Buffer.alloc(70, 0x41)]))).toThrow(/maxFrameBytes=64/);
    expect(s.push(Buffer.from('\n0000"NULL"\r')).frames).toHaveLength(1);
  });
});
