import { emergencyRouter } from './routers/emergency';
import { executionsRouter } from './routers/executions';
import { nodesRouter } from './routers/nodes';
import { portfolioRouter } from './routers/portfolio';
import { runtimeRouter } from './routers/runtime';
import { templatesRouter } from './routers/templates';
import { workflowsRouter } from './routers/workflows';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  workflows: workflowsRouter,
  nodes: nodesRouter,
  runtime: runtimeRouter,
  executions: executionsRouter,
  emergency: emergencyRouter,
  portfolio: portfolioRouter,
  templates: templatesRouter,
});

/** The type the browser imports (type only) to get a typed client. */
export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
