/**
 * The shape of one entry of the command table. The table (command-table.ts) is the single source the
 * parser, the usage lines, the help text (en + zh) and the alias lookup are generated from, so adding a
 * command or a flag is a table edit, never a parser edit.
 */
import type { I18nText } from '../../notifications/message.js';

/** Help overview sections, in display order (see AREAS in command-table.ts). */
export type Area =
  | 'workflows'
  | 'approvals'
  | 'environments'
  | 'releases'
  | 'notifications'
  | 'insights'
  | 'account'
  | 'admin';

/**
 * How a positional argument is read.
 * - `name`: a key such as a workflow, env or service (`[A-Za-z0-9._-]+`, `*` when `allowStar`).
 * - `task-id`: a positive integer, `#42` accepted.
 * - `int`: an integer within `min..max`.
 * - `text`: any single word or quoted phrase.
 * - `choice`: one of `choices` (case-insensitive; `choiceAliases` map other words onto a choice).
 * - `pair`: `key=value` (set-var); the value goes to `valueField`.
 * - `rest`: every remaining positional word, joined with single spaces (comments, names).
 * - `image`: a container image reference by the Docker reference grammar (image-reference.ts).
 */
export type ArgKind = 'name' | 'task-id' | 'int' | 'text' | 'choice' | 'pair' | 'rest' | 'image';

export interface ArgSpec {
  /** Placeholder shown in the usage line: `<workflow>`. */
  name: string;
  /** Property of the intent that receives the value. */
  field: string;
  kind: ArgKind;
  required: boolean;
  /** What the argument is, for error messages: "the number of replicas". */
  label: I18nText;
  /** A plausible value, used to build "type this instead" hints. */
  example: string;
  allowStar?: boolean;
  /** `name` only: a leading `#` (or `＃`) is dropped, for things listed as `#12` (release plans). */
  allowHash?: boolean;
  min?: number;
  max?: number;
  choices?: readonly string[];
  choiceAliases?: Readonly<Record<string, string>>;
  /** For `pair`: the intent property that receives the value part. */
  valueField?: string;
  /** Never echo the value back (tokens). */
  sensitive?: boolean;
}

/**
 * How a flag is read: `string` one value, `int` a bounded integer, `bool` a switch (no value; `=false`
 * accepted), `list` comma-separated values (also `，` and `、`; repeatable), `map` `key=value` pairs
 * (repeatable; also comma-separated).
 */
export type FlagKind = 'string' | 'int' | 'bool' | 'list' | 'map';

export interface FlagSpec {
  /** Long name without dashes: `project`. */
  name: string;
  field: string;
  kind: FlagKind;
  /** One-letter short form without the dash: `p`. */
  short?: string;
  /** Other long names accepted: `prod` for `production`. */
  aliases?: readonly string[];
  /** Placeholder in usage: `P` in `--project P`. */
  valueName?: string;
  required?: boolean;
  /** For `string` values and `list` items: `name` restricts to `[A-Za-z0-9._-]+`; `text` accepts anything. */
  check?: 'name' | 'text';
  choices?: readonly string[];
  choiceAliases?: Readonly<Record<string, string>>;
  min?: number;
  max?: number;
  /** Default for `int` flags; the intent always carries the field then. */
  default?: number;
  example?: string;
  description: I18nText;
}

/** One command of the chat grammar. */
export interface CommandSpec {
  /** Canonical name; also the intent's `command`. */
  name: string;
  /** The words typed when they differ from `name` (`plan create` for `plan-create`). */
  words?: string;
  /** Other words that select the command, English and Chinese. */
  aliases: readonly string[];
  area: Area;
  args: readonly ArgSpec[];
  flags: readonly FlagSpec[];
  /** Accepts `name=value` pairs anywhere after the command word (collected into `params`). */
  params?: boolean;
  /** Changes state in Zadig (runs, approves, restarts...): needs the actor's own linked identity. */
  write: boolean;
  /** Changes this channel's bot settings (subscriptions, binding, digest) rather than Zadig. */
  channelSetting?: boolean;
  /** Not listed in the help overview (still parsed, still has `help <name>`). */
  hidden?: boolean;
  /** Parse as this other command when no positional argument is given (`plan` → `plans`). */
  withoutArgs?: string;
  /** Parse as this other command when positional arguments are given (`plans 12` → `plan 12`). */
  withArgs?: string;
  summary: I18nText;
  description: I18nText;
  examples: readonly string[];
}
