// Locks in the run form's choices: an env picker needs envs to pick from (Slack's views.open refuses a
// select without options, Feishu shows an empty list), so a deploy with no env to offer is a clear
// reply naming the project, never a form; a form with envs offers exactly them.
import { describe, expect, it } from 'vitest';
import { UserFacingError } from '../../src/commands/errors.js';
import type { RunIntent } from '../../src/commands/grammar/intents.js';
import { runForm } from '../../src/commands/handlers/workflows/run-form.js';
import type { MissingInput } from '../../src/zadig/index.js';
import type { WorkflowDetail } from '../../src/zadig/types.js';

const workflow: WorkflowDetail = {
  key: 'build-deploy',
  displayName: 'Build and deploy',
  projectKey: 'empty',
  description: '',
  createdBy: 'admin',
  createTime: 0,
  updateTime: 0,
  params: [],
  stages: [],
  concurrencyLimit: -1,
};
const intent: RunIntent = {
  command: 'run',
  workflow: 'build-deploy',
  params: {},
  branches: {},
  project: 'empty',
};
const needEnv: MissingInput[] = [
  {
    kind: 'env',
    name: 'deploy',
    options: [],
    message: 'Deploy job deploy needs an environment.',
    messageZh: '部署任务 deploy 需要指定环境。',
  },
];

describe('runForm', () => {
  it('offers the envs there are', () => {
    const form = runForm(workflow, 'demo', intent, needEnv, ['dev', 'staging']);
    expect(form.fields).toEqual([
      expect.objectContaining({ name: 'env', kind: 'choice', options: ['dev', 'staging'] }),
    ]);
  });

  it('a project with no environment to deploy to is a clear reply in both languages, not an empty picker', () => {
    const err = (() => {
      try {
        runForm(workflow, 'empty', intent, needEnv, []);
      } catch (e) {
        return e;
      }
    })() as UserFacingError;
    expect(err).toBeInstanceOf(UserFacingError);
    expect(err.code).toBe('RUN_NO_ENV');
    expect(err.text.en).toBe(
      '`build-deploy` deploys to an environment, and project `empty` has none to choose from.',
    );
    expect(err.text.zh).toBe('`build-deploy` 需要部署到某个环境，但项目 `empty` 没有可选的环境。');
    expect(err.hint?.en).toContain('Create an environment for `empty` in Zadig');
    expect(err.hint?.en).toContain('`envs --project empty`');
  });
});
