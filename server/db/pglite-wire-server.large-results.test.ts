import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "./embedded-database.ts";
import { serveOverWire, type WireServer } from "./pglite-wire-server.ts";

/**
 * Replies far bigger than the kernel's socket buffer. PGlite hands its output over as views into
 * its WASM memory; the server once passed those views straight to socket.write, which queues a
 * reference when the kernel does not take everything at once, so a reply of more than a few MB
 * arrived overwritten and the client hung (or threw a RangeError) — blocking the single session
 * for every other connection.
 */

const md5 = (s: string) => createHash("md5").update(s).digest("hex");

/** Order-sensitive checksum of (g, md5(g)) rows, computed the same way for expected and actual. */
function checksum(rows: Iterable<{ g: number; s: string }>): string {
  const hash = createHash("sha256");
  for (const row of rows) hash.update(`${row.g}:${row.s}\n`);
  return hash.digest("hex");
}

function expectedChecksum(n: number): string {
  function* rows() {
    for (let g = 1; g <= n; g++) yield { g, s: md5(String(g)) };
  }
  return checksum(rows());
}

let embedded: EmbeddedDatabase;
beforeAll(async () => {
  embedded = await startEmbeddedDatabase({});
});
afterAll(async () => {
  await embedded.stop();
});

describe("large results over the wire", () => {
  let pool: pg.Pool;
  beforeAll(() => {
    pool = new pg.Pool({ connectionString: embedded.url, max: 4 });
  });
  afterAll(async () => {
    await pool.end();
  });

  it("returns 400,000 rows intact and other connections keep working", async () => {
    const n = 400_000;
    const big = await pool.connect();
    const other = await pool.connect();
    try {
      // Extended protocol (parameters), as Prisma's adapter-pg sends it.
      const pending = big.query<{ g: number; s: string }>(`SELECT g, md5(g::text) AS s FROM generate_series(1, $1::int) g ORDER BY g`, [n]);
      // Another connection queued behind the big reply gets its own answer.
      const meanwhile = other.query<{ n: number }>(`SELECT $1::int AS n`, [7]);
      const { rows } = await pending;
      expect(rows.length).toBe(n);
      expect(checksum(rows)).toBe(expectedChecksum(n));
      expect((await meanwhile).rows).toEqual([{ n: 7 }]);

      // Simple protocol (no parameters) on the same connection right after.
      const simple = await big.query<{ g: number; s: string }>(`SELECT g, md5(g::text) AS s FROM generate_series(1, 100000) g ORDER BY g`);
      expect(simple.rows.length).toBe(100_000);
      expect(checksum(simple.rows)).toBe(expectedChecksum(100_000));

      expect((await other.query<{ n: number }>(`SELECT count(*)::int AS n FROM generate_series(1, 10)`)).rows).toEqual([{ n: 10 }]);
      expect((await big.query<{ ok: boolean }>(`SELECT true AS ok`)).rows).toEqual([{ ok: true }]);
    } finally {
      big.release();
      other.release();
    }
  });
});

describe("a reply over the size limit", () => {
  // A second wire server with a 1 MiB limit on the same PGlite (saves starting another one); the
  // tests run one after another, so its session lock never competes with the first server's.
  let server: WireServer;
  let url: string;
  beforeAll(async () => {
    server = await serveOverWire(embedded.db, { maxReplyBytes: 1024 * 1024 });
    url = `postgresql://postgres:postgres@127.0.0.1:${server.port}/postgres?sslmode=disable`;
  });
  afterAll(async () => {
    await server.close();
  });

  // ≈ 6 MB each; with a parameter node-postgres uses the extended protocol, without it a simple Query.
  const bigExtended = `SELECT g, repeat('x', $1::int) AS s FROM generate_series(1, 50000) g`;
  const bigSimple = `SELECT g, repeat('x', 100) AS s FROM generate_series(1, 50000) g`;

  it("fails that query with SQLSTATE 54000 and leaves the connection usable", async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await expect(client.query(bigExtended, [100])).rejects.toMatchObject({ code: "54000" });
      await expect(client.query(bigSimple)).rejects.toMatchObject({ code: "54000" });
      expect((await client.query<{ n: number }>(`SELECT $1::int AS n`, [1])).rows).toEqual([{ n: 1 }]);
      expect((await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM generate_series(1, 1000)`)).rows).toEqual([{ n: 1000 }]);
    } finally {
      await client.end();
    }
  });

  it("fails an open transaction, as PostgreSQL would after an error, and frees the session after ROLLBACK", async () => {
    const a = new pg.Client({ connectionString: url });
    const b = new pg.Client({ connectionString: url });
    await a.connect();
    await b.connect();
    try {
      await a.query("BEGIN");
      await expect(a.query(bigExtended, [100])).rejects.toMatchObject({ code: "54000" });
      await expect(a.query(`SELECT 1`)).rejects.toMatchObject({ code: "25P02" }); // in failed transaction
      await a.query("ROLLBACK");
      expect((await b.query<{ n: number }>(`SELECT $1::int AS n`, [2])).rows).toEqual([{ n: 2 }]);
      expect((await a.query<{ n: number }>(`SELECT $1::int AS n`, [3])).rows).toEqual([{ n: 3 }]);
    } finally {
      await a.end();
      await b.end();
    }
  });
});
