/**
 * Ring polygons: validation and the few planar tests the rings need. Rings are small (tens to
 * hundreds of vertices) and are checked once when saved, so plain O(n²) segment tests are enough.
 * Coordinates are GeoJSON order ([lon, lat]); at city scale a lon/lat plane is exact enough to
 * say whether two edges cross.
 */

export type Position = [number, number];
/** GeoJSON Polygon coordinates: one outer ring; holes are not supported. */
export type PolygonCoords = Position[][];

export const MAX_RING_VERTICES = 2000;

export interface PolygonFault {
  reason: string;
  reasonZh: string;
}

const fault = (reason: string, reasonZh: string): PolygonFault => ({ reason, reasonZh });

/** Why a polygon is invalid, or null when it is fine. */
export function polygonProblem(coords: unknown): string | null {
  return polygonFault(coords)?.reason ?? null;
}

/** Why a polygon is invalid, in English and Chinese, or null when it is fine. */
export function polygonFault(coords: unknown): PolygonFault | null {
  if (!Array.isArray(coords) || coords.length === 0)
    return fault("must be GeoJSON Polygon coordinates: [[[lon, lat], …]]", "须为 GeoJSON 多边形坐标：[[[经度, 纬度], …]]");
  if (coords.length > 1) return fault("holes are not supported: give only the outer ring", "不支持内洞：只需给出外环");
  const ring = coords[0];
  if (!Array.isArray(ring)) return fault("the outer ring must be an array of [lon, lat] positions", "外环须为 [经度, 纬度] 坐标点数组");
  if (ring.length < 4)
    return fault(
      `needs at least 4 positions (a triangle plus the closing position), got ${ring.length}`,
      `至少需要 4 个坐标点（三角形加闭合点），当前为 ${ring.length} 个`,
    );
  if (ring.length > MAX_RING_VERTICES)
    return fault(
      `has ${ring.length} positions; the limit is ${MAX_RING_VERTICES}`,
      `共 ${ring.length} 个坐标点，上限为 ${MAX_RING_VERTICES} 个`,
    );
  for (const [i, p] of ring.entries()) {
    if (!Array.isArray(p) || p.length < 2) return fault(`position ${i} is not [lon, lat]`, `第 ${i} 个坐标点不是 [经度, 纬度]`);
    const [lon, lat] = p;
    if (typeof lon !== "number" || typeof lat !== "number" || !Number.isFinite(lon) || !Number.isFinite(lat))
      return fault(`position ${i} is not numeric`, `第 ${i} 个坐标点不是数值`);
    if (lon < -180 || lon > 180 || lat < -90 || lat > 90)
      return fault(`position ${i} (${lon}, ${lat}) is out of range`, `第 ${i} 个坐标点 (${lon}, ${lat}) 超出范围`);
  }
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first[0] !== last[0] || first[1] !== last[1])
    return fault("is not closed: the last position must equal the first", "未闭合：最后一个坐标点须与第一个相同");
  const pts = ring as Position[];
  const n = pts.length - 1;
  for (let i = 0; i < n; i++) {
    const a = pts[i];
    const b = pts[i + 1];
    if (a[0] === b[0] && a[1] === b[1])
      return fault(`positions ${i} and ${i + 1} repeat the same point`, `第 ${i} 与第 ${i + 1} 个坐标点重复`);
  }
  // Every pair of non-adjacent edges must be disjoint; adjacent edges may only share their vertex.
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const adjacent = j === i + 1 || (i === 0 && j === n - 1);
      if (adjacent) {
        if (collinearOverlap(pts[i], pts[i + 1], pts[j], pts[j + 1]))
          return fault(`edges ${i} and ${j} fold back on each other`, `第 ${i} 与第 ${j} 条边相互折回`);
        continue;
      }
      if (segmentsIntersect(pts[i], pts[i + 1], pts[j], pts[j + 1]))
        return fault(`intersects itself: edge ${i} crosses edge ${j}`, `边界自相交：第 ${i} 条边与第 ${j} 条边交叉`);
    }
  }
  if (Math.abs(signedArea(pts)) < 1e-12) return fault("has no area", "面积为零");
  return null;
}

export function signedArea(ring: Position[]): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return s / 2;
}

function orient(a: Position, b: Position, c: Position): number {
  const v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function onSegment(a: Position, b: Position, p: Position): boolean {
  return Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
}

/** Closed segments ab and cd share at least one point (touching counts). */
export function segmentsIntersect(a: Position, b: Position, c: Position, d: Position): boolean {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  if (o1 === 0 && onSegment(a, b, c)) return true;
  if (o2 === 0 && onSegment(a, b, d)) return true;
  if (o3 === 0 && onSegment(c, d, a)) return true;
  if (o4 === 0 && onSegment(c, d, b)) return true;
  return false;
}

/** Adjacent edges ab, bc (sharing b) overlap along a line instead of meeting at b. */
function collinearOverlap(a: Position, b: Position, c: Position, d: Position): boolean {
  // The shared vertex is b === c (or a === d for the closing pair); the edges fold back when
  // all points are collinear and the far ends lie on the same side of the shared vertex.
  const shared = b[0] === c[0] && b[1] === c[1] ? b : a;
  const p = shared === b ? a : b;
  const q = shared === b ? d : c;
  if (orient(p, shared, q) !== 0) return false;
  return (p[0] - shared[0]) * (q[0] - shared[0]) + (p[1] - shared[1]) * (q[1] - shared[1]) > 0;
}

/** Point in polygon by ray casting (boundary points may fall either way). */
export function pointInRing(ring: Position[], lon: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Two valid rings' boundaries cross or touch (so neither nests inside the other nor are they apart). */
export function boundariesIntersect(a: Position[], b: Position[]): boolean {
  for (let i = 0; i + 1 < a.length; i++) {
    for (let j = 0; j + 1 < b.length; j++) if (segmentsIntersect(a[i], a[i + 1], b[j], b[j + 1])) return true;
  }
  return false;
}

/**
 * Where segment pq crosses the ring boundary: the parameter t along pq (0 at p) of each crossing.
 * Used to put demo checkpoints where roads leave a ring.
 */
export function crossings(ring: Position[], p: Position, q: Position): number[] {
  const out: number[] = [];
  const rx = q[0] - p[0];
  const ry = q[1] - p[1];
  for (let i = 0; i + 1 < ring.length; i++) {
    const a = ring[i];
    const b = ring[i + 1];
    const sx = b[0] - a[0];
    const sy = b[1] - a[1];
    const den = rx * sy - ry * sx;
    if (den === 0) continue;
    const t = ((a[0] - p[0]) * sy - (a[1] - p[1]) * sx) / den;
    const u = ((a[0] - p[0]) * ry - (a[1] - p[1]) * rx) / den;
    if (t >= 0 && t < 1 && u >= 0 && u < 1) out.push(t);
  }
  return out;
}
