import { createServer, type Server, type Socket } from "node:net";
import type { PGlite } from "@electric-sql/pglite";

/**
 * Serves an in-process PGlite over the PostgreSQL wire protocol on loopback, so the app reaches
 * the embedded database through node-postgres and Prisma's adapter-pg exactly as it reaches a
 * real server.
 *
 * Why not @electric-sql/pglite-socket (0.2.17): PGlite is ONE backend session, and pglite-socket
 * interleaves clients message by message. Two pooled connections running extended-protocol
 * queries at once (Parse/Bind/Execute/Sync) then share the unnamed prepared statement, and one
 * query can run with the other's parameters — we saw a membership lookup come back empty that
 * way. Here a client owns the session from its first message until its Sync or simple Query has
 * been answered, and keeps it while it is inside a transaction or a COPY, so statements,
 * portals and transactions of different clients never mix.
 */

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;

/** A fair lock on the single backend session; the owner is a connection id. */
class SessionLock {
  private owner: number | null = null;
  private waiters: { id: number; resolve: () => void }[] = [];

  async acquire(id: number): Promise<void> {
    if (this.owner === id) return;
    if (this.owner === null) {
      this.owner = id;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push({ id, resolve }));
  }

  release(id: number): void {
    if (this.owner !== id) return;
    const next = this.waiters.shift();
    this.owner = next ? next.id : null;
    next?.resolve();
  }

  drop(id: number): void {
    this.waiters = this.waiters.filter((w) => w.id !== id);
    this.release(id);
  }
}

/** Watches the backend's replies for CopyInResponse ('G') and CopyOutResponse ('H'). */
class ReplyScanner {
  private pending = 0; // bytes of the current message body still to skip
  private header: number[] = [];
  copyIn = false;

  feed(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.pending > 0) {
        const skip = Math.min(this.pending, chunk.length - i);
        this.pending -= skip;
        i += skip;
        continue;
      }
      this.header.push(chunk[i]!);
      i++;
      if (this.header.length === 5) {
        const [type, a, b, c, d] = this.header as [number, number, number, number, number];
        const length = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
        if (type === 0x47) this.copyIn = true; // 'G' CopyInResponse
        if (type === 0x43 || type === 0x45) this.copyIn = false; // 'C' CommandComplete, 'E' ErrorResponse
        this.pending = Math.max(0, length - 4);
        this.header = [];
      }
    }
  }
}

export interface WireServer {
  port: number;
  close(): Promise<void>;
}

export async function serveOverWire(db: PGlite, opts: { host?: string; port?: number; maxConnections?: number } = {}): Promise<WireServer> {
  const lock = new SessionLock();
  const sockets = new Set<Socket>();
  let nextId = 1;

  const server: Server = createServer((socket) => {
    if (sockets.size >= (opts.maxConnections ?? 100)) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.setNoDelay(true);
    const id = nextId++;
    let buffer = Buffer.alloc(0);
    let started = false;
    let group: Buffer[] = [];
    const scanner = new ReplyScanner();
    let chain = Promise.resolve();

    const send = (data: Uint8Array) => {
      scanner.feed(data);
      if (!socket.destroyed) socket.write(data);
    };

    /** Runs the collected messages as one unit; keeps the session if the client still needs it. */
    const runGroup = async (releaseAfter: boolean) => {
      const messages = group;
      group = [];
      await lock.acquire(id);
      for (const message of messages) {
        await db.runExclusive(() => db.execProtocolRawStream(new Uint8Array(message), { onRawData: send }));
      }
      if (releaseAfter && !db.isInTransaction() && !scanner.copyIn) lock.release(id);
    };

    const process = async () => {
      for (;;) {
        if (!started) {
          if (buffer.length < 8) return;
          const length = buffer.readInt32BE(0);
          const code = buffer.readInt32BE(4);
          if (buffer.length < length) return;
          const packet = buffer.subarray(0, length);
          buffer = buffer.subarray(length);
          if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
            socket.write("N");
            continue;
          }
          if (code === CANCEL_REQUEST) {
            socket.end();
            return;
          }
          if (code !== PROTOCOL_3) {
            socket.destroy();
            return;
          }
          started = true;
          group.push(Buffer.from(packet));
          await runGroup(true);
          continue;
        }
        if (buffer.length < 5) return;
        const type = String.fromCharCode(buffer[0]!);
        const length = buffer.readInt32BE(1) + 1;
        if (buffer.length < length) return;
        const message = Buffer.from(buffer.subarray(0, length));
        buffer = buffer.subarray(length);
        if (type === "X") {
          socket.end();
          return;
        }
        group.push(message);
        // Sync and simple Query end a unit of work; Flush, CopyDone and CopyFail need an answer now.
        if (type === "S" || type === "Q") await runGroup(true);
        else if (type === "H") await runGroup(false);
        else if (type === "c" || type === "f") await runGroup(true);
      }
    };

    socket.on("data", (data) => {
      buffer = Buffer.concat([buffer, data]);
      chain = chain.then(process).catch((error) => {
        socket.destroy(error as Error);
      });
    });

    const cleanup = () => {
      if (!sockets.delete(socket)) return;
      chain = chain
        .then(async () => {
          // A client that vanished mid-transaction must not leave the session stuck in it.
          await lock.acquire(id);
          if (db.isInTransaction()) await db.exec("ROLLBACK").catch(() => {});
          lock.drop(id);
        })
        .catch(() => lock.drop(id));
    };
    socket.on("close", cleanup);
    socket.on("error", cleanup);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
