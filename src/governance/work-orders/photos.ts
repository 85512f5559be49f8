/**
 * Photos a field worker takes on scene (现场照片), attached to a work order and shown with its
 * first feedback. The bytes live in the database, not on one server's disk, so any process
 * behind the load balancer can serve them; size and count are capped to keep that affordable.
 * The declared type must match the file's own signature: a phone upload is external input.
 */
import { createHash } from "node:crypto";
import type { AppContext } from "../../context.ts";
import type { Actor } from "../../org/model.ts";
import { transact } from "../../platform/events.ts";
import { newId } from "../../platform/ids.ts";
import { Problem, problems } from "../../platform/problem.ts";
import { PHOTO_TYPES, type PhotoType, type WorkOrderStatus } from "../model.ts";
import type { PhotoView } from "./schemas.ts";
import { workOrderEvents } from "./work-order-events.ts";
import { assertWorkerOrManager, getWorkOrder, loadWorkOrder } from "./work-orders.ts";

export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
export const PHOTOS_PER_ORDER = 20;

/** While the worker is on the job; a closed order's record is not amended afterwards. */
const PHOTO_STATES: readonly WorkOrderStatus[] = ["taken", "on_scene", "handled", "feedback"];

export function photoUrl(workOrderId: string, photoId: string): string {
  return `/api/v1/work-orders/${encodeURIComponent(workOrderId)}/photos/${encodeURIComponent(photoId)}`;
}

/** The image type a file's first bytes say it is, or null. */
export function sniffImageType(b: Uint8Array): PhotoType | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "image/jpeg";
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (b.length >= 8 && png.every((x, i) => b[i] === x)) return "image/png";
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (b.length >= 12 && ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "image/webp";
  return null;
}

const badPhoto = (status: number, code: string, field: string, en: string, zh: string, extra = {}) =>
  new Problem(status, code, { field }, { detail: en, detailZh: zh, field, ...extra });

export async function addWorkOrderPhoto(
  ctx: AppContext,
  actor: Actor,
  workOrderId: string,
  contentType: string | undefined,
  body: unknown,
): Promise<PhotoView> {
  const declared = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (!Buffer.isBuffer(body) || !PHOTO_TYPES.includes(declared as PhotoType))
    throw badPhoto(
      415,
      "photo_type",
      "content-type",
      `Send the photo's bytes as the body with Content-Type ${PHOTO_TYPES.join(", ")}`,
      `请以图片原始字节作为请求体上传，Content-Type 为 ${PHOTO_TYPES.join("、")}`,
    );
  if (body.length === 0) throw badPhoto(400, "photo_empty", "body", "The photo is empty", "照片内容为空");
  if (body.length > PHOTO_MAX_BYTES)
    throw badPhoto(
      413,
      "photo_too_large",
      "body",
      `A photo may be at most ${PHOTO_MAX_BYTES} bytes`,
      `照片不能超过 ${PHOTO_MAX_BYTES} 字节`,
      {
        limit: PHOTO_MAX_BYTES,
      },
    );
  const actual = sniffImageType(body);
  if (actual !== declared)
    throw badPhoto(
      415,
      "photo_type_mismatch",
      "content-type",
      `The body is ${actual ?? "not an image Lantern accepts"}, not ${declared}`,
      `上传内容是 ${actual ?? "不支持的格式"}，与声明的 ${declared} 不符`,
    );

  const now = ctx.clock.now();
  const sha256 = createHash("sha256").update(body).digest("hex");
  const id = newId();
  await transact(ctx, async (tx, record) => {
    const r = await loadWorkOrder(tx, workOrderId);
    assertWorkerOrManager(actor, r);
    if (!PHOTO_STATES.includes(r.status as WorkOrderStatus))
      throw badPhoto(
        409,
        "photo_not_now",
        "status",
        `Photos are added while the order is being worked (${PHOTO_STATES.join(", ")}); it is ${r.status}`,
        `工单处置期间才能上传照片（${PHOTO_STATES.join("、")}），当前状态为 ${r.status}`,
        { allowed: PHOTO_STATES },
      );
    const { n } = await tx
      .selectFrom("work_order_photos")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("work_order_id", "=", r.id)
      .executeTakeFirstOrThrow();
    if (Number(n) >= PHOTOS_PER_ORDER)
      throw badPhoto(
        409,
        "photo_limit",
        "body",
        `A work order holds at most ${PHOTOS_PER_ORDER} photos`,
        `每张工单最多 ${PHOTOS_PER_ORDER} 张照片`,
      );
    await tx
      .insertInto("work_order_photos")
      .values({
        id,
        work_order_id: r.id,
        content_type: declared,
        bytes: body,
        size: body.length,
        sha256,
        created_by: actor.userId,
        created_at: now.toISOString(),
      })
      .execute();
    for (const e of workOrderEvents(r, actor, "workorder.photo_added", { photoId: id, bytes: body.length, sha256 }, now)) record(e);
  });
  return {
    id,
    url: photoUrl(workOrderId, id),
    contentType: declared as PhotoType,
    bytes: body.length,
    sha256,
    createdAt: now.toISOString(),
  };
}

/** Anyone who may read the order may see its photos; the scope check is the order's own. */
export async function readWorkOrderPhoto(
  ctx: AppContext,
  actor: Actor,
  workOrderId: string,
  photoId: string,
): Promise<{ contentType: string; bytes: Buffer; sha256: string }> {
  await getWorkOrder(ctx, actor, workOrderId);
  const p = await ctx.db
    .selectFrom("work_order_photos")
    .select(["content_type", "bytes", "sha256"])
    .where("id", "=", photoId)
    .where("work_order_id", "=", workOrderId)
    .executeTakeFirst();
  if (!p) throw problems.notFound("photo", photoId);
  return { contentType: p.content_type, bytes: Buffer.from(p.bytes), sha256: p.sha256 };
}

export async function listWorkOrderPhotos(ctx: AppContext, actor: Actor, workOrderId: string): Promise<PhotoView[]> {
  await getWorkOrder(ctx, actor, workOrderId);
  const rows = await ctx.db
    .selectFrom("work_order_photos")
    .select(["id", "content_type", "size", "sha256", "created_at"])
    .where("work_order_id", "=", workOrderId)
    .orderBy("created_at")
    .execute();
  return rows.map((p) => ({
    id: p.id,
    url: photoUrl(workOrderId, p.id),
    contentType: p.content_type as PhotoType,
    bytes: p.size,
    sha256: p.sha256,
    createdAt: p.created_at,
  }));
}

/** The url a feedback's `photoId` stands for, once it is known to be this order's photo. */
export async function photoUrlOf(ctx: AppContext, workOrderId: string, photoId: string): Promise<string> {
  const p = await ctx.db
    .selectFrom("work_order_photos")
    .select("id")
    .where("id", "=", photoId)
    .where("work_order_id", "=", workOrderId)
    .executeTakeFirst();
  if (!p)
    throw badPhoto(422, "unknown_photo", "photoId", `Photo ${photoId} was not uploaded to this work order`, `照片 ${photoId} 不属于该工单`);
  return photoUrl(workOrderId, photoId);
}
