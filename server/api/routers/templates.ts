import { templateSummaries } from '../../templates';
import { protectedProcedure, router } from '../trpc';

export const templatesRouter = router({
  /** The workflow templates: `[{ id, name, description, nodeCount }]`. */
  list: protectedProcedure.query(() => templateSummaries()),
});
