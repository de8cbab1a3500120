/**
 * The catalog and quality views (services, builds, test and scan cards, versions), plus those of
 * views-catalogue-admin.ts, built from fixed fixtures (name → Message; names are the golden file names
 * under test/fixtures/golden/{slack,feishu}/).
 */
import type { Message } from '../../src/notifications/message.js';
import * as v from '../../src/notifications/views/index.js';
import { adminCatalogue } from './views-catalogue-admin.js';
import { ctx, NOW } from './views-fixtures.js';
import { build, img, report, scanTask, service, testTask } from './views-fixtures-catalog.js';

/** Every view of the group, by golden name. */
export function catalogAdminCatalogue(): Record<string, Message> {
  return { ...catalogCatalogue(), ...adminCatalogue() };
}

function catalogCatalogue(): Record<string, Message> {
  const starter = { id: 'U0ALICE', name: 'Alice' };
  return {
    'service-list': v.serviceListMessage(
      'demo',
      [
        { serviceName: 'backend', source: 'spock', type: 'k8s', containers: service.containers },
        {
          serviceName: 'frontend',
          source: 'spock',
          type: 'k8s',
          containers: [{ name: 'frontend', image: img('frontend', '2.0'), imageName: 'frontend' }],
        },
      ],
      false,
      ctx,
    ),
    'service-definition-card': v.serviceDefinitionCard('demo', service, true, ctx),
    'build-list': v.buildListMessage(
      'demo',
      [
        build,
        { ...build, name: 'worker-build', targets: [{ serviceName: 'worker', serviceModule: 'worker' }] },
      ],
      ctx,
    ),
    'build-card': v.buildCard(build, { ...ctx, locale: 'zh' }),
    'test-card-running': v.testCard('demo', testTask({}), { ...ctx, startedBy: starter }),
    'test-card-failed': v.testCard(
      'demo',
      testTask({ status: 'failed', endTime: NOW - 10, report: report(1) }),
      ctx,
    ),
    'test-card-passed': v.testCard(
      'demo',
      testTask({ status: 'passed', endTime: NOW - 10, report: report(0) }),
      { ...ctx, locale: 'zh' },
    ),
    'scan-card-passed': v.scanCard('demo', scanTask({}), ctx),
    'scan-card-failed': v.scanCard('demo', scanTask({ status: 'failed' }), ctx),
    'scan-card-running': v.scanCard('demo', scanTask({ status: 'running', endTime: 0 }), {
      ...ctx,
      startedBy: starter,
    }),
    'version-list': v.versionListMessage(
      'demo',
      [
        {
          id: '6650a1b2c3d4e5f601234567',
          versionName: 'v1.3.0',
          type: 'K8SYaml',
          status: 'failed',
          labels: [],
          description: '',
          createdBy: 'alice',
          createTime: NOW - 86_400,
        },
        {
          id: '6650a1b2c3d4e5f601234566',
          versionName: 'v1.2.0',
          type: 'K8SYaml',
          status: 'success',
          labels: ['stable'],
          description: '',
          createdBy: 'alice',
          createTime: NOW - 7 * 86_400,
        },
      ],
      ctx,
    ),
    'version-card': v.versionCard(
      'demo',
      {
        id: '6650a1b2c3d4e5f601234566',
        versionName: 'v1.2.0',
        type: 'K8SYaml',
        status: 'success',
        labels: ['stable'],
        description: 'Demo Shop release 1.2',
        createdBy: 'alice',
        createTime: NOW - 7 * 86_400,
        images: [
          { serviceName: 'backend', serviceModule: 'backend', image: img('backend', 'v1.2.0') },
          { serviceName: 'frontend', serviceModule: 'web', image: img('frontend', 'v1.2.0') },
        ],
      },
      ctx,
    ),
  };
}
