/**
 * Lantern's own compact tables for the alarm codes it acts on: SIA event codes (two letters, as
 * sent in SIA DC-03 and carried by DC-09 "SIA-DCS" messages) and the Ademco Contact ID event codes
 * that map onto them. The full public tables are far larger; these rows are the ones that become
 * incidents, clear them, or feed device health. Tests check every row against the public tables
 * when those are available.
 */

/** What kind of incident (警情) a code points to. */
export type AlarmCategory =
  | "intrusion"
  | "fire"
  | "panic"
  | "holdup"
  | "medical"
  | "gas"
  | "water"
  | "heat"
  | "emergency"
  | "tamper"
  | "power"
  | "trouble"
  | "test"
  | "arming"
  | "other";

/** Whether the code raises, clears, reports a fault, or only informs. */
export type AlarmEventKind = "alarm" | "restore" | "trouble" | "trouble-restore" | "test" | "opening" | "closing" | "bypass" | "info";

/** What the number after the code means. */
export type AddressUnit = "zone" | "user" | "area" | "none";

export interface SiaCodeInfo {
  code: string;
  category: AlarmCategory;
  kind: AlarmEventKind;
  unit: AddressUnit;
  en: string;
  zh: string;
}

// code, category, kind, unit, English name (the SIA type name), Chinese name
const ROWS: ReadonlyArray<readonly [string, AlarmCategory, AlarmEventKind, AddressUnit, string, string]> = [
  ["BA", "intrusion", "alarm", "zone", "Burglary Alarm", "入侵报警"],
  ["BV", "intrusion", "alarm", "area", "Burglary Verified", "入侵报警已复核"],
  ["BH", "intrusion", "restore", "zone", "Burglary Alarm Restore", "入侵报警恢复"],
  ["BR", "intrusion", "restore", "zone", "Burglary Restoral", "入侵防区恢复"],
  ["BT", "intrusion", "trouble", "zone", "Burglary Trouble", "入侵防区故障"],
  ["BJ", "intrusion", "trouble-restore", "zone", "Burglary Trouble Restore", "入侵防区故障恢复"],
  ["BB", "intrusion", "bypass", "zone", "Burglary Bypass", "入侵防区旁路"],
  ["BU", "intrusion", "info", "zone", "Burglary Unbypass", "入侵防区取消旁路"],
  ["FA", "fire", "alarm", "zone", "Fire Alarm", "火灾报警"],
  ["FH", "fire", "restore", "zone", "Fire Alarm Restore", "火灾报警恢复"],
  ["FR", "fire", "restore", "zone", "Fire Restoral", "火警防区恢复"],
  ["FT", "fire", "trouble", "zone", "Fire Trouble", "火警防区故障"],
  ["FJ", "fire", "trouble-restore", "zone", "Fire Trouble Restore", "火警防区故障恢复"],
  ["FB", "fire", "bypass", "zone", "Fire Bypass", "火警防区旁路"],
  ["PA", "panic", "alarm", "zone", "Panic Alarm", "紧急求助报警"],
  ["PH", "panic", "restore", "zone", "Panic Alarm Restore", "紧急求助报警恢复"],
  ["PR", "panic", "restore", "zone", "Panic Restoral", "紧急求助防区恢复"],
  ["HA", "holdup", "alarm", "zone", "Holdup Alarm", "劫持报警"],
  ["HH", "holdup", "restore", "zone", "Holdup Alarm Restore", "劫持报警恢复"],
  ["MA", "medical", "alarm", "zone", "Medical Alarm", "医疗求助"],
  ["MH", "medical", "restore", "zone", "Medical Alarm Restore", "医疗求助恢复"],
  ["MR", "medical", "restore", "zone", "Medical Restoral", "医疗求助防区恢复"],
  ["GA", "gas", "alarm", "zone", "Gas Alarm", "燃气泄漏报警"],
  ["GH", "gas", "restore", "zone", "Gas Alarm Restore", "燃气泄漏报警恢复"],
  ["GR", "gas", "restore", "zone", "Gas Restoral", "燃气防区恢复"],
  ["WA", "water", "alarm", "zone", "Water Alarm", "水浸报警"],
  ["WH", "water", "restore", "zone", "Water Alarm Restore", "水浸报警恢复"],
  ["KA", "heat", "alarm", "zone", "Heat Alarm", "高温报警"],
  ["KH", "heat", "restore", "zone", "Heat Alarm Restore", "高温报警恢复"],
  ["KR", "heat", "restore", "zone", "Heat Restoral", "高温防区恢复"],
  ["QA", "emergency", "alarm", "zone", "Emergency Alarm", "紧急报警"],
  ["QH", "emergency", "restore", "zone", "Emergency Alarm Restore", "紧急报警恢复"],
  ["UA", "other", "alarm", "zone", "Untyped Zone Alarm", "未定义防区报警"],
  ["UH", "other", "restore", "zone", "Untyped Alarm Restore", "未定义防区报警恢复"],
  ["TA", "tamper", "alarm", "zone", "Tamper Alarm", "防拆报警"],
  ["TR", "tamper", "restore", "zone", "Tamper Restoral", "防拆恢复"],
  ["RP", "test", "test", "none", "Automatic Test", "定时测试报告"],
  ["RX", "test", "test", "user", "Manual Test", "手动测试报告"],
  ["RR", "power", "info", "none", "Power Up", "主机上电"],
  ["OP", "arming", "opening", "user", "Opening Report", "撤防"],
  ["CL", "arming", "closing", "user", "Closing Report", "布防"],
  ["OG", "arming", "opening", "area", "Open Area", "分区撤防"],
  ["CG", "arming", "closing", "area", "Close Area", "分区布防"],
  ["AT", "power", "trouble", "none", "AC Trouble", "交流电断电"],
  ["AR", "power", "trouble-restore", "none", "AC Restoral", "交流电恢复"],
  ["YT", "power", "trouble", "none", "System Battery Trouble", "主机电池欠压"],
  ["YR", "power", "trouble-restore", "none", "System Battery Restoral", "主机电池欠压恢复"],
  ["YP", "power", "trouble", "none", "Power Supply Trouble", "电源故障"],
  ["YQ", "power", "trouble-restore", "none", "Power Supply Restored", "电源故障恢复"],
  ["XT", "power", "trouble", "zone", "Transmitter Battery Trouble", "探测器电池欠压"],
  ["XR", "power", "trouble-restore", "zone", "Transmitter Battery Restoral", "探测器电池欠压恢复"],
  ["YX", "trouble", "trouble", "none", "Service Required", "设备需要维修"],
  ["YZ", "trouble", "trouble-restore", "none", "Service Completed", "设备维修完成"],
  ["LT", "trouble", "trouble", "none", "Phone Line Trouble", "电话线故障"],
  ["LR", "trouble", "trouble-restore", "none", "Phone Line Restoral", "电话线恢复"],
  ["NT", "trouble", "trouble", "none", "Network Failure", "网络故障"],
  ["NR", "trouble", "trouble-restore", "none", "Network Restoral", "网络恢复"],
  ["ET", "trouble", "trouble", "none", "Expansion Trouble", "扩展模块故障"],
  ["ER", "trouble", "trouble-restore", "none", "Expansion Restoral", "扩展模块故障恢复"],
];

