// Locks in the Helm chart deploy/helm/zadig-chatops, rendered by the mini renderer (helm cannot be installed
// here): bot and worker Deployments, an env the app's own config loader accepts, the policy mount, and its docs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { defaultPolicy, parsePolicy } from '../../src/commands/access/policy.js';
import { chatConfig, loadConfig } from '../../src/config.js';
import { CHART, deployment, KEY, REDIS, render, SECRETS } from '../support/helm/chart-fixture.js';
import { isMap } from '../support/helm/go-values.js';
import { containerEnv, podSpec, theContainer } from '../support/helm/kube.js';
import type { RenderedDoc } from '../support/helm-render.js';

describe('Helm chart: default render', () => {
  it('renders bot and worker Deployments with their role, replicas and probes on the http port', () => {
    const { docs } = render();
    expect(docs.map((d) => d.kind).sort()).toEqual([
      'ConfigMap',
      'ConfigMap',
      'Deployment',
      'Deployment',
      'Secret',
      'Service',
      'ServiceAccount',
    ]);
    for (const [component, replicas] of [
      ['bot', 2],
      ['worker', 1],
    ] as const) {
      const dep = deployment(docs, component);
      expect(dep.spec.replicas).toBe(replicas);
      expect(dep.spec.template.metadata.labels).toMatchObject(dep.spec.selector.matchLabels);
      expect(dep.spec.selector.matchLabels['app.kubernetes.io/component']).toBe(component);
      const c = theContainer(dep);
      expect(c.env).toContainEqual({ name: 'ZBOT_ROLE', value: component });
      expect(c.ports).toEqual([{ name: 'http', containerPort: 3000, protocol: 'TCP' }]);
      expect(c.startupProbe).toMatchObject({ httpGet: { path: '/healthz', port: 'http' } });
      expect(c.livenessProbe).toMatchObject({ httpGet: { path: '/healthz', port: 'http' } });
      expect(c.readinessProbe).toMatchObject({ httpGet: { path: '/readyz', port: 'http' } });
      expect(c.image).toBe('zadig-chatops:0.1.0');
    }
  });

  it('takes replicas, probe timings and resources per component', () => {
    const { docs } = render({
      bot: { replicas: 5, readinessProbe: { periodSeconds: 7 }, resources: { limits: { memory: '1Gi' } } },
      worker: { replicas: 3, livenessProbe: { failureThreshold: 9 } },
    });
    const bot = theContainer(deployment(docs, 'bot'));
    const worker = theContainer(deployment(docs, 'worker'));
    expect(deployment(docs, 'bot').spec.replicas).toBe(5);
    expect(deployment(docs, 'worker').spec.replicas).toBe(3);
    expect(bot.readinessProbe).toEqual({
      httpGet: { path: '/readyz', port: 'http' },
      periodSeconds: 7,
      timeoutSeconds: 3,
      failureThreshold: 2,
    });
    expect(bot.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '1Gi' } });
    expect(worker.livenessProbe).toMatchObject({
      httpGet: { path: '/healthz', port: 'http' },
      failureThreshold: 9,
    });
  });

  it('runs as non-root with a read-only root filesystem, no privilege escalation and no API token', () => {
    const { docs } = render();
    for (const component of ['bot', 'worker']) {
      const dep = deployment(docs, component);
      const pod = podSpec(dep);
      const c = theContainer(dep);
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 1000,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(c.securityContext).toEqual({
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(c.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
      expect(pod.volumes).toContainEqual({ name: 'tmp', emptyDir: {} });
    }
  });

  it('gives each container an environment the app config loader accepts, secrets only in the Secret', () => {
    const { docs } = render();
    for (const component of ['bot', 'worker'] as const) {
      const dep = deployment(docs, component);
      const cfg = loadConfig(containerEnv(docs, theContainer(dep)));
      expect(cfg).toMatchObject({
        role: component,
        port: 3000,
        zadigUrl: 'https://zadig.example.com',
        zadigToken: 'zadig-bot-token',
        redis: { mode: 'standalone', url: REDIS },
        prefix: 'zbot',
        secretKey: KEY,
        pollIntervalMs: 5000,
        webhookBackstopMs: 60_000,
        scanIdleMaxMs: 60_000,
        commandConcurrency: 32,
        commandQueue: 512,
        logLevel: 'info',
        policyPath: '/etc/zadig-chatops/policy.yaml',
      });
      expect(chatConfig(cfg, 'slack')).toMatchObject({
        botToken: 'xoxb-test',
        signingSecret: 'slack-signing',
      });
      expect(chatConfig(cfg, 'feishu')).toBeUndefined();
      const outsideSecret = JSON.stringify(docs.filter((d) => d.kind !== 'Secret'));
      for (const s of SECRETS) expect(outsideSecret).not.toContain(s);
    }
  });

  it('wires every option through to the config: Feishu webhook, Slack Socket Mode, webhook token, tuning', () => {
    const { docs } = render({
      zadig: { publicUrl: 'https://zadig.example.com/ui', webhookToken: 'zadig-hook' },
      previousSecretKeys: 'cd'.repeat(32),
      slack: { appToken: 'xapp-1', signingSecret: '', apiUrl: 'http://slack-proxy/api/' },
      feishu: {
        appId: 'cli_1',
        appSecret: 'fs',
        mode: 'webhook',
        encryptKey: 'ek',
        verificationToken: 'vt',
        domain: 'lark',
      },
      redis: { prefix: '{zbot}' },
      pollIntervalMs: 2000,
      webhookBackstopMs: 30_000,
      scanIdleMaxMs: 90_000,
      commandConcurrency: 8,
      commandQueue: 100,
      logLevel: 'debug',
      extraEnv: [{ name: 'NODE_OPTIONS', value: '--max-old-space-size=200' }],
    });
    const env = containerEnv(docs, theContainer(deployment(docs, 'worker')));
    const cfg = loadConfig(env);
    expect(cfg).toMatchObject({
      role: 'worker',
      zadigPublicUrl: 'https://zadig.example.com/ui',
      zadigWebhookToken: 'zadig-hook',
      previousSecretKeys: ['cd'.repeat(32)],
      prefix: '{zbot}',
      pollIntervalMs: 2000,
      webhookBackstopMs: 30_000,
      scanIdleMaxMs: 90_000,
      commandConcurrency: 8,
      commandQueue: 100,
      logLevel: 'debug',
      chat: [
        {
          platform: 'slack',
          mode: 'socket',
          botToken: 'xoxb-test',
          appToken: 'xapp-1',
          apiUrl: 'http://slack-proxy/api/',
        },
        {
          platform: 'feishu',
          appId: 'cli_1',
          appSecret: 'fs',
          mode: 'webhook',
          encryptKey: 'ek',
          verificationToken: 'vt',
          domain: 'lark',
        },
      ],
    });
    expect(env.NODE_OPTIONS).toBe('--max-old-space-size=200');
  });
});

describe('Helm chart: policy', () => {
  const policyOf = (docs: RenderedDoc[]) => {
    const dep = deployment(docs, 'bot');
    const c = theContainer(dep);
    const mount = c.volumeMounts?.find((m) => m.name === 'policy');
    const volume = podSpec(dep).volumes.find((v: any) => v.name === 'policy');
    const cm = docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === volume?.configMap?.name) as any;
    return { env: containerEnv(docs, c), mount, text: cm?.data?.['policy.yaml'] as string | undefined };
  };

  it('mounts the policy where ZBOT_POLICY points; the default one equals the app safe defaults', () => {
    const { env, mount, text } = policyOf(render().docs);
    expect(mount).toEqual({ name: 'policy', mountPath: '/etc/zadig-chatops', readOnly: true });
    expect(env.ZBOT_POLICY).toBe('/etc/zadig-chatops/policy.yaml');
    expect(parsePolicy(text ?? '', {}, 'chart')).toEqual({ ...defaultPolicy(), source: 'chart' });
  });

  it('renders a custom policy that the app parses back', () => {
    const { text } = policyOf(
      render({
        policy: {
          admins: ['U0ADMIN'],
          defaults: { production: ['alice@example.com'] },
          channels: { 'slack:C0123': { project: 'demo', env: 'staging', deny: ['restart'] } },
        },
      }).docs,
    );
    const p = parsePolicy(text ?? '');
    expect(p.admins).toEqual(['U0ADMIN']);
    expect(p.defaults.production).toEqual(['alice@example.com']);
    expect(p.channels['slack:C0123']).toEqual({ project: 'demo', env: 'staging', deny: ['restart'] });
  });

  it('policy: null mounts nothing and leaves ZBOT_POLICY unset (the built-in defaults apply)', () => {
    const { docs } = render({ policy: null });
    const { env, mount } = policyOf(docs);
    expect(mount).toBeUndefined();
    expect(env.ZBOT_POLICY).toBeUndefined();
    expect(docs.filter((d) => d.kind === 'ConfigMap')).toHaveLength(1);
  });
});

