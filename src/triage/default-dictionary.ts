/**
 * Default category dictionary: the common kinds of 110 calls, coded by kind
 * (`alarm.` 报警, `help.` 求助, `complaint.` 投诉). The codes are shared with the incident
 * module. Keywords are the words callers and call-takers use; an agency replaces or extends
 * them with its own JSON file (`--dictionary`). These keywords are the only basis of Chinese
 * suggestions until an agency trains on its own labelled history.
 */
import type { CategoryDictionary, CategoryEntry } from "./dictionary.ts";

const c = (code: string, zh: string, en: string, kwZh: string[], kwEn: string[]): CategoryEntry => ({
  code,
  name: { zh, en },
  keywords: { zh: kwZh, en: kwEn },
});

export const defaultDictionary: CategoryDictionary = {
  version: 1,
  categories: [
    // 报警 — crimes and threats to safety
    c(
      "alarm.burglary",
      "入室盗窃",
      "Burglary",
      ["入室盗窃", "入室", "撬锁", "撬门", "翻窗", "家里被偷", "家中被盗", "门被撬", "溜门"],
      ["burglary", "break in", "broke into", "breaking and entering", "forced entry", "home invasion", "burglar"],
    ),
    c(
      "alarm.robbery",
      "抢劫",
      "Robbery",
      ["抢劫", "抢夺", "抢包", "抢手机", "飞车抢", "持刀抢", "打劫", "被抢"],
      ["robbery", "robbed", "mugging", "mugged", "holdup", "hold up", "snatched", "carjacking"],
    ),
    c(
      "alarm.theft",
      "盗窃",
      "Theft",
      ["盗窃", "被偷", "偷窃", "小偷", "扒窃", "扒手", "偷东西", "电动车被偷", "手机被偷", "钱包丢了被偷"],
      [
        "theft",
        "stolen",
        "stole",
        "larceny",
        "shoplifting",
        "shoplifter",
        "pickpocket",
        "theft from auto",
        // A car break-in takes property from a vehicle: 盗窃, not 入室盗窃.
        "car break in",
        "auto burglary",
        "burglary auto",
        "vehicle burglary",
      ],
    ),
    c(
      "alarm.vehicle_theft",
      "盗窃机动车",
      "Vehicle theft",
      ["汽车被偷", "车被偷", "车被盗", "机动车被盗", "摩托车被偷", "盗车"],
      ["vehicle stolen", "stolen vehicle", "car stolen", "stolen car", "auto theft", "motor vehicle theft"],
    ),
    c(
      "alarm.fraud",
      "诈骗",
      "Fraud",
      ["诈骗", "被骗", "骗子", "刷单", "转账", "冒充客服", "冒充公检法", "网络诈骗", "电信诈骗", "杀猪盘"],
      ["fraud", "scam", "scammed", "swindle", "forgery", "identity theft", "fake", "counterfeit", "phishing"],
    ),
    c(
      "alarm.assault",
      "故意伤害",
      "Assault",
      ["故意伤害", "被打伤", "打伤", "砍伤", "捅伤", "殴打", "受伤流血", "伤人"],
      ["assault", "battery", "beaten", "attacked", "stabbed", "punched", "injured by"],
    ),
    c(
      "alarm.fight",
      "打架斗殴",
      "Fight",
      ["打架", "斗殴", "打起来", "互殴", "群殴", "动手打人"],
      ["fight", "fighting", "brawl", "scuffle", "altercation"],
    ),
    c(
      "alarm.domestic_violence",
      "家庭暴力",
      "Domestic violence",
      ["家暴", "家庭暴力", "老公打我", "丈夫打我", "被老公打", "打老婆", "被家人打"],
      ["domestic violence", "domestic", "husband hit", "partner hit", "spousal abuse", "family violence"],
    ),
    c(
      "alarm.traffic_accident",
      "交通事故",
      "Traffic accident",
      ["交通事故", "车祸", "撞车", "追尾", "被车撞", "撞人", "翻车", "剐蹭", "肇事逃逸"],
      ["traffic accident", "vehicle accident", "car accident", "collision", "crash", "hit and run", "rear ended"],
    ),
    c(
      "alarm.fire",
      "火灾",
      "Fire",
      ["火灾", "着火", "起火", "失火", "冒烟", "烧起来", "火警", "浓烟"],
      ["fire", "smoke", "flames", "burning", "on fire", "building fire", "vehicle fire"],
    ),
    c(
      "alarm.intrusion_alarm",
      "入侵报警",
      "Intrusion alarm",
      ["入侵报警", "红外报警", "周界报警", "报警器响", "防盗报警", "联网报警"],
      ["intrusion alarm", "burglar alarm", "alarm activation", "motion sensor", "perimeter alarm", "panic alarm"],
    ),
    c(
      "alarm.sexual_assault",
      "强奸猥亵",
      "Sexual assault",
      ["强奸", "性侵", "猥亵", "非礼", "性骚扰"],
      ["sexual assault", "rape", "groping", "indecent assault", "molested", "sexual battery"],
    ),
    c(
      "alarm.homicide",
      "杀人",
      "Homicide",
      ["杀人", "命案", "被杀", "凶杀", "死人了"],
      ["homicide", "murder", "killed", "killing", "dead body"],
    ),
    c(
      "alarm.kidnapping",
      "绑架",
      "Kidnapping",
      ["绑架", "劫持", "拐卖", "被拐", "人质", "非法拘禁"],
      ["kidnapping", "kidnapped", "abduction", "abducted", "hostage", "false imprisonment"],
    ),
    c("alarm.arson", "放火", "Arson", ["放火", "纵火", "故意点火", "浇汽油"], ["arson", "set fire", "set on fire", "arsonist"]),
    c(
      "alarm.drugs",
      "涉毒",
      "Drugs",
      ["吸毒", "贩毒", "毒品", "冰毒", "大麻", "涉毒"],
      ["drug", "drugs", "narcotic", "narcotics", "cocaine", "heroin", "meth", "dealing"],
    ),
    c(
      "alarm.vandalism",
      "故意损毁财物",
      "Vandalism",
      ["砸车", "砸玻璃", "砸东西", "损坏财物", "毁坏", "涂鸦", "划车"],
      ["vandalism", "vandalized", "graffiti", "smashed window", "damaged property", "keyed car"],
    ),
    c(
      "alarm.weapons",
      "涉枪涉爆",
      "Weapons",
      ["持刀", "拿刀", "枪支", "开枪", "爆炸物", "炸弹", "管制刀具"],
      ["gun", "weapon", "firearm", "brandishing", "shots fired", "knife", "armed", "bomb"],
    ),
    c(
      "alarm.disorder",
      "扰乱秩序",
      "Disorder",
      ["闹事", "寻衅滋事", "耍酒疯", "大吵大闹", "扰乱秩序", "滋事"],
      ["disturbance", "disorderly", "disorderly conduct", "causing trouble", "harassing", "trespassing"],
    ),
    // 求助 — requests for help
    c(
      "help.missing_person",
      "人员走失",
      "Missing person",
      ["走失", "走丢", "找不到人", "孩子不见了", "老人不见了", "失踪", "联系不上", "失联"],
      ["missing", "missing person", "missing adult", "missing juvenile", "lost child", "runaway", "wandered off"],
    ),
    c(
      "help.suicide_risk",
      "疑似轻生",
      "Suicide risk",
      ["轻生", "自杀", "跳楼", "跳河", "割腕", "不想活", "想不开", "寻短见"],
      ["suicide", "suicidal", "kill himself", "kill herself", "jump off", "overdose intentionally", "self harm"],
    ),
    c(
      "help.medical",
      "急病求助",
      "Medical emergency",
      ["晕倒", "昏迷", "突发疾病", "心脏病", "喘不上气", "抽搐", "中风", "急救", "吐血", "不省人事"],
      ["medical", "unconscious", "cardiac", "heart attack", "seizure", "stroke", "not breathing", "ambulance", "collapsed", "fainted"],
    ),
    c(
      "help.lockout",
      "开锁求助",
      "Lockout",
      ["开锁", "钥匙锁在", "锁在屋里", "进不了门", "钥匙丢了", "反锁"],
      ["lockout", "locked out", "locked in", "lost keys", "keys locked", "cannot get in"],
    ),
    c(
      "help.drunk_person",
      "醉酒",
      "Drunk person",
      ["醉酒", "喝醉", "醉汉", "喝多了", "酒醉", "躺在路边"],
      ["drunk", "intoxicated", "inebriated", "passed out drunk", "public intoxication", "alcohol"],
    ),
    c(
      "help.rescue",
      "救助",
      "Rescue",
      ["救助", "被困", "困在电梯", "掉进", "落水", "救命", "困在山上"],
      ["rescue", "trapped", "stuck in elevator", "water rescue", "stranded", "fell into"],
    ),
    // 投诉 — complaints
    c(
      "complaint.noise",
      "噪音扰民",
      "Noise complaint",
      ["噪音", "扰民", "太吵", "吵闹", "装修声", "广场舞", "音响声音大", "半夜施工"],
      ["noise", "noise complaint", "loud music", "loud party", "barking dog", "too loud"],
    ),
    c(
      "complaint.dispute",
      "邻里纠纷",
      "Dispute",
      ["纠纷", "邻里纠纷", "吵架", "争吵", "矛盾", "欠钱不还", "经济纠纷", "物业纠纷"],
      ["dispute", "argument", "neighbor dispute", "landlord tenant", "quarrel", "civil matter"],
    ),
    c(
      "complaint.obstruction",
      "占道经营",
      "Obstruction",
      ["占道经营", "占道", "摆摊", "乱停车", "堵路", "挡住出口", "堵住消防通道"],
      ["obstruction", "blocking the road", "street vendor", "illegal parking", "blocked driveway", "road obstruction"],
    ),
    c(
      "complaint.police_conduct",
      "投诉民警",
      "Complaint about police",
      ["投诉民警", "投诉警察", "民警态度", "出警慢", "不作为", "警察态度差"],
      ["complaint about officer", "police misconduct", "officer was rude", "police complaint", "slow response"],
    ),
    c(
      "complaint.government",
      "政务咨询投诉",
      "Government enquiry or complaint (12345)",
      ["12345", "咨询", "办证", "社保", "户口", "政策", "拖欠工资", "停水", "停电"],
      ["city services", "permit", "benefits", "pothole", "streetlight", "unpaid wages", "water outage"],
    ),
  ],
};
