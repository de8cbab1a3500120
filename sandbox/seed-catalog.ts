/**
 * Seeded catalog: projects `demo` ("Demo Shop") and `payments`, their services, builds, tests, scans,
 * the one image registry, clusters and delivery versions. Times derive from the sandbox start time.
 */
import { DAY, HOUR, objectId, toSec } from './ids.js';
import type {
  BuildRec,
  ClusterRec,
  CodeHostRec,
  DbInstanceRec,
  DeliveryVersionRec,
  ProjectRec,
  RegistryRec,
  RepoRec,
  ScanDef,
  ServiceRec,
  TestDef,
} from './model.js';

export const REGISTRY_HOST = 'registry.demo.local';

export function repo(namespace: string, name: string, branch = 'main'): RepoRec {
  return {
    source: 'gitlab',
    owner: namespace,
    namespace,
    name,
    branch,
    codehostId: 1,
    address: 'https://gitlab.demo.local',
  };
}

/**
 * The one code host. Its alias differs from its type on purpose: the OpenAPI run looks code hosts up by
 * alias (`GetSystemCodeHostByAlias`), so a client sending the repo's `source` there fails.
 */
export function seedCodeHosts(): CodeHostRec[] {
  return [
    {
      id: 1,
      type: 'gitlab',
      address: 'https://gitlab.demo.local',
      namespace: 'demo-shop',
      alias: 'gitlab-demo',
    },
  ];
}

/** Database instances for `sql` jobs; looked up by name on the OpenAPI run, by id on the UI's run. */
export function seedDbInstances(start: number): DbInstanceRec[] {
  return [
    {
      id: objectId(toSec(start - 100 * DAY), 'db:demo-mysql'),
      name: 'demo-mysql',
      type: 'mysql',
      projects: ['demo'],
    },
  ];
}

/** Initial image of a service, as if built a few days before the sandbox starts. */
export function seedImage(projectKey: string, service: string, start: number): string {
  const stamp = new Date(start - 6 * DAY).toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `${REGISTRY_HOST}/${projectKey}/${service}:${stamp}-1-main`;
}

interface SvcSeed {
  projectKey: string;
  name: string;
  repoNs: string;
  workloadType: 'Deployment' | 'StatefulSet';
  port: number;
}

export const SERVICE_SEEDS: SvcSeed[] = [
  { projectKey: 'demo', name: 'frontend', repoNs: 'demo-shop', workloadType: 'Deployment', port: 80 },
  { projectKey: 'demo', name: 'backend', repoNs: 'demo-shop', workloadType: 'Deployment', port: 8080 },
  { projectKey: 'demo', name: 'worker', repoNs: 'demo-shop', workloadType: 'StatefulSet', port: 9090 },
  { projectKey: 'payments', name: 'pay-api', repoNs: 'payments', workloadType: 'Deployment', port: 8080 },
  { projectKey: 'payments', name: 'ledger', repoNs: 'payments', workloadType: 'Deployment', port: 8081 },
];

export function serviceRepo(projectKey: string, service: string): RepoRec {
  const s = SERVICE_SEEDS.find((x) => x.projectKey === projectKey && x.name === service);
  return repo(s?.repoNs ?? projectKey, service);
}

export function seedProjects(start: number): ProjectRec[] {
  return [
    {
      key: 'demo',
      name: 'Demo Shop',
      description: 'Demo online shop: frontend, backend and worker',
      deployType: 'k8s',
      isPublic: true,
      createdBy: 'admin',
      createTime: toSec(start - 90 * DAY),
    },
    {
      key: 'payments',
      name: 'Payments',
      description: 'Payment gateway and ledger',
      deployType: 'k8s',
      isPublic: false,
      createdBy: 'admin',
      createTime: toSec(start - 60 * DAY),
    },
  ];
}

export function seedServices(start: number): ServiceRec[] {
  const out: ServiceRec[] = [];
  for (const production of [false, true]) {
    for (const s of SERVICE_SEEDS) {
      out.push({
        projectKey: s.projectKey,
        name: s.name,
        production,
        containers: [{ name: s.name, image: seedImage(s.projectKey, s.name, start), imageName: s.name }],
        workloadType: s.workloadType,
        port: s.port,
        variables: [
          { key: 'port', value: String(s.port), type: 'string', desc: 'container port' },
          { key: 'replicas', value: '1', type: 'string', desc: 'replica count' },
        ],
        createdBy: 'admin',
        createTime: toSec(start - 80 * DAY),
      });
    }
  }
  return out;
}

export function serviceYaml(s: ServiceRec): string {
  const kind = s.workloadType;
  return [
    'apiVersion: apps/v1',
    `kind: ${kind}`,
    'metadata:',
    `  name: ${s.name}`,
    'spec:',
    '  replicas: {{.replicas}}',
    '  template:',
    '    spec:',
    '      containers:',
    `        - name: ${s.name}`,
    `          image: ${s.containers[0]?.image ?? ''}`,
    '          ports:',
    '            - containerPort: {{.port}}',
    '',
  ].join('\n');
}

