/**
 * A schema refusal of an Open311 request in words meant for the person who wrote the client (the
 * spec asks for error descriptions "meant for the user"): the field by its Open311 name, and what
 * it must be, in English and in Chinese. The validator's own text ("must be equal to constant")
 * names neither.
 */

export interface SchemaError {
  instancePath?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

export interface Texts {
  en: string;
  zh: string;
}

/** Route parameters are camelCase in Lantern and snake_case in the spec. */
const SPEC_NAMES: Record<string, string> = { serviceCode: "service_code", serviceRequestId: "service_request_id" };

const TYPE_NAMES: Record<string, Texts> = {
  string: { en: "text", zh: "文本" },
  number: { en: "a number", zh: "数字" },
  integer: { en: "a whole number", zh: "整数" },
  boolean: { en: "true or false", zh: "true 或 false" },
  object: { en: "an object", zh: "对象" },
  array: { en: "a list", zh: "列表" },
};

function fieldOf(e: SchemaError): string {
  const path = (e.instancePath ?? "").replace(/^\//, "").replaceAll("/", ".");
  const leaf = (e.params?.missingProperty ?? e.params?.additionalProperty) as string | undefined;
  const name = [path, leaf].filter(Boolean).join(".");
  return SPEC_NAMES[name] ?? name;
}

export function schemaErrorTexts(e: SchemaError | undefined, context: string | undefined): Texts {
  const field = e ? fieldOf(e) : "";
  const limit = e?.params?.limit;
  if (!field && context === "body")
    return {
      en: "The request body must be a form (application/x-www-form-urlencoded) or a JSON object",
      zh: "请求体须为表单（application/x-www-form-urlencoded）或 JSON 对象",
    };
  if (!field) return { en: "The request is not valid", zh: "请求无效" };
  if (field === "format")
    return { en: "format must be json or xml, e.g. services.json", zh: "format 须为 json 或 xml，例如 services.json" };
  switch (e?.keyword) {
    case "maxLength":
      return { en: `${field} must be at most ${limit} characters`, zh: `${field} 不能超过 ${limit} 个字符` };
    case "minLength":
      return limit === 1
        ? { en: `${field} must not be empty`, zh: `${field} 不能为空` }
        : { en: `${field} must be at least ${limit} characters`, zh: `${field} 至少 ${limit} 个字符` };
    case "required":
      return { en: `${field} is required`, zh: `缺少 ${field}` };
    case "additionalProperties":
      return { en: `${field} is not a field of this request`, zh: `${field} 不是本请求的字段` };
    case "type": {
      const t = TYPE_NAMES[String(e.params?.type)];
      if (t) return { en: `${field} must be ${t.en}`, zh: `${field} 须为${t.zh}` };
      break;
    }
  }
  return { en: `${field} is not valid`, zh: `${field} 无效` };
}
