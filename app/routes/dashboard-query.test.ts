import { describe, expect, it } from "vitest";
import { dashboardQuery } from "./clinic-dashboard";

// The dashboard's period comes from the URL; a custom range that cannot be used says why.
const q = (search: string) => dashboardQuery(new URL(`http://x/clinics/c1?${search}`), ["c1"], "2026-11-25");

describe("dashboardQuery", () => {
  it("uses a valid custom range as given, with no notice", () => {
    expect(q("period=custom&from=2025-03-01&to=2025-03-31&granularity=week")).toMatchObject({ preset: "custom", from: "2025-03-01", to: "2025-03-31", granularity: "week", notice: null });
  });

  it("shows this month and says so when the custom range ends before it starts", () => {
    const r = q("period=custom&from=2025-03-31&to=2025-03-01");
    expect(r).toMatchObject({ preset: "this_month", from: "2026-11-01", to: "2026-11-25" });
    expect(r.notice).toMatch(/ends on 2025-03-01, before it starts on 2025-03-31.*Swap the two dates/);
  });

  it("says a custom range needs both dates", () => {
    const r = q("period=custom&from=2025-03-01&to=");
    expect(r.preset).toBe("this_month");
    expect(r.notice).toMatch(/needs both a From and a To date/);
  });

  it("keeps a named period when dates are also sent (the form always sends them)", () => {
    expect(q("period=last_month&from=2025-03-01&to=2025-03-31")).toMatchObject({ preset: "last_month", from: "2026-10-01", to: "2026-10-31", notice: null });
  });
});
