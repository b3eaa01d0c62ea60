/**
 * Deterministic demo metrics for the Harbor Dental Group (demo-group.ts).
 *
 * `generateDemoMetrics` is pure: the same options give byte-identical output.
 * Rows use the Prisma field names of FinancialMetric, AppointmentMetric,
 * CallMetric and PatientMetric, except that `date` is an ISO `YYYY-MM-DD`
 * string (write-demo-data.ts turns it into a Date).
 *
 * Every (provider or clinic, day) draws from its own keyed random stream, and
 * growth and the active-patient count are anchored to a fixed date
 * (DEMO_ANCHOR_DATE), so a day's numbers do not depend on the window: the
 * windows ending 2024-06-01 and 2024-07-01 agree on every day they share.
 * That is what lets a later reseed just add the new days.
 *
 * Model, per working day:
 * - production = provider base × clinic fees × season × weekday × growth × noise
 *   (dentists have an occasional big-case day; providers take a sick day now
 *   and then and one vacation week each summer); adjustments 3–6% and
 *   write-offs 1–3% of it; net = production − adjustments − write-offs.
 * - collections: ~38% of net production is paid at checkout, the rest arrives
 *   over the next 3–6 weeks (insurance); money arriving on a closed day is
 *   booked on the next open day, a lumpy share of what is due is paid each
 *   day, and the clinic keeps its collection rate (96.8–98.2%) of it. Rare
 *   small refunds.
 * - appointments: utilization 75–92% of available chair minutes (420 a day,
 *   240 on Saturdays) following the season; cancellations 5–10% and no-shows
 *   3–8% of scheduled (no-shows higher in July, August and December).
 * - calls, new/reactivated/lost patients per clinic per open day; active
 *   patients is a running stock moved by new + reactivated − lost.
 * - season: busy Jan–Mar (benefits reset) and Oct–Nov (benefits expire), a
 *   July/August dip (plus each provider's summer vacation week) and a slow
 *   end of December; Monday/Tuesday busiest, Friday lighter, Saturdays half
 *   days; 5.5–7.5% growth a year per clinic.
 */
import { addDays, addMonths, assertIsoDate, daysInMonth, type IsoDate, toEpochDay } from "../metrics/iso-date.ts";
import { isDemoClinicOpen } from "./demo-calendar.ts";
import {
  DEMO_ANCHOR_DATE,
  DEMO_CLINICS,
  DEMO_MONTHS,
  DEMO_SEED,
  type DemoClinic,
  type DemoProvider,
  demoClinicId,
  demoLocationCode,
  demoLocationId,
  demoProviderEmail,
  demoProviderId,
  demoProviderName,
} from "./demo-group.ts";
import { type Rng, hashString, keyedRng } from "./random.ts";

// ───────────────────────────── Row shapes ─────────────────────────────

export interface DemoClinicRow {
  id: string;
  name: string;
  location: string;
  status: string;
  clinicCode: string;
}

export interface DemoLocationRow {
  id: string;
  clinicId: string;
  name: string;
  address: string;
  isActive: boolean;
  locationCode: string;
}

export interface DemoProviderRow {
  id: string;
  name: string;
  firstName: string;
  lastName: string;
  email: string;
  providerType: string;
  position: string;
  status: string;
  providerCode: string;
  clinicId: string;
}

export const FINANCIAL_METRIC_TYPES = ["production", "adjustment", "write_off", "collection", "refund"] as const;
export type FinancialMetricType = (typeof FINANCIAL_METRIC_TYPES)[number];

export interface FinancialMetricRow {
  id: string;
  clinicId: string;
  date: IsoDate;
  providerId: string;
  metricType: FinancialMetricType;
  category: null;
  /** Dollars with 2 decimals, always positive (base-measures.ts subtracts by type). */
  amount: string;
}

export interface AppointmentMetricRow {
  id: string;
  clinicId: string;
  date: IsoDate;
  providerId: string;
  appointmentType: "all";
  /** completed + cancelled + no-show. */
  scheduledCount: number;
  completedCount: number;
  cancelledCount: number;
  noShowCount: number;
  bookedMinutes: number;
  availableMinutes: number;
  /** The same day's gross production (equal to its 'production' financial row). */
  productionAmount: string;
}