export function seedRegistries(start: number): RegistryRec[] {
  return [
    {
      id: objectId(toSec(start - 120 * DAY), 'registry:demo'),
      address: `https://${REGISTRY_HOST}`,
      provider: 'native',
      namespace: 'demo',
      region: '',
      isDefault: true,
    },
  ];
}

export function seedClusters(start: number): ClusterRec[] {
  const base = {
    description: '',
    provider: 0,
    providerName: '',
    createdBy: 'admin',
    createdTime: toSec(start - 120 * DAY),
    status: 'normal',
  };
  return [
    {
      ...base,
      id: objectId(toSec(start - 120 * DAY), 'cluster:local'),
      name: 'local-k8s',
      production: false,
      local: true,
      type: 'kubeconfig',
      projectNames: ['demo', 'payments'],
    },
    {
      ...base,
      id: objectId(toSec(start - 119 * DAY), 'cluster:prod'),
      name: 'prod-k8s',
      production: true,
      local: false,
      type: 'agent',
      description: 'production cluster',
      projectNames: ['demo'],
    },
  ];
}

export function seedBuilds(start: number): BuildRec[] {
  return SERVICE_SEEDS.map((s) => ({
    projectKey: s.projectKey,
    name: `${s.name}-build`,
    source: 'zadig',
    templateName: '',
    updateBy: 'admin',
    updateTime: toSec(start - 30 * DAY),
    targets: [{ serviceName: s.name, serviceModule: s.name }],
    repos: [repo(s.repoNs, s.name)],
    script: `#!/bin/bash\nset -e\ncd $WORKSPACE/${s.name}\nmake build\ndocker build -t $IMAGE .\ndocker push $IMAGE\n`,
    parameters: [{ key: 'BUILD_ENV', value: 'ci', type: 'string', isCredential: false }],
  }));
}

export function seedTests(): TestDef[] {
  const unit = Array.from({ length: 42 }, (_, i) => ({
    name: `unit case ${String(i + 1).padStart(2, '0')}`,
    timeSec: 0.05 + (i % 7) * 0.01,
    failure: '',
  }));
  const e2e = [
    'checkout: pays with card',
    'checkout: applies coupon',
    'cart: adds an item',
    'cart: removes an item',
    'search: finds products',
    'search: empty result',
    'login: with password',
    'login: with sso',
    'orders: lists history',
    'orders: downloads invoice',
    'profile: updates address',
    'profile: uploads avatar',
  ].map((name) => ({
    name,
    timeSec: 1.2,
    failure:
      name === 'checkout: applies coupon'
        ? 'expected total 90.00 but got 100.00 (coupon SAVE10 ignored)'
        : '',
  }));
  return [
    { projectKey: 'demo', name: 'unit-test', cases: unit, repos: [repo('demo-shop', 'backend')] },
    { projectKey: 'demo', name: 'e2e-test', cases: e2e, repos: [repo('demo-shop', 'frontend')] },
  ];
}

export function seedScans(): ScanDef[] {
  const scan = (projectKey: string, name: string, repos: ScanDef['repos']): ScanDef => ({
    id: objectId(SCANS_CREATED, `scan:${projectKey}/${name}`),
    projectKey,
    name,
    repos,
  });
  return [
    scan('demo', 'sonar-backend', [repo('demo-shop', 'backend')]),
    scan('demo', 'sonar-frontend', [repo('demo-shop', 'frontend')]),
    // No default branch: a run must name one (`scan_repos[].branch`).
    scan('payments', 'sonar-ledger', [repo('payments', 'ledger', '')]),
  ];
}

/** When the seeded scans were created (Unix seconds; only their ids show it). */
const SCANS_CREATED = 1_735_689_600;

export function seedVersions(start: number): DeliveryVersionRec[] {
  const mk = (n: number, ageDays: number, status: string): DeliveryVersionRec => ({
    id: objectId(toSec(start - ageDays * DAY), `version:${n}`),
    projectKey: 'demo',
    versionName: `v1.${n}.0`,
    type: 'K8SYaml',
    status,
    labels: n === 2 ? ['stable'] : [],
    description: `Demo Shop release 1.${n}`,
    createdBy: 'alice',
    createTime: toSec(start - ageDays * DAY + 2 * HOUR),
    images: SERVICE_SEEDS.filter((s) => s.projectKey === 'demo').map((s) => ({
      serviceName: s.name,
      serviceModule: s.name,
      image: `${REGISTRY_HOST}/demo/${s.name}:v1.${n}.0`,
    })),
  });
  return [mk(1, 20, 'success'), mk(2, 7, 'success'), mk(3, 1, 'failed')];
}
