import path from "node:path";
import { createRequestHandler } from "@react-router/express";
import express from "express";
import type { ServerBuild } from "react-router";
import { requestLogging } from "./request-logging.ts";
import { security } from "./security.ts";

/**
 * The HTTP server: static assets, request logging and the React Router handler (pages, loaders,
 * actions, /api/trpc and /api/health). In development Vite serves and hot-reloads the app.
 */
export async function createHttpApp(opts: { dev: boolean }): Promise<express.Express> {
  const app = express();
  app.disable("x-powered-by");
  if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY);
  app.use(requestLogging);
  app.use(security);

  if (opts.dev) {
    const vite = await import("vite");
    const viteServer = await vite.createServer({ server: { middlewareMode: true }, appType: "custom" });
    app.use(viteServer.middlewares);
    app.all(/.*/, (req, res, next) =>
      createRequestHandler({
        build: () => viteServer.ssrLoadModule("virtual:react-router/server-build") as Promise<ServerBuild>,
      })(req, res, next),
    );
    return app;
  }

  const buildDir = path.resolve("build");
  app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h", index: false }));
  const build = (await import(path.join(buildDir, "server/index.js"))) as ServerBuild;
  app.all(/.*/, createRequestHandler({ build }));
  return app;
}
