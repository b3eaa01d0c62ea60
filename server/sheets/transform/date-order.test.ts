import { describe, expect, it } from "vitest";
import { inferDateOrder } from "./date-order.ts";

describe("inferDateOrder", () => {
  it("finds day-first columns", () => {
    expect(inferDateOrder(["03/04/2024", "15/04/2024", null, "-"])).toBe("DD/MM/YYYY");
  });
  it("finds month-first columns", () => {
    expect(inferDateOrder(["03/04/2024", "04/15/2024"])).toBe("MM/DD/YYYY");
  });
  it("returns null without evidence", () => {
    expect(inferDateOrder(["03/04/2024", "2024-04-15", 45306])).toBeNull();
  });
  it("returns null for conflicting evidence", () => {
    expect(inferDateOrder(["13/04/2024", "04/13/2024"])).toBeNull();
  });
});
