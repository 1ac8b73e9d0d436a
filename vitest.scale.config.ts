import { configDefaults, defineConfig } from "vitest/config";
import base from "./vitest.config";
import { MULTI_PROCESS_SUITES } from "./tests/support/multi-process-suites";

/**
 * The multi-process suites: two instances and a worker, PostgreSQL restarted for real. Their
 * leases and takeovers are timed, so they run one file at a time with the machine to themselves
 * rather than beside the rest of the unit tests.
 */
export default defineConfig({
  resolve: base.resolve,
  test: { ...base.test, include: MULTI_PROCESS_SUITES, exclude: configDefaults.exclude, fileParallelism: false },
});
