/**
 * The two API key values the test suite can check for. `npm test` builds with BUILD_CANARY_KEY
 * (package.json, `build:canary`), so anything that inlined the key at build time would carry it;
 * the e2e servers then run with RUNTIME_KEY (playwright.config.ts), the key the fake API accepts.
 * Neither may ever reach a browser.
 */
export const BUILD_CANARY_KEY = "sk-canary-0d1c7e5a-studio-key-must-stay-server-side";
export const RUNTIME_KEY = "e2e-test-key";
