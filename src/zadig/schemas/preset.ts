/**
 * `GET /api/aslan/workflow/v4/preset/:name` (`GetWorkflowV4Preset`): a whole `models.WorkflowV4`
 * (`common/repository/models/workflow_v4.go`). The fields we rely on are checked and read into a
 * `WorkflowDetail`; the body itself is kept untouched, because the run posts it back whole.
 */
import { z } from 'zod';
import type { WorkflowPreset } from '../types.js';
import { optArr, optBool, optNum, optStr, reqStr } from './common.js';
import { paramSchema, stageSchema } from './workflows.js';

const presetFields = z.object({
  name: reqStr,
  display_name: optStr,
  project: reqStr,
  description: optStr,
  created_by: optStr,
  create_time: optNum,
  update_time: optNum,
  disabled: optBool,
  enable_approval_ticket: optBool,
  concurrency_limit: z.number().int().nullish(),
  params: optArr(paramSchema),
  stages: z.array(stageSchema),
});

export const presetSchema = z.unknown().transform((raw, ctx): WorkflowPreset => {
  const r = presetFields.safeParse(raw);
  if (!r.success) {
    for (const issue of r.error.issues)
      ctx.addIssue({ code: 'custom', message: issue.message, path: [...issue.path] });
    return z.NEVER;
  }
  const p = r.data;
  return {
    workflow: {
      key: p.name,
      displayName: p.display_name || p.name,
      projectKey: p.project,
      description: p.description,
      createdBy: p.created_by,
      createTime: p.create_time,
      updateTime: p.update_time,
      params: p.params,
      stages: p.stages,
      concurrencyLimit: p.concurrency_limit ?? -1,
    },
    disabled: p.disabled,
    approvalTicket: p.enable_approval_ticket,
    raw: raw as Record<string, unknown>,
  };
});
