import { z } from 'zod';
import { nodeRegistry } from '../../nodes/registry';
import { publicProcedure, router } from '../trpc';

function catalogEntry(def: (typeof nodeRegistry)[keyof typeof nodeRegistry]) {
  return {
    type: def.type,
    title: def.title,
    category: def.category,
    description: def.description,
    inputs: def.inputs,
    outputs: def.outputs,
    /** `'conditional'` when it depends on the props (an HTTP request has side effects unless GET). */
    sideEffects: typeof def.sideEffects === 'function' ? ('conditional' as const) : def.sideEffects,
    propsSchema: z.toJSONSchema(def.props, { io: 'input' }),
  };
}

const catalog = Object.values(nodeRegistry).map(catalogEntry);
export type CatalogEntry = (typeof catalog)[number];

export const nodesRouter = router({
  catalog: publicProcedure.query(() => catalog),
});
