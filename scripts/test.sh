#!/usr/bin/env bash
# npm test: every test there is — vitest (unit + integration on a real database) and Playwright
# (the built app in Chromium). Needs no database server: tests use embedded PGlite unless
# TEST_DATABASE_URL points at a PostgreSQL server. Ends with the runners' summaries and one
# "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-chromium.sh || exit 1
npm run --silent db:generate >/dev/null || { echo "prisma generate failed"; exit 1; }
rm -rf reports && mkdir -p reports

npx vitest run --reporter=default --reporter=json --outputFile.json=reports/vitest.json
vitest_status=$?

npm run --silent build >reports/build.log 2>&1 || { cat reports/build.log; echo "build failed"; exit 1; }
npx playwright test
playwright_status=$?

node scripts/test-totals.mjs reports/vitest.json reports/playwright.json
[ $vitest_status -eq 0 ] && [ $playwright_status -eq 0 ]
