// HTML for the emulated Google consent screen and its error page. Plain forms + real buttons (keyboard/Playwright friendly).
import { escapeHtml } from "./http-util.ts";
import { SCOPE_DESCRIPTIONS } from "./scopes.ts";
import type { DemoAccount } from "./types.ts";

const STYLE = `body{font-family:system-ui,sans-serif;background:#f1f3f4;margin:0;padding:40px 16px;color:#202124}
main{max-width:460px;margin:0 auto;background:#fff;border:1px solid #dadce0;border-radius:8px;padding:32px}
h1{font-size:22px;font-weight:500;margin:0 0 8px}.badge{font-size:12px;color:#5f6368;text-transform:uppercase;letter-spacing:.08em}
fieldset{border:0;padding:0;margin:16px 0}label{display:flex;gap:10px;align-items:center;padding:10px;border:1px solid #dadce0;border-radius:6px;margin-bottom:8px;cursor:pointer}
ul{padding-left:20px;color:#3c4043}.actions{display:flex;flex-direction:row-reverse;gap:12px;justify-content:flex-start;margin-top:24px}
button{font-size:15px;padding:9px 22px;border-radius:4px;border:1px solid #dadce0;background:#fff;cursor:pointer}
button.primary{background:#1a73e8;border-color:#1a73e8;color:#fff}button:focus-visible{outline:3px solid #174ea6;outline-offset:2px}
.error{color:#d93025}code{background:#f1f3f4;padding:1px 4px;border-radius:3px}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>
<div class="badge">Google API emulator</div>${body}</main></body></html>`;
}

export interface ConsentView {
  requestId: string;
  appName: string;
  accounts: DemoAccount[];
  selectedEmail?: string;
  scopes: string[];
}

export function consentPage(v: ConsentView): string {
  const selected = v.accounts.find((a) => a.email === v.selectedEmail) ?? v.accounts[0];
  const accounts = v.accounts
    .map((a) => {
      const checked = a === selected ? " checked" : "";
      return `<label><input type="radio" name="account" value="${escapeHtml(a.email)}"${checked}>
<span><strong>${escapeHtml(a.name)}</strong><br><span data-testid="account-email">${escapeHtml(a.email)}</span></span></label>`;
    })
    .join("\n");
  const scopes = v.scopes.map((s) => `<li title="${escapeHtml(s)}">${escapeHtml(SCOPE_DESCRIPTIONS[s] ?? s)}</li>`).join("");
  return page(
    "Sign in – Google Accounts",
    `<h1>Choose an account</h1><p>to continue to <strong>${escapeHtml(v.appName)}</strong></p>
<form method="post" action="/o/oauth2/v2/auth/approve">
<input type="hidden" name="request_id" value="${escapeHtml(v.requestId)}">
<fieldset><legend>Google account</legend>${accounts}</fieldset>
<p>${escapeHtml(v.appName)} wants to:</p><ul>${scopes}</ul>
<div class="actions"><!-- Allow comes first in the DOM so Enter submits it; row-reverse shows it on the right. -->
<button type="submit" class="primary" name="decision" value="allow" autofocus>Allow</button>
<button type="submit" formaction="/o/oauth2/v2/auth/deny" name="decision" value="deny">Deny</button>
</div></form>`,
  );
}

export function errorPage(status: number, error: string, details: string): string {
  return page(
    `Error ${status}: ${error}`,
    `<h1 class="error">Access blocked: authorization error</h1>
<p><strong>Error ${status}: <code data-testid="oauth-error">${escapeHtml(error)}</code></strong></p>
<p data-testid="oauth-error-details">${escapeHtml(details)}</p>`,
  );
}
