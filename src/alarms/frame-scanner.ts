/**
 * Cuts a TCP byte stream into DC-09 frames (LF … CR). Frames may arrive split across packets or
 * several to a packet. Bytes outside a frame are discarded; a new LF inside an unfinished frame
 * abandons it and starts over, so one corrupted frame never swallows the next. Memory is bounded
 * by `maxFrameBytes`: a frame that grows past it is an error and the caller drops the connection.
 */
import { Dc09Error } from "./dc09-errors.ts";

const LF = 0x0a;
const CR = 0x0d;

export interface ScanResult {
  frames: Buffer[];
  /** Unfinished frames abandoned because a new LF started another one. */
  abandoned: number;
  /** Bytes seen outside any frame. */
  discardedBytes: number;
}

export class Dc09FrameScanner {
  private parts: Buffer[] = [];
  private size = 0;
  private inFrame = false;
  readonly maxFrameBytes: number;

  constructor(maxFrameBytes: number) {
    this.maxFrameBytes = maxFrameBytes;
  }

  /** True while a frame has started and not yet ended: the slow-sender clock should run. */
  get midFrame(): boolean {
    return this.inFrame;
  }

  /** Feeds bytes; returns the frames completed by them. Throws Dc09Error("oversized"). */
  push(chunk: Buffer): ScanResult {
    const result: ScanResult = { frames: [], abandoned: 0, discardedBytes: 0 };
    const n = chunk.length;
    let pos = 0;
    while (pos < n) {
      let scanFrom = pos;
      if (!this.inFrame) {
        const lf = chunk.indexOf(LF, pos);
        if (lf < 0) {
          result.discardedBytes += n - pos;
          break;
        }
        result.discardedBytes += lf - pos;
        this.inFrame = true;
        this.parts = [];
        this.size = 0;
        pos = lf;
        scanFrom = lf + 1;
      }
      let end = -1;
      let endByte = 0;
      for (let i = scanFrom; i < n; i++) {
        const c = chunk[i];
        if (c === CR || c === LF) {
          end = i;
          endByte = c;
          break;
        }
      }
      if (end < 0) {
        this.append(chunk.subarray(pos, n));
        break;
      }
      if (endByte === LF) {
        // A fresh LF before the CR: the frame so far was cut short. Restart at this LF.
        result.abandoned++;
        this.inFrame = false;
        pos = end;
        continue;
      }
      this.append(chunk.subarray(pos, end + 1));
      result.frames.push(this.parts.length === 1 ? Buffer.from(this.parts[0]) : Buffer.concat(this.parts, this.size));
      this.parts = [];
      this.size = 0;
      this.inFrame = false;
      pos = end + 1;
    }
    return result;
  }

  private append(part: Buffer): void {
    this.size += part.length;
    if (this.size > this.maxFrameBytes) {
      this.parts = [];
      this.size = 0;
      this.inFrame = false;
      throw new Dc09Error("oversized", `frame exceeds the receiver limit maxFrameBytes=${this.maxFrameBytes} without a closing CR`);
    }
    this.parts.push(part);
  }
}
