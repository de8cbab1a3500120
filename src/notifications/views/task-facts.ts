/**
 * Facts the task views read out of a TaskDetail: the waiting approval, the failing job, what the task
 * builds and ships (images, envs, commits) and its parameters with credentials masked.
 */
import type { ApprovalInfo, JobRepoInfo, TaskDetail, TaskJob } from '../../zadig/types.js';
import { both, code, escapeMd, formatDuration, formatTime, mentionEmail, pick, truncate } from '../format.js';
import type { I18nText } from '../message.js';

/** What credential parameters show instead of their value. */
export const MASK = '******';

/** The approval job currently waiting for votes, if any. */
export function waitingApproval(task: TaskDetail): { job: TaskJob; approval: ApprovalInfo } | null {
  for (const stage of task.stages) {
    for (const job of stage.jobs) {
      if (
        job.approval &&
        (job.status === 'wait_for_approval' || job.approval.status === 'wait_for_approval')
      ) {
        return { job, approval: job.approval };
      }
    }
  }
  return null;
}

const FAILED = new Set(['failed', 'timeout', 'reject', 'wait_for_manual_error_handling']);

/** The first job that failed (or timed out / was rejected), with its stage name. */
export function failingJobOf(task: TaskDetail): TaskJob | null {
  for (const stage of task.stages) {
    for (const job of stage.jobs) if (FAILED.has(job.status)) return job;
  }
  return null;
}

/** A job's human name: Zadig's display name, else the definition name, else the task job name. */
export function jobLabel(job: TaskJob): string {
  return job.displayName || job.originName || job.name;
}

export interface Deliverables {
  /** Images built by build jobs: `service` → image. */
  built: { service: string; image: string }[];
  /** Images deployed by deploy jobs, with their target env. */
  deployed: { service: string; image: string; env: string }[];
  envs: string[];
  commits: JobRepoInfo[];
}

function isDeploy(job: TaskJob): boolean {
  return job.env !== '' || /deploy|release/.test(job.type);
}

/** What a task builds and ships, from its build and deploy jobs (deduplicated, in job order). */
export function deliverablesOf(task: TaskDetail): Deliverables {
  const d: Deliverables = { built: [], deployed: [], envs: [], commits: [] };
  const seen = new Set<string>();
  for (const stage of task.stages) {
    for (const job of stage.jobs) {
      const service =
        job.serviceModule && job.serviceModule !== job.serviceName
          ? `${job.serviceName}/${job.serviceModule}`
          : job.serviceName || jobLabel(job);
      if (isDeploy(job)) {
        if (job.env && !d.envs.includes(job.env)) d.envs.push(job.env);
        if (job.image) d.deployed.push({ service, image: job.image, env: job.env });
      } else if (job.image) {
        d.built.push({ service, image: job.image });
      }
      for (const r of job.repos) {
        const key = `${r.repoNamespace}/${r.repoName}@${r.branch}#${r.commitId}`;
        if (!seen.has(key)) {
          seen.add(key);
          d.commits.push(r);
        }
      }
    }
  }
  return d;
}

/** `name = value` lines for a task's parameters; credentials masked, long values cut. */
export function paramLines(task: TaskDetail, max = 15): string[] {
  const lines = task.params.slice(0, max).map((p) => {
    const value = p.isCredential ? MASK : truncate(p.value, 200);
    return `${code(p.name)} = ${value === '' ? '-' : code(value)}`;
  });
  if (task.params.length > max) lines.push(`… +${task.params.length - max}`);
  return lines;
}

/** One line per commit: `ns/repo@branch` `abc1234` message — author. */
export function commitLines(commits: JobRepoInfo[], max = 10): string[] {
  const lines = commits.slice(0, max).map((r) => {
    const repo = code(`${r.repoNamespace ? `${r.repoNamespace}/` : ''}${r.repoName}@${r.branch}`);
    const sha = r.commitId ? ` ${code(r.commitId.slice(0, 8))}` : '';
    const msg = r.commitMessage ? ` ${escapeMd(truncate(r.commitMessage.split('\n')[0] ?? '', 120))}` : '';
    const who = r.authorName ? ` — ${escapeMd(r.authorName)}` : '';
    return `${repo}${sha}${msg}${who}`;
  });
  if (commits.length > max) lines.push(`… +${commits.length - max}`);
  return lines;
}

/** The part of an approval that votes are counted from (task approvals and release-plan approvals). */
export type Votes = Pick<ApprovalInfo, 'approvers' | 'neededApprovers'>;

/** Counts of a native approval's votes and how many approvals it needs. */
export function approvalCounts(a: Votes): { approved: number; rejected: number; needed: number } {
  const approved = a.approvers.filter((p) => p.decision === 'approve').length;
  const rejected = a.approvers.filter((p) => p.decision === 'reject').length;
  const needed = a.neededApprovers > 0 ? a.neededApprovers : Math.max(1, a.approvers.length);
  return { approved, rejected, needed };
}

