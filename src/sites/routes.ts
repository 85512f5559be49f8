import type { FastifyInstance } from "fastify";
import type { AppContext } from "../context.ts";

export async function sitesRoutes(_app: FastifyInstance, _opts: { ctx: AppContext }) {}
