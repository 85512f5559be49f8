/**
 * CRC-16/ARC (also called CRC-16/IBM): polynomial 0x8005 reflected (0xA001), initial value 0,
 * no final XOR. SIA DC-09 sends it as four ASCII hex digits over the bytes from the first
 * double quote up to, not including, the closing CR.
 */

// One table lookup per byte instead of eight shift/xor steps; built once at load.
const TABLE = new Uint16Array(256);
for (let i = 0; i < 256; i++) {
  let c = i;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xa001 : c >>> 1;
  TABLE[i] = c;
}

export function crc16Arc(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0;
  for (let i = start; i < end; i++) crc = (crc >>> 8) ^ TABLE[(crc ^ bytes[i]) & 0xff];
  return crc;
}

/** The CRC as DC-09 writes it: four upper-case hex digits. */
export function crc16ArcHex(bytes: Uint8Array, start = 0, end = bytes.length): string {
  return crc16Arc(bytes, start, end).toString(16).toUpperCase().padStart(4, "0");
}
