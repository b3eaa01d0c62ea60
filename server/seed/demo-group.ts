/**
 * The demo clinic group, "Harbor Dental Group": three clinics and their
 * providers, with the knobs the demo metric generator uses.
 *
 * Every id is fixed here (never a generated cuid), so seeding twice finds and
 * keeps the same rows. Changing a name or a knob is safe; changing an id, a
 * code or the seed changes what "the demo data" is.
 */

export const DEMO_GROUP_NAME = "Harbor Dental Group";

/** The seed the demo data is generated with. */
export const DEMO_SEED = 20240601;

/** How many months of history the demo data covers, ending at its end date. */
export const DEMO_MONTHS = 24;

/**
 * The day growth and the active-patient count are anchored to. Fixed (not the
 * window start), so a day's numbers are the same whatever window is generated.
 */
export const DEMO_ANCHOR_DATE = "2024-01-01";

export type DemoProviderType = "dentist" | "hygienist";

export interface DemoProvider {
  /** Stable, unique across the group, e.g. HARBOR_DT_CHEN. */
  providerCode: string;
  firstName: string;
  lastName: string;
  providerType: DemoProviderType;
  position: string;
  /** Typical gross production on a full weekday at the anchor date, in dollars. */
  baseDailyProduction: number;
  /** Weekdays worked, 1 = Monday … 5 = Friday. */
  weekdays: readonly number[];
  /** Works the clinic's open Saturdays. */
  worksSaturdays: boolean;
}

export interface DemoClinic {
  /** Short key used in ids: demo_clinic_<key>. */
  key: string;
  clinicCode: string;
  name: string;
  /** The legacy clinics.location text. */
  location: string;
  address: string;
  /** Patient volume relative to the group's typical clinic (calls, new patients). */
  sizeMultiplier: number;
  /** Fee schedule / case mix relative to the group's typical clinic (production). */
  feeMultiplier: number;
  /** Year-over-year growth of production, e.g. 0.065 = 6.5% (call volume grows about half as fast). */
  annualGrowth: number;
  /** Open on the 1st and 3rd Saturday of each month (half days). */
  openSaturdays: boolean;
  /** Inbound calls on a typical Wednesday at the anchor date. */
  baseDailyCalls: number;
  /** Active patients at the start of the anchor date. */
  activePatientsAtAnchor: number;
  /** Mean new patients per full working day. */
  newPatientsPerDay: number;
  /** Mean reactivated patients per full working day. */
  reactivatedPerDay: number;
  /** Each of up to 2 patients a day is marked lost with this probability. */
  lostPatientChance: number;
  /** Long-run collections ÷ net production. */
  collectionRate: number;
  /** No-shows ÷ scheduled appointments outside the summer and December. */
  noShowRate: number;
  /** Cancellations ÷ scheduled appointments. */
  cancellationRate: number;
  providers: readonly DemoProvider[];
}

const MON_FRI = [1, 2, 3, 4, 5] as const;

