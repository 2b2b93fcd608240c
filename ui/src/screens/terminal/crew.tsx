// Choosing a crew: scan badges (into the badge field, or anywhere on the screen) or touch names.
// Names whose qualification would be refused say why beside them; the server decides, and its
// refusal is explained in words: who lacks which qualification.
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { ApiFailure } from "../../lib/api";
import { lang } from "../../i18n";
import { ErrorBanner } from "../../lib/ui";
import { lacksQualification, refusedMember, type Lack, type Person, type Qualification } from "./logic";
import { tt } from "./catalogue";

export function personName(persons: readonly Person[] | undefined, id: string): string {
  return persons?.find((p) => p.id === id)?.name ?? id;
}

export function dateOf(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString(lang.value === "fr" ? "fr-FR" : "en-GB", { dateStyle: "medium" });
}

export function lackText(lack: Lack, qualification: string): string {
  switch (lack.kind) {
    case "missing":
      return tt("lacks", { qualification });
    case "failed":
      return tt("lacks_failed", { qualification });
    case "expired":
      return tt("lacks_expired", { qualification, date: dateOf(lack.date) });
    case "future":
      return tt("lacks_future", { qualification, date: dateOf(lack.date) });
  }
}

function whyText(lack: Lack, qualification: string): string {
  switch (lack.kind) {
    case "missing":
      return tt("why_missing", { qualification });
    case "failed":
      return tt("why_failed", { qualification, date: dateOf(lack.date) });
    case "expired":
      return tt("why_expired", { qualification, date: dateOf(lack.date) });
    case "future":
      return tt("why_future", { qualification, date: dateOf(lack.date) });
  }
}

// The server's refusal of a crew, in plain words: who may not run the operation and why (the
// server's message follows, as it said it).
export function CrewRefusal({
  error,
  crew,
  persons,
  qualification,
}: {
  error: unknown;
  crew: readonly string[];
  persons: readonly Person[] | undefined;
  qualification: Qualification | undefined;
}) {
  if (!error) return null;
  const who = error instanceof ApiFailure ? refusedMember(error.error.field, crew) : null;
  const person = who ? persons?.find((p) => p.id === who) : undefined;
  if (!who || !person || !qualification) return <ErrorBanner error={error} />;
  const label = qualification.description ? `${qualification.description} (${qualification.id})` : qualification.id;
  const lack = lacksQualification(person, qualification.id, qualification.validity_days, new Date()) ?? {
    kind: "missing" as const,
  };
  return (
    <div class="banner error refusal" role="alert">
      <p class="refusal-main">{tt("crew_refused", { name: person.name, id: person.id, why: whyText(lack, label) })}</p>
      <p class="refusal-server">{(error as ApiFailure).error.message}</p>
    </div>
  );
}

export function CrewPicker({
  persons,
  crew,
  onChange,
  qualification,
  idPrefix,
  children,
}: {
  persons: readonly Person[] | undefined;
  crew: readonly string[];
  onChange: (crew: string[]) => void;
  qualification: Qualification | undefined;
  idPrefix: string;
  children?: ComponentChildren; // beside the crew: the button that uses it, and its refusal
}) {
  const [badge, setBadge] = useState("");
  const [badgeError, setBadgeError] = useState<string | null>(null);
  const [search, setSearch] = useState("");
  const now = new Date();
  const lackOf = (p: Person) =>
    qualification ? lacksQualification(p, qualification.id, qualification.validity_days, now) : null;
  const add = (id: string) => {
    if (!persons?.some((p) => p.id === id)) {
      setBadgeError(tt("unknown_person", { id }));
      return;
    }
    setBadgeError(null);
    if (!crew.includes(id)) onChange([...crew, id]);
  };
  const s = search.trim().toLowerCase();
  const shown = (persons ?? [])
    .filter((p) => !p.retired && (!s || p.id.toLowerCase().includes(s) || p.name.toLowerCase().includes(s)))
    .map((p) => ({ p, lack: lackOf(p) }))
    .sort((a, b) => Number(a.lack !== null) - Number(b.lack !== null) || a.p.name.localeCompare(b.p.name));
  return (
    <div class="crew-picker">
      <div class="crew-row">
        <span class="crew-label" id={`${idPrefix}-crew`}>
          {tt("crew")}
        </span>
        {crew.length === 0 ? <span class="muted">{tt("crew_empty")}</span> : null}
        <ul class="crew-chips" aria-labelledby={`${idPrefix}-crew`}>
          {crew.map((id) => {
            const name = personName(persons, id);
            return (
              <li key={id} class="chip">
                <span>
                  {name} <span class="muted">{id}</span>
                </span>
                <button
                  type="button"
                  class="chip-remove"
                  aria-label={tt("remove_person", { name })}
                  onClick={() => onChange(crew.filter((c) => c !== id))}
                >
                  ✕
                </button>
              </li>
            );
          })}
        </ul>
      </div>
      {children}
      <form
        class="badge-form"
        onSubmit={(e) => {
          e.preventDefault();
          const id = badge.trim();
          if (id) add(id);
          setBadge("");
        }}
      >
        <label for={`${idPrefix}-badge`}>{tt("badge_input")}</label>
        <div class="inline">
          <input
            id={`${idPrefix}-badge`}
            class="big-input"
            autocomplete="off"
            value={badge}
            aria-invalid={badgeError ? true : undefined}
            onInput={(e) => setBadge(e.currentTarget.value)}
          />
          <button type="submit" class="big">
            {tt("add")}
          </button>
        </div>
        {badgeError ? (
          <p class="field-error" role="alert">
            {badgeError}
          </p>
        ) : null}
      </form>
      {persons && persons.length > 20 ? (
        <label class="search">
          {tt("person_search")}
          <input type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
        </label>
      ) : null}
      <div class="person-grid" role="group" aria-label={tt("persons")}>
        {shown.map(({ p, lack }) => (
          <button
            key={p.id}
            type="button"
            class={`person${lack ? " lacking" : ""}`}
            aria-pressed={crew.includes(p.id)}
            onClick={() => (crew.includes(p.id) ? onChange(crew.filter((c) => c !== p.id)) : add(p.id))}
          >
            <span class="person-name">{p.name}</span>
            <span class="person-id">{p.id}</span>
            {lack && qualification ? <span class="person-lack">{lackText(lack, qualification.id)}</span> : null}
          </button>
        ))}
      </div>
    </div>
  );
}
