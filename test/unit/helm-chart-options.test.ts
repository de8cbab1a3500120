// Locks in the Helm chart's options and guards: Service, Ingress, ServiceMonitor, PDB, existingSecret, external
// Redis, install-time failures naming the missing value, schema checks, and well-formed objects in every variant.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { CHART, deployment, KEY, REDIS, render } from '../support/helm/chart-fixture.js';
import type { GoMap } from '../support/helm/go-values.js';
import { containerEnv, findOne, theContainer } from '../support/helm/kube.js';
import { HelmRenderError, type RenderedDoc, renderChart } from '../support/helm-render.js';

const labelsMatch = (selector: Record<string, string>, labels: Record<string, string> = {}) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);
const podLabels = (docs: RenderedDoc[], component: string) =>
  deployment(docs, component).spec.template.metadata.labels;

describe('Helm chart: Service and Ingress', () => {
  it('exposes port 3000 named http, selecting bot pods and not worker pods', () => {
    const { docs } = render();
    const svc = findOne(docs, 'Service') as any;
    expect(svc.spec.type).toBe('ClusterIP');
    expect(svc.spec.ports).toEqual([{ name: 'http', port: 3000, targetPort: 'http', protocol: 'TCP' }]);
    expect(labelsMatch(svc.spec.selector, podLabels(docs, 'bot'))).toBe(true);
    expect(labelsMatch(svc.spec.selector, podLabels(docs, 'worker'))).toBe(false);
  });

  it('an enabled Ingress routes the webhook paths of every host to the Service http port', () => {
    const tls = [{ secretName: 'chatops-tls', hosts: ['chat.example.com'] }];
    const { docs, notes } = render({
      ingress: { enabled: true, className: 'nginx', hosts: ['chat.example.com', 'chat2.example.com'], tls },
    });
    const ing = findOne(docs, 'Ingress') as any;
    expect(ing.spec.ingressClassName).toBe('nginx');
    expect(ing.spec.tls).toEqual(tls);
    expect(ing.spec.rules.map((r: any) => r.host)).toEqual(['chat.example.com', 'chat2.example.com']);
    const svc = findOne(docs, 'Service');
    for (const rule of ing.spec.rules) {
      expect(rule.http.paths.map((p: any) => p.path)).toEqual([
        '/slack/events',
        '/feishu/events',
        '/zadig/webhook',
      ]);
      for (const p of rule.http.paths) {
        expect(p.backend).toEqual({ service: { name: svc.metadata.name, port: { name: 'http' } } });
      }
    }
    expect(notes).toContain('https://chat.example.com/slack/events');
  });

  it('has no Ingress, ServiceMonitor or PodDisruptionBudget by default', () => {
    const kinds = render().docs.map((d) => d.kind);
    for (const k of ['Ingress', 'ServiceMonitor', 'PodDisruptionBudget']) expect(kinds).not.toContain(k);
  });
});

