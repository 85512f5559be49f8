/**
 * Every message a person reads from the API, in zh-CN (the default) and en. Problems carry a
 * code and parameters; the HTTP layer renders them in the caller's Accept-Language.
 */
export type Locale = "zh-CN" | "en";

type Template = (p: Record<string, unknown>) => string;

const messages: Record<string, { "zh-CN": Template; en: Template }> = {
  validation: {
    "zh-CN": (p) => `字段 ${p.field} 无效：${p.reason}`,
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
    "zh-CN": (p) => `不能从"${p.from}"变更为"${p.to}"；允许的状态：${p.allowed}`,
    en: (p) => `Cannot move from ${p.from} to ${p.to}; allowed: ${p.allowed}`,
  },
  unit_unavailable: {
    "zh-CN": (p) => `警力 ${p.unit} 当前不可调派（状态：${p.status}）`,
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
    "zh-CN": (p) => `操作冲突：${p.detail}`,
    en: (p) => `Conflicting change: ${p.detail}`,
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
};

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
