import { describe, expect, it } from 'vitest';
import { runNodeForTest } from '../testing/run-node';
import log from './log';

describe('log', () => {
  it('writes the value to the log at info level by default, and passes it on unchanged', async () => {
    const value = { price: 101.5, pair: 'ETH-USD' };
    const { outputs, logs } = await runNodeForTest(log, { inputs: { in: value } });
    expect(outputs.out).toBe(value);
    expect(logs).toEqual([{ level: 'info', obj: { value }, msg: 'log node' }]);
  });

  it('writes its message at the chosen level', async () => {
    const { logs } = await runNodeForTest(log, {
      inputs: { in: 3 },
      props: { message: 'spread too wide', level: 'warn' },
    });
    expect(logs).toEqual([{ level: 'warn', obj: { value: 3 }, msg: 'spread too wide' }]);
  });

  it.each(['debug', 'info', 'warn', 'error'] as const)('logs at %s', async (level) => {
    const { logs } = await runNodeForTest(log, { inputs: { in: 'x' }, props: { level } });
    expect(logs.map((l) => l.level)).toEqual([level]);
  });

  it('fills in defaults from its schema', async () => {
    expect((await runNodeForTest(log)).props).toEqual({ message: '', level: 'info' });
  });

  it('refuses an unknown level and a message over 500 characters', async () => {
    await expect(runNodeForTest(log, { props: { level: 'fatal' as 'info' } })).rejects.toThrow(
      /level/,
    );
    await expect(runNodeForTest(log, { props: { message: 'x'.repeat(501) } })).rejects.toThrow(
      /message/,
    );
    await expect(
      runNodeForTest(log, { props: { message: 'x'.repeat(500) } }),
    ).resolves.toBeDefined();
  });

  it('logs and passes on nothing when nothing arrived', async () => {
    const { outputs, logs } = await runNodeForTest(log);
    expect(outputs).toEqual({ out: undefined });
    expect(logs).toHaveLength(1);
  });
});
