/**
 * Every message a person reads from the API, in zh-CN (the default) and en. Problems carry a
 * code and parameters; the HTTP layer renders them in the caller's Accept-Language.
 */
export type Locale = "zh-CN" | "en";

type Template = (p: Record<string, unknown>) => string;

const messages: Record<string, { "zh-CN": Template; en: Template }> = {
  validation: {
    "zh-CN": (p) => `字段 ${p.field} 无效：${p.reasonZh ?? p.reason}`,
    en: (p) => `Field ${p.field} is invalid: ${p.reason}`,
  },
  malformed_json: {
    "zh-CN": () => "请求体不是合法的 JSON",
    en: () => "The request body is not valid JSON",
  },
  unauthenticated: {
    "zh-CN": () => "未登录或会话已过期，请重新登录",
    en: () => "Not signed in, or the session has expired: sign in again",
  },
  bad_credentials: {
    "zh-CN": () => "用户名或密码错误",
    en: () => "Wrong user name or password",
  },
  login_locked: {
    "zh-CN": (p) => `登录失败次数过多，该账号已被暂时锁定，请 ${p.minutes} 分钟后再试`,
    en: (p) => `Too many failed sign-ins: this account is locked for ${p.minutes} more minute${p.minutes === 1 ? "" : "s"}`,
  },
  login_rate_limited: {
    "zh-CN": (p) => `登录尝试过于频繁，请 ${p.seconds} 秒后再试`,
    en: (p) => `Too many sign-in attempts from this address: try again in ${p.seconds} s`,
  },
  login_busy: {
    "zh-CN": () => "同时登录的请求过多，请稍后再试",
    en: () => "Too many sign-ins at once: try again in a moment",
  },
  forbidden: {
    "zh-CN": (p) => `当前角色没有权限：${p.permission}`,
    en: (p) => `Your role lacks the permission ${p.permission}`,
  },
  out_of_scope: {
    "zh-CN": (p) => `该${p.what}不在您的辖区范围内`,
    en: (p) => `This ${p.what} is outside your organisation's area`,
  },
  not_found: {
    "zh-CN": (p) => `未找到${p.what}：${p.id}`,
    en: (p) => `No ${p.what} with id ${p.id}`,
  },
  unknown_code: {
    "zh-CN": (p) => `未知的${p.what}代码：${p.code}`,
    en: (p) => `Unknown ${p.what} code: ${p.code}`,
  },
  outside_city: {
    "zh-CN": (p) => `坐标 (${p.lat}, ${p.lon}) 不在本市范围内`,
    en: (p) => `Coordinates (${p.lat}, ${p.lon}) are outside the city`,
  },
  illegal_transition: {
    "zh-CN": (p) => `不能从"${p.fromZh}"变更为"${p.toZh}"；允许的状态：${p.allowedZh}`,
    en: (p) => `Cannot move from "${p.from}" to "${p.to}"; allowed: ${p.allowed}`,
  },
  unit_unavailable: {
    "zh-CN": (p) => `警力 ${p.unit} 当前不可调派（状态：${p.statusZh ?? p.status}）`,
    en: (p) => `Unit ${p.unit} cannot be dispatched now (status: ${p.status})`,
  },
  already_assigned: {
    "zh-CN": (p) => `警力 ${p.unit} 已在本警情中`,
    en: (p) => `Unit ${p.unit} is already on this incident`,
  },
  idempotency_mismatch: {
    "zh-CN": () => "同一个 Idempotency-Key 已用于内容不同的请求",
    en: () => "This Idempotency-Key was already used for a different request",
  },
  reason_required: {
    "zh-CN": () => "查看个人信息必须填写事由",
    en: () => "Reading personal data requires a reason",
  },
  nothing_to_dispatch: {
    "zh-CN": () => "没有可调派的警力",
    en: () => "There is no unit to dispatch",
  },
  conflict: {
    "zh-CN": (p) => `操作冲突：${p.detailZh ?? p.detail}`,
    en: (p) => `Conflicting change: ${p.detail}`,
  },
  intercept_off_network: {
    "zh-CN": (p) => `${p.field} 不在路网上：${p.detailZh ?? p.detail}`,
    en: (p) => `${p.field} is not on the road network: ${p.detail}`,
  },
  ring_overlap: {
    "zh-CN": (p) => `该圈层与同级别圈层"${p.other}"（${p.level}）边界交叉；同级圈层须嵌套或分离`,
    en: (p) => `The ring crosses ring "${p.other}" of the same level (${p.level}); rings of one level must nest or be apart`,
  },
  plan_superseded: {
    "zh-CN": () => "该警情有更新的拦截方案请求，本次计算已取消",
    en: () => "A newer interception plan request for this incident cancelled this one",
  },
  no_units_beyond_reserve: {
    "zh-CN": () => "预留警力之外无可调警力",
    en: () => "No units beyond the reserve",
  },
  plan_changed: {
    "zh-CN": (p) => `确认后警力已有变化，未调派任何警力：${p.detailZh ?? p.detail}`,
    en: (p) => `The units changed since the plan was confirmed; nothing was dispatched: ${p.detail}`,
  },
  road_network_unavailable: {
    "zh-CN": () => "未加载路网，无法计算拦截方案",
    en: () => "No road network is loaded; the interception planner needs one",
  },
  assignee_out_of_area: {
    "zh-CN": (p) => `处置人员 ${p.worker} 不属于 ${p.town} 镇街指挥中心的辖区`,
    en: (p) => `Worker ${p.worker} does not belong to the area of town centre ${p.town}`,
  },
  not_a_worker: {
    "zh-CN": (p) => `用户 ${p.user} 不是登记在册的处置人员`,
    en: (p) => `User ${p.user} is not registered as field staff`,
  },
  worker_lacks_skill: {
    "zh-CN": (p) => `处置人员 ${p.worker} 不具备技能 ${p.skill}`,
    en: (p) => `Worker ${p.worker} lacks the skill ${p.skill}`,
  },
  already_taken: {
    "zh-CN": (p) => `工单 ${p.number} 已被接单`,
    en: (p) => `Work order ${p.number} has already been taken`,
  },
  not_assignee: {
    "zh-CN": (p) => `只有工单 ${p.number} 的承办人员可以执行此操作`,
    en: (p) => `Only the worker assigned to work order ${p.number} may do this`,
  },
  no_town_centre: {
    "zh-CN": (p) => `坐标 (${p.lat}, ${p.lon}) 不在任何镇街指挥中心辖区内，地址中也没有镇街代码：请提供 townCode`,
    en: (p) => `No town governance centre covers (${p.lat}, ${p.lon}) and the address names no town: send townCode`,
  },
  not_routable: {
    "zh-CN": (p) => `不能分流：${p.reasonZh ?? p.reason}`,
    en: (p) => `Cannot route: ${p.reason}`,
  },
  follow_up_done: {
    "zh-CN": (p) => `回访 ${p.id} 已经登记过结果`,
    en: (p) => `Follow-up ${p.id} has already been recorded`,
  },
  duplicate_target_closed: {
    "zh-CN": (p) => `警情 ${p.number} 已结束，重复报警只能并入未结束的警情`,
    en: (p) => `Incident ${p.number} is no longer open: a duplicate can only join an open incident`,
  },
  audit_row_altered: {
    "zh-CN": (p) => `第 ${p.seq} 条审计记录被改动，或其前面的记录被删除：哈希链在此断开`,
    en: (p) => `Audit row ${p.seq} was altered, or a row before it deleted: the hash chain breaks there`,
  },
  audit_head_missing: {
    "zh-CN": () => "审计链头记录（audit_head）缺失：无法确认最新的审计记录是否完整",
    en: () => "The audit head row (audit_head) is missing: the newest audit rows cannot be vouched for",
  },
  audit_head_mismatch: {
    "zh-CN": (p) => `审计链头与最后一条记录（第 ${p.seq} 条）不符：最新的审计记录已丢失或被改写`,
    en: (p) => `The audit head does not match the last row (row ${p.seq}): the newest audit rows were lost or rewritten`,
  },
  audit_verified_rows_lost: {
    "zh-CN": (p) => `第 ${p.seq} 条审计记录已校验通过，现已丢失：审计链只到第 ${p.last} 条`,
    en: (p) => `Audit rows lost: row ${p.seq} had been verified, and the chain now ends at row ${p.last}`,
  },
  audit_verified_row_changed: {
    "zh-CN": (p) => `第 ${p.seq} 条审计记录在校验通过后被删除或改写`,
    en: (p) => `Audit row ${p.seq} was deleted or rewritten after it had been verified`,
  },
  audit_rows_lost_after_checkpoint: {
    "zh-CN": (p) => `检查点 ${p.checkpoint} 之后的审计记录已丢失：签名检查点担保到第 ${p.checkpoint} 条，审计链只到第 ${p.last} 条`,
    en: (p) =>
      `Rows lost after checkpoint ${p.checkpoint}: the signed checkpoint vouches for row ${p.checkpoint}, the chain ends at row ${p.last}`,
  },
  audit_checkpoint_mismatch: {
    "zh-CN": (p) => `第 ${p.checkpoint} 条审计记录与签名检查点不符：审计链已被改写`,
    en: (p) => `Audit row ${p.checkpoint} differs from the signed checkpoint: the chain was rewritten`,
  },
  audit_checkpoint_bad_signature: {
    "zh-CN": (p) => `检查点文件第 ${p.line} 行的签名无效，已忽略：检查点文件可能被篡改`,
    en: (p) =>
      `The checkpoint on line ${p.line} of the checkpoint file has a bad signature and is ignored: the file may have been tampered with`,
  },
  audit_checkpoint_file_shrank: {
    "zh-CN": (p) => `检查点文件变短了（先前已读 ${p.before} 字节，现为 ${p.now} 字节）：有检查点被删除`,
    en: (p) => `The checkpoint file shrank (${p.before} bytes read before, ${p.now} now): checkpoints were removed`,
  },
  request_timeout: {
    "zh-CN": () => "请求未能在时限内传完，连接已关闭",
    en: () => "The request did not arrive in time; the connection was closed",
  },
  internal: {
    "zh-CN": () => "服务器内部错误",
    en: () => "Internal server error",
  },
};

