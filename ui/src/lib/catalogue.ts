// Texts shared by every screen: the frame (navigation, sign-in, sign-out) and common words.
import { defineCatalogue, translator } from "../i18n";

export const common = defineCatalogue({
  en: {
    app_name: "Takt",
    skip_to_content: "Skip to content",
    nav_label: "Main navigation",
    nav_home: "Home",
    nav_terminal: "Operator terminal",
    nav_board: "Plant board",
    nav_kpi: "KPIs",
    nav_orders: "Work orders",
    nav_schedule: "Schedule",
    nav_genealogy: "Genealogy",
    nav_inventory: "Inventory",
    language: "Language",
    lang_en: "English",
    lang_fr: "Français",
    signed_in_as: "{user} ({role})",
    sign_out: "Sign out",
    sign_in: "Sign in",
    sign_in_title: "Sign in to Takt",
    user_name: "User name",
    token: "Token",
    sign_in_hint: "Use the user name and token your administrator gave you.",
    signing_in: "Signing in…",
    loading: "Loading…",
    retry: "Retry",
    cancel: "Cancel",
    confirm: "Confirm",
    save: "Save",
    close: "Close",
    not_found: "There is no such page.",
    error_title: "Something went wrong",
    role_admin: "administrator",
    role_supervisor: "supervisor",
    role_operator: "operator",
    role_viewer: "viewer",
    live_connected: "Live",
    live_disconnected: "Reconnecting…",
    home_title: "Welcome, {user}",
    home_intro: "Choose where to work.",
    none: "none",
  },
  fr: {
    app_name: "Takt",
    skip_to_content: "Aller au contenu",
    nav_label: "Navigation principale",
    nav_home: "Accueil",
    nav_terminal: "Poste opérateur",
    nav_board: "Tableau de l'usine",
    nav_kpi: "Indicateurs",
    nav_orders: "Ordres de fabrication",
    nav_schedule: "Ordonnancement",
    nav_genealogy: "Généalogie",
    nav_inventory: "Stocks",
    language: "Langue",
    lang_en: "English",
    lang_fr: "Français",
    signed_in_as: "{user} ({role})",
    sign_out: "Se déconnecter",
    sign_in: "Se connecter",
    sign_in_title: "Connexion à Takt",
    user_name: "Nom d'utilisateur",
    token: "Jeton",
    sign_in_hint: "Utilisez le nom d'utilisateur et le jeton fournis par votre administrateur.",
    signing_in: "Connexion…",
    loading: "Chargement…",
    retry: "Réessayer",
    cancel: "Annuler",
    confirm: "Confirmer",
    save: "Enregistrer",
    close: "Fermer",
    not_found: "Cette page n'existe pas.",
    error_title: "Une erreur est survenue",
    role_admin: "administrateur",
    role_supervisor: "superviseur",
    role_operator: "opérateur",
    role_viewer: "lecteur",
    live_connected: "En direct",
    live_disconnected: "Reconnexion…",
    home_title: "Bienvenue, {user}",
    home_intro: "Choisissez votre poste de travail.",
    none: "aucun",
  },
});

export const tc = translator(common);

export function roleName(role: string): string {
  switch (role) {
    case "admin":
      return tc("role_admin");
    case "supervisor":
      return tc("role_supervisor");
    case "operator":
      return tc("role_operator");
    case "viewer":
      return tc("role_viewer");
    default:
      return role;
  }
}
