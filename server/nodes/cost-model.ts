import { z } from 'zod';
import { field, positiveNumber } from '../trading/inputs';
import { round } from '../trading/position-math';
import { defineNode } from './define-node';

const bps = (description: string, fallback: number) =>
  z.number().min(0).max(10_000).default(fallback).meta({ description, widget: 'scrub', step: 0.5 });

/**
 * Turns a spread into money: gross profit of buying `quantity` at the buy price and selling at
 * the sell price, minus fees on both legs, slippage on both legs and fixed costs. The opportunity
 * goes to `profitable` only when the net profit beats `minProfit`.
 */
export default defineNode({
  type: 'cost-model',
  title: 'Cost Model',
  category: 'Trading',
  description:
    'A spread (buyPrice, sellPrice) → the same object plus quantity, notional, grossProfit, costs { fees, slippage, fixed, total } and netProfit; to "profitable" when netProfit > min profit, else to "unprofitable".',
  inputs: { in: 'json' },
  outputs: { profitable: 'json', unprofitable: 'json' },
  props: z.object({
    quantity: z.number().positive().max(1e9).default(0.1).meta({
      description: 'Base quantity per leg (e.g. BTC).',
      widget: 'scrub',
      step: 0.01,
    }),
    sizeToSpreadBps: z.number().min(0).max(10_000).default(0).meta({
      description:
        'Sizing: 0 trades the base quantity; otherwise quantity × spreadBps / this (bigger edges, bigger orders), capped at the max quantity.',
      widget: 'scrub',
      step: 1,
    }),
    maxQuantity: z.number().positive().max(1e9).default(1).meta({
      description: 'Largest quantity the sizing may reach.',
      widget: 'scrub',
      step: 0.1,
    }),
    liquidity: z.enum(['taker', 'maker']).default('taker').meta({
      description:
        'Which fee applies to both legs: taker (market orders) or maker (resting limits).',
    }),
    makerFeeBps: bps('Maker fee per leg, in basis points of the leg notional.', 1),
    takerFeeBps: bps('Taker fee per leg, in basis points of the leg notional.', 5),
    slippageBps: bps('Expected slippage per leg, in basis points.', 1),
    fixedCost: z.number().min(0).max(1e9).default(0).meta({
      description: 'Fixed cost per trade (gas, transfer), in quote currency.',
      widget: 'scrub',
      step: 0.5,
    }),
    minProfit: z.number().min(-1e9).max(1e9).default(0).meta({
      description: 'Net profit the trade must beat to count as profitable.',
      widget: 'scrub',
      step: 0.5,
    }),
  }),
  sideEffects: false,
  requiredInputs: () => ['in'],
  async run({ inputs, props }) {
    const buyPrice = positiveNumber('cost-model', 'input buyPrice', field(inputs.in, 'buyPrice'));
    const sellPrice = positiveNumber(
      'cost-model',
      'input sellPrice',
      field(inputs.in, 'sellPrice'),
    );
    const spreadBps = ((sellPrice - buyPrice) / buyPrice) * 10_000;
    const scaled =
      props.sizeToSpreadBps > 0
        ? (props.quantity * Math.max(spreadBps, 0)) / props.sizeToSpreadBps
        : props.quantity;
    const quantity = round(Math.min(props.maxQuantity, Math.max(scaled, props.quantity)), 8);
    const notional = (buyPrice + sellPrice) * quantity;
    const feeBps = props.liquidity === 'taker' ? props.takerFeeBps : props.makerFeeBps;
    const fees = (notional * feeBps) / 10_000;
    const slippage = (notional * props.slippageBps) / 10_000;
    const grossProfit = (sellPrice - buyPrice) * quantity;
    const total = fees + slippage + props.fixedCost;
    const netProfit = grossProfit - total;
    const out = {
      ...(inputs.in as object),
      quantity,
      notional: round(buyPrice * quantity, 6),
      grossProfit: round(grossProfit, 6),
      costs: {
        fees: round(fees, 6),
        slippage: round(slippage, 6),
        fixed: props.fixedCost,
        total: round(total, 6),
      },
      netProfit: round(netProfit, 6),
    };
    return netProfit > props.minProfit ? { profitable: out } : { unprofitable: out };
  },
});
