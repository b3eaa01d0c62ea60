#!/usr/bin/env bash
# Playwright drives Debian's Chromium (browser downloads are not possible here).
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$chromium" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Chromium not found: installing Debian's chromium package (about 2 minutes)…"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/tmp/chromium-install.log 2>&1 \
    && exit 0
  echo "Installing chromium failed; see /tmp/chromium-install.log."
  exit 1
fi
echo "Chromium is missing: install it with 'sudo apt-get install chromium' (or set CHROMIUM_PATH to a Chromium binary), then run npm test again."
exit 1
