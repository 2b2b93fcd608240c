import { useState } from "preact/hooks";
import { signIn } from "../lib/session";
import { tc } from "../lib/catalogue";
import { ErrorBanner } from "../lib/ui";
import { LanguagePicker } from "./frame";

export function SignIn() {
  const [user, setUser] = useState("");
  const [token, setToken] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(user.trim(), token.trim());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="signin" id="content">
      <form class="card" onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">{tc("sign_in_title")}</h1>
        <p class="hint">{tc("sign_in_hint")}</p>
        <label>
          {tc("user_name")}
          <input name="user" autocomplete="username" required value={user} onInput={(e) => setUser(e.currentTarget.value)} />
        </label>
        <label>
          {tc("token")}
          <input
            name="token"
            type="password"
            autocomplete="current-password"
            required
            value={token}
            onInput={(e) => setToken(e.currentTarget.value)}
          />
        </label>
        <ErrorBanner error={error} />
        <button class="primary big" type="submit" disabled={busy}>
          {busy ? tc("signing_in") : tc("sign_in")}
        </button>
        <LanguagePicker />
      </form>
    </main>
  );
}