export const DEMO_CLINICS: readonly DemoClinic[] = [
  {
    key: "downtown",
    clinicCode: "HARBOR_DOWNTOWN",
    name: "Harbor Dental – Downtown",
    location: "Downtown, Port Haven",
    address: "120 Harbor Street, Port Haven",
    sizeMultiplier: 1.2,
    feeMultiplier: 1.08,
    annualGrowth: 0.065,
    openSaturdays: true,
    baseDailyCalls: 60,
    activePatientsAtAnchor: 3240,
    newPatientsPerDay: 1.9,
    reactivatedPerDay: 0.6,
    lostPatientChance: 0.78,
    collectionRate: 0.975,
    noShowRate: 0.048,
    cancellationRate: 0.075,
    providers: [
      {
        providerCode: "HARBOR_DT_CHEN",
        firstName: "Maya",
        lastName: "Chen",
        providerType: "dentist",
        position: "Lead Dentist",
        baseDailyProduction: 5200,
        weekdays: MON_FRI,
        worksSaturdays: true,
      },
      {
        providerCode: "HARBOR_DT_OKAFOR",
        firstName: "Robert",
        lastName: "Okafor",
        providerType: "dentist",
        position: "Associate Dentist",
        baseDailyProduction: 4500,
        weekdays: MON_FRI,
        worksSaturdays: false,
      },
      {
        providerCode: "HARBOR_DT_RAMAN",
        firstName: "Priya",
        lastName: "Raman",
        providerType: "hygienist",
        position: "Registered Dental Hygienist",
        baseDailyProduction: 1550,
        weekdays: MON_FRI,
        worksSaturdays: true,
      },
      {
        providerCode: "HARBOR_DT_WALSH",
        firstName: "Jenna",
        lastName: "Walsh",
        providerType: "hygienist",
        position: "Registered Dental Hygienist",
        baseDailyProduction: 1400,
        weekdays: [1, 2, 3, 4],
        worksSaturdays: false,
      },
      {
        providerCode: "HARBOR_DT_MENDES",
        firstName: "Carlos",
        lastName: "Mendes",
        providerType: "hygienist",
        position: "Registered Dental Hygienist",
        baseDailyProduction: 1350,
        weekdays: [1, 2, 3, 4],
        worksSaturdays: false,
      },
    ],
  },
  {
    key: "westside",
    clinicCode: "HARBOR_WESTSIDE",
    name: "Harbor Dental – Westside",
    location: "Westside, Port Haven",
    address: "4410 Westgate Avenue, Port Haven",
    sizeMultiplier: 1.0,
    feeMultiplier: 1.0,
    annualGrowth: 0.075,
    openSaturdays: false,
    baseDailyCalls: 52,
    activePatientsAtAnchor: 2510,
    newPatientsPerDay: 1.5,
    reactivatedPerDay: 0.5,
    lostPatientChance: 0.62,
    collectionRate: 0.968,
    noShowRate: 0.056,
    cancellationRate: 0.082,
    providers: [
      {
        providerCode: "HARBOR_WS_KIM",
        firstName: "Daniel",
        lastName: "Kim",
        providerType: "dentist",
        position: "Lead Dentist",
        baseDailyProduction: 4800,
        weekdays: MON_FRI,
        worksSaturdays: false,
      },
      {
        providerCode: "HARBOR_WS_ALVAREZ",
        firstName: "Sofia",
        lastName: "Alvarez",
        providerType: "dentist",
        position: "Associate Dentist",
        baseDailyProduction: 4200,
        weekdays: [1, 2, 4, 5],
        worksSaturdays: false,
      },
      {
        providerCode: "HARBOR_WS_BROOKS",
        firstName: "Hannah",
        lastName: "Brooks",
        providerType: "hygienist",
        position: "Registered Dental Hygienist",
        baseDailyProduction: 1450,
        weekdays: MON_FRI,
        worksSaturdays: false,
      },
      {
        providerCode: "HARBOR_WS_LEE",
        firstName: "Marcus",
        lastName: "Lee",
        providerType: "hygienist",
        position: "Registered Dental Hygienist",
        baseDailyProduction: 1350,
        weekdays: MON_FRI,
        worksSaturdays: false,
      },
    ],
  },
  {
    key: "lakeview",
    clinicCode: "HARBOR_LAKEVIEW",
    name: "Harbor Dental – Lakeview",
    location: "Lakeview, Port Haven",
    address: "18 Shoreline Drive, Port Haven",
    sizeMultiplier: 0.8,
    feeMultiplier: 0.94,
    annualGrowth: 0.055,
    openSaturdays: false,
    baseDailyCalls: 44,
    activePatientsAtAnchor: 1960,
    newPatientsPerDay: 1.2,
    reactivatedPerDay: 0.4,
    lostPatientChance: 0.55,
    collectionRate: 0.982,
    noShowRate: 0.042,
    cancellationRate: 0.065,
    providers: [
      {
        providerCode: "HARBOR_LV_FOSTER",
        firstName: "Emily",
        lastName: "Foster",
        providerType: "dentist",
        position: "Lead Dentist",
        baseDailyProduction: 4400,
        weekdays: MON_FRI,
        worksSaturdays: false,
      },
      {
        providerCode: "HARBOR_LV_GRANT",
        firstName: "Olivia",
        lastName: "Grant",
        providerType: "hygienist",
        position: "Registered Dental Hygienist",
        baseDailyProduction: 1400,
        weekdays: MON_FRI,
        worksSaturdays: false,
      },
      {
        providerCode: "HARBOR_LV_PRICE",
        firstName: "Nathan",
        lastName: "Price",
        providerType: "hygienist",
        position: "Registered Dental Hygienist",
        baseDailyProduction: 1300,
        weekdays: [1, 2, 3, 4],
        worksSaturdays: false,
      },
    ],
  },
];

// ───────────────────────────── Stable ids ─────────────────────────────

export function demoClinicId(clinic: Pick<DemoClinic, "key">): string {
  return `demo_clinic_${clinic.key}`;
}

export function demoLocationId(clinic: Pick<DemoClinic, "key">): string {
  return `demo_loc_${clinic.key}`;
}

export function demoLocationCode(clinic: Pick<DemoClinic, "clinicCode">): string {
  return `${clinic.clinicCode}_MAIN`;
}

export function demoProviderId(provider: Pick<DemoProvider, "providerCode">): string {
  return `demo_prov_${provider.providerCode.toLowerCase()}`;
}

export function demoProviderName(provider: DemoProvider): string {
  return provider.providerType === "dentist"
    ? `Dr. ${provider.firstName} ${provider.lastName}`
    : `${provider.firstName} ${provider.lastName}, RDH`;
}

/** A reserved example.com-style domain: these addresses can never reach anyone. */
export function demoProviderEmail(provider: DemoProvider): string {
  return `${provider.firstName}.${provider.lastName}@harbordental.example`.toLowerCase();
}

/** Every demo clinic id, in group order. */
export const DEMO_CLINIC_IDS: readonly string[] = DEMO_CLINICS.map(demoClinicId);

/** Every demo provider id, in group order. */
export const DEMO_PROVIDER_IDS: readonly string[] = DEMO_CLINICS.flatMap((c) => c.providers.map(demoProviderId));
