/**
 * The paper trading venue: orders fill against the simulated prices the order node receives,
 * positions and PnL per workflow, venue and symbol, all in the database (tables `paper_orders`,
 * `paper_positions`), so they survive restarts and every process sees the same book.
 *
 * Fills: a market buy fills at the ask, a sell at the bid; a limit order fills at the touch when
 * it is marketable, else stays `open` until a later price (`mark`) makes it so. A fill and its
 * position change are one transaction. Idempotency: one order per (executionId, nodeId).
 * The day's peak PnL of each workflow (for trailing loss limits) is kept in `paper_pnl_peaks`.
 */
import { and, desc, eq, gte, ne, sql } from 'drizzle-orm';
import { nanoid } from 'nanoid';
import type { Db } from '../db/client';
import { paperOrders, paperPnlPeaks, paperPositions } from '../db/schema';
import { applyFill, fillPriceFor, round, unrealised } from './position-math';
import type {
  Exposure,
  OrderRequest,
  PaperOrder,
  PaperVenueApi,
  Position,
  Quote,
  Side,
} from './types';

export const newOrderId = () => `po_${nanoid(14)}`;

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type Key = { workflowId: string; venue: string; symbol: string };

const keyWhere = (k: Key) =>
  and(
    eq(paperPositions.workflowId, k.workflowId),
    eq(paperPositions.venue, k.venue),
    eq(paperPositions.symbol, k.symbol),
  );

/** Locks (creating if needed) the position row, so concurrent fills apply one after the other. */
async function lockPosition(tx: Tx, k: Key) {
  await tx.insert(paperPositions).values(k).onConflictDoNothing();
  const [row] = await tx.select().from(paperPositions).where(keyWhere(k)).for('update');
  return row!;
}

/** Applies a fill to the locked position; returns the PnL it realised, fee deducted. */
async function fillPosition(
  tx: Tx,
  k: Key,
  fill: { side: Side; quantity: number; price: number; fee: number; mark: number },
) {
  const row = await lockPosition(tx, k);
  const next = applyFill(row, fill.side, fill.quantity, fill.price);
  const realised = round(next.realised - fill.fee);
  await tx
    .update(paperPositions)
    .set({
      quantity: round(next.quantity, 10),
      avgPrice: round(next.avgPrice),
      realisedPnl: round(row.realisedPnl + realised),
      markPrice: fill.mark,
      updatedAt: new Date(),
    })
    .where(keyWhere(k));
  return realised;
}

function rejection(req: OrderRequest): string | null {
  if (!Number.isFinite(req.quantity) || req.quantity <= 0)
    return `quantity must be a positive number, got ${req.quantity}`;
  if (!(req.bid > 0) || !(req.ask > 0) || !Number.isFinite(req.bid) || !Number.isFinite(req.ask))
    return `no usable price: bid ${req.bid}, ask ${req.ask}`;
  if (req.bid > req.ask) return `crossed market: bid ${req.bid} > ask ${req.ask}`;
  if (req.type === 'limit' && !(Number(req.limitPrice) > 0))
    return 'a limit order needs a positive limit price';
  return null;
}

function toPosition(row: typeof paperPositions.$inferSelect): Position {
  return {
    workflowId: row.workflowId,
    venue: row.venue,
    symbol: row.symbol,
    quantity: row.quantity,
    avgPrice: row.avgPrice,
    markPrice: row.markPrice,
    realisedPnl: round(row.realisedPnl, 6),
    unrealisedPnl: round(unrealised(row, row.markPrice), 6),
  };
}

const startOfUtcDay = () => {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
};

/** Today's UTC date, `YYYY-MM-DD`: the day a PnL peak belongs to. */
const utcDay = () => new Date().toISOString().slice(0, 10);

