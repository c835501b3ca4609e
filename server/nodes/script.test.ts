import { describe, expect, it } from 'vitest';
import { propIssues } from '../testing/prop-issues';
import { runNodeForTest } from '../testing/run-node';
import script from './script';

type Limits = { timeoutMs?: number; memoryLimitMb?: number };
const run = (code: string, input?: unknown, limits: Limits = {}, trigger?: unknown) =>
  runNodeForTest(script, { inputs: { in: input }, props: { code, ...limits }, trigger });

describe('script', () => {
  it('returns a JSON value computed from the input and the trigger', async () => {
    const code =
      'const mid = (input.bid + input.ask) / 2;\nreturn { mid, mode: trigger.mode, at: [1, "x", null, true] };';
    const { outputs } = await run(code, { bid: 99, ask: 101 }, {}, { mode: 'paper' });
    expect(outputs).toEqual({ out: { mid: 100, mode: 'paper', at: [1, 'x', null, true] } });
  });

  it('passes the input on by default', async () => {
    expect((await runNodeForTest(script, { inputs: { in: { a: 1 } } })).outputs).toEqual({
      out: { a: 1 },
    });
  });

  it('produces nothing when the script returns nothing, and null when it returns null', async () => {
    expect((await run('if (input > 5) return input;', 3)).outputs).toEqual({});
    expect((await run('return null;', 3)).outputs).toEqual({ out: null });
  });

  it('sees undefined when no input arrived', async () => {
    expect((await run('return typeof input;')).outputs).toEqual({ out: 'undefined' });
  });

  it('writes console lines to the node log at their level', async () => {
    const { logs } = await run(
      'console.log("price", input.p, { a: 1 });\nconsole.warn("careful");\nreturn 1;',
      { p: 5 },
    );
    expect(logs).toEqual([
      { level: 'info', obj: { console: 'info' }, msg: 'price 5 {"a":1}' },
      { level: 'warn', obj: { console: 'warn' }, msg: 'careful' },
    ]);
  });

  it('keeps at most 100 console lines', async () => {
    const { logs } = await run('for (let i = 0; i < 500; i++) console.log(i);\nreturn 1;');
    expect(logs).toHaveLength(100);
    expect(logs[99]?.msg).toMatch(/console output stops here/);
  });

  it('reports a syntax error with its line and column', async () => {
    await expect(run('const a = 1;\nconst b = ;\nreturn a;')).rejects.toThrow(
      /^script: SyntaxError at line 2, column \d+: unexpected token in expression: ';'$/,
    );
  });

  it('reports a thrown error with its line and column', async () => {
    await expect(
      run('const x = 1;\n\nthrow new RangeError("size " + input.size + " too big");', { size: 9 }),
    ).rejects.toThrow(/^script: RangeError at line 3, column \d+: size 9 too big$/);
    await expect(run('return input.a.b;', {})).rejects.toThrow(
      /^script: TypeError at line 1, column \d+: cannot read property 'b' of undefined$/,
    );
  });

  it('reports a thrown value that is not an error', async () => {
    await expect(run('throw { reason: "no" };')).rejects.toThrow('script: threw {"reason":"no"}');
  });

  it('stops an endless loop at its time limit', async () => {
    const started = Date.now();
    await expect(
      run('let i = 0;\nfor (;;) { i = i + 1; if (i < 0) break; }', null, { timeoutMs: 100 }),
    ).rejects.toThrow(
      /^script: ran longer than its 100 ms limit \(timeoutMs\) at line 2, column \d+$/,
    );
    await expect(run('while (true) {}', null, { timeoutMs: 100 })).rejects.toThrow(
      /^script: ran longer than its 100 ms limit \(timeoutMs\)/,
    );
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('stops a script that needs more memory than its limit', async () => {
    const code = 'const a = [];\nwhile (true) { a.push("x".repeat(1000) + a.length); }';
    await expect(run(code, null, { memoryLimitMb: 4, timeoutMs: 10_000 })).rejects.toThrow(
      /^script: needed more than its 4 MB memory limit \(memoryLimitMb\)/,
    );
  });

  it('stops runaway recursion', async () => {
    await expect(run('function f(n) { return f(n + 1) + 1; }\nreturn f(0);')).rejects.toThrow(
      /^script: stack overflow/,
    );
  });

  it('keeps working after failures (each run gets a fresh sandbox)', async () => {
    await run('globalThis.leak = 1; throw new Error("x");').catch(() => undefined);
    await run('while (true) {}', null, { timeoutMs: 20 }).catch(() => undefined);
    await run('function f(n) { return f(n + 1) + 1; }\nreturn f(0);').catch(() => undefined);
    await run('return JSON.parse("[".repeat(100000));').catch(() => undefined);
    await run('const a = [];\nwhile (true) a.push(a.length);', null, { memoryLimitMb: 2 }).catch(
      () => undefined,
    );
    expect((await run('return typeof globalThis.leak;')).outputs).toEqual({ out: 'undefined' });
  });

  it('has no access to Node or the network', async () => {
    const { outputs } = await run(
      'return [typeof require, typeof process, typeof fetch, typeof setTimeout];',
    );
    expect(outputs).toEqual({ out: ['undefined', 'undefined', 'undefined', 'undefined'] });
  });

  it('fails clearly on a returned Promise or a value that is not JSON', async () => {
    await expect(run('return Promise.resolve(1);')).rejects.toThrow(/returned a Promise/);
    await expect(run('const a = {}; a.self = a; return a;')).rejects.toThrow(/^script: TypeError/);
  });

  it('does not start when its signal has already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    await expect(runNodeForTest(script, { signal: controller.signal })).rejects.toThrow(
      'cancelled',
    );
  });

  it('refuses limits out of range and empty code', () => {
    expect(propIssues(script, { timeoutMs: 30_001 })).toEqual(['timeoutMs: must be ≤ 30000']);
    expect(propIssues(script, { timeoutMs: 5 })).toEqual(['timeoutMs: must be ≥ 10']);
    expect(propIssues(script, { memoryLimitMb: 0 })).toEqual(['memoryLimitMb: must be ≥ 1']);
    expect(propIssues(script, { memoryLimitMb: 257 })).toEqual(['memoryLimitMb: must be ≤ 256']);
    expect(propIssues(script, { code: '' })).toEqual(['code: must be at least 1 character long']);
  });
});
