/**
 * Catalog views: a project's services (containers and images), one service definition, its build
 * configurations and one build. Credentials among build parameters are masked, never shown.
 */
import type { BuildBrief, BuildDetail, ServiceBrief, ServiceDefinition } from '../../../zadig/api.js';
import { both, code, escapeMd, formatTime, plural, truncate } from '../../format.js';
import { type Block, type Button, type Field, type Message, t } from '../../message.js';
import { arg, finish, type ListContext, OPEN_IN_ZADIG } from '../common.js';
import { simpleList } from '../generic.js';
import { MASK } from '../task-facts.js';

function loc(ctx?: ListContext): { locale?: 'en' | 'zh' } {
  return ctx?.locale ? { locale: ctx.locale } : {};
}

function base(url: string): string {
  return url.replace(/\/+$/, '');
}

/** Link to a project's services in the Zadig UI. */
export function serviceUrl(zadigUrl: string, projectKey: string, production: boolean): string {
  const kind = production ? 'production' : 'test';
  return `${base(zadigUrl)}/v1/projects/detail/${encodeURIComponent(projectKey)}/services?type=${kind}`;
}

/** Link to a project's builds in the Zadig UI. */
export function buildUrl(zadigUrl: string, projectKey: string): string {
  return `${base(zadigUrl)}/v1/projects/detail/${encodeURIComponent(projectKey)}/builds`;
}

function images(containers: { name: string; image: string }[]): string {
  return containers.map((c) => `${escapeMd(c.name)}: ${code(c.image)}`).join(', ');
}

/** The services of a project (test or production definitions) with their container images. */
export function serviceListMessage(
  projectKey: string,
  services: ServiceBrief[],
  production: boolean,
  ctx?: ListContext,
): Message {
  const rows = services.map((s) => {
    const imgs = s.containers.length > 0 ? ` · ${images(s.containers)}` : '';
    return `**${escapeMd(s.serviceName)}**${imgs}`;
  });
  const title = production
    ? t(`Production services in ${projectKey}`, `项目 ${projectKey} 的生产服务`)
    : t(`Services in ${projectKey}`, `项目 ${projectKey} 的服务`);
  const flags = `--project ${arg(projectKey)}${production ? ' --production' : ''}`;
  return simpleList(title, rows, {
    ...loc(ctx),
    empty: t('No services in this project.', '该项目下没有服务。'),
    footer: t(`Details: \`service <name> ${flags}\``, `查看详情：\`service <服务> ${flags}\``),
  });
}

const YAML_LINES = 40;

/** One service definition: source, containers and images, variables, and the head of its YAML. */
export function serviceDefinitionCard(
  projectKey: string,
  svc: ServiceDefinition,
  production: boolean,
  ctx?: ListContext,
): Message {
  const fields: Field[] = [
    { label: t('Project', '项目'), value: code(projectKey) },
    { label: t('Type', '类型'), value: escapeMd(svc.type || '-') },
    { label: t('Source', '来源'), value: escapeMd(svc.source || '-') },
  ];
  if (svc.templateName) fields.push({ label: t('Template', '模板'), value: code(svc.templateName) });
  if (svc.createdBy || svc.createTime) {
    fields.push({
      label: t('Created', '创建'),
      value:
        [escapeMd(svc.createdBy), formatTime(svc.createTime)].filter((s) => s && s !== '-').join(' · ') ||
        '-',
    });
  }
  const blocks: Block[] = [{ type: 'fields', fields }];
  blocks.push({
    type: 'text',
    markdown: both((l) => {
      const head = l === 'en' ? '**Containers**' : '**容器**';
      const rows = svc.containers.map((c) => `• ${escapeMd(c.name)}: ${code(c.image)}`);
      return [head, ...(rows.length > 0 ? rows : [l === 'en' ? 'none' : '无'])].join('\n');
    }),
  });
  if (svc.variables.length > 0) {
    blocks.push({
      type: 'text',
      markdown: both((l) => {
        const head = l === 'en' ? '**Variables**' : '**变量**';
        const rows = svc.variables
          .slice(0, 20)
          .map(
            (v) =>
              `• ${code(v.key)} = ${code(truncate(v.value, 120)) || '""'}${v.description ? ` · ${escapeMd(v.description)}` : ''}`,
          );
        return [head, ...rows].join('\n');
      }),
    });
  }
  if (svc.yaml.trim()) {
    const lines = svc.yaml.replace(/\s+$/, '').split('\n');
    blocks.push({ type: 'code', text: lines.slice(0, YAML_LINES).join('\n') });
    if (lines.length > YAML_LINES) {
      const more = lines.length - YAML_LINES;
      blocks.push({ type: 'context', text: t(`… ${more} more YAML lines`, `… 还有 ${more} 行 YAML`) });
    }
  }
  if (ctx?.zadigUrl) {
    blocks.push({
      type: 'actions',
      buttons: [
        { kind: 'link', label: OPEN_IN_ZADIG, url: serviceUrl(ctx.zadigUrl, projectKey, production) },
      ],
    });
  }
  const kind = production ? t(' (production)', '（生产）') : t('', '');
  return finish(
    {
      title: t(`Service ${svc.serviceName}${kind.en}`, `服务 ${svc.serviceName}${kind.zh}`),
      tone: 'info',
      blocks,
      ...loc(ctx),
    },
    both((l) =>
      l === 'en'
        ? `${plural(svc.containers.length, 'container')}: ${svc.containers.map((c) => c.image).join(', ') || '-'}`
        : `${svc.containers.length} 个容器：${svc.containers.map((c) => c.image).join('、') || '-'}`,
    ),
  );
}

