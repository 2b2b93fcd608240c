// The frame around every screen: navigation (only what the role may use), language, user, sign-out.
import type { ComponentChildren } from "preact";
import { useLocation } from "preact-iso";
import { lang, languages, setLang, type Lang } from "../i18n";
import { tc, roleName } from "../lib/catalogue";
import { can, session, signOut } from "../lib/session";
import { screens } from "./index";

export function LanguagePicker() {
  return (
    <label class="lang">
      {tc("language")}
      <select value={lang.value} onChange={(e) => setLang(e.currentTarget.value as Lang)}>
        {languages.map((l) => (
          <option key={l} value={l}>
            {tc(l === "en" ? "lang_en" : "lang_fr")}
          </option>
        ))}
      </select>
    </label>
  );
}

export function Frame({ children }: { children: ComponentChildren }) {
  const { path } = useLocation();
  const s = session.value;
  const nav = screens.filter((sc) => sc.nav && (!sc.needs || can(sc.needs)));
  return (
    <div class="frame">
      <a class="skip" href="#content">
        {tc("skip_to_content")}
      </a>
      <header class="top">
        <a class="brand" href="/">
          {tc("app_name")}
        </a>
        <nav aria-label={tc("nav_label")}>
          <ul>
            {nav.map((sc) => {
              const href = sc.href ?? sc.path;
              const here = href === "/" ? path === "/" : path.startsWith(href);
              return (
                <li key={href}>
                  <a href={href} aria-current={here ? "page" : undefined}>
                    {tc(sc.nav!)}
                  </a>
                </li>
              );
            })}
          </ul>
        </nav>
        <div class="who">
          <LanguagePicker />
          {s ? <span class="user">{tc("signed_in_as", { user: s.user, role: roleName(s.role) })}</span> : null}
          <button type="button" onClick={() => void signOut()}>
            {tc("sign_out")}
          </button>
        </div>
      </header>
      <main id="content">{children}</main>
    </div>
  );
}
