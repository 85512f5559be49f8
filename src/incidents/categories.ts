/**
 * The category dictionary, seeded with the national 110 kinds: 报警 (report a crime or danger),
 * 求助 (ask for help), 投诉 (complain). Agencies edit it in the database; this is the seed.
 * Codes are `kind.type`, stable across languages.
 */
import type { Priority } from "./model.ts";

export const CATEGORY_KINDS = {
  alarm: { zh: "报警", en: "Report" },
  help: { zh: "求助", en: "Help" },
  complaint: { zh: "投诉", en: "Complaint" },
} as const;
export type CategoryKind = keyof typeof CATEGORY_KINDS;

export interface Category {
  code: string;
  kind: CategoryKind;
  nameZh: string;
  nameEn: string;
  defaultPriority: Priority;
  /** Whether it is police business by default; triage may override per incident. */
  police: boolean;
}

const c = (code: string, nameZh: string, nameEn: string, defaultPriority: Priority, police = true): Category => ({
  code,
  kind: code.split(".")[0] as CategoryKind,
  nameZh,
  nameEn,
  defaultPriority,
  police,
});

export const SEED_CATEGORIES: Category[] = [
  c("alarm.burglary", "入室盗窃", "Burglary", "urgent"),
  c("alarm.robbery", "抢劫", "Robbery", "in_progress"),
  c("alarm.snatching", "抢夺", "Snatching", "urgent"),
  c("alarm.theft", "盗窃", "Theft", "routine"),
  c("alarm.vehicle_theft", "盗窃车辆", "Vehicle theft", "routine"),
  c("alarm.fraud", "诈骗", "Fraud", "urgent"),
  c("alarm.assault", "故意伤害", "Assault", "urgent"),
  c("alarm.fight", "打架斗殴", "Fight", "urgent"),
  c("alarm.domestic_violence", "家庭暴力", "Domestic violence", "urgent"),
  c("alarm.sexual_assault", "性侵害", "Sexual assault", "in_progress"),
  c("alarm.kidnapping", "绑架", "Kidnapping", "in_progress"),
  c("alarm.homicide", "命案", "Homicide", "in_progress"),
  c("alarm.weapons", "持械/枪支", "Weapons", "in_progress"),
  c("alarm.arson", "纵火", "Arson", "in_progress"),
  c("alarm.vandalism", "故意毁坏财物", "Vandalism", "routine"),
  c("alarm.drugs", "涉毒", "Drugs", "routine"),
  c("alarm.gambling", "赌博", "Gambling", "routine"),
  c("alarm.disorder", "扰乱公共秩序", "Public disorder", "urgent"),
  c("alarm.traffic_accident", "交通事故", "Traffic accident", "urgent"),
  c("alarm.fire", "火灾", "Fire", "in_progress"),
  c("alarm.intrusion_alarm", "入侵报警", "Intrusion alarm", "in_progress"),
  c("alarm.suspicious", "可疑情况", "Suspicious activity", "routine"),
  c("help.missing_person", "人员走失", "Missing person", "urgent"),
  c("help.suicide_risk", "疑似轻生", "Suicide risk", "in_progress"),
  c("help.medical", "急病求助", "Medical emergency", "urgent"),
  c("help.lockout", "开锁求助", "Locked out", "routine", false),
  c("help.drunk_person", "醉酒", "Drunk person", "routine"),
  c("help.rescue", "救助", "Rescue", "urgent"),
  c("help.lost_property", "物品遗失", "Lost property", "routine", false),
  c("complaint.noise", "噪音扰民", "Noise", "routine", false),
  c("complaint.dispute", "邻里纠纷", "Neighbour dispute", "routine"),
  c("complaint.obstruction", "占道经营", "Street obstruction", "routine", false),
  c("complaint.police_conduct", "投诉民警", "Police conduct", "routine"),
  c("complaint.government", "政务咨询投诉", "Government enquiry or complaint (12345)", "routine", false),
];