export function createPaperVenue(db: Db) {
  async function place(req: OrderRequest): Promise<{ order: PaperOrder; duplicate: boolean }> {
    const refused = rejection(req);
    const price = refused
      ? null
      : fillPriceFor(req.side, req.type, req.limitPrice, req.bid, req.ask);
    const key = { workflowId: req.workflowId, venue: req.venue, symbol: req.symbol };
    const mid = round((req.bid + req.ask) / 2);
    const placed = await db.transaction(async (tx) => {
      const now = new Date();
      const fee = price === null ? 0 : round((price * req.quantity * (req.feeBps ?? 0)) / 10_000);
      // The order row first: if this execution's node already placed one, nothing else happens.
      const [order] = await tx
        .insert(paperOrders)
        .values({
          id: newOrderId(),
          executionId: req.executionId,
          nodeId: req.nodeId,
          ...key,
          side: req.side,
          type: req.type,
          quantity: req.quantity,
          limitPrice: req.type === 'limit' ? (req.limitPrice ?? null) : null,
          status: refused ? 'rejected' : price === null ? 'open' : 'filled',
          fillPrice: price,
          fee,
          feeBps: req.feeBps ?? 0,
          reason: refused,
          createdAt: now,
          filledAt: price === null ? null : now,
        })
        .onConflictDoNothing({ target: [paperOrders.executionId, paperOrders.nodeId] })
        .returning();
      if (!order) return null;
      if (price === null) {
        if (!refused) await markRows(tx, key, mid);
        return order;
      }
      const realised = await fillPosition(tx, key, {
        side: req.side,
        quantity: req.quantity,
        price,
        fee,
        mark: mid,
      });
      const [updated] = await tx
        .update(paperOrders)
        .set({ realisedPnl: realised })
        .where(eq(paperOrders.id, order.id))
        .returning();
      return updated!;
    });
    if (placed) return { order: placed, duplicate: false };
    const [existing] = await db
      .select()
      .from(paperOrders)
      .where(and(eq(paperOrders.executionId, req.executionId), eq(paperOrders.nodeId, req.nodeId)));
    return { order: existing!, duplicate: true };
  }

  async function markRows(tx: Tx | Db, k: Key, mid: number) {
    await tx
      .update(paperPositions)
      .set({ markPrice: mid, updatedAt: new Date() })
      .where(keyWhere(k));
  }

  async function mark(workflowId: string, quote: Quote): Promise<void> {
    const k = { workflowId, venue: quote.venue, symbol: quote.symbol };
    await markRows(db, k, round((quote.bid + quote.ask) / 2));
    const open = await db
      .select()
      .from(paperOrders)
      .where(
        and(
          eq(paperOrders.workflowId, workflowId),
          eq(paperOrders.venue, quote.venue),
          eq(paperOrders.symbol, quote.symbol),
          eq(paperOrders.status, 'open'),
        ),
      );
    for (const order of open) {
      const price = fillPriceFor(order.side, 'limit', order.limitPrice, quote.bid, quote.ask);
      if (price === null) continue;
      await db.transaction(async (tx) => {
        // Only the process that moves it from open fills it.
        const [claimed] = await tx
          .update(paperOrders)
          .set({ status: 'filled', fillPrice: price, filledAt: new Date() })
          .where(and(eq(paperOrders.id, order.id), eq(paperOrders.status, 'open')))
          .returning();
        if (!claimed) return;
        const fee = round((price * order.quantity * claimed.feeBps) / 10_000);
        const realised = await fillPosition(tx, k, {
          side: order.side,
          quantity: order.quantity,
          price,
          fee,
          mark: round((quote.bid + quote.ask) / 2),
        });
        await tx
          .update(paperOrders)
          .set({ fee, realisedPnl: realised })
          .where(eq(paperOrders.id, order.id));
      });
    }
  }

  async function positions(workflowId?: string): Promise<Position[]> {
    const rows = await db
      .select()
      .from(paperPositions)
      .where(workflowId ? eq(paperPositions.workflowId, workflowId) : undefined)
      .orderBy(paperPositions.workflowId, paperPositions.venue, paperPositions.symbol);
    return rows.map(toPosition);
  }

  async function exposure(workflowId: string): Promise<Exposure> {
    const list = await positions(workflowId);
    const [today] = await db
      .select({ sum: sql<number>`coalesce(sum(${paperOrders.realisedPnl}), 0)`.mapWith(Number) })
      .from(paperOrders)
      .where(
        and(
          eq(paperOrders.workflowId, workflowId),
          eq(paperOrders.status, 'filled'),
          gte(paperOrders.filledAt, startOfUtcDay()),
        ),
      );
    return {
      positions: list,
      realisedToday: round(today?.sum ?? 0, 6),
      unrealised: round(
        list.reduce((s, p) => s + p.unrealisedPnl, 0),
        6,
      ),
    };
  }

  async function peakToday(workflowId: string, pnl: number): Promise<number> {
    const day = utcDay();
    const value = round(pnl, 6);
    // One statement: two checks at once both count, and a row from an earlier day starts afresh.
    // A row dated later (another process whose clock is ahead) is left as it is.
    const [row] = await db
      .insert(paperPnlPeaks)
      .values({ workflowId, day, peak: value, updatedAt: new Date() })
      .onConflictDoUpdate({
        target: paperPnlPeaks.workflowId,
        set: {
          peak: sql`case
            when ${paperPnlPeaks.day} = excluded.day then greatest(${paperPnlPeaks.peak}, excluded.peak)
            when ${paperPnlPeaks.day} < excluded.day then excluded.peak
            else ${paperPnlPeaks.peak} end`,
          day: sql`greatest(${paperPnlPeaks.day}, excluded.day)`,
          updatedAt: new Date(),
        },
      })
      .returning({ day: paperPnlPeaks.day, peak: paperPnlPeaks.peak });
    return row && row.day === day ? Math.max(row.peak, value) : value;
  }

  return {
    place,
    mark,
    exposure,
    peakToday,
    positions,

    /** Positions (one workflow or all), their totals, and the 50 most recent orders. */
    async portfolio(workflowId?: string) {
      const list = await positions(workflowId);
      const orders = await db
        .select()
        .from(paperOrders)
        .where(workflowId ? eq(paperOrders.workflowId, workflowId) : undefined)
        .orderBy(desc(paperOrders.createdAt), desc(paperOrders.id))
        .limit(50);
      return {
        positions: list,
        totals: {
          realisedPnl: round(
            list.reduce((s, p) => s + p.realisedPnl, 0),
            6,
          ),
          unrealisedPnl: round(
            list.reduce((s, p) => s + p.unrealisedPnl, 0),
            6,
          ),
        },
        orders: orders as PaperOrder[],
      };
    },

    /**
     * SHUTDOWN: closes every open position with a market order at its last mark (reason
     * `reason`) and cancels every open order. Returns what it did.
     */
    async flattenAll(reason: string) {
      const cancelled = await db
        .update(paperOrders)
        .set({ status: 'cancelled', reason })
        .where(eq(paperOrders.status, 'open'))
        .returning({ id: paperOrders.id });
      // One transaction for the whole book: SHUTDOWN wants it flat now, not one row per round trip.
      const closed = await db.transaction(async (tx) => {
        const open = await tx
          .select()
          .from(paperPositions)
          .where(ne(paperPositions.quantity, 0))
          .for('update');
        const now = new Date();
        for (const row of open) {
          const k = { workflowId: row.workflowId, venue: row.venue, symbol: row.symbol };
          const price = row.markPrice ?? row.avgPrice;
          const side: Side = row.quantity > 0 ? 'sell' : 'buy';
          const quantity = Math.abs(row.quantity);
          const realised = await fillPosition(tx, k, {
            side,
            quantity,
            price,
            fee: 0,
            mark: price,
          });
          await tx.insert(paperOrders).values({
            id: newOrderId(),
            executionId: null,
            nodeId: null,
            ...k,
            side,
            type: 'market',
            quantity,
            status: 'filled',
            fillPrice: price,
            realisedPnl: realised,
            reason,
            createdAt: now,
            filledAt: now,
          });
        }
        return open.length;
      });
      return { closed, cancelled: cancelled.length };
    },
  } satisfies PaperVenueApi & Record<string, unknown>;
}

export type PaperVenue = ReturnType<typeof createPaperVenue>;
