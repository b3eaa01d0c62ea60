import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "./embedded-database.ts";

/**
 * Many pooled clients at once against the single PGlite session: every extended-protocol query
 * must get its own parameters back, and transactions must not see each other's work.
 */
describe("embedded database over the wire", () => {
  let embedded: EmbeddedDatabase;
  let pool: pg.Pool;
  beforeAll(async () => {
    embedded = await startEmbeddedDatabase({});
    pool = new pg.Pool({ connectionString: embedded.url, max: 8 });
    await pool.query(`CREATE TABLE t (id int PRIMARY KEY, v text)`);
  });
  afterAll(async () => {
    await pool.end();
    await embedded.stop();
  });

  it("answers concurrent parameterised queries with their own parameters", async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => pool.query<{ n: number; s: string }>(`SELECT $1::int AS n, $2::text AS s`, [i, `v${i}`])),
    );
    results.forEach((r, i) => expect(r.rows[0]).toEqual({ n: i, s: `v${i}` }));
  });

  it("delivers replies of every size intact, across the boundaries of its growing write buffers", async () => {
    // Write buffers grow 16 → 32 → 64 → 128 → 256 KiB within one reply (16, 48, 112, 240, 496 KiB
    // in all): sizes just below, at and above those sums, with a pattern that shows any lost,
    // repeated or reordered byte.
    const sizes = [1, 16_370, 16_384, 16_400, 49_140, 49_152, 49_170, 114_680, 245_760, 507_900, 800_000, 1_300_000];
    const expected = (chars: number) => Array.from({ length: Math.ceil(chars / 8) }, (_, i) => String(i + 1).padStart(8, "0")).join("").slice(0, chars);
    const replies = await Promise.all(
      sizes.map((chars) => pool.query<{ s: string }>(`SELECT left(string_agg(lpad(i::text, 8, '0'), '' ORDER BY i), $1::int) AS s FROM generate_series(1, ceil($1::int / 8.0)::int) i`, [chars])),
    );
    replies.forEach((r, k) => expect(r.rows[0]!.s === expected(sizes[k]!), `a reply of ${sizes[k]} characters`).toBe(true));
  });

  it("keeps transactions apart: a rolled-back insert is never seen by others", async () => {
    const a = await pool.connect();
    const b = await pool.connect();
    try {
      await a.query("BEGIN");
      await a.query(`INSERT INTO t VALUES (1, 'a')`);
      const seenByB = b.query(`SELECT count(*)::int AS n FROM t`);
      await a.query("ROLLBACK");
      expect((await seenByB).rows[0].n).toBe(0);
    } finally {
      a.release();
      b.release();
    }
  });

  it("rolls back the transaction of a client that disconnects in the middle of it", async () => {
    const client = new pg.Client({ connectionString: embedded.url });
    await client.connect();
    await client.query("BEGIN");
    await client.query(`INSERT INTO t VALUES (2, 'lost')`);
    await client.end();
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM t WHERE id = 2`);
    expect(rows[0].n).toBe(0);
  });
});
