import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/test-database.ts";
import { createUser } from "../test/fixtures.ts";
import { createSession, invalidateSession, invalidateUserSessions, SESSION_IDLE_MS, SESSION_TOUCH_MS, validateSessionToken } from "./sessions.ts";
import { hashToken } from "./tokens.ts";

describe("sessions", () => {
  let t: TestDatabase;
  let userId: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    userId = (await createUser(t.db)).id;
  });
  afterAll(async () => t?.close());

  it("stores only a SHA-256 hash of the secret, never the token", async () => {
    const { token, sessionId } = await createSession(t.db, userId);
    const [id, secret] = token.split(".");
    expect(id).toBe(sessionId);
    expect(secret!.length).toBeGreaterThanOrEqual(50);
    const row = await t.db.session.findUniqueOrThrow({ where: { id: sessionId } });
    expect(row.secretHash).toBe(hashToken(secret!));
    const { rows } = await t.pool.query(`SELECT row_to_json(s)::text AS j FROM sessions s WHERE id = $1`, [sessionId]);
    expect(rows[0].j).not.toContain(secret);
  });

  it("accepts the right token and rejects a wrong secret, a malformed token and an unknown id", async () => {
    const { token, sessionId } = await createSession(t.db, userId);
    expect((await validateSessionToken(t.db, token))?.user.id).toBe(userId);
    expect(await validateSessionToken(t.db, `${sessionId}.${"a".repeat(52)}`)).toBeNull();
    expect(await validateSessionToken(t.db, sessionId)).toBeNull();
    expect(await validateSessionToken(t.db, `${token}.extra`)).toBeNull();
    expect(await validateSessionToken(t.db, `nosuchsession.${token.split(".")[1]}`)).toBeNull();
  });

  it("expires after the idle window and deletes the expired row", async () => {
    const start = new Date("2026-01-01T00:00:00Z");
    const { token, sessionId } = await createSession(t.db, userId, {}, start);
    expect(await validateSessionToken(t.db, token, new Date(start.getTime() + SESSION_IDLE_MS - 1000))).not.toBeNull();
    const { token: token2, sessionId: id2 } = await createSession(t.db, userId, {}, start);
    expect(await validateSessionToken(t.db, token2, new Date(start.getTime() + SESSION_IDLE_MS + 1))).toBeNull();
    expect(await t.db.session.findUnique({ where: { id: id2 } })).toBeNull();
    expect(sessionId).not.toBe(id2);
  });

  it("slides the expiry forward when used, at most once an hour", async () => {
    const start = new Date("2026-02-01T00:00:00Z");
    const { token, sessionId } = await createSession(t.db, userId, {}, start);
    const soon = await validateSessionToken(t.db, token, new Date(start.getTime() + SESSION_TOUCH_MS / 2));
    expect(soon?.renewed).toBe(false);
    const later = new Date(start.getTime() + 20 * 24 * 3600 * 1000);
    const renewed = await validateSessionToken(t.db, token, later);
    expect(renewed?.renewed).toBe(true);
    expect(renewed?.expiresAt.getTime()).toBe(later.getTime() + SESSION_IDLE_MS);
    // Without that use it would have expired at start + 30 days; now it lives on.
    expect(await validateSessionToken(t.db, token, new Date(start.getTime() + SESSION_IDLE_MS + 1000))).not.toBeNull();
    expect((await t.db.session.findUniqueOrThrow({ where: { id: sessionId } })).lastVerifiedAt.getTime()).toBeGreaterThan(later.getTime() - 1);
  });

  it("revokes one session, or every session of a user except the current one", async () => {
    const s1 = await createSession(t.db, userId);
    const s2 = await createSession(t.db, userId);
    const s3 = await createSession(t.db, userId);
    await invalidateSession(t.db, s1.sessionId);
    expect(await validateSessionToken(t.db, s1.token)).toBeNull();
    await invalidateUserSessions(t.db, userId, s3.sessionId);
    expect(await validateSessionToken(t.db, s2.token)).toBeNull();
    expect(await validateSessionToken(t.db, s3.token)).not.toBeNull();
    await invalidateUserSessions(t.db, userId);
    expect(await validateSessionToken(t.db, s3.token)).toBeNull();
  });
});