/** Nouns that messages interpolate, so "unknown category code" reads right in both languages. */
const NOUNS: Record<string, { "zh-CN": string; en: string }> = {
  incident: { "zh-CN": "警情", en: "incident" },
  unit: { "zh-CN": "警力", en: "unit" },
  org: { "zh-CN": "组织机构", en: "organisation" },
  category: { "zh-CN": "警情类别", en: "category" },
  role: { "zh-CN": "角色", en: "role" },
  "unit type": { "zh-CN": "警力类型", en: "unit type" },
  "unit status": { "zh-CN": "警力状态", en: "unit status" },
  disposition: { "zh-CN": "处置结果", en: "disposition" },
  "invalid-call reason": { "zh-CN": "无效报警原因", en: "invalid-call reason" },
  assignment: { "zh-CN": "派警记录", en: "assignment" },
  route: { "zh-CN": "路径", en: "route" },
  location: { "zh-CN": "位置", en: "location" },
  "work order": { "zh-CN": "工单", en: "work order" },
  "follow-up": { "zh-CN": "回访", en: "follow-up" },
  "12345 transfer": { "zh-CN": "12345 转办记录", en: "12345 transfer" },
  "routing rule": { "zh-CN": "分流规则", en: "routing rule" },
  skill: { "zh-CN": "技能", en: "skill" },
  "timer stage": { "zh-CN": "时限环节", en: "timer stage" },
  "routing target": { "zh-CN": "分流去向", en: "routing target" },
  town: { "zh-CN": "镇街", en: "town" },
  user: { "zh-CN": "用户", en: "user" },
  ring: { "zh-CN": "圈层", en: "ring" },
  checkpoint: { "zh-CN": "检查站/卡点", en: "checkpoint" },
  "watch order": { "zh-CN": "布控指令", en: "watch order" },
  "intercept plan": { "zh-CN": "拦截方案", en: "intercept plan" },
  "ring level": { "zh-CN": "圈层级别", en: "ring level" },
  "checkpoint kind": { "zh-CN": "卡点类型", en: "checkpoint kind" },
  "report kind": { "zh-CN": "反馈类型", en: "report kind" },
  "travel mode": { "zh-CN": "出行方式", en: "travel mode" },
  site: { "zh-CN": "智安小区", en: "site" },
  "site type": { "zh-CN": "场所类型", en: "site type" },
  "site task": { "zh-CN": "小区处置任务", en: "site task" },
  device: { "zh-CN": "设备", en: "device" },
  "device type": { "zh-CN": "设备类型", en: "device type" },
  "contact role": { "zh-CN": "联系人角色", en: "contact role" },
  "DC-09 account": { "zh-CN": "DC-09 报警账号", en: "DC-09 account" },
  qualifier: { "zh-CN": "事件限定码", en: "qualifier" },
  mode: { "zh-CN": "方式", en: "mode" },
  photo: { "zh-CN": "照片", en: "photo" },
  "timer setting": { "zh-CN": "时限设置", en: "timer setting" },
  "incident status": { "zh-CN": "警情状态", en: "incident status" },
  "work-order status": { "zh-CN": "工单状态", en: "work-order status" },
  "follow-up status": { "zh-CN": "回访状态", en: "follow-up status" },
  "follow-up subject type": { "zh-CN": "回访对象类型", en: "follow-up subject type" },
  "watch-order status": { "zh-CN": "布控指令状态", en: "watch-order status" },
  "site-task status": { "zh-CN": "小区处置任务状态", en: "site-task status" },
  grouping: { "zh-CN": "分组方式", en: "grouping" },
};

/** Whether a noun a refusal names reads in Chinese (a test checks every one the services use). */
export function hasNoun(what: string): boolean {
  return what in NOUNS;
}

export function hasTemplate(code: string): boolean {
  return code in messages;
}

export function render(code: string, params: Record<string, unknown>, locale: Locale): string {
  const m = messages[code] ?? messages.internal;
  const what = typeof params.what === "string" ? (NOUNS[params.what]?.[locale] ?? params.what) : params.what;
  return m[locale]({ ...params, what });
}

export function pickLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return "zh-CN";
  const first = acceptLanguage.split(",")[0]?.trim().toLowerCase() ?? "";
  return first.startsWith("en") ? "en" : "zh-CN";
}
