import { existsSync } from 'node:fs';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { createScratchPostgres } from '../testing/databases';
import { openDatabase } from './client';
import { postgresTarget } from './postgres-url';

/** How postgres.js reads a target, without connecting (it connects on the first query). */
function asPostgresJs(url: string) {
  const target = postgresTarget(url);
  return postgres(target.clientUrl, { ...target.clientOptions, max: 1 }).options;
}

describe('postgresTarget', () => {
  it('passes a URL with a host name on unchanged', () => {
    const url = 'postgres://postgres:secret@127.0.0.1:5432/test?sslmode=disable';
    expect(postgresTarget(url)).toMatchObject({ clientUrl: url, clientOptions: {} });
    expect(asPostgresJs(url)).toMatchObject({ host: ['127.0.0.1'], path: false, database: 'test' });
  });

  it('reads ?host=/dir as a Unix socket, with an empty host or a host name before it', () => {
    for (const url of [
      'postgres://postgres@/test?host=/var/run/postgresql',
      'postgresql://postgres@localhost/test?host=/var/run/postgresql',
    ]) {
      const target = postgresTarget(url);
      expect(target.clientOptions).toEqual({ host: '/var/run/postgresql' });
      expect(new URL(target.clientUrl).searchParams.has('host')).toBe(false);
      const read = asPostgresJs(url);
      expect(read).toMatchObject({
        path: '/var/run/postgresql/.s.PGSQL.5432',
        database: 'test',
        user: 'postgres',
      });
      expect(read.connection).not.toHaveProperty('host');
    }
  });

  it('reads an IPv6 address given as ?host=, with its port', () => {
    expect(asPostgresJs('postgres://postgres@/test?host=2001:db8::5&port=5433')).toMatchObject({
      host: ['2001:db8::5'],
      port: [5433],
      path: false,
      database: 'test',
    });
    expect(asPostgresJs('postgres://postgres@/test?host=::1')).toMatchObject({
      host: ['::1'],
      port: [5432],
    });
  });

  it('reads a socket directory percent-encoded as the host, as libpq does', () => {
    expect(postgresTarget('postgres://%2Fvar%2Frun%2Fpostgresql/test').clientOptions).toEqual({
      host: '/var/run/postgresql',
    });
    expect(asPostgresJs('postgres://%2Ftmp/test').path).toBe('/tmp/.s.PGSQL.5432');
  });

  it('names the socket file after the port, from the query string or the URL', () => {
    const query = postgresTarget('postgres://postgres@/test?host=/tmp&port=5433');
    expect(query.clientOptions).toEqual({ host: '/tmp', port: 5433 });
    expect(new URL(query.clientUrl).searchParams.has('port')).toBe(false);
    expect(asPostgresJs('postgres://postgres@/test?host=/tmp&port=5433').path).toBe(
      '/tmp/.s.PGSQL.5433',
    );
    expect(asPostgresJs('postgres://postgres@:5434/test?host=/tmp').path).toBe(
      '/tmp/.s.PGSQL.5434',
    );
    // Over TCP too: postgres.js would send `port` to the server as a setting.
    expect(asPostgresJs('postgres://postgres@db.example/test?port=6543')).toMatchObject({
      host: ['db.example'],
      port: [6543],
      path: false,
    });
  });

  it('keeps every other parameter as it is', () => {
    const url =
      'postgres://postgres:p%40ss@/test?sslmode=disable&host=/var/run/postgresql' +
      '&application_name=flowdeck-x&options=-c%20search_path%3Dother&connect_timeout=7';
    const params = new URL(postgresTarget(url).clientUrl).searchParams;
    expect(Object.fromEntries(params)).toEqual({
      sslmode: 'disable',
      application_name: 'flowdeck-x',
      options: '-c search_path=other',
      connect_timeout: '7',
    });
    expect(asPostgresJs(url)).toMatchObject({
      pass: 'p@ss',
      ssl: false,
      connect_timeout: 7,
      connection: { application_name: 'flowdeck-x', options: '-c search_path=other' },
    });
  });

  it('gives a URL to change for another database on the same socket', () => {
    const { url } = postgresTarget('postgres://postgres@/test?host=/var/run/postgresql&port=5433');
    url.pathname = '/other';
    expect(asPostgresJs(url.toString())).toMatchObject({
      path: '/var/run/postgresql/.s.PGSQL.5433',
      database: 'other',
      user: 'postgres',
    });
  });

  it('takes a URL with no host at all to PGHOST, as libpq does', () => {
    const saved = process.env.PGHOST;
    process.env.PGHOST = '/run/pg-elsewhere';
    try {
      expect(asPostgresJs('postgres://postgres@/test')).toMatchObject({
        path: '/run/pg-elsewhere/.s.PGSQL.5432',
        database: 'test',
      });
      // A host in the URL or its query string still wins.
      expect(postgresTarget('postgres://postgres@/test?host=/tmp').clientOptions).toEqual({
        host: '/tmp',
      });
      expect(asPostgresJs('postgres://postgres@db.example/test').path).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.PGHOST;
      else process.env.PGHOST = saved;
    }
  });

  it('takes a URL with no host at all, and no PGHOST, to TCP on localhost when no local socket listens on its port', () => {
    const saved = process.env.PGHOST;
    delete process.env.PGHOST;
    try {
      // No server keeps a socket for port 1 in /var/run/postgresql or /tmp.
      expect(asPostgresJs('postgres://postgres@:1/test')).toMatchObject({
        host: ['localhost'],
        port: [1],
        path: false,
      });
    } finally {
      if (saved !== undefined) process.env.PGHOST = saved;
    }
  });

  it('refuses what is not a Postgres URL, naming DATABASE_URL', () => {
    for (const url of [
      'nonsense',
      'http://localhost/test',
      'postgres://postgres@/test?host=/tmp&port=abc',
      'postgres://%2Fvar%ZZ/test',
    ])
      expect(() => postgresTarget(url), url).toThrow(/^DATABASE_URL is not a Postgres URL/);
  });
});

