/**
 * Auto-layout off the main thread: ELK's layered algorithm, left to right, in a Web Worker.
 * Takes node sizes and edges, answers with each node's new top-left position.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { LayoutRequest, LayoutResponse } from './layout-protocol';

const elk = new ELK();

self.onmessage = async (message: MessageEvent<LayoutRequest>) => {
  const { requestId, nodes, edges } = message.data;
  try {
    const graph = await elk.layout({
      id: 'root',
      layoutOptions: {
        'elk.algorithm': 'layered',
        'elk.direction': 'RIGHT',
        'elk.layered.spacing.nodeNodeBetweenLayers': '80',
        'elk.spacing.nodeNode': '40',
        'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      },
      children: nodes.map((n) => ({ id: n.id, width: n.width, height: n.height })),
      edges: edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
    });
    const positions: LayoutResponse['positions'] = {};
    for (const child of graph.children ?? [])
      positions[child.id] = { x: Math.round(child.x ?? 0), y: Math.round(child.y ?? 0) };
    self.postMessage({ requestId, positions } satisfies LayoutResponse);
  } catch (err) {
    self.postMessage({ requestId, error: String(err) } satisfies LayoutResponse);
  }
};
