/**
 * Turning what the user typed into Zadig keys: the project (`--project` → channel binding → policy
 * default → the one project that has the workflow), workflow and env keys with "did you mean", and an
 * env's production flag. Lists come from the bot's token and are cached briefly in Redis, so typing
 * three commands in a row costs one round of list calls.
 */
import { t } from '../notifications/message.js';
import type { ZadigClient } from '../zadig/api.js';
import { isZadigError, type ZadigError } from '../zadig/errors.js';
import type { EnvBrief, Project, WorkflowBrief } from '../zadig/types.js';
import type { HandlerContext } from './context.js';
import { UserFacingError } from './errors.js';
import { suggest } from './grammar/suggest.js';

/** What the cached list helpers need: the stores' cache and the bot's client. */
export type ListSource = Pick<HandlerContext, 'deps' | 'bot'>;

/** How long lists for "did you mean" and project lookup are cached. */
export const LIST_CACHE_MS = 60_000;
/** At most this many projects are searched for a workflow when no project is given. */
const MAX_PROJECT_SEARCH = 50;

/** Projects visible to the bot (cached). */
export function cachedProjects(ctx: ListSource): Promise<Project[]> {
  return ctx.deps.stores.cache.getOrLoad('zadig:projects', LIST_CACHE_MS, async () => {
    const { projects } = await ctx.bot.listProjects({ pageNum: 1, pageSize: 200 });
    return projects;
  });
}

/** Workflows of a project (cached). */
export function cachedWorkflows(ctx: ListSource, projectKey: string): Promise<WorkflowBrief[]> {
  return ctx.deps.stores.cache.getOrLoad(`zadig:workflows:${projectKey}`, LIST_CACHE_MS, () =>
    ctx.bot.listWorkflows(projectKey),
  );
}

/** Test and production envs of a project (cached); production ones carry `production: true`. */
export function cachedEnvs(ctx: ListSource, projectKey: string): Promise<EnvBrief[]> {
  return ctx.deps.stores.cache.getOrLoad(`zadig:envs:${projectKey}`, LIST_CACHE_MS, async () => {
    const [test, prod] = await Promise.all([
      ctx.bot.listEnvs(projectKey),
      productionEnvs(ctx.bot, projectKey),
    ]);
    // An env in the production list is production whatever its own flag says.
    const byKey = new Map<string, EnvBrief>();
    for (const e of test) byKey.set(e.key, e);
    for (const e of prod) byKey.set(e.key, { ...e, production: true });
    return [...byKey.values()];
  });
}

/** Production envs; a Zadig without the licence for them (7050) simply has none. */
export async function productionEnvs(reader: ZadigClient, projectKey: string): Promise<EnvBrief[]> {
  try {
    return (await reader.listEnvs(projectKey, { production: true })).map((e) => ({ ...e, production: true }));
  } catch (e) {
    if (isZadigError(e) && e.code === 'ZADIG_LICENSE') return [];
    throw e;
  }
}

/** The channel's default project and env: its `bind`, else the policy's channel defaults. */
export async function channelDefaults(ctx: HandlerContext): Promise<{ project?: string; env?: string }> {
  const binding = await ctx.binding();
  if (binding) return { project: binding.projectKey, ...(binding.env ? { env: binding.env } : {}) };
  return {
    ...(ctx.rules.project ? { project: ctx.rules.project } : {}),
    ...(ctx.rules.env ? { env: ctx.rules.env } : {}),
  };
}

/** Checks a typed project key against the project list, with "did you mean". */
export async function checkProject(ctx: HandlerContext, typed: string): Promise<string> {
  const projects = await cachedProjects(ctx);
  const exact = projects.find((p) => p.key.toLowerCase() === typed.toLowerCase());
  if (exact) return exact.key;
  const guess = suggest(
    typed,
    projects.map((p) => p.key),
  );
  throw new UserFacingError(
    t(`There is no project \`${typed}\`.`, `没有名为 \`${typed}\` 的项目。`),
    guess
      ? t(
          `Did you mean \`${guess}\`? Type \`projects\` to list them.`,
          `你是想输入 \`${guess}\` 吗？输入 \`projects\` 查看全部项目。`,
        )
      : t('Type `projects` to list the projects.', '输入 `projects` 查看全部项目。'),
    'UNKNOWN_PROJECT',
  );
}

/**
 * The project a command is about: `--project`, else the channel's default, else (when a workflow is
 * named) the one project that has it, else the only project there is.
 */
export async function resolveProject(
  ctx: HandlerContext,
  typed: string | undefined,
  workflow?: string,
): Promise<string> {
  let key: string | undefined;
  if (typed) key = await checkProject(ctx, typed);
  else key = (await channelDefaults(ctx)).project;
  if (!key && workflow && workflow !== '*') key = await projectOfWorkflow(ctx, workflow);
  if (!key) {
    const projects = await cachedProjects(ctx);
    if (projects.length === 1) key = projects[0]?.key;
  }
  if (!key) {
    throw new UserFacingError(
      t('Which project? This channel has no default project.', '哪个项目？本群没有绑定默认项目。'),
      t(
        `Add \`--project P\` (e.g. \`${withFlag(ctx.cmd.text, 'project', 'demo')}\`) or bind this channel with \`bind <project>\`.`,
        `加上 \`--project 项目\`（例如 \`${withFlag(ctx.cmd.text, 'project', 'demo')}\`），或用 \`bind <项目>\` 绑定本群。`,
      ),
      'NO_PROJECT',
    );
  }
  ctx.project = key;
  return key;
}

