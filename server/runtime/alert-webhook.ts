/**
 * `ALERT_WEBHOOK_URL`: every change of the emergency level is POSTed there as JSON, so the people
 * on call hear of a HALT even when nobody has Flowdeck open (a Slack or PagerDuty relay, say).
 *
 * Only the process that made the change posts it (the server for the UI, API and rules; the CLI
 * for itself), so a change is announced once however many processes follow it. A failed POST
 * (network error, timeout, 5xx, 429) is retried with backoff; a 4xx other than 429 is not (the
 * receiver will not change its mind). Posting never delays the change itself.
 */
import { hostname } from 'node:os';
import type { Logger } from '../logger';
import type { EmergencyLevel, EmergencyState } from './emergency';
import { backoffDelay, sleep } from './resilience/retry';

export type AlertPayload = {
  event: 'emergency_level_changed';
  level: EmergencyLevel;
  previousLevel: EmergencyLevel;
  reason: string;
  by: string;
  source: EmergencyState['source'];
  rule: string | null;
  at: string;
  /** The id of the audit row: a receiver can drop a repeated delivery by it. */
  id: number;
  host: string;
};

export type AlertWebhookOptions = {
  url: string;
  log: Logger;
  /** Attempts in all, the first included. */
  attempts?: number;
  backoffMs?: number;
  maxBackoffMs?: number;
  timeoutMs?: number;
};

export type AlertWebhook = {
  /**
   * Posts the change after those before it; resolves when it was delivered or every attempt
   * failed (never rejects).
   */
  notify(state: EmergencyState, previousLevel: EmergencyLevel): Promise<boolean>;
};

export function alertPayload(state: EmergencyState, previousLevel: EmergencyLevel): AlertPayload {
  return {
    event: 'emergency_level_changed',
    level: state.level,
    previousLevel,
    reason: state.reason,
    by: state.setBy,
    source: state.source,
    rule: state.rule,
    at: state.setAt.toISOString(),
    id: state.version,
    host: hostname(),
  };
}

class Permanent extends Error {}

export function createAlertWebhook(o: AlertWebhookOptions): AlertWebhook {
  const policy = {
    maxAttempts: o.attempts ?? 5,
    backoffMs: o.backoffMs ?? 500,
    factor: 2,
    maxBackoffMs: o.maxBackoffMs ?? 10_000,
  };
  const timeoutMs = o.timeoutMs ?? 5_000;
  const target = safeUrl(o.url);

  async function post(body: string) {
    const res = await fetch(o.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'flowdeck-alerts' },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel();
    if (res.ok) return;
    const message = `${target} answered ${res.status}`;
    if (res.status >= 400 && res.status < 500 && res.status !== 429) throw new Permanent(message);
    throw new Error(message);
  }

  /** One notice at a time, in the order of the changes: a relay must not end on a stale level. */
  let queue: Promise<unknown> = Promise.resolve();

  return {
    notify(state, previousLevel) {
      const delivered = queue.then(() => deliver(state, previousLevel));
      queue = delivered;
      return delivered;
    },
  };

  async function deliver(state: EmergencyState, previousLevel: EmergencyLevel) {
    const body = JSON.stringify(alertPayload(state, previousLevel));
    for (let attempt = 1; ; attempt++) {
      try {
        await post(body);
        o.log.info({ level: state.level, attempt, url: target }, 'emergency alert delivered');
        return true;
      } catch (err) {
        const last = err instanceof Permanent || attempt >= policy.maxAttempts;
        o.log.warn(
          { err, level: state.level, attempt, url: target },
          last ? 'emergency alert could not be delivered' : 'emergency alert failed; retrying',
        );
        if (last) return false;
        await sleep(backoffDelay(policy, attempt));
      }
    }
  }
}

/** The webhook from the environment, or null when `ALERT_WEBHOOK_URL` is not set. */
export function alertWebhookFromEnv(
  log: Logger,
  env: Record<string, string | undefined> = process.env,
): AlertWebhook | null {
  const url = env.ALERT_WEBHOOK_URL?.trim();
  if (!url) return null;
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
    throw new Error(`ALERT_WEBHOOK_URL: "${url}" is not an http(s) URL`);
  return createAlertWebhook({ url, log });
}

/** The URL without credentials or query, for log lines (a Slack hook's path is its secret too). */
function safeUrl(url: string) {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return 'the alert webhook';
  }
}
