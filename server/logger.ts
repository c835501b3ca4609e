/**
 * The process logger: JSON lines through pino. Bind ids with `logger.child({ executionId })`.
 * `LOG_LEVEL` sets the level; tests default to `silent`.
 */
import { pino } from 'pino';

export type Logger = pino.Logger;

export const logger: Logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'),
  base: { service: 'flowdeck' },
});
