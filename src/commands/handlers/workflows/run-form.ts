/**
 * The run form: when a run lacks something a person can choose (a choice without default, an env for a
 * deploy job), the reply asks for it instead of guessing. Fields are typed from the workflow's params;
 * the form's command carries the flags already typed, and the adapter appends `name=value` per field
 * (or `--env value` for the env field) on submit.
 */
import { t } from '../../../notifications/message.js';
import { arg } from '../../../notifications/views/index.js';
import type { MissingInput } from '../../../zadig/index.js';
import type { WorkflowDetail } from '../../../zadig/types.js';
import { UserFacingError } from '../../errors.js';
import type { RunIntent } from '../../grammar/intents.js';
import type { FormField, FormRequest } from '../../types.js';

/** True when a person can fill this gap in a form (rather than it being a typo to fix). */
export function fillable(m: MissingInput, workflow: WorkflowDetail): boolean {
  if (m.kind === 'env') return true;
  if (m.kind !== 'param') return false;
  const p = workflow.params.find((x) => x.name === m.name);
  return p !== undefined && p.type !== 'repo';
}

/** The command line a form completes: the run with every flag the user typed, params left to the fields. */
export function formCommand(
  workflowKey: string,
  projectKey: string,
  intent: RunIntent,
  withEnv: boolean,
): string {
  const parts = ['run', arg(workflowKey), '--project', arg(projectKey)];
  if (withEnv && intent.env) parts.push('--env', arg(intent.env));
  for (const [svc, branch] of Object.entries(intent.branches))
    parts.push('--branch', arg(`${svc}=${branch}`));
  if (intent.services?.length) parts.push('--services', arg(intent.services.join(',')));
  return parts.join(' ');
}

/**
 * The form for a run that lacks `missing`. A deploy with no env to offer is refused here, with what to do:
 * an env picker without envs is no question (Slack's views.open refuses a select without options).
 */
export function runForm(
  workflow: WorkflowDetail,
  projectKey: string,
  intent: RunIntent,
  missing: MissingInput[],
  envs: string[],
): FormRequest {
  const missingParams = new Set(missing.filter((m) => m.kind === 'param').map((m) => m.name));
  const needEnv = missing.some((m) => m.kind === 'env');
  const fields: FormRequest['fields'] = [];
  for (const p of workflow.params) {
    if (p.type === 'repo' || p.isCredential) continue;
    const typed = Object.entries(intent.params).find(([k]) => k.toLowerCase() === p.name.toLowerCase())?.[1];
    const initial = typed ?? (p.value || p.default);
    const field: FormField = {
      name: p.name,
      label: p.description ? `${p.name} — ${p.description}` : p.name,
      kind: p.type === 'choice' ? 'choice' : p.type === 'text' ? 'text' : 'string',
      required: missingParams.has(p.name),
      ...(p.type === 'choice' ? { options: p.choiceOptions } : {}),
      ...(initial && !(missingParams.has(p.name) && typed) ? { initial } : {}),
    };
    fields.push(field);
  }
  if (needEnv && envs.length === 0) {
    throw new UserFacingError(
      t(
        `\`${workflow.key}\` deploys to an environment, and project \`${projectKey}\` has none to choose from.`,
        `\`${workflow.key}\` 需要部署到某个环境，但项目 \`${projectKey}\` 没有可选的环境。`,
      ),
      t(
        `Create an environment for \`${projectKey}\` in Zadig (or allow one in the workflow's deploy job), then run it again; \`envs --project ${projectKey}\` lists the environments there are.`,
        `请先在 Zadig 中为 \`${projectKey}\` 创建环境（或在工作流的部署任务中允许某个环境），然后重新运行；\`envs --project ${projectKey}\` 可列出现有环境。`,
      ),
      'RUN_NO_ENV',
    );
  }
  if (needEnv) {
    fields.push({
      name: 'env',
      flag: 'env',
      label: 'Environment / 环境',
      kind: 'choice',
      required: true,
      options: envs,
      ...(intent.env ? { initial: intent.env } : {}),
    });
  }
  return {
    id: `run-${workflow.key}`,
    title: `Run ${workflow.displayName || workflow.key} / 运行`,
    submitLabel: 'Run / 运行',
    command: formCommand(workflow.key, projectKey, intent, !needEnv),
    fields,
  };
}
