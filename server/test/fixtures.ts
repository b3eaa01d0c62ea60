import { hashPassword } from "../auth/password.ts";
import type { Role } from "../auth/permissions.ts";
import { createSession } from "../auth/sessions.ts";
import type { Db } from "../db/client.ts";
import { createCaller } from "../trpc/app-router.ts";
import { createContext } from "../trpc/context.ts";

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export const TEST_PASSWORD = "correct horse battery staple";
let cachedHash: Promise<string> | undefined;

export async function createUser(db: Db, opts: { email?: string; name?: string; password?: string } = {}) {
  const passwordHash = opts.password && opts.password !== TEST_PASSWORD ? await hashPassword(opts.password) : await (cachedHash ??= hashPassword(TEST_PASSWORD));
  return db.user.create({
    data: { email: opts.email ?? `user-${unique()}@example.test`, name: opts.name ?? "Test User", passwordHash },
    select: { id: true, email: true, name: true },
  });
}

export async function createClinic(db: Db, name = `Clinic ${unique()}`) {
  return db.clinic.create({ data: { name, location: "Testville" }, select: { id: true, name: true } });
}

export async function addMember(db: Db, userId: string, clinicId: string, role: Role) {
  await db.userClinicRole.upsert({
    where: { userId_clinicId: { userId, clinicId } },
    create: { userId, clinicId, role },
    update: { role, isActive: true },
  });
}

type Caller = ReturnType<typeof createCaller> & { resHeaders: Headers; token: string | null };

/**
 * A tRPC caller acting as `userId` (a real session and cookie), or signed out with null. Like one
 * HTTP request, its context (and session) is read once, when it is created.
 */
export async function callerAs(db: Db, userId: string | null, opts: { ip?: string } = {}): Promise<Caller> {
  const token = userId ? (await createSession(db, userId)).token : null;
  return callerWithToken(db, token, opts);
}

export async function callerWithToken(db: Db, token: string | null, opts: { ip?: string } = {}): Promise<Caller> {
  const headers = new Headers({ "x-clinic-pulse-client-ip": opts.ip ?? "203.0.113.7" });
  if (token) headers.set("cookie", `cp_session=${token}`);
  const resHeaders = new Headers();
  const ctx = await createContext({ request: new Request("http://localhost/api/trpc", { headers }), resHeaders, db });
  const caller = createCaller(ctx);
  // The caller is a proxy that treats every property as a procedure path; answer these two here.
  return new Proxy(caller, {
    get: (target, prop, receiver) => (prop === "resHeaders" ? resHeaders : prop === "token" ? token : Reflect.get(target, prop, receiver)),
  }) as Caller;
}

/** Two clinics, each with one member of every role, plus an outsider. */
export async function twoClinicWorld(db: Db) {
  const roles: Role[] = ["owner", "admin", "manager", "staff", "provider", "viewer"];
  const a = await createClinic(db, "Clinic A");
  const b = await createClinic(db, "Clinic B");
  const membersA = {} as Record<Role, { id: string; email: string }>;
  const membersB = {} as Record<Role, { id: string; email: string }>;
  for (const role of roles) {
    const ua = await createUser(db, { name: `A ${role}` });
    await addMember(db, ua.id, a.id, role);
    membersA[role] = ua;
    const ub = await createUser(db, { name: `B ${role}` });
    await addMember(db, ub.id, b.id, role);
    membersB[role] = ub;
  }
  const outsider = await createUser(db, { name: "Outsider" });
  return { a, b, membersA, membersB, outsider, roles };
}
