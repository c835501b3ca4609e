import { describe, expect, it } from 'vitest';
import { propIssues } from '../testing/prop-issues';
import { runNodeForTest } from '../testing/run-node';
import cronTrigger from './cron-trigger';

describe('cron-trigger', () => {
  it('passes the tick payload on through "out", or an empty object', async () => {
    const trigger = { scheduledAt: '2026-01-01T00:00:00.000Z' };
    expect((await runNodeForTest(cronTrigger, { trigger })).outputs).toEqual({ out: trigger });
    expect((await runNodeForTest(cronTrigger)).outputs).toEqual({ out: {} });
  });

  it('is a cron trigger without side effects, every five minutes by default', async () => {
    expect(cronTrigger.trigger).toBe('cron');
    expect(cronTrigger.sideEffects).toBe(false);
    expect((await runNodeForTest(cronTrigger)).props).toEqual({ expression: '*/5 * * * *' });
  });

  it.each(['0 9 * * 1-5', '*/10 * * * * *', '@hourly', '0 0 L * *', '0 0 0 1 1 * 2099'])(
    'accepts %s',
    (expression) => {
      expect(propIssues(cronTrigger, { expression })).toEqual([]);
    },
  );

  it.each([
    ['61 * * * *', 'expression: is not a valid cron expression: Invalid value for minute: 61'],
    ['every day', 'expression: is not a valid cron expression: invalid configuration format'],
    ['* * *', 'exactly five, six, or seven space separated parts are required'],
    ['0 0 30 2 *', 'expression: is not a valid cron expression: never matches a date'],
    ['', 'expression: must be at least 1 character long'],
  ])('refuses %j with a clear rule', (expression, message) => {
    const issues = propIssues(cronTrigger, { expression });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toContain(message);
  });

  it('accepts an IANA time zone and refuses an unknown one', () => {
    expect(
      propIssues(cronTrigger, { expression: '0 9 * * *', timezone: 'Europe/Stockholm' }),
    ).toEqual([]);
    expect(propIssues(cronTrigger, { expression: '0 9 * * *', timezone: 'UTC' })).toEqual([]);
    expect(propIssues(cronTrigger, { timezone: 'Mars/Olympus' })).toEqual([
      'timezone: must be an IANA time zone such as "Europe/Stockholm" or "UTC"',
    ]);
  });
});
