import { describe, expect, it } from "vitest";
import { lang } from "../../i18n";
import { ApiFailure } from "../../lib/api";
import { inventoryTexts } from "./catalogue";
import { fieldOf, lotStatusName, movementName, parseNumber, required, runningStock, serverErrors, signedText, type Movement } from "./lots";

function mv(kind: Movement["kind"], quantity: number | null, extra: Partial<Movement> = {}): Movement {
  return { seq: 1, at: "2026-11-20T08:00:00Z", actor: "user:ana", kind, quantity, location: null, to: null, reason: null,
    reference: null, work_order: null, operation: null, case: null, hold: null, ...extra };
}

describe("runningStock", () => {
  it("adds receipts and takes consumptions, scrap and shipments; a move and a hold keep the stock", () => {
    const ms = [mv("received", 100), mv("moved", 30), mv("held", null), mv("consumed", -12.5), mv("counted", -0.5), mv("shipped", -20)];
    expect(runningStock(ms)).toEqual([100, 100, 100, 87.5, 87, 67]);
  });
  it("does not drift on decimal quantities", () => {
    expect(runningStock([mv("received", 0.1), mv("adjusted", 0.2)])).toEqual([0.1, 0.3]);
  });
  it("continues from a given stock", () => {
    expect(runningStock([mv("scrapped", -2)], 10)).toEqual([8]);
  });
});

describe("words", () => {
  it("names statuses and movements in the user's language, an unknown one as sent", () => {
    lang.value = "fr";
    expect(lotStatusName("quarantine")).toBe("Quarantaine");
    expect(movementName("consumed")).toBe("Consommation");
    lang.value = "en";
    expect(lotStatusName("on_hold")).toBe("On hold");
    expect(lotStatusName("lost")).toBe("lost");
    expect(movementName("containment_released")).toBe("Containment released");
  });
  it("signs changes with a true minus", () => {
    lang.value = "en";
    expect(signedText(100)).toBe("+100");
    expect(signedText(-2.5)).toBe("\u22122.5");
    expect(signedText(null)).toBe("");
  });
  it("has every inventory text in French, none empty", () => {
    for (const key of Object.keys(inventoryTexts.en) as (keyof typeof inventoryTexts.en)[]) expect(inventoryTexts.fr[key]).not.toBe("");
  });
});

describe("form errors", () => {
  it("puts the server's error at the field it names, a nested path at its field", () => {
    expect(fieldOf("lots[0]")).toBe("lots");
    expect(fieldOf("properties[0].value")).toBe("properties");
    expect(fieldOf(null)).toBe("");
    const e = new ApiFailure({ code: "conflict", message: "stock cannot go negative", field: "quantity" }, 409);
    expect(serverErrors(e, ["to", "quantity"])).toEqual({ quantity: "stock cannot go negative" });
  });
  it("keeps an error for a field the form does not have for the form as a whole", () => {
    const e = new ApiFailure({ code: "not_found", message: "no material lot 'X'", field: "id" }, 404);
    expect(serverErrors(e, ["to", "quantity"])).toEqual({ "": "no material lot 'X'" });
    expect(serverErrors(new Error("offline"), ["to"])).toEqual({ "": "offline" });
  });
  it("asks for required fields and reads numbers with a comma or a point", () => {
    lang.value = "en";
    expect(required({ reason: "  ", to: "FG" }, ["reason", "to"])).toEqual({ reason: "Required" });
    expect(parseNumber("12,5")).toBe(12.5);
    expect(parseNumber(" 3 ")).toBe(3);
    expect(parseNumber("")).toBeNull();
    expect(parseNumber("abc")).toBeNull();
    expect(parseNumber("-1")).toBe(-1); // the server judges ranges and names the field
  });
});
