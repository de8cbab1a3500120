/**
 * Every route of the sandbox Zadig, in one table.
 */
import type { Route } from '../http-kit.js';
import { systemRoutes } from './admin.js';
import { catalogRoutes } from './catalog.js';
import { codeHostRoutes } from './code-hosts.js';
import { envActionRoutes } from './environment-actions.js';
import { envImageRoutes } from './environment-images.js';
import { envVersionRoutes } from './environment-versions.js';
import { envReadRoutes } from './environments.js';
import { logRoutes } from './logs.js';
import { qualityRoutes } from './quality.js';
import { releasePlanRoutes } from './releases.js';
import { statsRoutes } from './stats.js';
import { workflowV4Routes } from './workflow-v4.js';
import { workflowRoutes } from './workflows.js';

export function routes(): Route[] {
  return [
    ...workflowRoutes(),
    ...workflowV4Routes(),
    ...envReadRoutes(),
    ...envActionRoutes(),
    ...envImageRoutes(),
    ...envVersionRoutes(),
    ...logRoutes(),
    ...releasePlanRoutes(),
    ...catalogRoutes(),
    ...codeHostRoutes(),
    ...qualityRoutes(),
    ...systemRoutes(),
    ...statsRoutes(),
  ];
}
