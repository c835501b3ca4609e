import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  LIMITS,
  exportFileName,
  namingNodes,
  parseWorkflowJson,
  serializeWorkflow,
  unconnectedInputs,
  validateWorkflow,
  type NodeTypeCatalog,
  type Workflow,
  type WorkflowInput,
} from './workflow';

/** A catalog of its own, so the rules are tested apart from the real node types. */
const catalog: NodeTypeCatalog = {
  source: { inputs: {}, outputs: { out: 'json' } },
  gate: {
    inputs: { in: 'number' },
    outputs: { above: 'number', below: 'number' },
    props: z.object({
      threshold: z.number().min(0).max(1).default(0.5),
      mode: z.enum(['fast', 'safe']).default('safe'),
    }),
  },
  sink: { inputs: { in: 'any', extra: 'any' }, outputs: {} },
};

const node = (id: string, type = 'sink', props?: Record<string, unknown>) => ({
  id,
  type,
  name: `Node ${id}`,
  position: { x: 0, y: 0 },
  ...(props && { props }),
});
const edge = (
  id: string,
  source: string,
  sourceHandle: string,
  target: string,
  targetHandle = 'in',
) => ({
  id,
  source,
  sourceHandle,
  target,
  targetHandle,
});

/** source → gate → sink, a small valid workflow. */
const sample = (): WorkflowInput => ({
  id: 'wf_sample',
  name: 'Spread watcher',
  nodes: [node('src', 'source'), node('gate', 'gate', { threshold: 0.2 }), node('out', 'sink')],
  edges: [edge('e1', 'src', 'out', 'gate'), edge('e2', 'gate', 'above', 'out')],
});

/** The messages of a failed validation, one `path: rule` string each. */
function failures(value: unknown, withCatalog: NodeTypeCatalog | null = catalog): string[] {
  const result = validateWorkflow(value, withCatalog ?? undefined);
  if (result.ok) throw new Error('expected the workflow to be rejected');
  expect(result.message).toBe(
    namingNodes(result.issues, value)
      .slice(0, 10)
      .map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))
      .concat(result.issues.length > 10 ? [`…and ${result.issues.length - 10} more`] : [])
      .join('\n'),
  );
  return result.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
}

function valid(value: unknown, withCatalog: NodeTypeCatalog | null = catalog): Workflow {
  const result = validateWorkflow(value, withCatalog ?? undefined);
  if (!result.ok) throw new Error(`expected a valid workflow, got:\n${result.message}`);
  return result.workflow;
}

