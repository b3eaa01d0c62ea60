import { Links, Meta, Outlet, Scripts, ScrollRestoration } from "react-router";
import { ErrorPanel } from "./components/error-page";
import type { Route } from "./+types/root";
import { ApiProvider } from "./lib/trpc";
import "./app.css";

export function Layout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return (
    <ApiProvider>
      <Outlet />
    </ApiProvider>
  );
}

export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  return (
    <main className="mx-auto max-w-xl p-8">
      <ErrorPanel error={error} home={{ to: "/", label: "Go to the start page" }} />
    </main>
  );
}
