/**
 * Container image references and tags, checked with the Docker reference grammar before anything is
 * started (distribution/reference, the grammar Docker, containerd and Kubernetes share):
 *
 *   reference := name [ ":" tag ] [ "@" digest ]
 *   name      := [ host [ ":" port ] "/" ] path-component [ "/" path-component ]*   (at most 255 characters)
 *   host      := domain labels `[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?` joined by "." | "[" IPv6 "]"
 *   path-component := [a-z0-9]+ ( ( "." | "_" | "__" | "-"+ ) [a-z0-9]+ )*
 *   tag       := [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}
 *   digest    := algorithm ":" hex{32,}, algorithm := [A-Za-z][A-Za-z0-9]* ( [-_+.] [A-Za-z][A-Za-z0-9]* )*
 *
 * Written out here rather than taken from npm: the port there (@swimlane/docker-reference) keeps the
 * grammar's old `[-]*` separator, whose nested repetition backtracks exponentially (28 characters: 6.6 s),
 * and chat text is anyone's. Lengths are checked before any pattern, and every pattern here has one way
 * to match, so a 10,000-character line is answered at once.
 */
import { type I18nText, t } from '../../notifications/message.js';
import { show } from './parse-values.js';

const NAME_MAX = 255;
const TAG_MAX = 128;
/** Longer than any valid reference (name + tag + a sha512 digest); longer input is refused unread. */
const REFERENCE_MAX = NAME_MAX + 1 + TAG_MAX + 1 + 7 + 1 + 128;

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const IPV6_HOST = /^\[[0-9A-Fa-f:]+\]$/;
const PORT = /^[0-9]+$/;
const TAG_CHARS = /^[\w.-]+$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,}$/;
const REFERENCE_CHARS = /^[A-Za-z0-9._\-/:@[\]]+$/;

const EXAMPLE = 'registry.example.com/demo/backend:1.4.2';

/** Why a tag is not one (both languages), or undefined when it is valid. */
export function checkImageTag(tag: string): I18nText | undefined {
  if (tag === '') return t('The image tag is empty.', '镜像标签为空。');
  if (tag.length > TAG_MAX) {
    return t(
      `The image tag is ${tag.length} characters long; a tag has at most ${TAG_MAX}.`,
      `镜像标签长 ${tag.length} 个字符；标签最多 ${TAG_MAX} 个字符。`,
    );
  }
  if (!TAG_CHARS.test(tag)) {
    return t(
      `The image tag \`${show(tag)}\` may hold only letters, digits, \`_\`, \`.\` and \`-\` (e.g. \`1.4.2\`).`,
      `镜像标签 \`${show(tag)}\` 只能包含字母、数字、\`_\`、\`.\` 和 \`-\`（例如 \`1.4.2\`）。`,
    );
  }
  if (/^[.-]/.test(tag)) {
    return t(
      `The image tag \`${show(tag)}\` may not start with \`.\` or \`-\`.`,
      `镜像标签 \`${show(tag)}\` 不能以 \`.\` 或 \`-\` 开头。`,
    );
  }
  return undefined;
}

/** True when `host[:port]` is a registry host by the grammar. */
function isHost(part: string): boolean {
  const colon = part.startsWith('[') ? part.indexOf(':', part.indexOf(']')) : part.indexOf(':');
  const host = colon < 0 ? part : part.slice(0, colon);
  const port = colon < 0 ? undefined : part.slice(colon + 1);
  if (port !== undefined && !PORT.test(port)) return false;
  if (IPV6_HOST.test(host)) return true;
  return host.split('.').every((label) => DOMAIN_LABEL.test(label));
}

/** True when every `/` part is a path component, or the first a registry host and the rest components. */
function isName(name: string): boolean {
  const parts = name.split('/');
  if (parts.every((p) => PATH_COMPONENT.test(p))) return true;
  return parts.length > 1 && isHost(parts[0]!) && parts.slice(1).every((p) => PATH_COMPONENT.test(p));
}

