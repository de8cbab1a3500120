// Locks in the console rendering: tone-marked title, `label: value` fields, `build ✓ → deploy …`
// progress, indented code, and numbered buttons that map back to their command lines or links.
import { describe, expect, it } from 'vitest';
import { renderText, toTerminal } from '../../src/bot/console/text-renderer.js';
import { t } from '../../src/notifications/message.js';
import * as v from '../../src/notifications/views/index.js';
import { ctx, nativeApprovalTask } from './views-fixtures.js';

describe('renderText', () => {
  it('renders title, fields, progress, code and numbered buttons', () => {
    const out = renderText({
      title: t('Deploy #1', '部署 #1'),
      tone: 'running',
      fallbackText: 'x',
      blocks: [
        { type: 'fields', fields: [{ label: t('Status', '状态'), value: 'running\nstill' }] },
        {
          type: 'progress',
          stages: [
            { name: 'build', status: 'passed' },
            { name: 'deploy', status: 'running' },
            { name: 'test', status: '' },
          ],
        },
        { type: 'code', text: 'line 1\nline 2' },
        { type: 'divider' },
        {
          type: 'actions',
          buttons: [
            {
              kind: 'command',
              label: t('Approve', '批准'),
              command: 'approve wf 1 --project p',
              style: 'primary',
            },
            { kind: 'command', label: t('Reject', '拒绝'), command: 'reject wf 1 --project p' },
            { kind: 'link', label: 'Zadig', url: 'https://z' },
          ],
        },
      ],
    });
    expect(out.text).toBe(
      [
        '[…] Deploy #1',
        'Status: running\n  still',
        'build ✓ → deploy … → test ·',
        '    line 1\n    line 2',
        '────────────────────',
        '[1] Approve  [2] Reject  [3] Zadig',
      ].join('\n'),
    );
    expect(out.buttons).toEqual([
      { n: 1, label: 'Approve', command: 'approve wf 1 --project p' },
      { n: 2, label: 'Reject', command: 'reject wf 1 --project p' },
      { n: 3, label: 'Zadig', url: 'https://z' },
    ]);
  });

  it('numbers buttons across several actions blocks and follows the locale', () => {
    const out = renderText(
      v.inboxMessage(
        [
          { task: nativeApprovalTask, approval: nativeApprovalTask.stages[1]!.jobs[0]!.approval! },
          {
            task: { ...nativeApprovalTask, taskId: 50 },
            approval: nativeApprovalTask.stages[1]!.jobs[0]!.approval!,
          },
        ],
        ctx,
      ),
      { locale: 'zh' },
    );
    expect(out.buttons.map((b) => `${b.n} ${b.label} ${b.command}`)).toEqual([
      '1 批准 approve release-prod 44 --project demo',
      '2 拒绝 reject release-prod 44 --project demo',
      '3 批准 approve release-prod 50 --project demo',
      '4 拒绝 reject release-prod 50 --project demo',
    ]);
    expect(out.text.startsWith('[!] 待我审批（2）')).toBe(true);
  });

  it('turns markdown into plain terminal text', () => {
    expect(toTerminal('**b** *i* `c` [t](https://u) <@email:a@b.c|Ann> <@user:U1|Bo> \\*x\\*')).toBe(
      'b i `c` t <https://u> @Ann @Bo *x*',
    );
  });
});
