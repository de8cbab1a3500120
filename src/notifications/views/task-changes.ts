/**
 * "What changes": for each service the image running now → the image shipped, and for each repo the
 * commit running now → the commit shipped, the pull requests and the commits in between (capped, the
 * rest counted, a compare link when the code host's URL is known). Unknown "now" is said in words.
 * One block for the approval card, `status` and the inbox, the same on every platform.
 */
import type { CommitBrief, ImageChange, RepoChange, TaskChanges } from '../../zadig/task-changes.js';
import { both, code, escapeMd, mdLink, truncate } from '../format.js';
import type { Block, I18nText, Locale } from '../message.js';

/** `registry/demo/backend:1.2` → `['registry/demo/backend', '1.2']` (digest or no tag: whole image). */
function splitImage(image: string): [string, string] {
  if (image.includes('@')) return [image, ''];
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > slash ? [image.slice(0, colon), image.slice(colon + 1)] : [image, ''];
}

function imageLine(c: ImageChange, l: Locale): string {
  const head = `• ${code(c.service)} → ${code(c.env)}${c.production ? (l === 'en' ? ' (production)' : '（生产）') : ''}: `;
  const [repo, tag] = splitImage(c.shipping);
  switch (c.state) {
    case 'running': {
      const [nowRepo, nowTag] = splitImage(c.now);
      if (nowRepo === repo && tag && nowTag) return `${head}${code(repo)} ${code(nowTag)} → ${code(tag)}`;
      return `${head}${code(c.now)} → ${code(c.shipping)}`;
    }
    case 'same':
      return `${head}${code(c.shipping)} ${l === 'en' ? '(already running)' : '（已在运行）'}`;
    case 'new':
      return `${head}${l === 'en' ? 'new service' : '新服务'} → ${code(c.shipping)}`;
    default:
      return `${head}${l === 'en' ? 'running now unknown (env not readable)' : '当前运行镜像未知（环境读取失败）'} → ${code(c.shipping)}`;
  }
}

function commitText(c: CommitBrief): string {
  const msg = c.message ? ` ${escapeMd(truncate(c.message, 100))}` : '';
  const who = c.author ? ` — ${escapeMd(c.author)}` : '';
  return `${code(c.sha.slice(0, 7))}${msg}${who}`;
}

function repoLines(r: RepoChange, l: Locale, commitsPending: boolean): string[] {
  const en = l === 'en';
  const lines: string[] = [];
  const ship = `${code(r.branch)} ${commitText(r.shipping)}`;
  if (r.now) {
    const now =
      r.now.commit.sha === r.shipping.sha
        ? en
          ? ' (already running)'
          : '（已在运行）'
        : ` ← ${en ? 'now' : '当前'} ${r.now.branch !== r.branch ? `${code(r.now.branch)} ` : ''}${code(r.now.commit.sha.slice(0, 7))}`;
    lines.push(`• ${code(r.repo)}: ${ship}${now}`);
  } else {
    const why =
      r.nowUnknown === 'not-from-workflow'
        ? en
          ? 'running now unknown: the image running now was not shipped by this workflow'
          : '当前运行版本未知：当前镜像不是此工作流发布的'
        : en
          ? 'running now unknown: no earlier successful run of this workflow'
          : '当前运行版本未知：此工作流没有更早的成功运行';
    lines.push(`• ${code(r.repo)}: ${ship}`, `  ${why}`);
  }
  if (r.prs.length > 0) {
    const prs = r.prs.map((p) => (p.url ? mdLink(`#${p.number}`, p.url) : code(`#${p.number}`))).join(', ');
    lines.push(`  ${en ? 'Pull requests' : '合并请求'}: ${prs}`);
  }
  if (r.between && r.between.length > 0) {
    for (const c of r.between) lines.push(`  ◦ ${commitText(c)}`);
    if (r.more !== 0) {
      const more = r.more < 0 ? (en ? 'more' : '更多提交') : en ? `${r.more} more` : `还有 ${r.more} 个提交`;
      lines.push(`  ◦ +${more}${r.compareUrl ? ` · ${mdLink(en ? 'compare' : '对比', r.compareUrl)}` : ''}`);
    } else if (r.compareUrl) {
      lines.push(`  ◦ ${mdLink(en ? 'compare' : '对比', r.compareUrl)}`);
    }
  } else if (r.now && r.between === null && commitsPending) {
    lines.push(
      `  ${en ? 'Commits in between: the code host did not answer; retrying.' : '中间提交：代码源未响应，稍后重试。'}`,
    );
  } else if (r.now && r.now.commit.sha !== r.shipping.sha && r.compareUrl) {
    lines.push(`  ◦ ${mdLink(en ? 'compare' : '对比', r.compareUrl)}`);
  }
  return lines;
}

/**
 * The "what changes" block; `null` changes mean they are still being read (the block says so and the
 * card is edited when they arrive). Returns null when the task changes nothing that can be shown.
 */
export function changesBlock(changes: TaskChanges | null, max = { images: 10, repos: 6 }): Block | null {
  if (changes === null) {
    return {
      type: 'context',
      text: {
        en: '⏳ Reading what changes (images running now, commits)…',
        zh: '⏳ 正在读取变更内容（当前镜像、提交）…',
      },
    };
  }
  if (changes.images.length === 0 && changes.repos.length === 0) return null;
  const text: I18nText = both((l) => {
    const en = l === 'en';
    const out: string[] = [];
    if (changes.images.length > 0) {
      out.push(`**${en ? 'What changes: images (now → shipping)' : '变更：镜像（当前 → 发布）'}**`);
      out.push(...changes.images.slice(0, max.images).map((c) => imageLine(c, l)));
      if (changes.images.length > max.images) out.push(`… +${changes.images.length - max.images}`);
    }
    if (changes.repos.length > 0) {
      out.push(`**${en ? 'What changes: code' : '变更：代码'}**`);
      for (const r of changes.repos.slice(0, max.repos)) out.push(...repoLines(r, l, changes.commitsPending));
      if (changes.repos.length > max.repos) out.push(`… +${changes.repos.length - max.repos}`);
    }
    return out.join('\n');
  });
  return { type: 'text', markdown: text };
}