/** "1 of 2 approved" / "已批准 1/2". */
export function approvedOf(a: Votes): I18nText {
  const { approved, needed } = approvalCounts(a);
  return { en: `${approved} of ${needed} approved`, zh: `已批准 ${approved}/${needed}` };
}

/** Approvers as mentions when their email is known, else as names. */
export function approverList(a: Votes, emails?: Record<string, string>): string {
  if (a.approvers.length === 0) return '-';
  return a.approvers
    .map((p) => {
      const email = emails?.[p.userName];
      return email ? mentionEmail(email, p.userName) : escapeMd(p.userName || p.userId);
    })
    .join(', ');
}

/** One line per vote cast so far, with the comment. */
export function voteLines(a: Votes): I18nText[] {
  return a.approvers
    .filter((p) => p.decision === 'approve' || p.decision === 'reject')
    .map((p) =>
      both((l) => {
        const verb =
          p.decision === 'approve' ? (l === 'en' ? 'approved' : '批准') : l === 'en' ? 'rejected' : '拒绝';
        const when = p.operationTime ? ` (${formatTime(p.operationTime)})` : '';
        const comment = p.comment ? `: “${escapeMd(truncate(p.comment, 300))}”` : '';
        const icon = p.decision === 'approve' ? '✅' : '❌';
        return `${icon} **${escapeMd(p.userName || p.userId)}** ${verb}${when}${comment}`;
      }),
    );
}

/** Human name of an approval system. */
export function approvalSystem(type: string): I18nText {
  switch (type) {
    case 'lark':
      return { en: 'Feishu/Lark', zh: '飞书' };
    case 'dingtalk':
      return { en: 'DingTalk', zh: '钉钉' };
    case 'workwx':
      return { en: 'WeCom', zh: '企业微信' };
    default:
      return { en: type || 'Zadig', zh: type || 'Zadig' };
  }
}

/**
 * Time left on an approval ("35m left" / "剩余 35分"; bare: "35m"), or when it expires if there is
 * no clock.
 */
export function timeLeft(a: ApprovalInfo, now?: number, bare = false): I18nText | null {
  if (!a.startTime) return null;
  const deadline = a.startTime + (a.timeoutMinutes > 0 ? a.timeoutMinutes : 60) * 60;
  if (now === undefined) {
    const at = formatTime(deadline);
    return { en: `expires ${at}`, zh: `${at} 超时` };
  }
  const left = deadline - now;
  if (left <= 0) return { en: 'expired', zh: '已超时' };
  const d = formatDuration(left);
  if (bare) return d;
  return both((l) => (l === 'en' ? `${pick(d, l)} left` : `剩余 ${pick(d, l)}`));
}

/** The moments the time-left text changes at (seconds left): the card is edited only when one passes. */
export const TIME_LEFT_BANDS = [3600, 900] as const;

/**
 * Time left on a waiting approval in fixed bands, so a card edited on each poll changes only when a
 * band is crossed: "expires 14:05" while more than an hour is left, then "under 1 h left · expires
 * 14:05", "under 15 min left · …", and "expired". Zadig's default timeout is 60 minutes
 * (`job_approval.go`: a timeout of 0 means 60).
 */
export function timeLeftBand(a: ApprovalInfo, now: number): I18nText | null {
  if (!a.startTime) return null;
  const deadline = a.startTime + (a.timeoutMinutes > 0 ? a.timeoutMinutes : 60) * 60;
  const left = deadline - now;
  const at = formatTime(deadline);
  if (left <= 0) return { en: `⌛ expired (${at})`, zh: `⌛ 已超时（${at}）` };
  if (left <= 900)
    return { en: `⏰ under 15 min left · expires ${at}`, zh: `⏰ 剩余不到 15 分钟 · ${at} 超时` };
  if (left <= 3600) return { en: `⏳ under 1 h left · expires ${at}`, zh: `⏳ 剩余不到 1 小时 · ${at} 超时` };
  return { en: `expires ${at}`, zh: `${at} 超时` };
}

/**
 * The question a production approval asks before the vote is sent ("Approve deploy of web 1.4.2 to
 * prod?"), or undefined when the task deploys to no production env.
 */
export function productionConfirm(task: TaskDetail): I18nText | undefined {
  const jobs = task.stages.flatMap((s) => s.jobs).filter((j) => j.production && j.env && j.image);
  if (jobs.length === 0) return undefined;
  const what = jobs
    .slice(0, 3)
    .map((j) => `${j.serviceName || j.originName} ${j.image.slice(j.image.lastIndexOf(':') + 1) || j.image}`)
    .join(', ');
  const more = jobs.length > 3 ? ` (+${jobs.length - 3})` : '';
  const envs = [...new Set(jobs.map((j) => j.env))].join(', ');
  return {
    en: `Approve deploy of ${what}${more} to ${envs}?`,
    zh: `确定批准将 ${what}${more} 发布到 ${envs}？`,
  };
}
