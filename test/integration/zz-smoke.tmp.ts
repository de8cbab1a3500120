import { createCoreHarness } from '../helpers/core-harness.js';
const h = await createCoreHarness();
const show = async (text: string, s = {}) => { const r = await h.say(text, s); console.log(`\n>>> ${text}\n${h.text(r)}${r.form ? '\nFORM ' + JSON.stringify(r.form) : ''}${r.watch ? '\nWATCH ' + JSON.stringify(r.watch) : ''}`); return r; };
try {
  await show('help');
  await show('projects');
  await show('workflows --project demo');
  await show('run build-deploy');
  await h.link('alice');
  await show('whoami');
  await show('run build-deploy');
  await show('run build-deploy --project demo');
  await show('run buld-deploy --project demo');
  await show('run release-prod');
  await show('tasks release-prod --project demo');
  await show('envs --project demo');
  await show('env dev --project demo');
  await show('restart backend --env dev --project demo');
  await show('restart backend --env prod --project demo');
  await show('logs backend --env dev --project demo --tail 5');
  await show('plans');
  await show('stats');
  await show('inbox');
  await show('audit');
} finally { await h.close(); }
