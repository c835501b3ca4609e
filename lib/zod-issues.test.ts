import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatIssues, formatPath, toIssues, type Issue } from './zod-issues';

describe('formatPath', () => {
  it.each([
    [[], ''],
    [['name'], 'name'],
    [['nodes', 3, 'props', 'threshold'], 'nodes[3].props.threshold'],
    [[0, 'id'], '[0].id'],
    [['edges', 0], 'edges[0]'],
    [['props', 'my key'], 'props["my key"]'],
    [['props', 'a.b'], 'props["a.b"]'],
    [['props', '0'], 'props["0"]'],
    [['props', ''], 'props[""]'],
    [['props', 'say "hi"'], 'props["say \\"hi\\""]'],
    [['weird-key', 'x'], '["weird-key"].x'],
    [['$ok', '_ok2'], '$ok._ok2'],
  ] as const)('%j → %s', (path, expected) => {
    expect(formatPath(path)).toBe(expected);
  });

  it('names a symbol key by its description', () => {
    expect(formatPath(['a', Symbol('s')])).toBe('a["Symbol(s)"]');
  });
});

describe('toIssues', () => {
  const rules = (schema: z.ZodType, value: unknown) => {
    const parsed = schema.safeParse(value);
    if (parsed.success) throw new Error('expected a failure');
    return toIssues(parsed.error).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
  };

  it('rewrites zod defaults into short rules with their path', () => {
    const schema = z.strictObject({
      ratio: z.number().max(1),
      count: z.int().min(2),
      strict: z.number().lt(5),
      label: z.string().min(3),
      tags: z.array(z.string()).max(1),
      mode: z.enum(['a', 'b']),
      kind: z.literal('x'),
    });
    expect(
      rules(schema, {
        ratio: 2,
        count: 1,
        strict: 5,
        label: 'ab',
        tags: ['a', 'b'],
        mode: 'c',
        kind: 'y',
        extra: 1,
      }),
    ).toEqual([
      'ratio: must be ≤ 1',
      'count: must be ≥ 2',
      'strict: must be < 5',
      'label: must be at least 3 characters long',
      'tags: must have at most 1 item',
      'mode: must be one of "a", "b"',
      'kind: must be "x"',
      'unknown field "extra"',
    ]);
  });

  it('says what type was expected and what came', () => {
    expect(rules(z.object({ n: z.number() }), { n: 'x' })).toEqual([
      'n: expected number, received string',
    ]);
  });

  it('keeps a message written in the schema', () => {
    expect(
      rules(z.object({ id: z.string().regex(/^a/, 'must start with a') }), { id: 'b' }),
    ).toEqual(['id: must start with a']);
  });

  it('prefixes the path it is given', () => {
    const parsed = z.object({ x: z.number() }).safeParse({ x: null });
    expect(parsed.success).toBe(false);
    expect(toIssues(parsed.error!, ['nodes', 2, 'props'])[0]!.path).toBe('nodes[2].props.x');
  });
});

describe('formatIssues', () => {
  const issues = (n: number): Issue[] =>
    Array.from({ length: n }, (_, i) => ({ path: `nodes[${i}].id`, message: 'bad' }));

  it('writes one `path: rule` line per issue, and the bare rule when there is no path', () => {
    expect(
      formatIssues([
        { path: 'name', message: 'must not be empty' },
        { path: '', message: 'not valid JSON' },
      ]),
    ).toBe('name: must not be empty\nnot valid JSON');
  });

  it('shows at most 10 lines by default, then how many more there are', () => {
    const lines = formatIssues(issues(25)).split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[9]).toBe('nodes[9].id: bad');
    expect(lines[10]).toBe('…and 15 more');
  });

  it('takes a custom limit and adds no count when everything fits', () => {
    expect(formatIssues(issues(3), 2).split('\n')).toEqual([
      'nodes[0].id: bad',
      'nodes[1].id: bad',
      '…and 1 more',
    ]);
    expect(formatIssues(issues(2), 2)).not.toContain('more');
  });
});
