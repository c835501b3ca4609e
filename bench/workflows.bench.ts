/**
 * Server time of the workflow API, through the tRPC caller (no HTTP): save, list with 200
 * workflows, get, export and import of a 500-node workflow. PGlite always; Postgres too when
 * DATABASE_URL is set (in a scratch database that is dropped afterwards).
 */
import { databaseBackends } from '../server/testing/databases';
import { callerFor } from '../server/testing/caller';
import { percentile, report, timeMany, type Figure } from './report';

function bigWorkflow(id: string, nodes: number) {
  return {
    id,
    name: 'Bench graph',
    version: 1,
    nodes: Array.from({ length: nodes }, (_, i) => ({
      id: `n${i}`,
      type: i === 0 ? 'manual-trigger' : 'log',
      name: `Node ${i}`,
      position: { x: i * 10, y: 0 },
      props: i === 0 ? {} : { message: `step ${i}` },
    })),
    edges: Array.from({ length: nodes - 1 }, (_, i) => ({
      id: `e${i}`,
      source: `n${i}`,
      sourceHandle: 'out',
      target: `n${i + 1}`,
      targetHandle: 'in',
    })),
  };
}

export async function run() {
  const figures: Figure[] = [];
  for (const backend of databaseBackends) {
    const database = await backend.open();
    try {
      const api = callerFor(database);
      for (let i = 0; i < 200; i++) await api.workflows.create({ name: `Workflow ${i}` });
      const wf = await api.workflows.create({ name: 'Saved often' });
      let version = wf.version;
      const save = await timeMany(200, async () => {
        const { workflow } = await api.workflows.save({
          workflow: { ...wf, version, description: `v${version}` },
        });
        version = workflow.version;
      });
      const list = await timeMany(100, () => api.workflows.list());
      const get = await timeMany(200, () => api.workflows.get({ id: wf.id }));
      const json = JSON.stringify(bigWorkflow('wf_bench_big', 500));
      let n = 0;
      const importBig = await timeMany(20, () =>
        api.workflows.import({ json: json.replace('wf_bench_big', `wf_bench_big_${n++}`) }),
      );
      const exportBig = await timeMany(50, () => api.workflows.export({ id: 'wf_bench_big_0' }));
      const b = backend.name;
      figures.push(
        { bench: `workflows.save p50 (${b})`, value: percentile(save, 50), unit: 'ms' },
        { bench: `workflows.save p95 (${b})`, value: percentile(save, 95), unit: 'ms' },
        { bench: `workflows.list of 221, p50 (${b})`, value: percentile(list, 50), unit: 'ms' },
        { bench: `workflows.get p50 (${b})`, value: percentile(get, 50), unit: 'ms' },
        {
          bench: `workflows.import 500 nodes p50 (${b})`,
          value: percentile(importBig, 50),
          unit: 'ms',
        },
        {
          bench: `workflows.export 500 nodes p50 (${b})`,
          value: percentile(exportBig, 50),
          unit: 'ms',
        },
      );
    } finally {
      await database.close();
    }
  }
  report(figures);
}
