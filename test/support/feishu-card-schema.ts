/**
 * What Feishu accepts in a card JSON 2.0, as its docs list it: the properties each tag may carry (card
 * JSON 2.0 refuses any other one with error 200621, where 1.0 ignored it — 卡片 JSON 2.0 版本更新说明,
 * "属性校验变更"), the enum values we use, at most 200 components a card, and the 30 KB request
 * body (230025). FakeFeishuApi answers with these codes; the card tests assert no problem is found.
 *
 * Pages (open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/…):
 * - card-json-v2-structure (卡片 JSON 2.0 结构): schema, config, card_link, header, body
 * - card-json-v2-breaking-changes-release-notes: unknown properties are refused; update_multi only true
 * - card-json-v2-components/content-components/title (标题): header title/subtitle/template
 * - card-json-v2-components/content-components/plain-text (普通文本): plain_text and i18n_content
 * - card-json-v2-components/content-components/rich-text (富文本 markdown)
 * - card-json-v2-components/content-components/divider (分割线 hr)
 * - card-json-v2-components/content-components/image (图片 img: img_key from im/v1/images, alt required)
 * - card-json-v2-components/containers/column-set (分栏 column_set / column): horizontal_spacing is
 *   small | medium | large | extra_large | [0,99]px in 2.0 (1.0's `default` is gone)
 * - card-json-v2-components/containers/form-container (表单容器 form)
 * - card-json-v2-components/interactive-components/button (按钮)
 * - card-json-v2-components/interactive-components/input (输入框: `label` is an input property)
 * - card-json-v2-components/interactive-components/single-select-dropdown-menu (下拉选择-单选
 *   select_static: no `label`)
 * The same lists, compact: larksuite/cli skills/lark-im/references/card/components/*.md.
 */

/** Error Feishu answers for a card property (or value) card JSON 2.0 does not know. */
export const FEISHU_CARD_INVALID = 200621;
/** Error Feishu answers when the request body is over 30 KB. */
export const FEISHU_REQUEST_TOO_LARGE = 230025;
/** The request body limit of message create / reply / patch for a card. */
export const FEISHU_REQUEST_LIMIT = 30 * 1024;
/** Components a card may hold (every object with a `tag`, plain_text included). */
export const FEISHU_MAX_COMPONENTS = 200;

const COMMON = ['tag', 'element_id', 'margin'];
const PX = /^-?\d{1,2}px$/;

/** Properties per component tag (card JSON 2.0). */
export const CARD_TAGS: Record<string, { props: string[]; enums?: Record<string, (string | RegExp)[]> }> = {
  markdown: {
    props: [...COMMON, 'text_size', 'text_align', 'icon', 'content', 'i18n_content'],
    enums: {
      text_size: [
        'heading-0',
        'heading-1',
        'heading-2',
        'heading-3',
        'heading-4',
        'heading',
        'normal',
        'notation',
        'xxxx-large',
        'xxx-large',
        'xx-large',
        'x-large',
        'large',
        'medium',
        'small',
        'x-small',
      ],
      text_align: ['left', 'center', 'right'],
    },
  },
  hr: { props: COMMON },
  // card-json-v2-components/content-components/image (图片 img): 2.0 drops size stretch_without_padding.
  img: {
    props: [
      ...COMMON,
      'img_key',
      'alt',
      'title',
      'corner_radius',
      'scale_type',
      'size',
      'transparent',
      'preview',
    ],
    enums: {
      scale_type: ['crop_center', 'crop_top', 'fit_horizontal'],
      size: ['large', 'medium', 'small', 'tiny', 'stretch', /^\d{1,3}px \d{1,3}px$/],
    },
  },
  column_set: {
    props: [
      ...COMMON,
      'horizontal_spacing',
      'horizontal_align',
      'flex_mode',
      'background_style',
      'columns',
      'action',
    ],
    enums: {
      horizontal_spacing: ['small', 'medium', 'large', 'extra_large', PX],
      horizontal_align: ['left', 'center', 'right'],
      flex_mode: ['none', 'stretch', 'flow', 'bisect', 'trisect'],
    },
  },
  column: {
    props: [
      'tag',
      'element_id',
      'margin',
      'background_style',
      'width',
      'weight',
      'vertical_align',
      'vertical_spacing',
      'horizontal_align',
      'direction',
      'padding',
      'elements',
      'action',
    ],
    enums: { width: ['auto', 'weighted', /^\d{2,3}px$/], vertical_align: ['top', 'center', 'bottom'] },
  },
  form: {
    props: [
      ...COMMON,
      'name',
      'elements',
      'direction',
      'padding',
      'horizontal_spacing',
      'horizontal_align',
      'vertical_spacing',
      'vertical_align',
    ],
  },
  button: {
    props: [
      ...COMMON,
      'type',
      'size',
      'width',
      'text',
      'icon',
      'hover_tips',
      'disabled',
      'disabled_tips',
      'confirm',
      'behaviors',
      'form_action_type',
      'name',
    ],
    enums: {
      type: [
        'default',
        'primary',
        'danger',
        'text',
        'primary_text',
        'danger_text',
        'primary_filled',
        'danger_filled',
        'laser',
      ],
      form_action_type: ['submit', 'reset'],
    },
  },
  input: {
    props: [
      ...COMMON,
      'name',
      'required',
      'disabled',
      'placeholder',
      'default_value',
      'width',
      'max_length',
      'input_type',
      'show_icon',
      'rows',
      'auto_resize',
      'max_rows',
      'label',
      'label_position',
      'value',
      'behaviors',
      'confirm',
    ],
    enums: { input_type: ['text', 'multiline_text', 'password'], width: ['default', 'fill', /^\d{3,}px$/] },
  },
  select_static: {
    props: [
      ...COMMON,
      'type',
      'name',
      'required',
      'disabled',
      'placeholder',
      'width',
      'initial_option',
      'initial_index',
      'options',
      'behaviors',
      'confirm',
    ],
    enums: { type: ['default', 'text'], width: ['default', 'fill', /^\d{3,}px$/] },
  },
  plain_text: { props: ['tag', 'content', 'i18n_content', 'text_size', 'text_color', 'text_align', 'lines'] },
};

