/**
 * Every node type Flowdeck knows, as a plain object literal: no side-effect registration, no
 * codegen. Add a type by writing `server/nodes/<type>.ts` and listing it here.
 */
import type { NodeTypeCatalog } from '@/lib/workflow';
import aggregate from './aggregate';
import approvalGate from './approval-gate';
import compare from './compare';
import costModel from './cost-model';
import counter from './counter';
import cronTrigger from './cron-trigger';
import type { AnyNodeDefinition } from './define-node';
import delay from './delay';
import eventTrigger from './event-trigger';
import httpRequest from './http-request';
import ifNode from './if';
import intervalTrigger from './interval-trigger';
import log from './log';
import manualTrigger from './manual-trigger';
import merge from './merge';
import notify from './notify';
import paperOrder from './paper-order';
import priceFeed from './price-feed';
import publish from './publish';
import riskLimit from './risk-limit';
import script from './script';
import setFields from './set-fields';
import spread from './spread';
import stateGet from './state-get';
import stateSet from './state-set';
import switchNode from './switch';
import thresholdCheck from './threshold-check';
import transform from './transform';
import webhookTrigger from './webhook-trigger';

export const nodeRegistry = {
  'manual-trigger': manualTrigger,
  'interval-trigger': intervalTrigger,
  'cron-trigger': cronTrigger,
  'webhook-trigger': webhookTrigger,
  'event-trigger': eventTrigger,
  if: ifNode,
  switch: switchNode,
  merge,
  delay,
  'threshold-check': thresholdCheck,
  compare,
  'approval-gate': approvalGate,
  'set-fields': setFields,
  transform,
  script,
  'state-get': stateGet,
  'state-set': stateSet,
  counter,
  'http-request': httpRequest,
  notify,
  publish,
  log,
  'price-feed': priceFeed,
  spread,
  'cost-model': costModel,
  aggregate,
  'risk-limit': riskLimit,
  'paper-order': paperOrder,
} satisfies Record<string, AnyNodeDefinition>;

export type NodeType = keyof typeof nodeRegistry;

/** The registry as the workflow validator sees it: ports and props schema per type. */
export const nodeCatalog: NodeTypeCatalog = nodeRegistry;
