/**
 * Every route of the sandbox Zadig, in one table.
 */
import type { Route } from '../http-kit.js';
import { catalogRoutes } from './catalog.js';
import { envActionRoutes } from './env-actions.js';
import { envReadRoutes } from './envs.js';
import { logRoutes } from './logs.js';
import { qualityRoutes } from './quality.js';
import { releasePlanRoutes } from './release-plans.js';
import { statsRoutes } from './stats.js';
import { systemRoutes } from './system.js';
import { workflowRoutes } from './workflows.js';

export function routes(): Route[] {
  return [
    ...workflowRoutes(),
    ...envReadRoutes(),
    ...envActionRoutes(),
    ...logRoutes(),
    ...releasePlanRoutes(),
    ...catalogRoutes(),
    ...qualityRoutes(),
    ...systemRoutes(),
    ...statsRoutes(),
  ];
}
