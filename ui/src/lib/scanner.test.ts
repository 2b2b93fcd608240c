import { describe, expect, it } from "vitest";
import { ScanBuffer } from "./scanner";

describe("ScanBuffer", () => {
  it("returns a fast burst ending in Enter as one scan", () => {
    const b = new ScanBuffer();
    let out: string | null = null;
    [..."LOT-42"].forEach((k, i) => (out = b.key(k, 1000 + i * 5)));
    expect(out).toBeNull();
    expect(b.key("Enter", 1035)).toBe("LOT-42");
  });
  it("ignores a person typing slowly", () => {
    const b = new ScanBuffer();
    [..."LOT-42"].forEach((k, i) => b.key(k, 1000 + i * 300));
    expect(b.key("Enter", 1000 + 6 * 300)).toBeNull();
  });
  it("starts afresh after a pause", () => {
    const b = new ScanBuffer();
    [..."XX"].forEach((k, i) => b.key(k, i * 5));
    [..."WO-7"].forEach((k, i) => b.key(k, 5000 + i * 5));
    expect(b.key("Enter", 5030)).toBe("WO-7");
  });
  it("drops codes shorter than the minimum", () => {
    const b = new ScanBuffer({ minLength: 3 });
    b.key("A", 0);
    expect(b.key("Enter", 5)).toBeNull();
  });
});