describe('workflow schema', () => {
  it('accepts a valid workflow and fills in the defaults', () => {
    const wf = valid({
      id: 'wf_1',
      name: '  Minimal  ',
      nodes: [{ id: 'a', type: 'sink', name: 'A', position: { x: 1, y: 2 } }],
    });
    expect(wf).toEqual({
      id: 'wf_1',
      name: 'Minimal',
      description: '',
      version: 1,
      nodes: [{ id: 'a', type: 'sink', name: 'A', position: { x: 1, y: 2 }, props: {} }],
      edges: [],
      settings: {},
    });
  });

  it('accepts the optional node and workflow settings', () => {
    const wf = valid({
      ...sample(),
      nodes: [
        {
          ...node('src', 'source'),
          disabled: true,
          retry: { maxAttempts: 3, backoffMs: 100, factor: 2, maxBackoffMs: 1000 },
          timeoutMs: 5000,
        },
      ],
      edges: [],
      settings: { concurrency: 'queue', timeoutMs: 60_000 },
    });
    expect(wf.nodes[0]!.retry).toEqual({
      maxAttempts: 3,
      backoffMs: 100,
      factor: 2,
      maxBackoffMs: 1000,
    });
    expect(wf.settings).toEqual({ concurrency: 'queue', timeoutMs: 60_000 });
  });

  it('names the path and the rule of each broken field', () => {
    const nodes = [node('a'), node('b'), node('c'), node('d', 'gate', { threshold: 3 })];
    expect(failures({ ...sample(), nodes, edges: [] })).toEqual([
      'nodes[3].props.threshold: must be ≤ 1',
    ]);
    nodes[3] = node('d', 'gate', { threshold: -0.5 });
    expect(failures({ ...sample(), nodes, edges: [] })).toEqual([
      'nodes[3].props.threshold: must be ≥ 0',
    ]);
  });

  it.each([
    ['a number that is too big', { version: 0 }, 'version: must be ≥ 1'],
    [
      'a fraction where an integer is due',
      { version: 1.5 },
      'version: expected int, received number',
    ],
    ['a wrong type', { name: 42 }, 'name: expected string, received number'],
    ['an empty name', { name: '   ' }, 'name: must be at least 1 character long'],
    [
      'a name that is too long',
      { name: 'x'.repeat(201) },
      'name: must be at most 200 characters long',
    ],
    ['an unknown field', { foo: 1 }, 'unknown field "foo"'],
    [
      'a bad enum value',
      { settings: { concurrency: 'sometimes' } },
      'settings.concurrency: must be one of "parallel", "skip", "queue"',
    ],
    ['bad id characters', { id: 'wf 1/../x' }, 'id: may use only letters, digits and _ . : -'],
    [
      'a NUL character',
      { name: 'a\u0000b' },
      'name: must not contain NUL characters or broken Unicode (unpaired surrogates)',
    ],
  ])('rejects %s', (_, patch, message) => {
    expect(failures({ ...sample(), ...patch })).toEqual([message]);
  });

  it('reports a node field by index', () => {
    const nodes = [
      node('a'),
      { ...node('b'), colour: 'red' },
      { ...node('c'), type: 'Not_Kebab' },
      { ...node('d'), position: { x: 'left', y: 0 } },
    ];
    expect(failures({ ...sample(), nodes, edges: [] }, null)).toEqual([
      'nodes[1]: unknown field "colour"',
      'nodes[2].type: must be a kebab-case node type key',
      'nodes[3].position.x: expected number, received string',
    ]);
  });

  it('rejects duplicate node ids and duplicate edge ids, naming the first one', () => {
    const wf = sample();
    wf.nodes!.push(node('gate'));
    wf.edges!.push(edge('e1', 'src', 'out', 'out', 'extra'));
    expect(failures(wf)).toEqual([
      'nodes[3].id: duplicate node id "gate" (also nodes[1])',
      'edges[2].id: duplicate edge id "e1" (also edges[0])',
    ]);
  });

  it('rejects edges to missing nodes at either end', () => {
    const wf = sample();
    wf.edges!.push(edge('e3', 'ghost', 'out', 'out'), edge('e4', 'src', 'out', 'nowhere'));
    expect(failures(wf)).toEqual([
      'edges[2].source: points at missing node "ghost"',
      'edges[3].target: points at missing node "nowhere"',
    ]);
  });

  it('with a catalog, rejects edges to ports the node does not have and lists the ports it has', () => {
    const wf = sample();
    wf.edges = [edge('e1', 'src', 'result', 'gate'), edge('e2', 'gate', 'above', 'out', 'side')];
    expect(failures(wf)).toEqual([
      'edges[0].sourceHandle: node "src" (source) has no output port "result"; it has "out"',
      'edges[1].targetHandle: node "out" (sink) has no input port "side"; it has "in", "extra"',
    ]);
    wf.edges = [edge('e1', 'gate', 'above', 'src', 'in')];
    expect(failures(wf)).toEqual([
      'edges[0].targetHandle: node "src" (source) has no input port "in"; it has none',
    ]);
  });

  it('does not take inherited object keys for node types or ports', () => {
    const wf = {
      ...sample(),
      nodes: [node('a', 'constructor'), node('b', 'source'), node('c')],
      edges: [edge('e1', 'b', 'toString', 'c', 'constructor'), edge('e2', 'b', 'out', 'a')],
    };
    expect(failures(wf)).toEqual([
      'nodes[0].type: unknown node type "constructor" (node "a")',
      'edges[0].sourceHandle: node "b" (source) has no output port "toString"; it has "out"',
      'edges[0].targetHandle: node "c" (sink) has no input port "constructor"; it has "in", "extra"',
    ]);
  });

  it('without a catalog, does not judge ports or node types', () => {
    const wf = {
      ...sample(),
      nodes: [node('a', 'anything'), node('b', 'whatever')],
      edges: [edge('e', 'a', 'x', 'b', 'y')],
    };
    expect(valid(wf, null).edges).toHaveLength(1);
  });

  it('rejects two edges joining the same ports', () => {
    const wf = sample();
    wf.edges!.push(edge('e3', 'gate', 'above', 'out'));
    expect(failures(wf)).toEqual(['edges[2]: duplicates another edge from "gate" to "out"']);
  });

  it('rejects a cycle and shows its path', () => {
    const wf = sample();
    wf.nodes!.push(node('loop', 'gate'));
    wf.edges!.push(edge('e3', 'gate', 'below', 'loop'), edge('e4', 'loop', 'above', 'gate'));
    expect(failures(wf)).toEqual(['edges: form a cycle: "gate" → "loop" → "gate"']);
  });

  it('with a catalog, rejects unknown node types', () => {
    const wf = { ...sample(), nodes: [node('a', 'teleport')], edges: [] };
    expect(failures(wf)).toEqual(['nodes[0].type: unknown node type "teleport" (node "a")']);
  });

  it('names the node by its id in the message, for API clients', () => {
    const wf = {
      ...sample(),
      nodes: [node('src', 'source'), node('g', 'gate', { threshold: 'high' })],
      edges: [],
    };
    const result = validateWorkflow(wf, catalog);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toBe(
      'nodes[1].props.threshold (node "g"): expected number, received string',
    );
    // The structured issues keep the bare path, which the editor maps back to its node.
    expect(result.issues).toEqual([
      { path: 'nodes[1].props.threshold', message: 'expected number, received string' },
    ]);
  });

  it('with a catalog, checks props against the type schema', () => {
    const wf = {
      ...sample(),
      nodes: [node('src', 'source'), node('g', 'gate', { threshold: 'high', mode: 'turbo' })],
      edges: [],
    };
    expect(failures(wf)).toEqual([
      'nodes[1].props.threshold: expected number, received string',
      'nodes[1].props.mode: must be one of "fast", "safe"',
    ]);
  });

  it('with a catalog, reports a misspelt prop instead of dropping it for its default', () => {
    const wf = { ...sample(), nodes: [node('g', 'gate', { treshold: 0.9 })], edges: [] };
    expect(failures(wf)).toEqual(['nodes[0].props: unknown field "treshold"']);
  });

  it('keeps props as given (defaults are applied when the node runs)', () => {
    expect(valid(sample()).nodes[1]!.props).toEqual({ threshold: 0.2 });
  });
});