/** Why `ref` is not an image reference (both languages), or undefined when it is one. */
export function checkImageReference(ref: string): I18nText | undefined {
  if (ref === '') {
    return t(`The image is empty: give it as \`${EXAMPLE}\`.`, `镜像为空：请写作 \`${EXAMPLE}\`。`);
  }
  if (ref.length > REFERENCE_MAX) {
    return t(
      `The image is ${ref.length} characters long; a name has at most ${NAME_MAX} and a tag at most ${TAG_MAX}.`,
      `镜像长 ${ref.length} 个字符；名称最多 ${NAME_MAX} 个字符，标签最多 ${TAG_MAX} 个字符。`,
    );
  }
  const at = ref.indexOf('@');
  const named = at < 0 ? ref : ref.slice(0, at);
  const digest = at < 0 ? undefined : ref.slice(at + 1);
  if (digest !== undefined && !DIGEST.test(digest)) {
    return t(
      `The image digest \`${show(digest)}\` is not one: write \`@sha256:\` and its 64 hex digits.`,
      `镜像摘要 \`${show(digest)}\` 无效：请写作 \`@sha256:\` 加 64 位十六进制数。`,
    );
  }
  const colon = named.lastIndexOf(':');
  const hasTag = colon > named.lastIndexOf('/') && !named.slice(0, colon + 1).endsWith(']:');
  const name = hasTag ? named.slice(0, colon) : named;
  if (hasTag) {
    const bad = checkImageTag(named.slice(colon + 1));
    if (bad) return bad;
  }
  if (name === '') {
    return t(
      `\`${show(ref)}\` has no image name before the tag: write \`${EXAMPLE}\`.`,
      `\`${show(ref)}\` 在标签前没有镜像名称：请写作 \`${EXAMPLE}\`。`,
    );
  }
  if (name.length > NAME_MAX) {
    return t(
      `The image name is ${name.length} characters long; a name has at most ${NAME_MAX}.`,
      `镜像名称长 ${name.length} 个字符；名称最多 ${NAME_MAX} 个字符。`,
    );
  }
  if (!REFERENCE_CHARS.test(name)) {
    return t(
      `\`${show(ref)}\` is not an image: an image name holds only letters, digits, \`.\`, \`_\`, \`-\`, \`/\` and \`:\` (no spaces), e.g. \`${EXAMPLE}\`.`,
      `\`${show(ref)}\` 不是镜像：镜像名称只能包含字母、数字、\`.\`、\`_\`、\`-\`、\`/\` 和 \`:\`（不能有空格），例如 \`${EXAMPLE}\`。`,
    );
  }
  if (isName(name)) return undefined;
  const parts = name.split('/');
  const path = parts.length > 1 && isHost(parts[0]!) ? parts.slice(1) : parts;
  if (path.some((p) => /[A-Z]/.test(p)) && isName(name.replace(/[A-Z]/g, (c) => c.toLowerCase()))) {
    return t(
      `The image's repository path must be lower-case (got \`${show(name)}\`); only the registry host may have capitals.`,
      `镜像的仓库路径必须是小写（收到的是 \`${show(name)}\`）；只有镜像仓库地址可以有大写字母。`,
    );
  }
  return t(
    `\`${show(name)}\` is not a valid image name: its parts are lower-case letters and digits joined by \`.\`, \`_\`, \`__\` or \`-\`, separated by \`/\`, after an optional registry host, e.g. \`${EXAMPLE}\`.`,
    `\`${show(name)}\` 不是有效的镜像名称：各段由小写字母和数字组成，可用 \`.\`、\`_\`、\`__\` 或 \`-\` 连接，段之间用 \`/\` 分隔，前面可加镜像仓库地址，例如 \`${EXAMPLE}\`。`,
  );
}

/**
 * Whether a workflow parameter carries an image tag or a whole image, judged by its name (`tag`,
 * `IMAGE_TAG`, `backend_tag`; `image`, `BASE_IMAGE`) or its description ("image tag", 镜像版本; "image",
 * 镜像). Zadig has no image type for parameters, so this is how a workflow says it.
 */
export function looksLikeImageParam(p: { name: string; description?: string }): 'tag' | 'image' | undefined {
  const name = p.name;
  const about = p.description ?? '';
  if (/^(?:image[_-]?)?tag$/i.test(name) || /[_-]tag$/i.test(name)) return 'tag';
  if (/\bimage[ _-]?tag\b/i.test(about) || /镜像\s*(?:tag|标签|版本)/i.test(about)) return 'tag';
  if (/^image$/i.test(name) || /[_-]image$/i.test(name)) return 'image';
  if (/\bimage\b/i.test(about) || /镜像/.test(about)) return 'image';
  return undefined;
}