function targets(b: BuildBrief): string {
  return b.targets
    .map((x) =>
      x.serviceModule && x.serviceModule !== x.serviceName
        ? `${x.serviceName}/${x.serviceModule}`
        : x.serviceName,
    )
    .join(', ');
}

/** The build configurations of a project. */
export function buildListMessage(projectKey: string, builds: BuildBrief[], ctx?: ListContext): Message {
  const rows = builds.map((b) =>
    both((l) => {
      const parts = [`**${escapeMd(b.name)}**`];
      if (b.targets.length > 0) parts.push(`${l === 'en' ? 'services' : '服务'} ${escapeMd(targets(b))}`);
      if (b.source) parts.push(escapeMd(b.source));
      if (b.updateBy || b.updateTime)
        parts.push([escapeMd(b.updateBy), formatTime(b.updateTime)].filter((s) => s && s !== '-').join(' '));
      return parts.join(' · ');
    }),
  );
  return simpleList(t(`Builds in ${projectKey}`, `项目 ${projectKey} 的构建`), rows, {
    ...loc(ctx),
    empty: t('No build configurations in this project.', '该项目下没有构建配置。'),
    footer: t(
      `Details: \`build <name> --project ${arg(projectKey)}\``,
      `查看详情：\`build <构建> --project ${arg(projectKey)}\``,
    ),
  });
}

const SCRIPT_LINES = 30;

/** One build configuration: repositories, services, parameters (credentials masked), and its script. */
export function buildCard(b: BuildDetail, ctx?: ListContext): Message {
  const fields: Field[] = [
    { label: t('Project', '项目'), value: code(b.projectKey || '-') },
    { label: t('Services', '服务'), value: escapeMd(targets(b) || '-') },
    { label: t('Source', '来源'), value: escapeMd(b.source || '-') },
  ];
  if (b.templateName) fields.push({ label: t('Template', '模板'), value: code(b.templateName) });
  if (b.clusterName) fields.push({ label: t('Cluster', '集群'), value: code(b.clusterName) });
  if (b.timeoutMinutes) {
    fields.push({
      label: t('Timeout', '超时'),
      value: t(`${b.timeoutMinutes} min`, `${b.timeoutMinutes} 分钟`),
    });
  }
  if (b.updateBy || b.updateTime) {
    fields.push({
      label: t('Updated', '更新'),
      value:
        [escapeMd(b.updateBy), formatTime(b.updateTime)].filter((s) => s && s !== '-').join(' · ') || '-',
    });
  }
  const blocks: Block[] = [{ type: 'fields', fields }];
  if (b.repos.length > 0) {
    blocks.push({
      type: 'text',
      markdown: both((l) =>
        [
          l === 'en' ? '**Repositories**' : '**代码库**',
          ...b.repos.map(
            (r) =>
              `• ${escapeMd(`${r.repoOwner}/${r.repoName}`)} @ ${code(r.branch || '-')}${r.source ? ` (${escapeMd(r.source)})` : ''}`,
          ),
        ].join('\n'),
      ),
    });
  }
  if (b.parameters.length > 0) {
    blocks.push({
      type: 'text',
      markdown: both((l) =>
        [
          l === 'en' ? '**Parameters**' : '**参数**',
          ...b.parameters
            .slice(0, 20)
            .map((p) => `• ${code(p.key)} = ${p.isCredential ? MASK : code(truncate(p.value, 120)) || '""'}`),
        ].join('\n'),
      ),
    });
  }
  const script = b.buildScript.replace(/\s+$/, '').split('\n');
  if (b.buildScript.trim()) {
    blocks.push({ type: 'code', text: truncate(script.slice(0, SCRIPT_LINES).join('\n'), 2000) });
    if (script.length > SCRIPT_LINES) {
      const more = script.length - SCRIPT_LINES;
      blocks.push({
        type: 'context',
        text: t(`… ${plural(more, 'more script line')}`, `… 脚本还有 ${more} 行`),
      });
    }
  }
  const buttons: Button[] = [];
  if (ctx?.zadigUrl)
    buttons.push({ kind: 'link', label: OPEN_IN_ZADIG, url: buildUrl(ctx.zadigUrl, b.projectKey) });
  if (buttons.length > 0) blocks.push({ type: 'actions', buttons });
  return finish(
    { title: t(`Build ${b.name}`, `构建 ${b.name}`), tone: 'info', blocks, ...loc(ctx) },
    both((l) =>
      l === 'en'
        ? `${plural(b.repos.length, 'repository', 'repositories')} · services ${targets(b) || '-'}`
        : `${b.repos.length} 个代码库 · 服务 ${targets(b) || '-'}`,
    ),
  );
}