const CARD = ['schema', 'config', 'card_link', 'header', 'body'];
const CONFIG = [
  'streaming_mode',
  'streaming_config',
  'summary',
  'locales',
  'enable_forward',
  'update_multi',
  'width_mode',
  'use_custom_translation',
  'enable_forward_interaction',
  'style',
];
const HEADER = ['title', 'subtitle', 'text_tag_list', 'i18n_text_tag_list', 'template', 'icon', 'padding'];
const TEMPLATES = [
  'blue',
  'wathet',
  'turquoise',
  'green',
  'yellow',
  'orange',
  'red',
  'carmine',
  'violet',
  'purple',
  'indigo',
  'grey',
  'default',
];
const BODY = [
  'direction',
  'padding',
  'horizontal_spacing',
  'horizontal_align',
  'vertical_spacing',
  'vertical_align',
  'elements',
];
const OPTION = ['text', 'icon', 'value'];
const CONFIRM = ['title', 'text'];
const BEHAVIOR: Record<string, string[]> = {
  callback: ['type', 'value'],
  open_url: ['type', 'default_url', 'pc_url', 'ios_url', 'android_url'],
};
const LOCALES = /^[a-z]{2}_[a-z]{2}$/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function unknownProps(o: Obj, allowed: string[], at: string, out: string[]): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) out.push(`${at}: unknown property "${k}"`);
}

function text(v: unknown, at: string, out: string[]): void {
  if (!isObj(v) || v.tag !== 'plain_text') {
    out.push(`${at}: expected a plain_text object`);
    return;
  }
  unknownProps(v, CARD_TAGS.plain_text!.props, at, out);
  if (v.i18n_content !== undefined) {
    if (!isObj(v.i18n_content)) out.push(`${at}.i18n_content: expected an object`);
    else
      for (const k of Object.keys(v.i18n_content))
        if (!LOCALES.test(k)) out.push(`${at}.i18n_content: "${k}" is no locale`);
  }
}