describe('unconnectedInputs', () => {
  /** A sink that needs `extra` only when its props say so. */
  const needing: NodeTypeCatalog = {
    ...catalog,
    sink: {
      ...catalog.sink!,
      props: z.object({ strict: z.boolean().default(false) }),
      requiredInputs: ((props: { strict: boolean }) =>
        props.strict ? ['in', 'extra'] : ['in']) as (props: never) => readonly string[],
    },
  };
  const wf = (sinkProps: Record<string, unknown>, extra: { disabled?: boolean } = {}) =>
    valid(
      {
        ...sample(),
        nodes: [
          node('src', 'source'),
          node('gate', 'gate', { threshold: 0.2 }),
          { ...node('out', 'sink', sinkProps), ...extra },
        ],
      },
      needing,
    );

  it('names each input a node needs that no edge feeds, by its props', () => {
    expect(unconnectedInputs(wf({}), needing)).toEqual([]);
    expect(unconnectedInputs(wf({ strict: true }), needing)).toEqual([
      { path: 'nodes[2].inputs.extra', message: 'must be connected (sink needs it)' },
    ]);
  });

  it('asks nothing of a disabled node, which never runs', () => {
    expect(unconnectedInputs(wf({ strict: true }, { disabled: true }), needing)).toEqual([]);
  });
});

