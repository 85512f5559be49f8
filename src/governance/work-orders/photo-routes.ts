/**
 * The photo routes of work orders: upload the raw bytes from a phone camera, list, and serve.
 * Kept in their own plugin so the image body parser applies to these routes only.
 */
import { Type } from "typebox";
import type { AppContext } from "../../context.ts";
import type { Actor } from "../../org/model.ts";
import { actorOf, type Routes } from "../../platform/http.ts";
import { errors, IdParams } from "../../platform/schemas.ts";
import { PHOTO_TYPES } from "../model.ts";
import { addWorkOrderPhoto, listWorkOrderPhotos, PHOTO_MAX_BYTES, readWorkOrderPhoto } from "./photos.ts";
import { PhotoBytes, PhotoParams, PhotoView } from "./schemas.ts";

export const photoRoutes: Routes<{ ctx: AppContext }> = async (app, { ctx }) => {
  const tags = ["work orders"];
  // Twice the limit, so a slightly oversized photo gets the photo's own error (which names the
  // limit) rather than the generic body-size refusal.
  // Any other type is read too, so that the refusal names the types a photo may have.
  app.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: 2 * PHOTO_MAX_BYTES }, (_req, body, done) => done(null, body));
  app.addContentTypeParser([...PHOTO_TYPES], { parseAs: "buffer", bodyLimit: 2 * PHOTO_MAX_BYTES }, (_req, body, done) => done(null, body));

  app.post(
    "/work-orders/:id/photos",
    {
      config: { permission: ["workorder:work", "workorder:manage"] },
      schema: {
        tags,
        description: `A photo from the scene: the raw bytes as the body, Content-Type ${PHOTO_TYPES.join(" / ")}, at most ${PHOTO_MAX_BYTES} bytes. Attach it to the first feedback with \`photoId\`.`,
        params: IdParams,
        response: { 201: PhotoView, ...errors },
      },
    },
    async (req, reply) => {
      const view = await addWorkOrderPhoto(ctx, actorOf<Actor>(req), req.params.id, req.headers["content-type"], req.body);
      reply.status(201);
      return view;
    },
  );
  app.get(
    "/work-orders/:id/photos",
    { config: { permission: "workorder:read" }, schema: { tags, params: IdParams, response: { 200: Type.Array(PhotoView), ...errors } } },
    async (req) => listWorkOrderPhotos(ctx, actorOf<Actor>(req), req.params.id),
  );
  app.get(
    "/work-orders/:id/photos/:photoId",
    {
      config: { permission: "workorder:read" },
      schema: {
        tags,
        description: "The photo's bytes, with its own Content-Type.",
        params: PhotoParams,
        response: { 200: PhotoBytes, ...errors },
      },
    },
    async (req, reply) => {
      const photo = await readWorkOrderPhoto(ctx, actorOf<Actor>(req), req.params.id, req.params.photoId);
      return reply
        .type(photo.contentType)
        .header("etag", `"${photo.sha256}"`)
        .header("cache-control", "private, max-age=86400")
        .header("x-content-type-options", "nosniff")
        .send(photo.bytes);
    },
  );
};
