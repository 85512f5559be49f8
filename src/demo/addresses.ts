/**
 * Standard addresses for the demo city: house numbers every ~120 m along named streets that
 * cross the demo area (east–west 路 and north–south 路), odd numbers on one side and even on the
 * other, plus a few landmarks. Real street names, schematic positions.
 */

import { addAddresses } from "../addresses/service.ts";
import type { AppContext } from "../context.ts";
import { DEMO_BBOX } from "../geo/synthetic-city.ts";

const EAST_WEST = ["文一路", "文二路", "文三路", "天目山路", "体育场路", "凤起路", "庆春路", "解放路", "望江路", "钱江路"];
const NORTH_SOUTH = ["古墩路", "紫金港路", "教工路", "莫干山路", "中河路", "延安路", "建国路", "秋涛路", "江干路", "新塘路"];
const LANDMARKS: [string, number, number][] = [
  ["武林广场", 30.2745, 120.1655],
  ["西湖文化广场", 30.2822, 120.1648],
  ["湖滨银泰", 30.2585, 120.1645],
  ["杭州东站", 30.2905, 120.2126],
  ["城站火车站", 30.2435, 120.1823],
  ["浙江大学玉泉校区", 30.2663, 120.1225],
  ["西溪湿地", 30.2698, 120.0737],
  ["钱江新城市民中心", 30.2445, 120.2105],
];

export async function seedDemoAddresses(ctx: AppContext): Promise<number> {
  const rows: { text: string; street: string | null; houseNumber: string | null; lat: number; lon: number }[] = [];
  const step = 0.0012; // ~120 m
  const { minLat, maxLat, minLon, maxLon } = DEMO_BBOX;
  EAST_WEST.forEach((street, i) => {
    const lat = minLat + ((i + 0.5) * (maxLat - minLat)) / EAST_WEST.length;
    for (let k = 0, lon = minLon + 0.002; lon < maxLon - 0.002; k++, lon += step) {
      const n = k * 2 + (k % 2 === 0 ? 1 : 2);
      rows.push({ text: `${street}${n}号`, street, houseNumber: String(n), lat: lat + (k % 2 === 0 ? 0.0002 : -0.0002), lon });
    }
  });
  NORTH_SOUTH.forEach((street, i) => {
    const lon = minLon + ((i + 0.5) * (maxLon - minLon)) / NORTH_SOUTH.length;
    for (let k = 0, lat = maxLat - 0.002; lat > minLat + 0.002; k++, lat -= step) {
      const n = k * 2 + (k % 2 === 0 ? 1 : 2);
      rows.push({ text: `${street}${n}号`, street, houseNumber: String(n), lat, lon: lon + (k % 2 === 0 ? 0.0002 : -0.0002) });
    }
  });
  for (const [text, lat, lon] of LANDMARKS) rows.push({ text, street: null, houseNumber: null, lat, lon });
  return addAddresses(ctx, rows);
}
