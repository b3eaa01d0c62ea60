/**
 * The HTTP app for the throughput benchmark, in its own process, on DATABASE_URL.
 *
 * --app=build  the production server exactly as `npm start` runs it (createHttpApp over the
 *              React Router build): needs a fresh `npm run build` that includes the dashboard router.
 * --app=api    (default) the same Express stack — request logging, the security/CSRF middleware —
 *              in front of the real /api/trpc route module (app/routes/api.trpc.ts: fetch adapter,
 *              createContext, the app router), compiled from source, without the React Router
 *              page handler in between. Use it when the build is older than the source.
 *
 * Reports `{ port, mode }` over the IPC channel (or as a JSON line on stdout) when listening; exits
 * when stdin closes. Request logs go to stdout as in production; the benchmark discards them.
 */
import { Readable } from "node:stream";
import express from "express";

const mode = process.argv.find((a) => a.startsWith("--app="))?.slice(6) ?? "api";

async function apiOnlyApp(): Promise<express.Express> {
  const { requestLogging } = await import("../../server/http/request-logging.ts");
  const { security } = await import("../../server/http/security.ts");
  const route = (await import("../../app/routes/api.trpc.ts")) as {
    loader: (args: { request: Request }) => Promise<Response>;
    action: (args: { request: Request }) => Promise<Response>;
  };
  const app = express();
  app.disable("x-powered-by");
  app.use(requestLogging);
  app.use(security);
  app.all(/^\/api\/trpc\/.*/, async (req, res, next) => {
    try {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (Array.isArray(value)) for (const v of value) headers.append(name, v);
        else if (value !== undefined) headers.set(name, value);
      }
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      const request = new Request(`http://${req.headers.host}${req.originalUrl}`, {
        method: req.method,
        headers,
        ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {}),
      } as RequestInit);
      const response = await (hasBody ? route.action({ request }) : route.loader({ request }));
      res.status(response.status);
      response.headers.forEach((value, name) => res.append(name, value));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      next(error);
    }
  });
  return app;
}

const app = mode === "build" ? await (await import("../../server/http/app.ts")).createHttpApp({ dev: false }) : await apiOnlyApp();
const server = app.listen(0, "127.0.0.1", () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  if (process.send) process.send({ port, mode });
  else process.stdout.write(`${JSON.stringify({ port, mode })}\n`);
});
server.keepAliveTimeout = 60_000;
const stop = async () => {
  server.close();
  const { disconnectDb } = await import("../../server/db/client.ts");
  await disconnectDb().catch(() => {});
  process.exit(0);
};
process.stdin.on("end", () => void stop());
process.stdin.resume();
process.on("SIGTERM", () => void stop());
