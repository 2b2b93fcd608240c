import { describe, expect, it } from "vitest";
import { orders } from "./catalogue";

describe("the work orders catalogue", () => {
  it("says everything in French too, with the same placeholders", () => {
    const holes = (t: string) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(orders.en) as (keyof typeof orders.en)[]) {
      expect(orders.fr[key], key).not.toBe("");
      expect(holes(orders.fr[key]), key).toEqual(holes(orders.en[key]));
    }
  });
});
