/**
 * CSRF protection for every state-changing request (anything but GET/HEAD/OPTIONS), on top of
 * SameSite=Lax cookies: browsers send Sec-Fetch-Site, which must be "same-origin"; older browsers
 * send Origin, which must be ours. A request with neither is refused: every browser we support
 * sends one of them, and non-browser clients have no reason to carry our session cookie.
 */
export function isSafeMethod(method: string): boolean {
  return method === "GET" || method === "HEAD" || method === "OPTIONS";
}

export function csrfProblem(
  req: { method: string; headers: Record<string, string | string[] | undefined> },
  allowedOrigins: string[],
): string | null {
  if (isSafeMethod(req.method)) return null;
  const header = (name: string) => {
    const v = req.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const site = header("sec-fetch-site");
  if (site) return site === "same-origin" ? null : `cross-site request refused (Sec-Fetch-Site: ${site})`;
  const origin = header("origin");
  if (origin) return allowedOrigins.includes(origin) ? null : `cross-origin request refused (Origin: ${origin})`;
  return "request refused: no Origin or Sec-Fetch-Site header";
}
