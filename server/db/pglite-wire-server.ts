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

/** Follows the framing of the backend's replies (type byte, int32 length, body) across chunks. */
class ReplyScanner {
  private header = new Uint8Array(5);
  private headerBytes = 0;
  private remaining = 0; // body bytes of the current message still to come
  private statusNext = false; // the next body byte is ReadyForQuery's transaction status
  copyIn = false;
  /** Transaction status of the last ReadyForQuery seen: 'I', 'T' or 'E'. */
  status = 0x49;
  /** Counts ReadyForQuery messages. */
  readyCount = 0;

  /** Scans the whole chunk; returns the offset of the first message boundary in it, or -1 if none. */
  feed(chunk: Uint8Array): number {
    let first = -1;
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      if (this.remaining > 0) {
        if (this.statusNext) {
          this.status = chunk[i]!;
          this.statusNext = false;
        }
        const skip = Math.min(this.remaining, n - i);
        this.remaining -= skip;
        i += skip;
        continue;
      }
      if (this.headerBytes === 0 && first < 0) first = i;
      this.header[this.headerBytes++] = chunk[i++]!;
      if (this.headerBytes === 5) {
        const h = this.header;
        const type = h[0]!;
        const length = ((h[1]! << 24) | (h[2]! << 16) | (h[3]! << 8) | h[4]!) >>> 0;
        this.headerBytes = 0;
        this.remaining = Math.max(0, length - 4);
        if (type === 0x47) this.copyIn = true; // 'G' CopyInResponse
        if (type === 0x43 || type === 0x45) this.copyIn = false; // 'C' CommandComplete, 'E' ErrorResponse
        if (type === 0x5a) {
          // 'Z' ReadyForQuery
          this.readyCount++;
          this.statusNext = this.remaining > 0;
        }
      }
    }
    if (first < 0 && this.headerBytes === 0 && this.remaining === 0) first = n;
    return first;
  }
}

/** Bytes a connection may have produced by one unit of work before its reply is cut off. */
const DEFAULT_MAX_REPLY_BYTES = 1024 * 1024 * 1024;
/**
 * Replies are copied out of PGlite into socket writes of at most this size. Each unit of work
 * starts with a FIRST_CHUNK buffer and doubles it per write up to WRITE_CHUNK: most replies are a
 * few kilobytes, and a fresh 256 KiB buffer for each of them was off-heap memory that made V8 run a
 * full garbage collection every dozen or so queries, pausing the server 2–9 ms each time.
 */
const WRITE_CHUNK = 256 * 1024;
const FIRST_CHUNK = 16 * 1024;

/**
 * Carries PGlite's output to one socket. PGlite calls back synchronously with a view into its
 * WASM memory (its 8 KiB send buffer, reused for every flush and detached when the memory grows),
 * so each piece is copied before it is handed to the socket: socket.write keeps a reference to
 * whatever the kernel did not take at once. PGlite produces a whole reply inside one synchronous
 * call, so nothing drains meanwhile; the reply is held here and in the socket's buffer, up to
 * maxBytes per unit of work. Past that, the reply is cut at a message boundary and the client gets
 * an ErrorResponse instead of the rest (see finish()).
 */
class ReplyWriter {
  readonly scanner = new ReplyScanner();
  private buffer: Buffer | null = null;
  private filled = 0;
  private nextSize = FIRST_CHUNK;
  private produced = 0;
  private overLimit = false;
  private discarding = false;
  private readyBefore = 0;
  failed: unknown = null;

  constructor(
    private readonly socket: Socket,
    private readonly maxBytes: number,
  ) {}

  /** Starts a unit of work. */
  begin(): void {
    this.produced = 0;
    this.nextSize = FIRST_CHUNK;
    this.overLimit = false;
    this.discarding = false;
    this.readyBefore = this.scanner.readyCount;
  }

  /** PGlite's onRawData callback: must not throw, as it runs inside the WASM backend. */
  readonly push = (data: Uint8Array): void => {
    try {
      let forward = data.length;
      if (!this.discarding && this.produced + data.length > this.maxBytes) this.overLimit = true;
      this.produced += data.length;
      const boundary = this.scanner.feed(data);
      if (this.discarding) forward = 0;
      else if (this.overLimit && boundary >= 0) {
        forward = boundary;
        this.discarding = true;
      }
      if (forward > 0) this.copy(data, forward);
    } catch (error) {
      this.failed ??= error;
    }
  };

  private copy(data: Uint8Array, length: number): void {
    if (this.socket.destroyed) return;
    let offset = 0;
    while (offset < length) {
      this.buffer ??= Buffer.allocUnsafe(this.nextSize);
      const n = Math.min(length - offset, this.buffer.length - this.filled);
      this.buffer.set(data.subarray(offset, offset + n), this.filled);
      this.filled += n;
      offset += n;
      if (this.filled === this.buffer.length) {
        this.flush();
        this.nextSize = Math.min(this.nextSize * 2, WRITE_CHUNK);
      }
    }
  }

