/**
 * The Open311 service list Lantern offers citizens' apps: each service is a category of the
 * incident dictionary, so a request enters the same triage and routing as a 110 call.
 */
import type { Open311Attribute } from "./schemas.ts";

export interface ServiceSeed {
  service_code: string;
  category_code: string;
  name_zh: string;
  name_en: string;
  description_zh: string | null;
  description_en: string | null;
  group_name: string | null;
  keywords: string | null;
  attributes: Open311Attribute[];
}

const noiseSource: Open311Attribute = {
  variable: true,
  code: "NOISE_SOURCE",
  datatype: "singlevaluelist",
  required: true,
  datatype_description: null,
  order: 1,
  description: "噪音来源 / Where does the noise come from?",
  values: [
    { key: "construction", name: "施工 / Construction" },
    { key: "residential", name: "邻居住户 / Neighbours" },
    { key: "commercial", name: "商铺娱乐场所 / Shops, bars" },
    { key: "square_dance", name: "广场舞 / Square dancing" },
  ],
};

const ongoing: Open311Attribute = {
  variable: true,
  code: "ONGOING",
  datatype: "singlevaluelist",
  required: false,
  datatype_description: null,
  order: 2,
  description: "现在是否仍在持续 / Is it still going on?",
  values: [
    { key: "yes", name: "是 / Yes" },
    { key: "no", name: "否 / No" },
  ],
};

export const DEFAULT_SERVICES: ServiceSeed[] = [
  {
    service_code: "noise",
    category_code: "complaint.noise",
    name_zh: "噪音扰民",
    name_en: "Noise",
    description_zh: "施工、住户、商铺或广场舞噪音",
    description_en: "Noise from construction, neighbours, shops or square dancing",
    group_name: "environment",
    keywords: "噪音, 扰民, noise, loud",
    attributes: [noiseSource, ongoing],
  },
  {
    service_code: "obstruction",
    category_code: "complaint.obstruction",
    name_zh: "占道经营",
    name_en: "Street obstruction",
    description_zh: "占用道路、人行道经营或堆物",
    description_en: "Stalls or goods blocking a street or pavement",
    group_name: "street",
    keywords: "占道, 摊贩, obstruction, stall",
    attributes: [],
  },
  {
    service_code: "dispute",
    category_code: "complaint.dispute",
    name_zh: "邻里纠纷",
    name_en: "Neighbour dispute",
    description_zh: "邻里之间的矛盾纠纷，需要调解",
    description_en: "A dispute between neighbours that needs mediation",
    group_name: "community",
    keywords: "纠纷, 调解, dispute, neighbour",
    attributes: [],
  },
  {
    service_code: "lost_property",
    category_code: "help.lost_property",
    name_zh: "物品遗失",
    name_en: "Lost property",
    description_zh: "遗失物品登记与寻找",
    description_en: "Report and look for lost property",
    group_name: "community",
    keywords: "遗失, 丢失, lost",
    attributes: [],
  },
  {
    service_code: "government",
    category_code: "complaint.government",
    name_zh: "政务咨询投诉",
    name_en: "Government enquiry or complaint",
    description_zh: "政务服务咨询与投诉，转 12345 办理",
    description_en: "Enquiries and complaints about public services, handled by the 12345 hotline",
    group_name: "government",
    keywords: "咨询, 政务, 12345, enquiry",
    attributes: [],
  },
];
