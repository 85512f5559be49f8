import type { FastifyInstance } from "fastify";
import type { AppContext } from "../context.ts";

export async function interceptRoutes(_app: FastifyInstance, _opts: { ctx: AppContext }) {}
