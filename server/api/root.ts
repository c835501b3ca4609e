import { nodesRouter } from './routers/nodes';
import { workflowsRouter } from './routers/workflows';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  workflows: workflowsRouter,
  nodes: nodesRouter,
});

/** The type the browser imports (type only) to get a typed client. */
export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