export const SIA_CODES: ReadonlyMap<string, SiaCodeInfo> = new Map(
  ROWS.map(([code, category, kind, unit, en, zh]) => [code, { code, category, kind, unit, en, zh }]),
);

/** A code outside the table is still passed on (the panel gets its ACK); it is marked unknown. */
export function siaCodeInfo(code: string): SiaCodeInfo | undefined {
  return SIA_CODES.get(code);
}

/**
 * Contact ID event (3 digits) → SIA code for qualifier 1 (new event / opening) and qualifier 3
 * (restore / closing). Qualifier 6 (status report, still present) uses the qualifier-1 code.
 */
const CID_ROWS: ReadonlyArray<readonly [string, string, string]> = [
  ["100", "MA", "MH"],
  ["101", "QA", "QH"],
  ["110", "FA", "FH"],
  ["111", "FA", "FH"],
  ["112", "FA", "FH"],
  ["113", "WA", "WH"],
  ["114", "KA", "KH"],
  ["117", "FA", "FH"],
  ["120", "PA", "PH"],
  ["121", "HA", "HH"],
  ["122", "HA", "HH"],
  ["124", "HA", "HH"],
  ["125", "HA", "HH"],
  ["130", "BA", "BH"],
  ["131", "BA", "BH"],
  ["132", "BA", "BH"],
  ["133", "BA", "BH"],
  ["134", "BA", "BH"],
  ["135", "BA", "BH"],
  ["136", "BA", "BH"],
  ["137", "TA", "TR"],
  ["138", "BA", "BH"],
  ["139", "BA", "BH"],
  ["140", "BA", "BH"],
  ["143", "ET", "ER"],
  ["144", "TA", "TR"],
  ["146", "HA", "HH"],
  ["150", "UA", "UH"],
  ["151", "GA", "GH"],
  ["158", "KA", "KH"],
  ["162", "GA", "GH"],
  ["300", "YX", "YZ"],
  ["301", "AT", "AR"],
  ["302", "YT", "YR"],
  ["309", "YT", "YR"],
  ["312", "YP", "YQ"],
  ["333", "ET", "ER"],
  ["351", "LT", "LR"],
  ["352", "LT", "LR"],
  ["373", "FT", "FJ"],
  ["380", "YX", "YZ"],
  ["400", "OP", "CL"],
  ["401", "OP", "CL"],
  ["408", "OP", "CL"],
  ["441", "CG", "CG"],
  ["456", "CG", "OG"],
  ["570", "BB", "BU"],
  ["601", "RX", "RX"],
  ["602", "RP", "RP"],
];

export const CONTACT_ID_TO_SIA: ReadonlyMap<string, { readonly new: string; readonly restore: string }> = new Map(
  CID_ROWS.map(([event, onNew, onRestore]) => [event, { new: onNew, restore: onRestore }]),
);

/** The SIA code for a Contact ID qualifier and event code, or undefined when Lantern has no row for it. */
export function contactIdToSia(qualifier: 1 | 3 | 6, event: string): string | undefined {
  const row = CONTACT_ID_TO_SIA.get(event);
  if (!row) return undefined;
  return qualifier === 3 ? row.restore : row.new;
}
