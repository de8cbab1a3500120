/**
 * The limits Slack documents for what the bot sends, checked the way Slack refuses them (`invalid_blocks`
 * for a message, `invalid_arguments` for a view). FakeSlackApi answers with these; the outbound shape test
 * asserts none is broken. The shapes themselves are type-checked against @slack/types in that test.
 *
 * Sources: docs.slack.dev/reference/block-kit/blocks (a message holds 50 blocks, a modal or Home tab 100;
 * section text 1–3000, 10 fields of ≤ 2000; header ≤ 150; context ≤ 10 elements; actions ≤ 25 elements;
 * block_id ≤ 255, unique), …/block-elements (button text ≤ 75, value ≤ 2000, url ≤ 3000, action_id ≤ 255;
 * static_select 1–100 options), …/composition-objects (option text ≤ 75, value ≤ 150; confirm title ≤ 100,
 * text ≤ 300, confirm/deny ≤ 30), …/reference/surfaces/views (title, submit, close ≤ 24; callback_id ≤ 255;
 * private_metadata ≤ 3000), docs.slack.dev/reference/methods/chat.postMessage (text is cut past 40,000;
 * the bot keeps 4,000). The same numbers are in @slack/types 3.2.0's JSDoc.
 */

type Obj = Record<string, any>;

/** Every limit `payload` (a message's `{text, blocks}` or a view) breaks; empty when Slack takes it. */
export function slackProblems(payload: Obj, surface: 'message' | 'modal' | 'home'): string[] {
  const out: string[] = [];
  const max = (v: unknown, n: number, at: string) => {
    if (typeof v === 'string' && v.length > n) out.push(`${at}: ${v.length} characters, more than ${n}`);
  };
  const text = (t: Obj | undefined, n: number, at: string, required = true) => {
    if (t === undefined) {
      if (required) out.push(`${at}: missing`);
      return;
    }
    if (typeof t.text !== 'string' || t.text.length === 0) out.push(`${at}: empty text`);
    max(t.text, n, at);
  };
  const confirm = (c: Obj | undefined, at: string) => {
    if (!c) return;
    text(c.title, 100, `${at}.title`);
    text(c.text, 300, `${at}.text`);
    text(c.confirm, 30, `${at}.confirm`);
    text(c.deny, 30, `${at}.deny`);
  };
  const actionIds = new Set<string>();
  const element = (e: Obj, at: string) => {
    max(e.action_id, 255, `${at}.action_id`);
    switch (e.type) {
      case 'button':
        text(e.text, 75, `${at}.text`);
        max(e.value, 2000, `${at}.value`);
        max(e.url, 3000, `${at}.url`);
        confirm(e.confirm, `${at}.confirm`);
        break;
      case 'static_select': {
        const options: Obj[] = e.options ?? [];
        if (options.length === 0 || options.length > 100)
          out.push(`${at}.options: ${options.length} options, 1–100 allowed`);
        options.forEach((o, i) => {
          text(o.text, 75, `${at}.options[${i}].text`);
          if (typeof o.value !== 'string' || o.value.length === 0)
            out.push(`${at}.options[${i}].value: empty`);
          max(o.value, 150, `${at}.options[${i}].value`);
        });
        if (e.initial_option && !options.some((o) => o.value === e.initial_option.value))
          out.push(`${at}.initial_option: not one of the options`);
        break;
      }
      case 'plain_text_input':
        max(e.initial_value, 3000, `${at}.initial_value`);
        break;
    }
  };
  const blocks: Obj[] = payload.blocks ?? [];
  const maxBlocks = surface === 'message' ? 50 : 100;
  if (blocks.length > maxBlocks) out.push(`blocks: ${blocks.length}, more than ${maxBlocks}`);
  const blockIds = new Set<string>();
  blocks.forEach((b, i) => {
    const at = `blocks[${i}](${b.type})`;
    if (b.block_id !== undefined) {
      max(b.block_id, 255, `${at}.block_id`);
      if (blockIds.has(b.block_id)) out.push(`${at}.block_id: "${b.block_id}" used twice`);
      blockIds.add(b.block_id);
    }
    switch (b.type) {
      case 'header':
        text(b.text, 150, `${at}.text`);
        break;
      case 'section': {
        if (b.text === undefined && !b.fields) out.push(`${at}: needs text or fields`);
        text(b.text, 3000, `${at}.text`, false);
        const fields: Obj[] = b.fields ?? [];
        if (fields.length > 10) out.push(`${at}.fields: ${fields.length}, more than 10`);
        for (const [j, f] of fields.entries()) text(f, 2000, `${at}.fields[${j}]`);
        if (b.accessory) element(b.accessory, `${at}.accessory`);
        break;
      }
      case 'context': {
        const els: Obj[] = b.elements ?? [];
        if (els.length === 0 || els.length > 10) out.push(`${at}.elements: ${els.length}, 1–10 allowed`);
        els.forEach((e, j) => {
          if (e.type !== 'image') text(e, 3000, `${at}.elements[${j}]`);
        });
        break;
      }
      case 'actions': {
        const els: Obj[] = b.elements ?? [];
        if (els.length === 0 || els.length > 25) out.push(`${at}.elements: ${els.length}, 1–25 allowed`);
        els.forEach((e, j) => {
          element(e, `${at}.elements[${j}]`);
          if (typeof e.action_id === 'string') {
            const key = `${b.block_id ?? i}/${e.action_id}`;
            if (actionIds.has(key)) out.push(`${at}.elements[${j}].action_id: "${e.action_id}" used twice`);
            actionIds.add(key);
          }
        });
        break;
      }
      case 'input':
        text(b.label, 2000, `${at}.label`);
        text(b.hint, 2000, `${at}.hint`, false);
        if (b.element) element(b.element, `${at}.element`);
        break;
    }
  });
  if (surface === 'message') {
    if (typeof payload.text === 'string') max(payload.text, 4000, 'text');
    if (blocks.length === 0 && !payload.text) out.push('text: a message without blocks needs text');
  } else {
    if (surface === 'modal') {
      text(payload.title, 24, 'title');
      text(payload.submit, 24, 'submit', false);
      text(payload.close, 24, 'close', false);
    }
    max(payload.callback_id, 255, 'callback_id');
    max(payload.private_metadata, 3000, 'private_metadata');
  }
  return out;
}
