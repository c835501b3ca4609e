'use client';
/**
 * Several selected nodes of one type: their props edited together. A field whose values differ
 * shows "—" until it is set, which sets it on every selected node (one undo step).
 */
import { useShallow } from 'zustand/react/shallow';
import { entryOf } from '@/components/editor/convert';
import { useEditorStore } from '@/components/editor/store-provider';
import { PropField } from './prop-field';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function MultiInspector({ nodeIds }: { nodeIds: string[] }) {
  const datas = useEditorStore(
    useShallow((s) => s.nodes.filter((n) => nodeIds.includes(n.id)).map((n) => n.data)),
  );
  const type = datas.every((d) => d.type === datas[0]?.type) ? datas[0]?.type : undefined;
  const entry = useEditorStore((s) => (type ? entryOf(s.catalog, type) : undefined));
  const updateProps = useEditorStore((s) => s.updateProps);
  const resetProp = useEditorStore((s) => s.resetProp);

  if (!entry) {
    return (
      <p className="p-4 text-sm text-slate-400">
        {nodeIds.length} nodes of different types selected. Select nodes of one type to edit their
        shared properties together.
      </p>
    );
  }
  return (
    <>
      <div className="border-b border-slate-800 px-3 py-2.5">
        <h2 className="text-sm font-semibold">
          {nodeIds.length} {entry.title} nodes
        </h2>
        <p className="text-[11px] text-slate-400">Edits apply to every selected node.</p>
      </div>
      <section aria-label="Shared properties" className="px-3 py-2">
        {Object.entries(entry.propsSchema.properties ?? {}).map(([name, schema]) => {
          const values = datas.map((d) => d.props[name]);
          const isMixed = !values.every((v) =>
            same(v ?? schema.default, values[0] ?? schema.default),
          );
          return (
            <PropField
              key={name}
              nodeId="multi"
              name={name}
              schema={schema}
              root={entry.propsSchema}
              value={isMixed ? undefined : values[0]}
              isMixed={isMixed}
              onChange={(value, step) => updateProps(nodeIds, { [name]: value }, step)}
              onReset={() => resetProp(nodeIds, name)}
            />
          );
        })}
      </section>
    </>
  );
}
