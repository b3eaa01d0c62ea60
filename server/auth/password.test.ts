import { describe, expect, it } from "vitest";
import { hashPassword, passwordProblem, verifyPassword } from "./password.ts";

describe("passwords", () => {
  it("hashes with argon2id, salted, and verifies", async () => {
    const a = await hashPassword("tooth-fairy-2024!");
    const b = await hashPassword("tooth-fairy-2024!");
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, "tooth-fairy-2024!")).toBe(true);
    expect(await verifyPassword(a, "tooth-fairy-2024?")).toBe(false);
    expect(await verifyPassword("not a hash", "x")).toBe(false);
  });

  it("explains weak passwords in plain words", () => {
    expect(passwordProblem("short")).toBe("Use at least 10 characters.");
    expect(passwordProblem("aaaaaaaaaaaa")).toBe("Use a less repetitive password.");
    expect(passwordProblem("maria.chen-2024", "maria.chen@example.com")).toBe("Do not use your email address in your password.");
    expect(passwordProblem("x".repeat(257))).toBe("Use at most 256 characters.");
    expect(passwordProblem("a sensible passphrase")).toBeNull();
  });
});
