import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import type { AppContext } from "../context.ts";
import type { Actor } from "../org/model.ts";
import { actorOf } from "../platform/http.ts";
import { AnyArray, errors } from "../platform/schemas.ts";
import { searchAddresses } from "./service.ts";

export async function addressRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  app.get(
    "/addresses",
    {
      config: { permission: "incident:read" },
      schema: {
        tags: ["addresses"],
        description: "Type-ahead search of standard addresses (标准地址).",
        querystring: Type.Object(
          { q: Type.String({ minLength: 1, maxLength: 100 }), limit: Type.Optional(Type.String({ pattern: "^[0-9]{1,2}$" })) },
          { additionalProperties: false },
        ),
        response: { 200: AnyArray, ...errors },
      },
    },
    async (req) => {
      const q = req.query as { q: string; limit?: string };
      return searchAddresses(ctx, actorOf<Actor>(req), q.q, q.limit ? Number(q.limit) : 10);
    },
  );
}
