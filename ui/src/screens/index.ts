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

export const screens: Screen[] = [
  { path: "/schedule", nav: "nav_schedule", needs: "read_resources", component: lazy(() => import("./schedule/schedule")) },
];
