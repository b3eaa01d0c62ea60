// Deterministic building blocks for the bundled dental-practice fixtures (used by generate-fixtures.ts).
import { seededRandom } from "../large-sheet.ts";

export const PROVIDERS = ["Dr. Maria Chen", "Dr. Sam Patel", "Hyg. Lee Ortiz"] as const;
export type Provider = (typeof PROVIDERS)[number];

export const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

export function iso(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

export function weekday(isoDate: string): number {
  return new Date(`${isoDate}T00:00:00Z`).getUTCDay();
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Every date of a month, ISO. */
export function monthDates(y: number, m: number): string[] {
  return Array.from({ length: daysInMonth(y, m) }, (_, i) => iso(y, m, i + 1));
}

export const round2 = (n: number) => Math.round(n * 100) / 100;

export class Dice {
  private readonly r: () => number;
  constructor(seed: number) {
    this.r = seededRandom(seed);
  }
  float(min: number, max: number): number {
    return min + this.r() * (max - min);
  }
  money(min: number, max: number): number {
    return round2(this.float(min, max));
  }
  int(min: number, max: number): number {
    return Math.floor(min + this.r() * (max - min + 1));
  }
}

export interface ProviderDay {
  date: string;
  provider: Provider;
  gross: number;
  adjustments: number; // <= 0
  collections: number;
  scheduled: number;
  completed: number;
  noShows: number;
  cancellations: number;
  newPatients: number;
  /** Practice-level phone numbers, only on the first provider row of a day. */
  calls?: { total: number; answered: number };
}

export function providerDay(dice: Dice, date: string, provider: Provider, first: boolean, saturday: boolean): ProviderDay {
  const hyg = provider.startsWith("Hyg.");
  const gross = hyg ? dice.money(1050, 2600) : dice.money(saturday ? 1800 : 2600, 7900);
  const adjustments = -round2(gross * dice.float(0, 0.1));
  const collections = round2((gross + adjustments) * dice.float(0.82, 1.06));
  const scheduled = hyg ? dice.int(7, 10) : dice.int(saturday ? 5 : 8, 14);
  const noShows = dice.int(0, 2);
  const cancellations = dice.int(0, 2);
  const day: ProviderDay = {
    date, provider, gross, adjustments, collections, scheduled,
    completed: scheduled - noShows - cancellations, noShows, cancellations,
    newPatients: hyg ? dice.int(0, 2) : dice.int(0, 3),
  };
  if (first) {
    const total = saturday ? dice.int(15, 30) : dice.int(42, 88);
    day.calls = { total, answered: total - dice.int(2, Math.min(12, total - 5)) };
  }
  return day;
}

export interface FixtureAccounts {
  owner: string;
  frontDesk: string;
  lakeside: string;
}
