/**
 * Recorded prices for the price feed's replay mode: CSV rows `timestamp,price[,bid,ask]`, an
 * optional header line, given inline or as a file under the data directory.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../runtime/errors';

export type PriceRow = { ts: number; price: number; bid: number | null; ask: number | null };

const MAX_FILE_BYTES = 5 * 1024 * 1024;

function parseTimestamp(text: string): number | null {
  if (/^\d+(\.\d+)?$/.test(text)) {
    const n = Number(text);
    // Epoch seconds or milliseconds: anything before 1973 in ms is taken as seconds.
    return n < 1e11 ? Math.round(n * 1000) : Math.round(n);
  }
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/** Parses CSV text; throws naming the line and column of the first bad value. */
export function parsePriceCsv(text: string, where: string): PriceRow[] {
  const rows: PriceRow[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line || line.startsWith('#')) continue;
    const cells = line.split(',').map((c) => c.trim());
    if (rows.length === 0 && i === lines.findIndex((l) => l.trim()) && !/\d/.test(cells[1] ?? ''))
      continue; // a header line
    const bad = (col: string, value: string | undefined) =>
      new UserError('BAD_REQUEST', `${where} line ${i + 1}: ${col} is not valid: "${value ?? ''}"`);
    if (cells.length < 2 || cells.length > 4)
      throw new UserError(
        'BAD_REQUEST',
        `${where} line ${i + 1}: expected timestamp,price[,bid,ask], got ${cells.length} column(s)`,
      );
    const ts = parseTimestamp(cells[0]!);
    if (ts === null) throw bad('timestamp', cells[0]);
    const price = Number(cells[1]);
    if (!(price > 0)) throw bad('price', cells[1]);
    const side = (value: string | undefined, col: string) => {
      if (value === undefined || value === '') return null;
      const n = Number(value);
      if (!(n > 0)) throw bad(col, value);
      return n;
    };
    const bid = side(cells[2], 'bid');
    const ask = side(cells[3], 'ask');
    if (bid !== null && ask !== null && bid > ask)
      throw new UserError('BAD_REQUEST', `${where} line ${i + 1}: bid ${bid} is above ask ${ask}`);
    rows.push({ ts, price, bid, ask });
  }
  if (rows.length === 0) throw new UserError('BAD_REQUEST', `${where}: no price rows`);
  return rows;
}

/** The data directory files are read from (`FLOWDECK_DATA_DIR`, default `.data`). */
export const dataDir = () => path.resolve(process.env.FLOWDECK_DATA_DIR ?? '.data');

/** Problem with a relative file path, or null: no absolute paths, no way out of the data dir. */
export function filePathProblem(file: string): string | null {
  if (!file) return null;
  if (path.isAbsolute(file) || /^[a-zA-Z]:/.test(file))
    return 'must be relative to the data directory';
  if (file.split(/[\\/]/).includes('..')) return 'must not contain ".."';
  if (!/\.(csv|txt)$/i.test(file)) return 'must be a .csv or .txt file';
  return null;
}

/** Reads a CSV file under the data directory. */
export async function readPriceFile(file: string): Promise<string> {
  const root = dataDir();
  const full = path.resolve(root, file);
  if (!full.startsWith(root + path.sep))
    throw new UserError('BAD_REQUEST', `file "${file}": outside the data directory`);
  const info = await stat(full).catch(() => null);
  if (!info?.isFile())
    throw new UserError(
      'NOT_FOUND',
      `file "${file}": no such file in the data directory (${root})`,
    );
  if (info.size > MAX_FILE_BYTES)
    throw new UserError('BAD_REQUEST', `file "${file}": larger than ${MAX_FILE_BYTES} bytes`);
  return readFile(full, 'utf8');
}