describe('Helm chart: ServiceMonitor and PodDisruptionBudget', () => {
  it('an enabled ServiceMonitor scrapes /metrics on http of both bot and worker pods', () => {
    const { docs } = render({ metrics: { serviceMonitor: { enabled: true, labels: { release: 'prom' } } } });
    const sm = findOne(docs, 'ServiceMonitor') as any;
    expect(sm.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(sm.metadata.labels.release).toBe('prom');
    expect(sm.spec.endpoints).toEqual([
      { port: 'http', path: '/metrics', interval: '30s', scrapeTimeout: '10s' },
    ]);
    const services = docs.filter(
      (d) => d.kind === 'Service' && labelsMatch(sm.spec.selector.matchLabels, d.metadata.labels),
    );
    expect(services).toHaveLength(2);
    for (const component of ['bot', 'worker']) {
      const svc = services.find((s: any) => labelsMatch(s.spec.selector, podLabels(docs, component))) as any;
      expect(svc?.spec.ports.map((p: any) => p.name)).toContain('http');
    }
  });

  it('an enabled PodDisruptionBudget covers each component; minAvailable wins over maxUnavailable', () => {
    const pdbs = (values: GoMap) =>
      render({ podDisruptionBudget: values }).docs.filter((d) => d.kind === 'PodDisruptionBudget');
    const byMax = pdbs({ enabled: true }) as any[];
    expect(byMax.map((p) => p.spec.maxUnavailable)).toEqual([1, 1]);
    const { docs } = render();
    for (const component of ['bot', 'worker']) {
      const pdb = byMax.find((p) => p.metadata.name.endsWith(`-${component}`));
      expect(labelsMatch(pdb.spec.selector.matchLabels, podLabels(docs, component))).toBe(true);
    }
    const byMin = pdbs({ enabled: true, minAvailable: '50%' }) as any[];
    expect(byMin.map((p) => [p.spec.minAvailable, p.spec.maxUnavailable])).toEqual([
      ['50%', undefined],
      ['50%', undefined],
    ]);
  });
});

describe('Helm chart: secrets and Redis', () => {
  it('existingSecret: renders no Secret and the pods load the named one instead', () => {
    const { docs } = renderChart(CHART, {
      values: { zadig: { url: 'https://z.example.com' }, existingSecret: 'my-env' },
    });
    expect(docs.map((d) => d.kind)).not.toContain('Secret');
    const dep = deployment(docs, 'bot');
    expect(dep.spec.template.metadata.annotations['checksum/secret']).toBeUndefined();
    const c = theContainer(dep);
    expect(c.envFrom).toContainEqual({ secretRef: { name: 'my-env' } });
    const mine = {
      ZADIG_TOKEN: 't',
      ZBOT_SECRET_KEY: KEY,
      FEISHU_APP_ID: 'cli_9',
      FEISHU_APP_SECRET: 's',
      REDIS_URL: REDIS,
    };
    const cfg = loadConfig(containerEnv(docs, c, { 'my-env': mine }));
    expect(cfg).toMatchObject({
      role: 'bot',
      zadigToken: 't',
      redis: { mode: 'standalone', url: REDIS },
      chat: [{ platform: 'feishu', appId: 'cli_9', mode: 'ws' }],
    });
  });

  it('redis.url reaches REDIS_URL through the Secret, never in the pod spec', () => {
    const { docs } = render({ redis: { url: 'rediss://:pw2@redis.internal:6380/2' } });
    const secret = findOne(docs, 'Secret') as any;
    expect(Buffer.from(secret.data.REDIS_URL, 'base64').toString()).toBe(
      'rediss://:pw2@redis.internal:6380/2',
    );
    for (const component of ['bot', 'worker']) {
      const dep = deployment(docs, component);
      expect(containerEnv(docs, theContainer(dep)).REDIS_URL).toBe('rediss://:pw2@redis.internal:6380/2');
      expect(JSON.stringify(dep)).not.toContain('pw2');
    }
  });

  it('redis.existingSecret: REDIS_URL comes from that Secret by key', () => {
    const { docs } = render({ redis: { url: '', existingSecret: 'redis-conn', existingSecretKey: 'uri' } });
    const c = theContainer(deployment(docs, 'worker'));
    expect(c.env).toContainEqual({
      name: 'REDIS_URL',
      valueFrom: { secretKeyRef: { name: 'redis-conn', key: 'uri' } },
    });
    expect((findOne(docs, 'Secret') as any).data.REDIS_URL).toBeUndefined();
    expect(containerEnv(docs, c, { 'redis-conn': { uri: 'redis://r:1' } }).REDIS_URL).toBe('redis://r:1');
  });

  it('existingSecret with redis.url: the URL is set on the pods directly', () => {
    const values = {
      zadig: { url: 'https://z.example.com' },
      existingSecret: 'my-env',
      redis: { url: 'redis://r:2' },
    };
    const { docs } = renderChart(CHART, { values });
    expect(theContainer(deployment(docs, 'bot')).env).toContainEqual({
      name: 'REDIS_URL',
      value: 'redis://r:2',
    });
  });

  it('changing configuration or secrets changes the pod checksums, so pods roll', () => {
    const sums = (values: GoMap) => {
      const a = deployment(render(values).docs, 'worker').spec.template.metadata.annotations;
      return [a['checksum/config'], a['checksum/secret']];
    };
    const [config, secret] = sums({});
    expect(config).toMatch(/^[0-9a-f]{64}$/);
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    const [config2, secret2] = sums({ logLevel: 'debug' });
    expect(config2).not.toBe(config);
    expect(secret2).toBe(secret);
    const [config3, secret3] = sums({ zadig: { token: 'rotated' } });
    expect(config3).toBe(config);
    expect(secret3).not.toBe(secret);
  });
});

describe('Helm chart: failures at install time', () => {
  it.each([
    ['zadig.url', { zadig: { url: '' } }],
    ['zadig.token', { zadig: { token: '' } }],
    ['secretKey', { secretKey: '' }],
    ['redis.url', { redis: { url: '' } }],
    ['slack.botToken', { slack: { botToken: '', signingSecret: '' } }],
    ['slack.signingSecret', { slack: { signingSecret: '' } }],
    ['feishu.appSecret', { feishu: { appId: 'cli_1' } }],
    ['feishu.encryptKey', { feishu: { appId: 'cli_1', appSecret: 's', mode: 'webhook' } }],
  ])('fails naming %s, in English and Chinese, when it is missing', (key, values) => {
    let error: unknown;
    try {
      render(values);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HelmRenderError);
    const message = (error as Error).message;
    expect(message).toMatch(/^execution error at \(zadig-chatops\/templates\/[a-z_.-]+:\d+\): /);
    expect(message).toContain(key);
    expect(message).toMatch(/[\u4e00-\u9fff]/);
  });

  it.each([
    ['bot.replicas', { bot: { replicas: 'two' } }],
    ['secretKey', { secretKey: 'not-32-bytes' }],
    ['feishu.mode', { feishu: { mode: 'socket' } }],
    ['redis.url', { redis: { url: 'http://redis:6379' } }],
    ['pollIntervalMs', { pollIntervalMs: 50 }],
    ['commandConcurrency', { commandConcurrency: 0 }],
    ['replica', { replica: 3 }],
    ['nodeFlags', { worker: { replicas: 1, nodeFlags: ['--max-semi-space-size=2; rm -rf /'] } }],
  ])('the values schema rejects a bad %s', (key, values) => {
    expect(() => render(values)).toThrow(/values don't meet the specifications of the schema/);
    expect(() => render(values)).toThrow(key);
  });
});

describe('Helm chart: every rendered object is well-formed', () => {
  const DNS1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
  const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
  const everything: GoMap = {
    ingress: { enabled: true, annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '1m' } },
    metrics: { serviceMonitor: { enabled: true } },
    podDisruptionBudget: { enabled: true },
    feishu: { appId: 'cli_1', appSecret: 's', mode: 'webhook', encryptKey: 'e', verificationToken: 'v' },
    service: { type: 'NodePort', nodePort: 30080, annotations: { a: 'b' } },
    image: { digest: `sha256:${'0'.repeat(64)}` },
    imagePullSecrets: [{ name: 'regcred' }],
    podAnnotations: { 'example.com/team': 'ci' },
    podLabels: { team: 'ci' },
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }],
    affinity: { nodeAffinity: {} },
    topologySpreadConstraints: [{ maxSkew: 2, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }],
    priorityClassName: 'high',
    serviceAccount: { annotations: { 'example.com/role': 'x' } },
  };
  it.each([
    ['defaults', {}, undefined],
    ['everything enabled', everything, undefined],
    ['a 53-character release name', everything, 'a'.repeat(53)],
    ['a release name containing the chart name', {}, 'zadig-chatops'],
    ['fullnameOverride', { fullnameOverride: 'chatops' }, undefined],
  ])('%s: apiVersion, kind, a valid unique name, valid labels, non-empty YAML', (_, values, releaseName) => {
    const { docs, files, notes } = render(values as GoMap, { releaseName });
    expect(notes).toMatch(/installed as/);
    expect(docs.length).toBeGreaterThanOrEqual(files.size);
    const seen = new Set<string>();
    for (const d of docs) {
      expect(d.apiVersion).toMatch(/^([a-z0-9.-]+\/)?v\d+((alpha|beta)\d+)?$/);
      expect(d.kind).toMatch(/^[A-Z][A-Za-z]+$/);
      expect(d.metadata.name.length).toBeLessThanOrEqual(63);
      expect(d.metadata.name).toMatch(DNS1123);
      for (const v of Object.values(d.metadata.labels ?? {})) {
        expect(String(v).length).toBeLessThanOrEqual(63);
        expect(String(v)).toMatch(LABEL_VALUE);
      }
      const key = `${d.kind}/${d.metadata.name}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
    for (const dep of docs.filter((d) => d.kind === 'Deployment')) {
      const env = theContainer(dep).env ?? [];
      expect(new Set(env.map((e) => e.name)).size).toBe(env.length);
    }
  });

  it('the image digest wins over the tag; the tag defaults to the appVersion', () => {
    const image = (values: GoMap) => theContainer(deployment(render(values).docs, 'bot')).image;
    expect(image({ image: { repository: 'reg.example.com/zc', tag: '1.2.3' } })).toBe(
      'reg.example.com/zc:1.2.3',
    );
    expect(image({ image: { digest: `sha256:${'a'.repeat(64)}` } })).toBe(
      `zadig-chatops@sha256:${'a'.repeat(64)}`,
    );
  });
});

describe('Helm chart: V8 flags of the worker', () => {
  // The Dockerfile's CMD (exec form), e.g. ["node", "--enable-source-maps", "dist/src/main.js"].
  const imageCmd = JSON.parse(
    /^CMD (\[.*\])$/m.exec(readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8'))?.[1] ?? '[]',
  ) as string[];

  it("runs the worker with the image's command plus its heap flags; the bot keeps the image's command", () => {
    const { docs } = render();
    const worker = theContainer(deployment(docs, 'worker')) as any;
    const flags = worker.command.slice(imageCmd.length - 1, -1) as string[];
    expect(flags).toEqual([
      '--max-semi-space-size=2',
      '--initial-old-space-size=32',
      '--heap-growing-percent=30',
    ]);
    expect([...worker.command.slice(0, imageCmd.length - 1), ...worker.command.slice(-1)]).toEqual(imageCmd);
    expect((theContainer(deployment(docs, 'bot')) as any).command).toBeUndefined();
    // Node refuses an unknown flag ("bad option"): every default flag is one this Node accepts.
    const run = spawnSync(process.execPath, [...flags, '-e', '0'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('worker.nodeFlags [] leaves the image command as it is', () => {
    const { docs } = render({ worker: { replicas: 1, nodeFlags: [] } });
    expect((theContainer(deployment(docs, 'worker')) as any).command).toBeUndefined();
  });
});
