import type * as z from 'zod/v4';
import { keysAt, listOptions, type Option } from './configSchema.js';

/**
 * Configuration that cannot be used: each problem is one line naming the environment variable or
 * config-file key, what it must be and what it was. `npm start` prints them and exits 1, no stack.
 */
export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.length === 1 ? `invalid configuration: ${problems[0]}` : `invalid configuration:\n- ${problems.join('\n- ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Where a value came from: the environment (with the variable each key was read from), a config file, or code (tests, `resolveConfig`). */
export type ConfigSource =
  | { kind: 'env'; variables: ReadonlyMap<string, { name: string; text: string }> }
  | { kind: 'file'; file: string }
  | { kind: 'code' };

const allOptions = listOptions();
const optionByEnv = new Map(allOptions.flatMap((option) => option.meta.env.map((name) => [name, option] as const)));

/** The name a message gives the option at `key`: its variable, its key in the file, or the key. */
export function nameIn(source: ConfigSource, key: string): string {
  if (source.kind === 'env') return source.variables.get(key)?.name ?? key;
  if (source.kind === 'file') return `"${key}" in ${source.file}`;
  return key;
}

/** One line per thing wrong, for the issues of parsing one source against `configSchema`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], source: ConfigSource): string[] {
  const lines = issues.flatMap((issue) => (issue.code === 'unrecognized_keys' ? unknownKeys(issue.path, issue.keys, source) : [describeIssue(issue, source)]));
  return [...new Set(lines)];
}

function describeIssue(issue: z.core.$ZodIssue, source: ConfigSource): string {
  const path = issue.path.map(String);
  const option = allOptions.find((candidate) => candidate.path.every((part, i) => path[i] === part));
  if (!option) return `${nameIn(source, path.join('.'))} must be an object of options`;
  const name = nameIn(source, option.key);
  if (path.length > option.path.length) {
    const inner = path.slice(option.path.length).map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`)).join('');
    return issue.code === 'custom' ? `${name}: ${issue.message}` : `${name}: ${inner.replace(/^\./, '')}: ${issue.message}`;
  }
  return `${name} must be ${option.meta.expected}${shown(issue, source, option)}`;
}

/** ", got <value>", unless the option is a secret. */
function shown(issue: z.core.$ZodIssue, source: ConfigSource, option: Option): string {
  if (option.meta.secret) return '';
  if (source.kind === 'env') return `, got ${JSON.stringify(source.variables.get(option.key)?.text ?? '')}`;
  return issue.input === undefined ? '' : `, got ${JSON.stringify(issue.input)}`;
}

/** A key the schema does not know; when it is a variable's name (`"SFU_PORT"` in the file), the key that means it. */
function unknownKeys(path: readonly PropertyKey[], keys: readonly string[], source: ConfigSource): string[] {
  const where = source.kind === 'file' ? `${source.file}: ` : '';
  const at = path.map(String).join('.');
  return keys.map((key) => {
    const full = at ? `${at}.${key}` : key;
    const meant = optionByEnv.get(key);
    if (meant) return `${where}"${full}" is an environment variable's name; the config file calls it "${meant.key}"${nesting(meant)}`;
    return `${where}unknown key "${full}" (known${at ? ` in "${at}"` : ''}: ${keysAt(path).join(', ')})`;
  });
}

/** `{"media": {"workers": ...}}` for a nested key, so where it goes is plain. */
function nesting(option: Option): string {
  if (option.path.length === 1) return '';
  return ` (${option.path.reduceRight((inner, part) => `{"${part}": ${inner}}`, '...')})`;
}