function element(e: unknown, at: string, out: string[], inForm: boolean, root: boolean): void {
  if (!isObj(e) || typeof e.tag !== 'string') {
    out.push(`${at}: expected a component with a tag`);
    return;
  }
  const rule = CARD_TAGS[e.tag];
  if (!rule || e.tag === 'column' || e.tag === 'plain_text') {
    out.push(`${at}: component "${e.tag}" is not allowed here`);
    return;
  }
  unknownProps(e, rule.props, `${at}(${e.tag})`, out);
  for (const [k, allowed] of Object.entries(rule.enums ?? {})) {
    const v = e[k];
    if (v === undefined) continue;
    if (!allowed.some((a) => (typeof a === 'string' ? a === v : typeof v === 'string' && a.test(v))))
      out.push(`${at}(${e.tag}).${k}: "${String(v)}" is not a 2.0 value`);
  }
  const here = `${at}(${e.tag})`;
  for (const k of ['text', 'placeholder', 'label']) if (e[k] !== undefined) text(e[k], `${here}.${k}`, out);
  if (e.tag === 'img') {
    if (typeof e.img_key !== 'string' || e.alt === undefined) out.push(`${here}: img needs img_key and alt`);
    for (const k of ['alt', 'title']) if (e[k] !== undefined) text(e[k], `${here}.${k}`, out);
  }
  if (e.i18n_content !== undefined && !isObj(e.i18n_content))
    out.push(`${here}.i18n_content: expected an object`);
  if (e.confirm !== undefined) {
    if (!isObj(e.confirm)) out.push(`${here}.confirm: expected an object`);
    else {
      unknownProps(e.confirm, CONFIRM, `${here}.confirm`, out);
      text(e.confirm.title, `${here}.confirm.title`, out);
      text(e.confirm.text, `${here}.confirm.text`, out);
    }
  }
  if (e.behaviors !== undefined) {
    if (!Array.isArray(e.behaviors)) out.push(`${here}.behaviors: expected an array`);
    else
      e.behaviors.forEach((b, i) => {
        const allowed = isObj(b) && typeof b.type === 'string' ? BEHAVIOR[b.type] : undefined;
        if (!allowed || !isObj(b)) out.push(`${here}.behaviors[${i}]: unknown behavior`);
        else unknownProps(b, allowed, `${here}.behaviors[${i}]`, out);
      });
  }
  switch (e.tag) {
    case 'form':
      if (!root || inForm) out.push(`${here}: a form may only sit at the card's root`);
      if (typeof e.name !== 'string') out.push(`${here}: a form needs a name`);
      children(e.elements, `${here}.elements`, out, true);
      break;
    case 'column_set':
      if (!Array.isArray(e.columns)) out.push(`${here}.columns: expected an array`);
      else
        for (const [i, c] of e.columns.entries()) {
          const ca = `${here}.columns[${i}]`;
          if (!isObj(c) || c.tag !== 'column') {
            out.push(`${ca}: expected a column`);
            continue;
          }
          unknownProps(c, CARD_TAGS.column!.props, ca, out);
          const w = c.width;
          if (
            w !== undefined &&
            !CARD_TAGS.column!.enums!.width!.some((a) =>
              typeof a === 'string' ? a === w : typeof w === 'string' && a.test(w),
            )
          )
            out.push(`${ca}.width: "${String(w)}" is not a 2.0 value`);
          children(c.elements, `${ca}.elements`, out, inForm);
        }
      break;
    case 'select_static':
      if (!Array.isArray(e.options) || e.options.length === 0)
        out.push(`${here}.options: a select needs at least one option`);
      else
        for (const [i, o] of e.options.entries()) {
          if (!isObj(o)) {
            out.push(`${here}.options[${i}]: expected an object`);
            continue;
          }
          unknownProps(o, OPTION, `${here}.options[${i}]`, out);
          text(o.text, `${here}.options[${i}].text`, out);
          if (typeof o.value !== 'string') out.push(`${here}.options[${i}].value: expected a string`);
        }
      if (inForm && typeof e.name !== 'string') out.push(`${here}: a field in a form needs a name`);
      break;
    case 'input':
      if (inForm && typeof e.name !== 'string') out.push(`${here}: a field in a form needs a name`);
      break;
  }
}

function children(list: unknown, at: string, out: string[], inForm: boolean, root = false): void {
  if (list === undefined) return;
  if (!Array.isArray(list)) {
    out.push(`${at}: expected an array`);
    return;
  }
  for (const [i, e] of list.entries()) element(e, `${at}[${i}]`, out, inForm, root);
}

function countTags(v: unknown): number {
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + countTags(x), 0);
  if (!isObj(v)) return 0;
  return (typeof v.tag === 'string' ? 1 : 0) + Object.values(v).reduce((n: number, x) => n + countTags(x), 0);
}

/** Every reason Feishu would refuse this card as JSON 2.0 (empty when it would take it). */
export function cardProblems(card: unknown): string[] {
  const out: string[] = [];
  if (!isObj(card)) return ['card: expected an object'];
  unknownProps(card, CARD, 'card', out);
  if (card.schema !== '2.0') out.push('card.schema: expected "2.0"');
  if (card.config !== undefined) {
    if (!isObj(card.config)) out.push('card.config: expected an object');
    else {
      unknownProps(card.config, CONFIG, 'card.config', out);
      if (card.config.update_multi !== undefined && card.config.update_multi !== true)
        out.push('card.config.update_multi: 2.0 takes only true');
    }
  }
  if (card.header !== undefined) {
    if (!isObj(card.header)) out.push('card.header: expected an object');
    else {
      unknownProps(card.header, HEADER, 'card.header', out);
      text(card.header.title, 'card.header.title', out);
      if (card.header.template !== undefined && !TEMPLATES.includes(String(card.header.template)))
        out.push(`card.header.template: "${String(card.header.template)}" is not a color`);
    }
  }
  if (!isObj(card.body)) out.push('card.body: expected an object');
  else {
    unknownProps(card.body, BODY, 'card.body', out);
    children(card.body.elements, 'card.body.elements', out, false, true);
  }
  const n = countTags(card);
  if (n > FEISHU_MAX_COMPONENTS) out.push(`card: ${n} components, more than ${FEISHU_MAX_COMPONENTS}`);
  return out;
}
