/**
 * Reads a Postgres URL the way libpq does, for postgres.js. libpq takes the server from the
 * query string too (`postgres://user@/db?host=/var/run/postgresql`, `?port=5433`), or a socket
 * directory percent-encoded as the host (`postgres://%2Fvar%2Frun%2Fpostgresql/db`); postgres.js
 * would send `host` and `port` on to the server as settings ("unrecognized configuration
 * parameter") and cannot parse an empty host after a user name at all.
 *
 * Every `postgres(…)` of a configured URL goes through `postgresTarget`, and so does every URL
 * made from one for another database (tests' and benches' scratch databases): it must not parse
 * URLs a second way.
 */

import { existsSync } from 'node:fs';
import path from 'node:path';

export type PostgresTarget = {
  /**
   * The URL, parsed; an empty host reads as `localhost`, with `?host=` saying where libpq would
   * go instead (PGHOST, or the local server's socket directory) when there is such a place.
   * Change its path for another database on the same server: `toString()` gives a URL of the
   * same kind, which `postgresTarget` reads again.
   */
  url: URL;
  /** For postgres.js: the URL without `host` and `port` in its query string… */
  clientUrl: string;
  /**
   * …and these postgres.js options: `host` is a host name or a socket directory (postgres.js
   * connects to `<host>/.s.PGSQL.<port>` when it holds a `/`), `port` the query string's.
   */
  clientOptions: { host?: string; port?: number };
};

const INVALID =
  'DATABASE_URL is not a Postgres URL: expected postgres://user:password@host:5432/database, ' +
  'or postgres://user@/database?host=/var/run/postgresql for a Unix socket';

/** `scheme://[user@]` followed by an empty host, which WHATWG URL refuses after a user. */
const EMPTY_HOST = /^(postgres(?:ql)?:\/\/(?:[^/?#]*@)?)(?=[:/?#]|$)/i;

/** The URL parsed, and whether it had to be given a host for that. */
function parse(url: string): { parsed: URL; isFilled: boolean } {
  for (const candidate of [url, url.replace(EMPTY_HOST, '$1localhost')]) {
    try {
      const parsed = new URL(candidate);
      if (parsed.protocol === 'postgres:' || parsed.protocol === 'postgresql:')
        return { parsed, isFilled: candidate !== url };
    } catch {
      // Tried again with a host, then refused below.
    }
  }
  throw new Error(INVALID);
}

function parsePort(port: string): number {
  const n = Number(port);
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new Error(`${INVALID} (port ${JSON.stringify(port)})`);
  return n;
}

function decodeHost(host: string): string {
  try {
    return decodeURIComponent(host);
  } catch {
    throw new Error(`${INVALID} (host ${JSON.stringify(host)})`);
  }
}

/** Where libpq's usual builds put the server's socket (Debian's, then the upstream default). */
const SOCKET_DIRS = ['/var/run/postgresql', '/tmp'];

/**
 * The server of a URL that names none: PGHOST as libpq reads it, else the directory holding the
 * local server's socket for the port, else nothing (TCP to localhost, as before).
 */
function defaultHost(port: string): string | undefined {
  if (process.env.PGHOST) return process.env.PGHOST;
  return SOCKET_DIRS.find((dir) => existsSync(path.join(dir, `.s.PGSQL.${port}`)));
}

/**
 * Where and how postgres.js reaches the server of a (libpq-style) Postgres URL. A URL with
 * nothing for it to change (a host name, no `host` or `port` in the query) is passed on as given.
 *
 * @example
 * const target = postgresTarget('postgres://postgres@/test?host=/var/run/postgresql');
 * const sql = postgres(target.clientUrl, { ...target.clientOptions, max: 1 });
 */
export function postgresTarget(url: string): PostgresTarget {
  const { parsed, isFilled } = parse(url);
  // No host at all (`postgres://user@/db`): where libpq looks, PGHOST or the local socket.
  if (isFilled && !parsed.searchParams.has('host')) {
    const port = parsed.port || parsed.searchParams.get('port') || process.env.PGPORT || '5432';
    const host = defaultHost(port);
    if (host) parsed.searchParams.set('host', host);
  }
  const client = new URL(parsed);
  const clientOptions: PostgresTarget['clientOptions'] = {};
  let isChanged = isFilled;
  if (/^%2f/i.test(client.hostname)) {
    clientOptions.host = decodeHost(client.hostname);
    client.hostname = 'localhost';
    isChanged = true;
  }
  const { searchParams } = client;
  // Only when present: deleting re-encodes the whole query string.
  if (searchParams.has('host')) {
    const host = searchParams.get('host');
    if (host) clientOptions.host = host;
    searchParams.delete('host');
    isChanged = true;
  }
  if (searchParams.has('port')) {
    clientOptions.port = parsePort(searchParams.get('port')!);
    searchParams.delete('port');
    isChanged = true;
  }
  // An IPv6 address (`?host=::1`): postgres.js splits a host string at ':', so it gets the host
  // and port as one-element lists, which it takes as they are.
  const host = clientOptions.host;
  if (host?.includes(':') && !host.includes('/')) {
    // Lists are what postgres.js makes of a host string itself (its types only say string).
    clientOptions.host = [host] as unknown as string;
    clientOptions.port = [clientOptions.port ?? (Number(client.port) || 5432)] as unknown as number;
  }
  return { url: parsed, clientUrl: isChanged ? client.href : url, clientOptions };
}
