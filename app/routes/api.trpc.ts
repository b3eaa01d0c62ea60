import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "../../server/trpc/app-router.ts";
import { createContext } from "../../server/trpc/context.ts";
import type { Route } from "./+types/api.trpc";

function handle({ request }: { request: Request }) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: ({ req, resHeaders }) => createContext({ request: req, resHeaders }),
    onError({ error, path, ctx }) {
      if (error.code === "INTERNAL_SERVER_ERROR") ctx?.log.error({ err: error, path }, "trpc procedure failed");
    },
  });
}

export const loader = (args: Route.LoaderArgs) => handle(args);
export const action = (args: Route.ActionArgs) => handle(args);
