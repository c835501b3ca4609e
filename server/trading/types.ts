/**
 * The trading capabilities a node gets in its run context (`ctx.paper`, `ctx.emergency`): narrow
 * interfaces, so a node can place paper orders or raise the emergency level without holding the
 * runtime, the database or the controller.
 */

export type Side = 'buy' | 'sell';
export type OrderType = 'market' | 'limit';
export type OrderStatus = 'filled' | 'open' | 'rejected' | 'cancelled';

/** A price of one symbol on one venue, as the price feed emits it. */
export type Quote = { symbol: string; venue: string; bid: number; ask: number };

export type OrderRequest = {
  executionId: string;
  nodeId: string;
  workflowId: string;
  venue: string;
  symbol: string;
  side: Side;
  type: OrderType;
  quantity: number;
  /** Limit orders only. */
  limitPrice?: number | null;
  /** The simulated market the order meets: market buys fill at `ask`, sells at `bid`. */
  bid: number;
  ask: number;
  /** Fee charged on the fill, in basis points of its notional. */
  feeBps?: number;
};

export type PaperOrder = {
  id: string;
  executionId: string | null;
  nodeId: string | null;
  workflowId: string;
  venue: string;
  symbol: string;
  side: Side;
  type: OrderType;
  quantity: number;
  limitPrice: number | null;
  status: OrderStatus;
  fillPrice: number | null;
  fee: number;
  realisedPnl: number;
  reason: string | null;
  createdAt: Date;
  filledAt: Date | null;
};

export type Position = {
  workflowId: string;
  venue: string;
  symbol: string;
  /** Signed: short positions are negative. */
  quantity: number;
  avgPrice: number;
  markPrice: number | null;
  realisedPnl: number;
  unrealisedPnl: number;
};

/** What a risk check needs to know about one workflow's book. */
export type Exposure = {
  positions: Position[];
  /** Realised PnL (fees included) of fills since 00:00 UTC today. */
  realisedToday: number;
  unrealised: number;
};

export type PaperVenueApi = {
  /**
   * Places an order once per (executionId, nodeId): a second call returns the recorded order
   * with `duplicate: true` and changes nothing.
   */
  place(order: OrderRequest): Promise<{ order: PaperOrder; duplicate: boolean }>;
  /** A new market price: marks positions and fills open limit orders that became marketable. */
  mark(workflowId: string, quote: Quote): Promise<void>;
  exposure(workflowId: string): Promise<Exposure>;
  /**
   * Records `pnl` (today's realised plus unrealised, as a risk check sees it now) and returns the
   * highest PnL recorded for the workflow since 00:00 UTC, this one included. Durable and shared
   * by every process; a maximum, so recording a figure again (a resumed execution checking once
   * more) counts nothing twice.
   */
  peakToday(workflowId: string, pnl: number): Promise<number>;
};

export type RaiseLevel = 'ALERT' | 'HALT';

export type EmergencyApi = {
  /** The level in force in this process. */
  level(): 'NORMAL' | 'ALERT' | 'HALT' | 'SHUTDOWN';
  /**
   * Raises the level (never lowers it) with source `rule`; when it resolves, this process obeys
   * the new level. Returns whether the level changed.
   */
  raise(level: RaiseLevel, reason: string, rule: string): Promise<boolean>;
};
