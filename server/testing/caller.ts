/** A tRPC caller over a test database: procedures called the way the browser calls them. */
import { createCaller } from '../api/root';
import { createContext } from '../api/trpc';
import type { Database } from '../db/client';
import { logger } from '../logger';
import { nodeCatalog } from '../nodes/registry';

export function callerFor(database: Database, user = 'tester') {
  return createCaller(
    createContext(
      { db: database.db, catalog: nodeCatalog, log: logger },
      { 'x-flowdeck-user': user },
    ),
  );
}
