import { useRef } from "react";
import { Form, useNavigation } from "react-router";
import { RANGE_PRESET_LABELS, RANGE_PRESETS, type RangePreset } from "../../../server/metrics/ranges";

export type Granularity = "day" | "week" | "month";

/**
 * Period and granularity live in the URL (a GET form), so a view can be bookmarked and shared,
 * and the picker works before JavaScript loads.
 */
export function PeriodPicker(props: { preset: RangePreset; from: string; to: string; granularity: Granularity; label: string; extra?: Record<string, string> }) {
  const busy = useNavigation().state === "loading";
  const period = useRef<HTMLSelectElement>(null);
  // Editing a date means a custom range: otherwise Apply would keep the named period and silently
  // ignore the dates typed. (Without JavaScript the labels say the dates are for "Custom range".)
  const toCustom = () => {
    if (period.current) period.current.value = "custom";
  };
  return (
    <Form method="get" className="flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-3" aria-label="Choose the period">
      {Object.entries(props.extra ?? {}).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <div>
        <label htmlFor="period" className="block text-xs font-medium text-slate-600">
          Period
        </label>
        <select ref={period} id="period" name="period" defaultValue={props.preset} className="rounded-md border border-slate-300 px-2 py-1.5 text-sm">
          {RANGE_PRESETS.map((p) => (
            <option key={p} value={p}>
              {RANGE_PRESET_LABELS[p]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="from" className="block text-xs font-medium text-slate-600">
          From (custom)
        </label>
        <input id="from" name="from" type="date" defaultValue={props.from} onChange={toCustom} className="rounded-md border border-slate-300 px-2 py-1 text-sm" />
      </div>
      <div>
        <label htmlFor="to" className="block text-xs font-medium text-slate-600">
          To (custom)
        </label>
        <input id="to" name="to" type="date" defaultValue={props.to} onChange={toCustom} className="rounded-md border border-slate-300 px-2 py-1 text-sm" />
      </div>
      <div>
        <label htmlFor="granularity" className="block text-xs font-medium text-slate-600">
          Show by
        </label>
        <select id="granularity" name="granularity" defaultValue={props.granularity} className="rounded-md border border-slate-300 px-2 py-1.5 text-sm">
          <option value="day">Day</option>
          <option value="week">Week</option>
          <option value="month">Month</option>
        </select>
      </div>
      <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
        Apply
      </button>
      <p className="text-sm text-slate-600" aria-live="polite">
        {busy ? "Updating…" : props.label}
      </p>
    </Form>
  );
}
