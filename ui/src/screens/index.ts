// The screens: where each lives, who sees it in the navigation, and its code, loaded only when
// opened (so the operator terminal carries no chart, Gantt or graph library).
// Screens are added as: { path, nav, needs, component: lazy(() => import("./x/x")) } (lazy from preact-iso).
import type { ComponentType } from "preact";
import { lazy } from "preact-iso";
import type { Permission } from "../lib/session";
import type { common } from "../lib/catalogue";

export interface Screen {
  path: string; // preact-iso pattern
  nav?: keyof typeof common.en; // shown in the navigation under this text
  href?: string; // the navigation's link, where the path has parameters
  needs?: Permission; // hidden from roles without it (the server refuses them anyway)
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- preact-iso passes route params as props
  component: ComponentType<any>;
}

const terminal = lazy(() => import("./terminal/terminal"));
// A terminal opens straight on its unit: its code loads while the session is checked.
if (globalThis.location?.pathname.startsWith("/terminal/")) void terminal.preload();

export const screens: Screen[] = [
  { path: "/terminal", nav: "nav_terminal", needs: "read_resources", component: lazy(() => import("./terminal/picker")) },
  { path: "/terminal/:unit", needs: "read_resources", component: terminal },
  { path: "/orders", nav: "nav_orders", needs: "read_resources", component: lazy(() => import("./orders/list")) },
  { path: "/orders/new", needs: "plan_production", component: lazy(() => import("./orders/form")) },
  { path: "/orders/:id", needs: "read_resources", component: lazy(() => import("./orders/detail")) },
  { path: "/board", nav: "nav_board", needs: "read_resources", component: lazy(() => import("./board/board")) },
  { path: "/kpi", nav: "nav_kpi", needs: "read_resources", component: lazy(() => import("./kpi/kpi")) },
  { path: "/schedule", nav: "nav_schedule", needs: "read_resources", component: lazy(() => import("./schedule/schedule")) },
  { path: "/genealogy/:lot?", nav: "nav_genealogy", href: "/genealogy", needs: "read_resources", component: lazy(() => import("./genealogy/genealogy")) },
  { path: "/recall/:lot?", needs: "read_resources", component: lazy(() => import("./genealogy/recall")) },
  { path: "/containments/:id", needs: "read_resources", component: lazy(() => import("./genealogy/containment")) },
  { path: "/inventory", nav: "nav_inventory", needs: "read_resources", component: lazy(() => import("./inventory/inventory")) },
  { path: "/inventory/lots/:id", needs: "read_resources", component: lazy(() => import("./inventory/lot")) },
];
