import { Type } from "typebox";
import type { AppContext } from "../context.ts";
import type { Actor } from "../org/model.ts";
import { actorOf, type Routes } from "../platform/http.ts";
import { errors } from "../platform/schemas.ts";
import { AddressQuery, AddressView } from "./schemas.ts";
import { searchAddresses } from "./service.ts";

export const addressRoutes: Routes<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    "/addresses",
    {
      config: { permission: "incident:read" },
      schema: {
        tags: ["addresses"],
        description: "Type-ahead search of standard addresses (标准地址).",
        querystring: AddressQuery,
        response: { 200: Type.Array(AddressView), ...errors },
      },
    },
    async (req) => searchAddresses(ctx, actorOf<Actor>(req), req.query.q, req.query.limit ? Number(req.query.limit) : 10),
  );
};