export interface CallMetricRow {
  id: string;
  clinicId: string;
  date: IsoDate;
  staffMemberId: null;
  callType: "all";
  totalCalls: number;
  answeredCalls: number;
  voicemails: number;
  appointmentsBooked: number;
}

export interface PatientMetricRow {
  id: string;
  clinicId: string;
  date: IsoDate;
  providerId: null;
  /** Active patients at the end of the day. */
  activePatients: number;
  newPatients: number;
  reactivatedPatients: number;
  lostPatients: number;
}

export interface GenerateDemoMetricsOptions {
  /** Last day with data, YYYY-MM-DD. */
  endDate: string;
  /** Months of history ending at endDate (default 24). */
  months?: number;
  seed?: number;
}

export interface DemoMetrics {
  seed: number;
  /** First day of the window: the day after endDate minus `months` months. */
  startDate: IsoDate;
  endDate: IsoDate;
  clinics: DemoClinicRow[];
  locations: DemoLocationRow[];
  providers: DemoProviderRow[];
  financialMetrics: FinancialMetricRow[];
  appointmentMetrics: AppointmentMetricRow[];
  callMetrics: CallMetricRow[];
  patientMetrics: PatientMetricRow[];
}

// ───────────────────────────── Model constants ─────────────────────────────

/** Seasonal level at the middle of each month, Jan … Dec; linearly interpolated in between. */
const MONTH_SEASON = [1.05, 1.07, 1.08, 1.01, 1.0, 0.98, 0.94, 0.95, 1.0, 1.05, 1.06, 0.97] as const;
/** New-patient season, Jan … Dec (benefits reset in January). */
const NEW_PATIENT_SEASON = [1.2, 1.2, 1.15, 1, 1, 0.95, 0.85, 0.9, 1, 1.05, 1, 0.8] as const;
/** By weekday, Sun … Sat. */
const WEEKDAY_PRODUCTION = [0, 1.08, 1.06, 1.0, 0.98, 0.87, 0.52] as const;
const WEEKDAY_UTILIZATION = [0, 0.03, 0.02, 0, -0.01, -0.04, 0.03] as const;
const WEEKDAY_CALLS = [0, 1.28, 1.08, 1.0, 0.96, 0.85, 0.55] as const;

const FULL_DAY_MINUTES = 420;
const SATURDAY_MINUTES = 240;
const SICK_DAY_CHANCE = 0.02;
const BIG_CASE_CHANCE = 0.06;
const REFUND_CHANCE = 0.015;
/** Share of net production paid at checkout; the rest follows COLLECTION_LAGS. */
const PAID_AT_CHECKOUT = 0.38;
/** Production history computed before the window so its first collections are complete. */
const LOOKBACK_DAYS = 90;

/** Weight of net production from `lag` calendar days ago in today's incoming payments. */
const COLLECTION_KERNEL: readonly number[] = (() => {
  const lags = Array.from({ length: 43 }, (_, lag) => (lag >= 3 ? lag * lag * Math.exp(-lag / 7) : 0));
  const total = lags.reduce((a, b) => a + b, 0);
  return lags.map((w, lag) => (lag === 0 ? PAID_AT_CHECKOUT : ((1 - PAID_AT_CHECKOUT) * w) / total));
})();

// Stream tags keep the keyed random streams apart.
const TAG_PROVIDER_DAY = 1;
const TAG_CALLS = 2;
const TAG_PATIENTS = 3;
const TAG_VACATION = 4;

// ───────────────────────────── Helpers ─────────────────────────────

