/**
 * The sandbox Zadig: a stateful fake of the Zadig v3.4 OpenAPI with demo data. Separate from `src/`
 * (imports nothing from it); used in-process by tests and the console, and by `npm run sandbox`.
 */
export type { License } from './model.js';
export {
  DEFAULT_START_TIME,
  type Sandbox,
  type SandboxOptions,
  type SandboxTask,
  type SandboxUser,
  startSandbox,
} from './sandbox.js';
export type { FaultRule, RequestRecord } from './server.js';
