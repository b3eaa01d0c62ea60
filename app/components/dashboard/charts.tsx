import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis, ReferenceLine } from "recharts";
import { ClientOnly } from "../client-only";

/** Thin recharts wrappers with fixed heights (recharts renders only in the browser). */
export const CHART_HEIGHT = 280;

export function TrendLineChart(props: { data: { label: string; value: number | null; previous?: number | null }[]; valueName: string; format: (v: number) => string }) {
  return (
    <ClientOnly height={CHART_HEIGHT} label={`${props.valueName} trend chart`}>
      {() => (
        <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
          <LineChart data={props.data} margin={{ left: 8, right: 8, top: 8 }} accessibilityLayer={false}>
            <CartesianGrid stroke="#e2e8f0" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 12 }} minTickGap={16} />
            <YAxis tick={{ fontSize: 12 }} tickFormatter={(v: number) => props.format(v)} width={72} />
            <Tooltip formatter={(v) => (typeof v === "number" ? props.format(v) : String(v))} />
            <Legend />
            <Line type="monotone" dataKey="value" name={props.valueName} stroke="#0f766e" strokeWidth={2} dot={false} isAnimationActive={false} connectNulls />
            {props.data.some((d) => d.previous !== undefined) ? (
              <Line type="monotone" dataKey="previous" name="Same period last year" stroke="#94a3b8" strokeDasharray="4 3" dot={false} isAnimationActive={false} connectNulls />
            ) : null}
          </LineChart>
        </ResponsiveContainer>
      )}
    </ClientOnly>
  );
}

export function GoalPaceChart(props: { data: { label: string; actual: number | null; pace: number | null }[]; target: number; format: (v: number) => string }) {
  return (
    <ClientOnly height={CHART_HEIGHT} label="Goal versus actual chart">
      {() => (
        <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
          <LineChart data={props.data} margin={{ left: 8, right: 8, top: 8 }} accessibilityLayer={false}>
            <CartesianGrid stroke="#e2e8f0" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 12 }} minTickGap={16} />
            <YAxis tick={{ fontSize: 12 }} tickFormatter={(v: number) => props.format(v)} width={72} />
            <Tooltip formatter={(v) => (typeof v === "number" ? props.format(v) : String(v))} />
            <Legend />
            <ReferenceLine y={props.target} stroke="#b45309" strokeDasharray="6 3" label={{ value: "Goal", position: "insideTopRight", fontSize: 12 }} />
            <Line type="monotone" dataKey="actual" name="Actual to date" stroke="#0f766e" strokeWidth={2} dot={false} isAnimationActive={false} connectNulls />
            <Line type="monotone" dataKey="pace" name="Pace to goal" stroke="#64748b" strokeDasharray="4 3" dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      )}
    </ClientOnly>
  );
}

export function HorizontalBars(props: { data: { name: string; value: number }[]; valueName: string; format: (v: number) => string }) {
  const height = Math.max(160, props.data.length * 34 + 40);
  return (
    <ClientOnly height={height} label={`${props.valueName} bar chart`}>
      {() => (
        <ResponsiveContainer width="100%" height={height}>
          <BarChart data={props.data} layout="vertical" margin={{ left: 8, right: 16 }} accessibilityLayer={false}>
            <CartesianGrid stroke="#e2e8f0" horizontal={false} />
            <XAxis type="number" tick={{ fontSize: 12 }} tickFormatter={(v: number) => props.format(v)} />
            <YAxis type="category" dataKey="name" width={150} tick={{ fontSize: 12 }} />
            <Tooltip formatter={(v) => (typeof v === "number" ? props.format(v) : String(v))} />
            <Bar dataKey="value" name={props.valueName} fill="#0f766e" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      )}
    </ClientOnly>
  );
}