describe('hostile input', () => {
  const withProps = (props: unknown) => ({
    ...sample(),
    nodes: [{ ...node('a'), props }],
    edges: [],
  });

  it('rejects __proto__, constructor and prototype keys in props, at any depth', () => {
    const props = JSON.parse(
      '{"__proto__": {"polluted": true}, "constructor": 1, "inner": [{"prototype": 2}]}',
    ) as unknown;
    expect(failures(withProps(props))).toEqual([
      'nodes[0].props.__proto__: is a reserved key',
      'nodes[0].props.constructor: is a reserved key',
      'nodes[0].props.inner[0].prototype: is a reserved key',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it(`accepts props nested ${LIMITS.propsDepth} levels deep and rejects one level more`, () => {
    const nest = (levels: number): unknown => {
      let value: unknown = 'leaf';
      for (let i = 0; i < levels; i++) value = { d: value };
      return value;
    };
    expect(valid(withProps(nest(LIMITS.propsDepth))).nodes).toHaveLength(1);
    expect(valid(withProps({ list: nest(LIMITS.propsDepth - 1) })).nodes).toHaveLength(1);
    const messages = failures(withProps(nest(LIMITS.propsDepth + 1)));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(
      new RegExp(
        `^nodes\\[0\\]\\.props(\\.d)+: must nest at most ${LIMITS.propsDepth} levels deep$`,
      ),
    );
  });

  it('rejects a very deep structure quickly, without a stack overflow', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(failures(withProps({ deep }))).toHaveLength(1);
  });

  it(`rejects more than ${LIMITS.nodes} nodes, naming the limit`, () => {
    const nodes = Array.from({ length: LIMITS.nodes + 1 }, (_, i) => node(`n${i}`));
    expect(failures({ ...sample(), nodes, edges: [] })).toEqual([
      `nodes: must have at most ${LIMITS.nodes} items`,
    ]);
  });

  it('accepts exactly the node limit', () => {
    const nodes = Array.from({ length: LIMITS.nodes }, (_, i) => node(`n${i}`));
    expect(valid({ ...sample(), nodes, edges: [] }).nodes).toHaveLength(LIMITS.nodes);
  });

  it('rejects NaN and Infinity in props and positions', () => {
    expect(failures(withProps({ a: Number.NaN, list: [1, Number.POSITIVE_INFINITY] }))).toEqual([
      'nodes[0].props.a: must be a finite number',
      'nodes[0].props.list[1]: must be a finite number',
    ]);
    const nodes = [{ ...node('a'), position: { x: Number.NaN, y: Number.NEGATIVE_INFINITY } }];
    expect(failures({ ...sample(), nodes, edges: [] })).toEqual([
      'nodes[0].position.x: expected number, received NaN',
      'nodes[0].position.y: expected number, received -Infinity',
    ]);
  });

  it('rejects values that are not JSON (superjson can send Dates, bigints, Maps)', () => {
    expect(failures(withProps({ when: new Date(0), big: 10n, map: new Map() }))).toEqual([
      'nodes[0].props.when: must be plain JSON: a string, number, boolean, null, array or object',
      'nodes[0].props.big: must be plain JSON: a string, number, boolean, null, array or object',
      'nodes[0].props.map: must be plain JSON: a string, number, boolean, null, array or object',
    ]);
  });

  it('rejects props that are not an object', () => {
    expect(failures(withProps([1, 2]))).toEqual(['nodes[0].props: expected an object']);
    expect(failures(withProps('x'))).toEqual(['nodes[0].props: expected an object']);
  });

  it('rejects text Postgres cannot store (NUL, unpaired surrogates) in names and props', () => {
    const nodes = [
      { ...node('a'), name: 'bad\ud800', props: { note: 'nul\u0000', ['k\u0000']: 1 } },
    ];
    expect(failures({ ...sample(), nodes, edges: [] })).toEqual([
      'nodes[0].name: must not contain NUL characters or broken Unicode (unpaired surrogates)',
      'nodes[0].props.note: must not contain NUL characters or broken Unicode (unpaired surrogates)',
      'nodes[0].props["k\\u0000"]: key must not contain NUL characters or broken Unicode (unpaired surrogates)',
    ]);
    expect(valid({ ...sample(), name: 'Emoji 🚀 ok' }).name).toBe('Emoji 🚀 ok');
  });

  it('stops listing after 10 issues and says how many more there are', () => {
    const nodes = Array.from({ length: 15 }, (_, i) => ({ ...node(`n${i}`), type: 'BAD' }));
    const result = validateWorkflow({ ...sample(), nodes, edges: [] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(15);
    expect(result.message.split('\n').at(-1)).toBe('…and 5 more');
  });
});

describe('parseWorkflowJson', () => {
  it('parses and validates JSON text', () => {
    const result = parseWorkflowJson(JSON.stringify(sample()), catalog);
    expect(result.ok && result.workflow.nodes.map((n) => n.id)).toEqual(['src', 'gate', 'out']);
  });

  it.each([
    ['{\n  "id": "w",\n  "name": }', 3, 11],
    ['{\n  "id": "w",\n  "nodes": [1, 2,]\n}', 3, 18],
    ['{"id": "w", "name": "unterminated', 1, 34],
    ['', 1, 1],
    ['{"a": 1} trailing', 1, 10],
    ["{'single': 1}", 1, 2],
  ])('says the text is not valid JSON and where: %j', (text, line, column) => {
    const result = parseWorkflowJson(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(
      new RegExp(`^not valid JSON at line ${line}, column ${column}: .+`),
    );
    expect(result.issues).toEqual([{ path: '', message: result.message }]);
  });

  it('rejects text over the size limit, naming both sizes in MB', () => {
    const result = parseWorkflowJson(' '.repeat(LIMITS.jsonChars + 500_000));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toBe(`file is 2.5 MB; the limit is ${LIMITS.jsonChars / 1e6} MB`);
  });

  it('reports schema issues of well-formed JSON with their paths', () => {
    const result = parseWorkflowJson(JSON.stringify({ ...sample(), id: '' }), catalog);
    expect(!result.ok && result.message).toBe(
      'id: must be at least 1 character long\nid: may use only letters, digits and _ . : -',
    );
  });
});

describe('serializeWorkflow', () => {
  const rich = (): WorkflowInput => ({
    id: 'wf_rich',
    name: 'Rich',
    description: 'All the parts',
    version: 4,
    nodes: [
      {
        id: 'a',
        type: 'gate',
        name: 'A',
        position: { x: 10, y: -5.5 },
        props: { threshold: 0.3, mode: 'fast' },
        disabled: false,
        retry: { maxAttempts: 2, backoffMs: 10, factor: 1.5, maxBackoffMs: 100 },
        timeoutMs: 1000,
      },
      node('b', 'sink', { zeta: { y: [3, { b: 1, a: 2 }], x: null }, alpha: 'first', Mid: true }),
    ],
    edges: [edge('e1', 'a', 'above', 'b')],
    settings: { timeoutMs: 5000, concurrency: 'skip' },
  });

  /** The same value with every object's keys in reverse order, props included. */
  function reverseKeys(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(reverseKeys);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reverseKeys(v)]),
    );
  }

  it('writes the same text whatever the key order of the input', () => {
    const a = serializeWorkflow(valid(rich()));
    const b = serializeWorkflow(valid(reverseKeys(rich())));
    expect(JSON.stringify(reverseKeys(rich()))).not.toBe(JSON.stringify(rich()));
    expect(b).toBe(a);
  });

  it('uses schema order for the workflow and sorted keys inside props', () => {
    const text = serializeWorkflow(valid(rich()));
    const parsed = JSON.parse(text) as Workflow;
    expect(Object.keys(parsed)).toEqual([
      'id',
      'name',
      'description',
      'version',
      'nodes',
      'edges',
      'settings',
    ]);
    expect(Object.keys(parsed.nodes[0]!)).toEqual([
      'id',
      'type',
      'name',
      'position',
      'props',
      'disabled',
      'retry',
      'timeoutMs',
    ]);
    expect(Object.keys(parsed.nodes[0]!.retry!)).toEqual([
      'maxAttempts',
      'backoffMs',
      'factor',
      'maxBackoffMs',
    ]);
    expect(Object.keys(parsed.edges[0]!)).toEqual([
      'id',
      'source',
      'sourceHandle',
      'target',
      'targetHandle',
    ]);
    expect(Object.keys(parsed.settings)).toEqual(['concurrency', 'timeoutMs']);
    const props = parsed.nodes[1]!.props as { zeta: { y: [number, object] } };
    expect(Object.keys(props)).toEqual(['Mid', 'alpha', 'zeta']);
    expect(Object.keys(props.zeta)).toEqual(['x', 'y']);
    expect(Object.keys(props.zeta.y[1])).toEqual(['a', 'b']);
  });

  it('indents with two spaces and ends with a newline', () => {
    const text = serializeWorkflow(valid({ id: 'w', name: 'N' }));
    expect(text).toBe(
      '{\n  "id": "w",\n  "name": "N",\n  "description": "",\n  "version": 1,\n  "nodes": [],\n  "edges": [],\n  "settings": {}\n}\n',
    );
  });

  it('round-trips: serialize(parse(serialize(x))) === serialize(x)', () => {
    const once = serializeWorkflow(valid(rich()));
    const reparsed = parseWorkflowJson(once, catalog);
    expect(reparsed.ok).toBe(true);
    if (!reparsed.ok) return;
    expect(serializeWorkflow(reparsed.workflow)).toBe(once);
  });
});

describe('exportFileName', () => {
  it.each([
    [{ id: 'wf_1', name: 'BTC / ETH spread — v2!' }, 'btc-eth-spread-v2.flowdeck.json'],
    [{ id: 'wf_1', name: '  ' }, 'wf_1.flowdeck.json'],
    [{ id: 'wf_2', name: 'Арбитраж' }, 'wf_2.flowdeck.json'],
  ])('%j → %s', (wf, expected) => {
    expect(exportFileName(wf)).toBe(expected);
  });
});