  flush(): void {
    if (!this.buffer || this.filled === 0) return;
    const chunk = this.buffer.subarray(0, this.filled);
    this.buffer = null;
    this.filled = 0;
    if (!this.socket.destroyed) this.socket.write(chunk);
  }

  /**
   * Ends a unit of work. If the reply was cut off, tells the client with an ErrorResponse and,
   * when the cut-off part held the ReadyForQuery, a ReadyForQuery of its own, so the connection
   * stays usable. Returns "abort" when an open transaction must be marked failed (the client saw
   * its statement fail) and "close" when the connection cannot continue (no ReadyForQuery to end
   * the cut-off reply).
   */
  finish(): "ok" | "abort" | "close" {
    if (!this.overLimit || !this.discarding) {
      this.flush();
      return "ok";
    }
    const message =
      `reply of ${this.produced} bytes exceeds the embedded database server's limit of ${this.maxBytes} bytes; ` +
      `the result was cut off (the statement itself ran)`;
    const hint = "Fetch fewer rows at a time (LIMIT/OFFSET, keyset pagination or a cursor), or use an external PostgreSQL server via DATABASE_URL.";
    const error = errorResponse("54000", message, hint);
    this.copy(error, error.length);
    const sawReady = this.scanner.readyCount > this.readyBefore;
    let result: "ok" | "abort" | "close" = sawReady ? "ok" : "close";
    if (sawReady) {
      let status = this.scanner.status;
      if (status === 0x54) {
        // 'T': the transaction goes on in PGlite, but the client saw an error; fail it, as PostgreSQL would.
        status = 0x45;
        result = "abort";
      }
      const ready = Buffer.from([0x5a, 0, 0, 0, 5, status]);
      this.copy(ready, ready.length);
    }
    this.flush();
    return result;
  }
}

function errorResponse(code: string, message: string, hint: string): Buffer {
  const fields = Buffer.concat([
    field("S", "ERROR"),
    field("V", "ERROR"),
    field("C", code),
    field("M", message),
    field("H", hint),
    Buffer.from([0]),
  ]);
  const header = Buffer.alloc(5);
  header.write("E", 0, "latin1");
  header.writeInt32BE(4 + fields.length, 1);
  return Buffer.concat([header, fields]);
}

function field(type: string, value: string): Buffer {
  return Buffer.concat([Buffer.from(type, "latin1"), Buffer.from(value, "utf8"), Buffer.from([0])]);
}

export interface WireServer {
  port: number;
  close(): Promise<void>;
}

export interface WireServerOptions {
  host?: string;
  port?: number;
  maxConnections?: number;
  /**
   * Most bytes one unit of work (up to a Sync or simple Query) may send back; a bigger reply is
   * cut off with an ErrorResponse (SQLSTATE 54000). PGlite produces a reply in one synchronous
   * call, so the whole reply is held in memory before the client can read it. Default 1 GiB.
   */
  maxReplyBytes?: number;
}

export async function serveOverWire(db: PGlite, opts: WireServerOptions = {}): Promise<WireServer> {
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
    const writer = new ReplyWriter(socket, opts.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES);
    let chain = Promise.resolve();
    let ending = false;

    /** Waits until the client has read our previous replies (or is gone): backpressure per client. */
    const drained = () =>
      new Promise<void>((resolve) => {
        if (socket.destroyed || !socket.writableNeedDrain) return resolve();
        const done = () => {
          socket.off("drain", done);
          socket.off("close", done);
          resolve();
        };
        socket.on("drain", done);
        socket.on("close", done);
      });

    /**
     * Runs the collected messages as one unit; keeps the session if the client still needs it.
     * Returns false when the connection is being closed.
     */
    const runGroup = async (releaseAfter: boolean): Promise<boolean> => {
      const messages = group;
      group = [];
      await drained();
      await lock.acquire(id);
      writer.begin();
      for (const message of messages) {
        await db.runExclusive(() => db.execProtocolRawStream(new Uint8Array(message), { onRawData: writer.push }));
      }
      const outcome = writer.finish();
      if (outcome === "abort") {
        await db.exec(`DO $$ BEGIN RAISE EXCEPTION 'reply cut off by the embedded database server'; END $$`).catch(() => {});
      }
      if (releaseAfter && !db.isInTransaction() && !writer.scanner.copyIn) lock.release(id);
      if (writer.failed) throw writer.failed;
      if (outcome === "close") {
        ending = true;
        socket.end();
        return false;
      }
      return true;
    };

    const process = async () => {
      for (;;) {
        if (ending) return;
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
          if (!(await runGroup(true))) return;
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
        let keepGoing = true;
        if (type === "S" || type === "Q") keepGoing = await runGroup(true);
        else if (type === "H") keepGoing = await runGroup(false);
        else if (type === "c" || type === "f") keepGoing = await runGroup(true);
        if (!keepGoing) return;
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