describe('Helm chart: documentation', () => {
  // Values whose content is Kubernetes or policy YAML are documented as a whole, not key by key.
  const OPAQUE = new Set([
    'policy',
    'strategy',
    'resources',
    'startupProbe',
    'livenessProbe',
    'readinessProbe',
  ]);
  const OPAQUE_TOO = [
    'podSecurityContext',
    'securityContext',
    'annotations',
    'labels',
    'nodeSelector',
    'affinity',
  ];
  const paths = (v: Record<string, unknown>, prefix = ''): string[] =>
    Object.entries(v).flatMap(([k, x]) =>
      isMap(x) && Object.keys(x).length > 0 && !OPAQUE.has(k) && !OPAQUE_TOO.includes(k)
        ? paths(x, `${prefix}${k}.`)
        : [`${prefix}${k}`],
    );

  it('the README values table lists every value of values.yaml, and nothing that is not there', () => {
    const values = parseYaml(readFileSync(join(CHART, 'values.yaml'), 'utf8'));
    const readme = readFileSync(join(CHART, '..', 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## Values'), readme.indexOf('## Scaling'));
    const documented = new Set(
      table
        .split('\n')
        .filter((l) => l.startsWith('| `'))
        .flatMap((l) => [...(l.split('|')[1] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1] as string)),
    );
    const expected = paths(values);
    expect(expected.length).toBeGreaterThan(50);
    expect(expected.filter((p) => !documented.has(p))).toEqual([]);
    expect([...documented].filter((p) => !expected.includes(p))).toEqual([]);
  });

  it('NOTES.txt tells where to check readiness and which callback URLs to configure, in both languages', () => {
    const { notes } = render({}, { releaseName: 'chatops', namespace: 'tools' });
    expect(notes).toContain('kubectl -n tools get pods -l app.kubernetes.io/instance=chatops');
    expect(notes).toContain('https://<your-host>/slack/events');
    expect(notes).toContain('/zadig/webhook');
    expect(notes).toMatch(/[\u4e00-\u9fff]/);
  });
});
