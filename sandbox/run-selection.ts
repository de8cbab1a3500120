/**
 * What a run executes: per selected job the services, envs, tests or variables to use. OpenAPI runs
 * get it from `inputs` (run-inputs.ts); UI, webhook and cron runs use every job's defaults.
 */
import type { KV, RepoRec, WorkflowDef } from './model.js';

/** What to run of one job (parsed from OpenAPI `inputs`, or the defaults for UI runs). */
export interface JobSelection {
  build?: { serviceName: string; serviceModule: string; branches: Record<string, string>; envs: KV[] }[];
  deploy?: { env: string; services: { serviceName: string; serviceModule: string; image: string }[] };
  test?: string[];
  freestyle?: { envs: KV[]; repos: RepoRec[] };
  /** The database instance id and statements of a `sql` job. */
  sql?: { dbId: string; sql: string };
}

export interface RunSelection {
  /** Selected jobs by definition job name; jobs absent here are skipped. */
  jobs: Map<string, JobSelection>;
  params: Record<string, string>;
}

/**
 * The default selection: every job with its definition's defaults (a UI, webhook or cron run). Jobs
 * whose run policy is `default_not_run` (or `skip`) are left out unless `includeOptIn`.
 */
export function defaultSelection(wf: WorkflowDef, opts: { includeOptIn?: boolean } = {}): RunSelection {
  const jobs = new Map<string, JobSelection>();
  for (const st of wf.stages) {
    for (const j of st.jobs) {
      if (!opts.includeOptIn && (j.runPolicy === 'default_not_run' || j.runPolicy === 'skip')) continue;
      if (j.build)
        jobs.set(j.name, {
          build: j.build.targets.map((t) => ({
            serviceName: t.serviceName,
            serviceModule: t.serviceModule,
            branches: {},
            envs: [],
          })),
        });
      else if (j.deploy)
        jobs.set(j.name, {
          deploy: { env: j.deploy.env, services: j.deploy.services.map((s) => ({ ...s, image: '' })) },
        });
      else if (j.test) jobs.set(j.name, { test: [...j.test.testNames] });
      else if (j.sql) jobs.set(j.name, { sql: { dbId: j.sql.dbId, sql: j.sql.sql } });
      else jobs.set(j.name, {});
    }
  }
  return { jobs, params: {} };
}
