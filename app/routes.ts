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
    index("routes/clinic-home.tsx"),
    route("members", "routes/clinic-members.tsx"),
    route("settings", "routes/clinic-settings.tsx"),
  ]),
  route("api/health", "routes/api.health.ts"),
  route("api/trpc/*", "routes/api.trpc.ts"),
] satisfies RouteConfig;
