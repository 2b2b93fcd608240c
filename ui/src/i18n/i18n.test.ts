import { describe, expect, it } from "vitest";
import { format, lang, translator, defineCatalogue, formatDuration } from "./index";
import { common } from "../lib/catalogue";

describe("format", () => {
  it("fills placeholders and leaves unknown ones", () => {
    expect(format("{n} lots of {m}", { n: 3 })).toBe("3 lots of {m}");
  });
});

describe("translator", () => {
  it("follows the user's language", () => {
    const t = translator(defineCatalogue({ en: { hi: "Hello {who}" }, fr: { hi: "Bonjour {who}" } }));
    lang.value = "en";
    expect(t("hi", { who: "Lyon" })).toBe("Hello Lyon");
    lang.value = "fr";
    expect(t("hi", { who: "Lyon" })).toBe("Bonjour Lyon");
  });
  it("has every shared text in French, none left empty", () => {
    for (const key of Object.keys(common.en) as (keyof typeof common.en)[]) expect(common.fr[key]).not.toBe("");
  });
});

describe("formatDuration", () => {
  it("reads as hours, minutes or seconds", () => {
    expect(formatDuration(3725)).toBe("1 h 02 min");
    expect(formatDuration(125)).toBe("2 min 05 s");
    expect(formatDuration(42)).toBe("42 s");
    expect(formatDuration(null)).toBe("–");
  });
});
