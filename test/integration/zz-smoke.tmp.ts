import { createCoreHarness } from '../helpers/core-harness.js';
const h = await createCoreHarness({ policy: 'defaults:\n  production: ["*"]\nadmins: [alice]\n' });
const show = async (text: string, s = {}) => { const t0 = Date.now(); const r = await h.say(text, s); console.log(`\n>>> ${text} (${Date.now()-t0}ms)\n${h.text(r)}${r.form ? '\nFORM ' + JSON.stringify(r.form) : ''}${r.watch ? '\nWATCH ' + JSON.stringify(r.watch) : ''}`); return r; };
try {
  for (const u of ['alice','bob','carol','dave']) await h.link(u);
  const id = h.sandbox.startTask('release-prod', { creator: 'admin' });
  await h.sandbox.advance(600_000); await h.sandbox.settle();
  console.log(JSON.stringify(h.sandbox.task('release-prod', id)?.stages.map(s=>[s.name,s.status])));
  await show('inbox');
  await show(`approve release-prod ${id} lgtm`, { user: 'carol' });
  await show(`approve release-prod ${id} lgtm`);
  await show(`approve release-prod ${id} again`);
  await h.sandbox.advance(2000); await h.sandbox.settle();
  console.log(JSON.stringify(h.sandbox.task('release-prod', id)?.stages.map(s=>[s.name,s.status])));
  const lid = h.sandbox.startTask('lark-approval', { creator: 'admin' });
  await h.sandbox.advance(600_000); await h.sandbox.settle();
  await show(`approve lark-approval ${lid}`);
  await show(`run build-deploy --project payments`, { user: 'carol' });
  await show(`run build-deploy --project demo`, { user: 'dave' });
  await show(`run build-deploy --project demo mode=turbo`);
  await show(`run build-deploy --project demo mode=turbo`, {origin: 'form'});
  await show(`run release-prod`);
  await show(`status build-deploy --project demo --logs`);
  await show(`status flaky-build --logs`);
  await show(`cancel release-prod 1`);
  await show(`retry release-prod 1`);
  const un = h.sandbox.fault({ path: /.*/, kind: "500" }); await show("tasks hotfix --project demo"); un(); h.sandbox.fault({ path: /.*/, kind: "hang" }); await show("tasks hotfix --project demo");
} catch (e) { console.error(e) } finally { await h.close(); }
