/**
 * Suites that start several real studio processes on one PostgreSQL. The unit run leaves them out
 * (vitest.config.ts) and `npm run test:scale` runs them alone, one file at a time (vitest.scale.config.ts).
 */
export const MULTI_PROCESS_SUITES = [
  "tests/scale-processes.test.ts",
  "tests/scale-faults.test.ts",
  "tests/scale-s3-outage.test.ts",
  "tests/scale-shutdown.test.ts",
];
