/**
 * Row ids for metric rows the sync inserts, made in the app like Prisma's @default(cuid()): 25
 * characters, "c" + time + counter + randomness, lowercase base36. Generated in bulk (one random
 * buffer per call) because a first sync inserts hundreds of thousands of rows; gen_random_uuid()
 * in the database was the slowest part of an insert on embedded PGlite.
 */
import { randomBytes } from "node:crypto";

const BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz";
let counter = Math.floor(Math.random() * 36 ** 4);

export function newIds(count: number): string[] {
  const random = randomBytes(count * 12);
  const time = Date.now().toString(36).padStart(8, "0").slice(-8);
  const ids: string[] = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    counter = (counter + 1) % 36 ** 4;
    let tail = "";
    for (let j = 0; j < 12; j++) tail += BASE36[random[i * 12 + j]! % 36];
    ids[i] = `c${time}${counter.toString(36).padStart(4, "0")}${tail}`;
  }
  return ids;
}