// The server of DATABASE_URL, reached through its Unix socket (Debian's directory).
const SOCKET_DIR = '/var/run/postgresql';
const SOCKET_FILE = `${SOCKET_DIR}/.s.PGSQL.5432`;

/** DATABASE_URL's user (and password) on the socket, for `database`: libpq's empty host form. */
function socketUrl(database: string): string {
  const { username, password } = postgresTarget(process.env.DATABASE_URL!).url;
  const user = password ? `${username}:${password}` : username || 'postgres';
  return `postgres://${user}@/${database}?host=${SOCKET_DIR}`;
}

/** Skips, with the reason, when there is no Postgres server on the socket to test against. */
function needsSocket(skip: (condition: boolean, note: string) => void) {
  skip(!process.env.DATABASE_URL, 'needs DATABASE_URL (a Postgres server); PGlite has no socket');
  skip(!existsSync(SOCKET_FILE), `no Postgres Unix socket at ${SOCKET_FILE} on this machine`);
}

describe('openDatabase on a Unix socket URL', () => {
  it('opens and migrates the database through the socket, and runs queries', async ({ skip }) => {
    needsSocket(skip);
    const scratch = await createScratchPostgres(process.env.DATABASE_URL!);
    try {
      const name = new URL(scratch.url).pathname.slice(1);
      const database = await openDatabase({ url: socketUrl(name) });
      try {
        // inet_server_addr() is null on a Unix socket connection.
        const rows = (await database.db.execute(
          'select current_database() as db, inet_server_addr() as addr, (select count(*)::int from workflows) as n',
        )) as unknown as { db: string; addr: string | null; n: number }[];
        expect([...rows]).toEqual([{ db: name, addr: null, n: 0 }]);
        const checkpointRows = (await database.checkpoints({
          text: 'select inet_server_addr() as addr',
          params: [],
        })) as unknown as { addr: string | null }[];
        expect([...checkpointRows]).toEqual([{ addr: null }]);
        expect(database.location).toContain(`host=${SOCKET_DIR}`);
      } finally {
        await database.close();
      }
    } finally {
      await scratch.drop();
    }
  });

  it('reaches the local server through its socket from a URL that names no host', async ({
    skip,
  }) => {
    needsSocket(skip);
    skip(Boolean(process.env.PGHOST), 'PGHOST is set: libpq (and Flowdeck) would go there');
    const base = postgresTarget(process.env.DATABASE_URL!).url.pathname.slice(1);
    const { username } = postgresTarget(process.env.DATABASE_URL!).url;
    const database = await openDatabase({
      url: `postgres://${username || 'postgres'}@/${base}`,
      migrate: false,
    });
    try {
      const rows = (await database.db.execute('select inet_server_addr() as addr')) as unknown as {
        addr: string | null;
      }[];
      expect([...rows]).toEqual([{ addr: null }]);
      expect(database.location).toContain(`host=${encodeURIComponent(SOCKET_DIR)}`);
    } finally {
      await database.close();
    }
  });

  it('makes scratch databases from a socket URL, on the same socket', async ({ skip }) => {
    needsSocket(skip);
    const base = postgresTarget(process.env.DATABASE_URL!).url.pathname.slice(1);
    const scratch = await createScratchPostgres(socketUrl(base));
    try {
      const database = await openDatabase({ url: scratch.url, migrate: false });
      try {
        const rows = (await database.db.execute(
          'select inet_server_addr() as addr',
        )) as unknown as { addr: string | null }[];
        expect([...rows]).toEqual([{ addr: null }]);
      } finally {
        await database.close();
      }
    } finally {
      await scratch.drop();
    }
  });
});
