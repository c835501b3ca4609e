import { Cron } from 'croner';
import { z } from 'zod';
import { defineNode } from './define-node';

/** Why a cron expression is unusable, or null: croner's own parser decides. */
export function cronProblem(expression: string): string | null {
  try {
    const job = new Cron(expression, { paused: true });
    const next = job.nextRun();
    job.stop();
    return next ? null : 'never matches a date';
  } catch (err) {
    return (err instanceof Error ? err.message : String(err)).replace(/^CronPattern: /, '');
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Starts the workflow on a cron schedule (croner syntax, optional seconds) while it is active. */
export default defineNode({
  type: 'cron-trigger',
  title: 'Cron Trigger',
  category: 'Triggers',
  description: 'Starts the workflow on a cron schedule while the workflow is active.',
  inputs: {},
  outputs: { out: 'json' },
  props: z.object({
    expression: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .superRefine((expression, ctx) => {
        const problem = expression ? cronProblem(expression) : null;
        if (problem)
          ctx.addIssue({ code: 'custom', message: `is not a valid cron expression: ${problem}` });
      })
      .default('*/5 * * * *')
      .meta({
        description:
          'When to run: 5 fields (minute hour day month weekday), 6 with seconds first, or @hourly, @daily…',
        widget: 'cron',
      }),
    timezone: z
      .string()
      .trim()
      .max(100)
      .refine(isTimeZone, 'must be an IANA time zone such as "Europe/Stockholm" or "UTC"')
      .optional()
      .meta({ description: "IANA time zone of the schedule; the server's zone when empty." }),
  }),
  sideEffects: false,
  trigger: 'cron',
  run({ trigger }) {
    return { out: trigger ?? {} };
  },
});
