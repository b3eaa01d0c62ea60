import { createCaller } from "./app-router.ts";
import { createContext } from "./context.ts";

/**
 * The tRPC router called in-process from a loader or action: the same procedures, context and
 * checks as /api/trpc, without an HTTP hop. Headers the procedures set (cookies) are returned so
 * the loader can pass them on.
 */
export async function serverCaller(request: Request) {
  const resHeaders = new Headers();
  const ctx = await createContext({ request, resHeaders });
  return { api: createCaller(ctx), resHeaders };
}