/**
 * Finds the one project that has `workflow`; several → the user picks; none → "did you mean". A project
 * whose workflows the bot may not list (403/404) cannot own it and is skipped. Any other failure (Zadig
 * down, a timeout) leaves the answer unknown: it is thrown, so the reply says what happened instead of
 * "no such workflow" or a guess among the projects that did answer.
 */
async function projectOfWorkflow(ctx: HandlerContext, workflow: string): Promise<string> {
  const projects = (await cachedProjects(ctx)).slice(0, MAX_PROJECT_SEARCH);
  const answers = await Promise.allSettled(projects.map((p) => cachedWorkflows(ctx, p.key)));
  const lists: { project: string; workflows: WorkflowBrief[] }[] = [];
  answers.forEach((a, i) => {
    const project = projects[i]!.key;
    if (a.status === 'fulfilled') {
      lists.push({ project, workflows: a.value });
      return;
    }
    if (!cannotSee(a.reason)) throw a.reason;
    ctx.log.info(
      { projectKey: project, code: a.reason.code },
      'project skipped: bot cannot list its workflows',
    );
  });
  const owners = lists.filter((l) => l.workflows.some((w) => w.key.toLowerCase() === workflow.toLowerCase()));
  if (owners.length === 1) return owners[0]!.project;
  if (owners.length > 1) {
    const keys = owners.map((o) => o.project);
    throw new UserFacingError(
      t(
        `Workflow \`${workflow}\` exists in several projects: ${keys.map((k) => `\`${k}\``).join(', ')}.`,
        `多个项目中都有工作流 \`${workflow}\`：${keys.map((k) => `\`${k}\``).join('、')}。`,
      ),
      t(
        `Say which one, e.g. \`${withFlag(ctx.cmd.text, 'project', keys[0]!)}\` (or \`bind <project>\` this channel).`,
        `请指定项目，例如 \`${withFlag(ctx.cmd.text, 'project', keys[0]!)}\`（或用 \`bind <项目>\` 绑定本群）。`,
      ),
      'AMBIGUOUS_PROJECT',
    );
  }
  const all = [...new Set(lists.flatMap((l) => l.workflows.map((w) => w.key)))];
  throw unknownWorkflow(workflow, suggest(workflow, all));
}

/** Zadig says the bot may not see that project's workflows (or the project is gone). */
function cannotSee(e: unknown): e is ZadigError {
  return isZadigError(e) && (e.code === 'ZADIG_FORBIDDEN' || e.code === 'ZADIG_NOT_FOUND');
}

/** The workflow's key as Zadig spells it, or "did you mean" over the project's workflows. */
export async function resolveWorkflow(
  ctx: HandlerContext,
  projectKey: string,
  typed: string,
): Promise<string> {
  const workflows = await cachedWorkflows(ctx, projectKey);
  const exact = workflows.find((w) => w.key.toLowerCase() === typed.toLowerCase());
  if (exact) return exact.key;
  const byName = workflows.filter((w) => w.displayName.toLowerCase() === typed.toLowerCase());
  if (byName.length === 1) return byName[0]!.key;
  const guess = suggest(
    typed,
    workflows.map((w) => w.key),
  );
  throw unknownWorkflow(typed, guess, projectKey);
}

function unknownWorkflow(typed: string, guess: string | undefined, projectKey?: string): UserFacingError {
  const where = projectKey ? ` in project \`${projectKey}\`` : '';
  const whereZh = projectKey ? `项目 \`${projectKey}\` 中` : '';
  const list = projectKey ? `workflows --project ${projectKey}` : 'workflows --project P';
  return new UserFacingError(
    t(`There is no workflow \`${typed}\`${where}.`, `${whereZh}没有名为 \`${typed}\` 的工作流。`),
    guess
      ? t(
          `Did you mean \`${guess}\`? Type \`${list}\` to list them.`,
          `你是想输入 \`${guess}\` 吗？输入 \`${list}\` 查看全部工作流。`,
        )
      : t(`Type \`${list}\` to list the workflows.`, `输入 \`${list}\` 查看全部工作流。`),
    'UNKNOWN_WORKFLOW',
  );
}

/** The env as Zadig spells it, with its production flag; "did you mean" over the project's envs. */
export async function resolveEnv(ctx: HandlerContext, projectKey: string, typed: string): Promise<EnvBrief> {
  const envs = await cachedEnvs(ctx, projectKey);
  const exact =
    envs.find((e) => e.key === typed) ??
    envs.find((e) => e.key.toLowerCase() === typed.toLowerCase()) ??
    envs.find((e) => e.name.toLowerCase() === typed.toLowerCase());
  if (exact) return exact;
  const guess = suggest(
    typed,
    envs.map((e) => e.key),
  );
  throw new UserFacingError(
    t(
      `There is no environment \`${typed}\` in project \`${projectKey}\`.`,
      `项目 \`${projectKey}\` 中没有环境 \`${typed}\`。`,
    ),
    guess
      ? t(
          `Did you mean \`${guess}\`? Type \`envs --project ${projectKey}\` to list them.`,
          `你是想输入 \`${guess}\` 吗？输入 \`envs --project ${projectKey}\` 查看全部环境。`,
        )
      : t(
          `Type \`envs --project ${projectKey}\` to list them.`,
          `输入 \`envs --project ${projectKey}\` 查看全部环境。`,
        ),
    'UNKNOWN_ENV',
  );
}

/** The command line with `--flag value` added (or replaced), for "type this instead" hints. */
export function withFlag(text: string, flag: string, value: string): string {
  const base = text
    .trim()
    .replace(/^\/?zadig\s+/i, '')
    .replace(new RegExp(`\\s--${flag}(?:=|\\s+)\\S+`, 'g'), '');
  return `${base} --${flag} ${value}`;
}
