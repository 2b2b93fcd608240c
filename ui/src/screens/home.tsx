import { tc } from "../lib/catalogue";
import { can, session } from "../lib/session";
import { Page } from "../lib/ui";
import { screens } from "./index";

export default function Home() {
  const tiles = screens.filter((sc) => sc.nav && sc.path !== "/" && (!sc.needs || can(sc.needs)));
  return (
    <Page title={tc("home_title", { user: session.value?.user ?? "" })}>
      <p>{tc("home_intro")}</p>
      <ul class="tiles">
        {tiles.map((sc) => (
          <li key={sc.path}>
            <a class="tile" href={sc.href ?? sc.path}>
              {tc(sc.nav!)}
            </a>
          </li>
        ))}
      </ul>
    </Page>
  );
}
