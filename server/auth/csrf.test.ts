import { describe, expect, it } from "vitest";
import { csrfProblem } from "./csrf.ts";

const origins = ["http://127.0.0.1:3000"];

describe("CSRF check", () => {
  it("lets safe methods through without any header", () => {
    expect(csrfProblem({ method: "GET", headers: {} }, origins)).toBeNull();
    expect(csrfProblem({ method: "HEAD", headers: {} }, origins)).toBeNull();
  });
  it("accepts same-origin POSTs by Sec-Fetch-Site or Origin", () => {
    expect(csrfProblem({ method: "POST", headers: { "sec-fetch-site": "same-origin" } }, origins)).toBeNull();
    expect(csrfProblem({ method: "POST", headers: { origin: "http://127.0.0.1:3000" } }, origins)).toBeNull();
  });
  it("refuses cross-site, cross-origin and headerless state changes", () => {
    expect(csrfProblem({ method: "POST", headers: { "sec-fetch-site": "cross-site", origin: "http://127.0.0.1:3000" } }, origins)).toMatch(/cross-site/);
    expect(csrfProblem({ method: "POST", headers: { "sec-fetch-site": "same-site" } }, origins)).toMatch(/same-site/);
    expect(csrfProblem({ method: "DELETE", headers: { origin: "https://evil.example" } }, origins)).toMatch(/evil\.example/);
    expect(csrfProblem({ method: "PUT", headers: {} }, origins)).toMatch(/no Origin/);
  });
});
