import { ErrorBoundary, LocationProvider, Route, Router, lazy } from "preact-iso";
import { useEffect } from "preact/hooks";
import { tc } from "./lib/catalogue";
import { loadSession, session, sessionChecked } from "./lib/session";
import { Loading, Page } from "./lib/ui";
import { Frame } from "./screens/frame";
import { screens } from "./screens/index";
import { SignIn } from "./screens/signin";

const Home = lazy(() => import("./screens/home"));

function NotFound() {
  return (
    <Page title={tc("not_found")}>
      <p>
        <a href="/">{tc("nav_home")}</a>
      </p>
    </Page>
  );
}

export function App() {
  useEffect(() => {
    void loadSession();
  }, []);
  if (!sessionChecked.value) return <Loading />;
  if (!session.value) return <SignIn />;
  return (
    <LocationProvider>
      <Frame>
        <ErrorBoundary>
          <Router>
            <Route path="/" component={Home} />
            {screens.map((sc) => (
              <Route key={sc.path} path={sc.path} component={sc.component} />
            ))}
            <Route default component={NotFound} />
          </Router>
        </ErrorBoundary>
      </Frame>
    </LocationProvider>
  );
}
