/**
 * Turns zod issues into short, user-facing lines that name the path and the rule:
 * `nodes[3].props.threshold: must be ≤ 1`. Used by the API (error data) and the browser alike.
 */
import type { z } from 'zod';

export type Issue = { path: string; message: string };

/** `['nodes', 3, 'props', 'threshold']` → `nodes[3].props.threshold`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key))
      out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

function bound(issue: { inclusive?: boolean }, op: '≤' | '≥'): string {
  if (issue.inclusive === false) return op === '≤' ? '<' : '>';
  return op;
}

function sizeRule(origin: string, limit: number | bigint | Date, atLeast: boolean): string | null {
  const n = Number(limit);
  const word = atLeast ? 'at least' : 'at most';
  if (origin === 'string') return `must be ${word} ${n} character${n === 1 ? '' : 's'} long`;
  if (origin === 'array' || origin === 'set')
    return `must have ${word} ${n} item${n === 1 ? '' : 's'}`;
  return null;
}

/** The rule an issue broke, in plain words, without its path. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  // A message given in the schema says it best; zod's own defaults get rewritten below.
  if (!/^(Too (big|small)|Invalid|Unrecognized)/.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'too_big':
      return (
        sizeRule(issue.origin, issue.maximum, false) ??
        `must be ${bound(issue, '≤')} ${String(issue.maximum)}`
      );
    case 'too_small':
      return (
        sizeRule(issue.origin, issue.minimum, true) ??
        `must be ${bound(issue, '≥')} ${String(issue.minimum)}`
      );
    case 'invalid_type':
      return issue.message.replace(/^Invalid input: /, '');
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}`
        : `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return issue.format === 'regex'
        ? `must match ${issue.pattern ?? 'the pattern'}`
        : `must be a valid ${issue.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    default:
      return issue.message;
  }
}

export function toIssues(error: z.ZodError, prefix: readonly PropertyKey[] = []): Issue[] {
  return error.issues.map((issue) => ({
    path: formatPath([...prefix, ...issue.path]),
    message: describeIssue(issue),
  }));
}

/** One line per issue, `path: rule`; at most `limit` lines, then a count of the rest. */
export function formatIssues(issues: readonly Issue[], limit = 10): string {
  const lines = issues.slice(0, limit).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
  if (issues.length > limit) lines.push(`…and ${issues.length - limit} more`);
  return lines.join('\n');
}
