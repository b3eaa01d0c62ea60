import { type RouteConfig, index, route } from "@react-router/dev/routes";

export default [
  index("routes/home.tsx"),
  route("signin", "routes/signin.tsx"),
  route("signup", "routes/signup.tsx"),
  route("signout", "routes/signout.ts"),
  route("forgot-password", "routes/forgot-password.tsx"),
  route("reset-password/:token", "routes/reset-password.tsx"),
  route("invite/:token", "routes/invite.tsx"),
  route("account", "routes/account.tsx"),
  route("clinics/:clinicId", "routes/clinic-layout.tsx", [
    index("routes/clinic-dashboard.tsx"),
    route("goals", "routes/clinic-goals.tsx"),
    route("members", "routes/clinic-members.tsx"),
    route("settings", "routes/clinic-settings.tsx"),
    route("sheets", "routes/clinic-sheets.tsx"),
    route("sheets/new", "routes/clinic-sheets-new.tsx"),
    route("google", "routes/clinic-google.tsx"),
    route("sheets/history", "routes/clinic-sync-history.tsx"),
    route("sheets/history/:runId/rejections.csv", "routes/sync-rejections-csv.ts"),
  ]),
  route("clinics/:clinicId/dashboard.csv", "routes/clinic-dashboard-csv.ts"),
  route("clinics/:clinicId/google/connect", "routes/google-connect.ts"),
  route("google/callback", "routes/google-callback.ts"),
  route("favicon.ico", "routes/favicon.ts"),
  route("api/health", "routes/api.health.ts"),
  route("api/trpc/*", "routes/api.trpc.ts"),
] satisfies RouteConfig;