interface Day {
  epochDay: number;
  iso: IsoDate;
  /** YYYYMMDD, for ids. */
  compact: string;
  year: number;
  month: number;
  dayOfMonth: number;
  weekday: number;
  season: number;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

function makeDay(epochDay: number): Day {
  const d = new Date(epochDay * 86_400_000);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  const dayOfMonth = d.getUTCDate();
  const mm = pad2(month);
  const dd = pad2(dayOfMonth);
  return {
    epochDay,
    iso: `${year}-${mm}-${dd}`,
    compact: `${year}${mm}${dd}`,
    year,
    month,
    dayOfMonth,
    weekday: d.getUTCDay(),
    season: seasonFactor(year, month, dayOfMonth),
  };
}

function seasonFactor(year: number, month: number, dayOfMonth: number): number {
  const x = month - 1 + (dayOfMonth - 0.5) / daysInMonth(year, month) - 0.5;
  const i0 = Math.floor(x);
  const t = x - i0;
  const a = MONTH_SEASON[(i0 + 12) % 12] ?? 1;
  const b = MONTH_SEASON[(i0 + 13) % 12] ?? 1;
  let f = a + (b - a) * t;
  if (month === 12 && dayOfMonth >= 20) f *= 0.72;
  if (month === 1 && dayOfMonth <= 3) f *= 0.9;
  return f;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** Multiplicative noise with mean 1: exp(N(−σ²/2, σ)). */
const lognormal = (rng: Rng, sd: number) => Math.exp(rng.normal(-0.5 * sd * sd, sd));

/** Integer cents to "1234.56". Only for non-negative amounts. */
function formatCents(cents: number): string {
  const rest = cents % 100;
  return `${(cents - rest) / 100}.${rest < 10 ? `0${rest}` : rest}`;
}

function growth(clinic: DemoClinic, epochDay: number, anchorEpochDay: number): number {
  return Math.pow(1 + clinic.annualGrowth, (epochDay - anchorEpochDay) / 365.25);
}

interface ProviderState {
  provider: DemoProvider;
  id: string;
  slug: string;
  hash: number;
  weekdays: ReadonlySet<number>;
  /** Net production in cents, indexed like `days`. */
  net: Float64Array;
  /** Payments that have arrived and are not yet booked, in cents (before the collection rate). */
  pending: number;
  indexInClinic: number;
  vacationStarts: Map<number, number>;
}

/**
 * Monday of the provider's summer vacation week in `year`: one of the 9 weeks
 * from late June. A clinic staggers its providers' weeks two weeks apart.
 */
function vacationStart(seed: number, clinicHash: number, state: ProviderState, year: number): number {
  let start = state.vacationStarts.get(year);
  if (start === undefined) {
    const june22 = toEpochDay(`${year}-06-22`);
    const firstMonday = june22 + ((1 - ((june22 + 4) % 7) + 7) % 7);
    const clinicOffset = keyedRng(seed, clinicHash, year, TAG_VACATION).int(0, 8);
    start = firstMonday + 7 * ((clinicOffset + 2 * state.indexInClinic) % 9);
    state.vacationStarts.set(year, start);
  }
  return start;
}

// ───────────────────────────── Generator ─────────────────────────────

export function generateDemoMetrics(options: GenerateDemoMetricsOptions): DemoMetrics {
  const endDate = assertIsoDate(options.endDate);
  const months = options.months ?? DEMO_MONTHS;
  const seed = options.seed ?? DEMO_SEED;
  if (!Number.isInteger(months) || months < 1 || months > 240) {
    throw new RangeError(`months must be an integer from 1 to 240, got ${months}`);
  }
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);

  const startDate = addDays(addMonths(endDate, -months), 1);
  const startEpoch = toEpochDay(startDate);
  const endEpoch = toEpochDay(endDate);
  const anchorEpoch = toEpochDay(DEMO_ANCHOR_DATE);

  // Calendar days from the lookback start (or the anchor, for the patient stock) to the end (or the anchor).
  const firstEpoch = Math.min(startEpoch - LOOKBACK_DAYS, anchorEpoch);
  const lastEpoch = Math.max(endEpoch, anchorEpoch);
  const days: Day[] = [];
  for (let e = firstEpoch; e <= lastEpoch; e++) days.push(makeDay(e));
  const indexOf = (epochDay: number) => epochDay - firstEpoch;

  const clinics: DemoClinicRow[] = [];
  const locations: DemoLocationRow[] = [];
  const providers: DemoProviderRow[] = [];
  const financialMetrics: FinancialMetricRow[] = [];
  const appointmentMetrics: AppointmentMetricRow[] = [];
  const callMetrics: CallMetricRow[] = [];
  const patientMetrics: PatientMetricRow[] = [];

  interface ClinicState {
    clinic: DemoClinic;
    id: string;
    slug: string;
    hash: number;
    open: Uint8Array;
    activePatients: Int32Array;
    flows: Int32Array;
    providers: ProviderState[];
  }

  const clinicStates: ClinicState[] = DEMO_CLINICS.map((clinic) => {
    const id = demoClinicId(clinic);
    clinics.push({ id, name: clinic.name, location: clinic.location, status: "active", clinicCode: clinic.clinicCode });
    locations.push({
      id: demoLocationId(clinic),
      clinicId: id,
      name: clinic.name,
      address: clinic.address,
      isActive: true,
      locationCode: demoLocationCode(clinic),
    });
    const clinicHash = hashString(clinic.clinicCode);
    const providerStates = clinic.providers.map((provider, indexInClinic): ProviderState => {
      const providerId = demoProviderId(provider);
      providers.push({
        id: providerId,
        name: demoProviderName(provider),
        firstName: provider.firstName,
        lastName: provider.lastName,
        email: demoProviderEmail(provider),
        providerType: provider.providerType,
        position: provider.position,
        status: "active",
        providerCode: provider.providerCode,
        clinicId: id,
      });
      return {
        provider,
        id: providerId,
        slug: provider.providerCode.toLowerCase(),
        hash: hashString(provider.providerCode),
        weekdays: new Set(provider.weekdays),
        net: new Float64Array(days.length),
        pending: 0,
        indexInClinic,
        vacationStarts: new Map(),
      };
    });
    const open = new Uint8Array(days.length);
    for (let i = 0; i < days.length; i++) {
      const day = days[i] as Day;
      open[i] = isDemoClinicOpen(clinic, day.epochDay, day.year, day.dayOfMonth) ? 1 : 0;
    }
    return {
      clinic,
      id,
      slug: clinic.key,
      hash: clinicHash,
      open,
      activePatients: new Int32Array(days.length),
      flows: new Int32Array(days.length * 3),
      providers: providerStates,
    };
  });

  // Patient flows on every open day of the whole table, then the running stock anchored at DEMO_ANCHOR_DATE.
  for (const cs of clinicStates) {
    const { clinic } = cs;
    const net = new Int32Array(days.length);
    for (let i = 0; i < days.length; i++) {
      if (!cs.open[i]) continue;
      const day = days[i] as Day;
      const rng = keyedRng(seed, cs.hash, day.epochDay, TAG_PATIENTS);
      const dayFactor = day.weekday === 6 ? 0.6 : 1;
      const newMean =
        clinic.newPatientsPerDay *
        (NEW_PATIENT_SEASON[day.month - 1] ?? 1) *
        dayFactor *
        growth(clinic, day.epochDay, anchorEpoch);
      const newPatients = Math.min(6, rng.poisson(newMean));
      const reactivated = Math.min(3, rng.poisson(clinic.reactivatedPerDay * (day.month <= 3 ? 1.2 : 1) * dayFactor));
      const lost = (rng.chance(clinic.lostPatientChance) ? 1 : 0) + (rng.chance(clinic.lostPatientChance) ? 1 : 0);
      cs.flows[i * 3] = newPatients;
      cs.flows[i * 3 + 1] = reactivated;
      cs.flows[i * 3 + 2] = lost;
      net[i] = newPatients + reactivated - lost;
    }
    const anchorIndex = indexOf(anchorEpoch);
    let stock = clinic.activePatientsAtAnchor;
    for (let i = anchorIndex; i < days.length; i++) {
      stock += net[i] ?? 0;
      cs.activePatients[i] = stock;
    }
    stock = clinic.activePatientsAtAnchor;
    for (let i = anchorIndex - 1; i >= 0; i--) {
      cs.activePatients[i] = stock;
      stock -= net[i] ?? 0;
    }
  }

  // Provider and clinic days, in date order, from the lookback start; rows only inside the window.
  for (let i = indexOf(startEpoch - LOOKBACK_DAYS); i <= indexOf(endEpoch); i++) {
    const day = days[i] as Day;
    const inWindow = day.epochDay >= startEpoch;

    for (const cs of clinicStates) {
      const { clinic } = cs;
      const isOpen = cs.open[i] === 1;
      const trend = growth(clinic, day.epochDay, anchorEpoch);

      for (const ps of cs.providers) {
        const { provider } = ps;
        const rng = keyedRng(seed, ps.hash, day.epochDay, TAG_PROVIDER_DAY);
        const dentist = provider.providerType === "dentist";
        let netCents = 0;

        if (isOpen) {
          const scheduled = day.weekday === 6 ? provider.worksSaturdays : ps.weekdays.has(day.weekday);
          const vacation = vacationStart(seed, cs.hash, ps, day.year);
          const onVacation = day.epochDay >= vacation && day.epochDay <= vacation + 5;
          const sick = rng.chance(SICK_DAY_CHANCE);

          if (scheduled && !onVacation && !sick) {
            const bigCase = dentist && rng.chance(BIG_CASE_CHANCE) ? 1.45 : 1;
            const production =
              provider.baseDailyProduction *
              clinic.feeMultiplier *
              day.season *
              (WEEKDAY_PRODUCTION[day.weekday] ?? 1) *
              trend *
              lognormal(rng, 0.15) *
              bigCase;
            const productionCents = Math.round(production * 100);
            const adjustmentCents = Math.round(productionCents * rng.float(0.03, 0.06));
            const writeOffCents = Math.round(productionCents * rng.float(0.01, 0.03));
            netCents = productionCents - adjustmentCents - writeOffCents;

            const availableMinutes = day.weekday === 6 ? SATURDAY_MINUTES : FULL_DAY_MINUTES;
            const utilization = clamp(
              0.835 + 0.35 * (day.season - 1) + (WEEKDAY_UTILIZATION[day.weekday] ?? 0) + rng.normal(0, 0.025),
              0.75,
              0.92,
            );
            const bookedMinutes = Math.round(availableMinutes * utilization);
            const kept = Math.max(1, Math.round(bookedMinutes / (dentist ? 50 : 60) + rng.normal(0, 0.6)));
            const cancelRate = clinic.cancellationRate;
            const noShowRate = clinic.noShowRate * (day.month === 7 || day.month === 8 || day.month === 12 ? 1.2 : 1);
            const cancelled = rng.poisson((kept * cancelRate) / (1 - cancelRate));
            let noShows = 0;
            for (let k = 0; k < kept; k++) if (rng.chance(noShowRate / (1 - cancelRate))) noShows++;

            if (inWindow) {
              const base = `demo_fin_${ps.slug}_${day.compact}_`;
              const fin = (metricType: FinancialMetricType, cents: number): FinancialMetricRow => ({
                id: base + metricType,
                clinicId: cs.id,
                date: day.iso,
                providerId: ps.id,
                metricType,
                category: null,
                amount: formatCents(cents),
              });
              financialMetrics.push(
                fin("production", productionCents),
                fin("adjustment", adjustmentCents),
                fin("write_off", writeOffCents),
              );
              appointmentMetrics.push({
                id: `demo_appt_${ps.slug}_${day.compact}`,
                clinicId: cs.id,
                date: day.iso,
                providerId: ps.id,
                appointmentType: "all",
                scheduledCount: kept + cancelled,
                completedCount: kept - noShows,
                cancelledCount: cancelled,
                noShowCount: noShows,
                bookedMinutes,
                availableMinutes,
                productionAmount: formatCents(productionCents),
              });
            }
          }
        }

        // Payments arriving today for earlier (and today's) production.
        ps.net[i] = netCents;
        let arriving = 0;
        for (let lag = 0; lag < COLLECTION_KERNEL.length && lag <= i; lag++) {
          arriving += (COLLECTION_KERNEL[lag] ?? 0) * (ps.net[i - lag] ?? 0);
        }
        ps.pending += arriving;

        if (isOpen) {
          // A lumpy share of what is due gets posted today; the rest waits for the next open day.
          const share = Math.min(1, Math.exp(rng.normal(0, 0.25)));
          const paid = ps.pending * share;
          ps.pending -= paid;
          const rate = clamp(rng.normal(clinic.collectionRate, 0.01), 0.9, 1);
          const collectionCents = Math.round(paid * rate);
          const refundCents = rng.chance(REFUND_CHANCE) ? Math.round(rng.float(40, 380) * 100 * trend) : 0;
          if (inWindow) {
            const base = `demo_fin_${ps.slug}_${day.compact}_`;
            if (collectionCents > 0) {
              financialMetrics.push({
                id: `${base}collection`,
                clinicId: cs.id,
                date: day.iso,
                providerId: ps.id,
                metricType: "collection",
                category: null,
                amount: formatCents(collectionCents),
              });
            }
            if (refundCents > 0) {
              financialMetrics.push({
                id: `${base}refund`,
                clinicId: cs.id,
                date: day.iso,
                providerId: ps.id,
                metricType: "refund",
                category: null,
                amount: formatCents(refundCents),
              });
            }
          }
        }
      }

      if (!isOpen || !inWindow) continue;

      // Clinic-level rows: phones and patients.
      const rng = keyedRng(seed, cs.hash, day.epochDay, TAG_CALLS);
      // Phone volume grows about half as fast as production (existing patients book online, too).
      const expectedCalls =
        clinic.baseDailyCalls * (WEEKDAY_CALLS[day.weekday] ?? 1) * (0.55 + 0.45 * day.season) * Math.sqrt(trend);
      const totalCalls = clamp(Math.round(expectedCalls * lognormal(rng, 0.1)), 30, 90);
      const answerRate = clamp(rng.normal(day.weekday === 1 ? 0.855 : 0.885, 0.025), 0.8, 0.95);
      const answeredCalls = Math.round(totalCalls * answerRate);
      const voicemails = Math.round((totalCalls - answeredCalls) * rng.float(0.45, 0.75));
      const appointmentsBooked = Math.round(answeredCalls * clamp(rng.normal(0.45, 0.04), 0.35, 0.55));
      callMetrics.push({
        id: `demo_call_${cs.slug}_${day.compact}`,
        clinicId: cs.id,
        date: day.iso,
        staffMemberId: null,
        callType: "all",
        totalCalls,
        answeredCalls,
        voicemails,
        appointmentsBooked,
      });

      patientMetrics.push({
        id: `demo_pat_${cs.slug}_${day.compact}`,
        clinicId: cs.id,
        date: day.iso,
        providerId: null,
        // Only reachable decades before the anchor date; a head count cannot go below zero.
        activePatients: Math.max(0, cs.activePatients[i] ?? 0),
        newPatients: cs.flows[i * 3] ?? 0,
        reactivatedPatients: cs.flows[i * 3 + 1] ?? 0,
        lostPatients: cs.flows[i * 3 + 2] ?? 0,
      });
    }
  }

  return {
    seed,
    startDate,
    endDate,
    clinics,
    locations,
    providers,
    financialMetrics,
    appointmentMetrics,
    callMetrics,
    patientMetrics,
  };
}

/** Row counts per table, e.g. for logs. */
export function demoMetricCounts(data: DemoMetrics): Record<string, number> {
  return {
    clinics: data.clinics.length,
    locations: data.locations.length,
    providers: data.providers.length,
    financialMetrics: data.financialMetrics.length,
    appointmentMetrics: data.appointmentMetrics.length,
    callMetrics: data.callMetrics.length,
    patientMetrics: data.patientMetrics.length,
  };
}
