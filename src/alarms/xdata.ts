/**
 * DC-09 extended data fields (`[Xvalue]` after the data block): what each identifier means.
 * Lantern keeps the value as sent; the location fields feed the incident's position when present.
 */

export interface ExtendedDataField {
  id: string;
  en: string;
  zh: string;
  /** Longest value the standard foresees; longer values are kept but flagged by `isOverLength`. */
  maxLength: number;
}

const ROWS: ReadonlyArray<readonly [string, string, string, number]> = [
  ["A", "Authentication Hash", "认证哈希", 12],
  ["C", "Supervision Category", "监管类别", 64],
  ["H", "Time of Occurence", "事件发生时间", 21],
  ["I", "Alarm Text", "报警文字", 256],
  ["J", "Network Path", "网络路径", 1],
  ["K", "Encryption Key", "加密密钥", 64],
  ["L", "Location", "位置", 256],
  ["M", "MAC Address", "MAC 地址", 12],
  ["N", "Network Address", "网络地址", 128],
  ["O", "Building Name", "建筑名称", 256],
  ["R", "Room", "房间", 256],
  ["S", "Site name", "场所名称", 256],
  ["T", "Alarm Trigger", "报警触发方式", 1],
  ["V", "Verification", "音视频复核", 256],
  ["X", "Longitude", "经度", 12],
  ["Y", "Latitude", "纬度", 12],
  ["Z", "Altitude", "海拔", 12],
];

export const EXTENDED_DATA_FIELDS: ReadonlyMap<string, ExtendedDataField> = new Map(
  ROWS.map(([id, en, zh, maxLength]) => [id, { id, en, zh, maxLength }]),
);

export function isOverLength(id: string, value: string): boolean {
  const f = EXTENDED_DATA_FIELDS.get(id);
  return f !== undefined && value.length > f.maxLength;
}
