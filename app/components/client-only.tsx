import { useEffect, useState, type ReactNode } from "react";

/**
 * Renders children only in the browser. recharts 3 draws nothing on the server, so charts are
 * client-only; the placeholder keeps their height so the page does not jump when they appear.
 */
export function ClientOnly({ height, children, label }: { height: number; children: () => ReactNode; label: string }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return (
    <div style={{ height }} className="w-full">
      {mounted ? children() : <div className="h-full w-full animate-pulse rounded bg-slate-100" aria-label={`${label} is loading`} />}
    </div>
  );
}
