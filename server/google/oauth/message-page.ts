/**
 * A small standalone HTML page for the Google resource routes (connect, callback) when there is no
 * clinic page to send the browser back to: a plain-English message and one link. Never a stack trace.
 */
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function googleMessagePage(status: number, title: string, message: string, link: { href: string; label: string }): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(title)} · Clinic Pulse</title>
<style>body{font-family:system-ui,sans-serif;background:#f8fafc;color:#0f172a;margin:0;padding:48px 16px}main{max-width:32rem;margin:0 auto;background:#fff;border:1px solid #e2e8f0;border-radius:12px;padding:24px}
h1{font-size:1.4rem;margin:.25rem 0 1rem}p{line-height:1.5}a{display:inline-block;margin-top:.5rem;background:#0f766e;color:#fff;padding:.6rem 1rem;border-radius:6px;text-decoration:none}a:focus-visible{outline:3px solid #134e4a;outline-offset:2px}</style>
</head><body><main><p style="color:#0f766e;font-weight:600;margin:0">Clinic Pulse</p><h1>${escape(title)}</h1>
<p role="alert">${escape(message)}</p><a href="${escape(link.href)}">${escape(link.label)}</a></main></body></html>`;
  return new Response(html, { status, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
}
