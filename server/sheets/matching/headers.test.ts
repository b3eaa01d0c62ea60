import { describe, expect, it } from "vitest";
import type { FieldKey } from "./fields.ts";
import { suggestMappings } from "./suggest.ts";

/** Real-world headers (no sample rows) and the field each should map to, or null. */
const HEADERS: [header: string, field: FieldKey | null][] = [
  // date
  ["Date", "date"],
  ["DATE", "date"],
  ["Day", "date"],
  ["DOS", "date"],
  ["Date of Service", "date"],
  ["Service Date", "date"],
  ["Week Ending", "date"],
  ["Day of Week", null],
  ["Weekday", null],
  // provider
  ["Provider", "provider"],
  ["Provider Name", "provider"],
  ["Doctor", "provider"],
  ["Dentist", "provider"],
  ["Hygienist", "provider"],
  ["Clinician", "provider"],
  ["Dr.", "provider"],
  ["Hygenist", "provider"], // typo
  // financial
  ["Gross Production", "gross_production"],
  ["Gross Prod", "gross_production"],
  ["Production", "gross_production"],
  ["Total Production", "gross_production"],
  ["Prod $", "gross_production"],
  ["Prod", "gross_production"],
  ["GrossProduction", "gross_production"],
  ["Gross Production ($)", "gross_production"],
  ["Gross Producton", "gross_production"], // typo
  ["Production Goal", null],
  ["Over/Under Goal", null],
  ["% of Goal", null],
  ["Net Production", null],
  ["Hyg Prod", null],
  ["Scheduled Production", null],
  ["Production Per Patient", null],
  ["Products Sold", null],
  ["Adjustments", "adjustments"],
  ["Adj", "adjustments"],
  ["Write-offs", "write_offs"],
  ["Write Offs", "write_offs"],
  ["W/O", "write_offs"],
  ["Ins W/O", "write_offs"],
  ["Collections", "collections"],
  ["Net Collections", "collections"],
  ["Payments", "collections"],
  ["Collected", "collections"],
  ["Colections", "collections"], // typo
  ["Collections (billing dept only)", "collections"],
  ["Collection %", null],
  ["Refunds", "refunds"],
  ["Pt Refunds", "refunds"],
  // appointments
  ["Scheduled", "appointments_scheduled"],
  ["Appts Scheduled", "appointments_scheduled"],
  ["Sched", "appointments_scheduled"],
  ["Rescheduled", null],
  ["Unscheduled", null],
  ["Completed Appts", "appointments_completed"],
  ["Pts Seen", "appointments_completed"],
  ["Patients Seen", "appointments_completed"],
  ["Kept Appts", "appointments_completed"],
  ["Cancels", "appointments_cancelled"],
  ["Cancellations", "appointments_cancelled"],
  ["Cancelled", "appointments_cancelled"],
  ["Cancelatons", "appointments_cancelled"], // typo
  ["Same Day Cancels", null],
  ["No Shows", "appointments_no_show"],
  ["No-Show", "appointments_no_show"],
  ["NS", "appointments_no_show"],
  ["FTA", "appointments_no_show"],
  ["Failed to Appear", "appointments_no_show"],
  ["Broken Appts", "appointments_no_show"],
  ["Missed Appts", "appointments_no_show"],
  ["No-Show %", null],
  ["Booked Minutes", "booked_minutes"],
  ["Booked Mins", "booked_minutes"],
  ["Avail Mins", "available_minutes"],
  ["Available Minutes", "available_minutes"],
  ["Unavailable Minutes", null],
  // calls
  ["Inbound Calls", "calls_total"],
  ["Total Calls", "calls_total"],
  ["Calls", "calls_total"],
  ["Calls In", "calls_total"],
  ["# of Calls", "calls_total"],
  ["Calls Answered", "calls_answered"],
  ["Answered", "calls_answered"],
  ["Missed Calls", null],
  ["Unanswered Calls", null],
  ["Abandoned Calls", null],
  ["Voicemails", "calls_voicemail"],
  ["VM", "calls_voicemail"],
  ["Appts Booked", "calls_appointments_booked"],
  ["Calls Converted", "calls_appointments_booked"],
  // patients
  ["New Pts", "patients_new"],
  ["New Patients", "patients_new"],
  ["NP", "patients_new"],
  ["# NP", "patients_new"],
  ["# of New Patients", "patients_new"],
  ["NewPatients", "patients_new"],
  ["newpatients", "patients_new"],
  ["Active Patients", "patients_active"],
  ["Active Pts", "patients_active"],
  ["Reactivated", "patients_reactivated"],
  ["Reactivations", "patients_reactivated"],
  ["Lost Pts", "patients_lost"],
  ["Attrition", "patients_lost"],
  // nothing to map to
  ["Notes", null],
  ["Comments", null],
  ["Hours Worked", null],
  ["Case Acceptance", null],
  ["Patient Name", null],
  ["Total", null],
  ["Inpatient", null],
  ["Avg Production/Visit", null],
  ["YTD Production", null],
];

describe("header table", () => {
  it.each(HEADERS)("%s → %s", (header, field) => {
    const [column] = suggestMappings([header], []).columns;
    expect(column?.field).toBe(field);
  });

  it("has at least 40 cases", () => {
    expect(HEADERS.length).toBeGreaterThanOrEqual(40);
  });
});

describe("short ambiguous aliases only match the whole header", () => {
  it.each<[string, FieldKey | null]>([
    ["NP", "patients_new"],
    ["NP Provider", null], // a nurse-practitioner column: certainly not new patients
    ["NS", "appointments_no_show"],
    ["NS Rate", null],
    ["DOS", "date"],
    ["DOS Code", null],
    ["VM", "calls_voicemail"],
    ["VM Box", null],
  ])("%s → %s", (header, field) => {
    const [column] = suggestMappings([header], []).columns;
    expect(column?.field).toBe(field);
  });
});
