import { initTRPC, TRPCError } from "@trpc/server";
import type { Permission } from "../auth/permissions.ts";
import { ZodError } from "zod";
import { AppError } from "../errors/app-error.ts";
import type { Context } from "./context.ts";
import { wireFormat } from "./wire-format.ts";

/** Procedure metadata: the permission a tenant procedure requires (read by the role-matrix test). */
export interface ProcedureMeta {
  permission?: Permission;
}

const t = initTRPC.context<Context>().meta<ProcedureMeta>().create({
  // superjson on the wire (the browser uses it as is), with a fast path for plain JSON answers.
  transformer: wireFormat,
  errorFormatter({ shape, error }) {
    return {
      ...shape,
      // Internal errors keep their details in the log, not in the response.
      message: error.code === "INTERNAL_SERVER_ERROR" ? "Something went wrong on our side. Try again; if it keeps happening, tell your administrator." : shape.message,
      data: {
        ...shape.data,
        zodError: error.cause instanceof ZodError ? error.cause.flatten() : null,
        field: error.cause instanceof AppError ? (error.cause.field ?? null) : null,
        stack: process.env.NODE_ENV === "development" ? shape.data.stack : undefined,
      },
    };
  },
});

/** Turns domain errors (written for people) into the matching tRPC error. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  return result;
});

export const router = t.router;
export const middleware = t.middleware;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(domainErrors);

/** Requires a signed-in user and narrows ctx.session. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  return next({ ctx: { ...ctx, session: ctx.session } });
});
