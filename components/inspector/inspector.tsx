'use client';
/**
 * The inspector: the selected node's properties, drawn from its type's JSON Schema, and its
 * settings. Edits go straight into the editor store (one undo step per burst of typing).
 */
import { useShallow } from 'zustand/react/shallow';
import { entryOf } from '@/components/editor/convert';
import { categoryStyle } from '@/components/editor/node-style';
import { selectSelectedIds, selectSingleSelected } from '@/components/editor/selectors';
import { useEditorStore } from '@/components/editor/store-provider';
import { fieldKey, useLive } from '@/components/editor/use-live-mode';
import { humanize, resolve, validateValue } from './json-schema';
import { InspectorResizer, useInspectorWidth } from './inspector-width';
import { issuesBelow } from './value-model';
import { MultiInspector } from './multi-inspector';
import { NodeSettingsFields } from './node-settings';
import { PropField } from './prop-field';

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section aria-label={title} className="border-b border-slate-800 px-3 py-2">
      <h3 className="pb-1 text-[11px] font-semibold tracking-wider text-slate-500 uppercase">
        {title}
      </h3>
      {children}
    </section>
  );
}

/**
 * A refused save's lines and a refused live value, by the path below the property they name:
 * a nested one is shown at its field (`[1].venue`), the rest at the property.
 */
function placedIssues(name: string, saveIssues: string[] | undefined, refused?: string) {
  const notSaved = issuesBelow(saveIssues ?? [], name);
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(notSaved)) out[path] = `Not saved: ${message}`;
  const live = refused ? issuesBelow([refused.replace(/^Not applied: /, '')], name) : {};
  const nested = Object.entries(live).filter(([path]) => path !== '');
  for (const [path, message] of nested) out[path] = `Not applied: ${message}`;
  return { issues: out, isNested: nested.length > 0 };
}

export function Inspector() {
  // The id, then the data: a node being dragged changes position on every frame, not data.
  const nodeId = useEditorStore((s) => selectSingleSelected(s)?.id);
  const data = useEditorStore((s) => s.nodes.find((n) => n.id === nodeId)?.data);
  const node = nodeId && data ? { id: nodeId, data } : null;
  const selectedIds = useEditorStore(useShallow(selectSelectedIds));
  const entry = useEditorStore((s) => (node ? entryOf(s.catalog, node.data.type) : undefined));
  const error = useEditorStore((s) => (node ? s.results[node.id]?.error : undefined));
  const saveIssues = useEditorStore((s) => (nodeId ? s.saveIssues[nodeId] : undefined));
  const refusedRun = useEditorStore((s) => s.issuesFrom === 'run');
  const updateProps = useEditorStore((s) => s.updateProps);
  const resetProp = useEditorStore((s) => s.resetProp);
  const updateNode = useEditorStore((s) => s.updateNode);
  const live = useLive();
  const overrides = useEditorStore((s) => (nodeId ? s.overrides[nodeId] : undefined));
  const width = useInspectorWidth();

  return (
    <div className="relative flex shrink-0" style={{ width }}>
      <InspectorResizer width={width} />
      <aside
        aria-label="Inspector"
        className="flex min-w-0 flex-1 flex-col overflow-y-auto border-l border-slate-800 bg-slate-900/60"
      >
        {selectedIds.length > 1 ? (
          <MultiInspector nodeIds={selectedIds} />
        ) : !node ? (
          <p className="p-4 text-sm text-slate-400">Select a node to edit its properties.</p>
        ) : (
          <>
            <div className="flex items-start gap-2 border-b border-slate-800 px-3 py-2.5">
              <span
                aria-hidden
                className={`mt-0.5 grid size-6 shrink-0 place-items-center rounded text-[11px] font-bold ${categoryStyle(entry?.category).badge}`}
              >
                {categoryStyle(entry?.category).glyph}
              </span>
              <div className="min-w-0">
                <h2 className="truncate text-sm font-semibold">{node.data.name}</h2>
                <p className="text-[11px] text-slate-400">
                  {entry?.title ?? node.data.type} · {entry?.category}
                </p>
                {entry && (
                  <p className="mt-1 text-[11px] leading-snug text-slate-400">
                    {entry.description}
                  </p>
                )}
              </div>
            </div>
            {saveIssues && (
              <div
                role="alert"
                aria-label={refusedRun ? 'Why the run was refused' : 'Why the save was refused'}
                className="mx-3 mt-2 rounded border border-red-800 bg-red-950/70 px-2 py-1.5 text-[12px] text-red-200"
              >
                <span className="font-medium">
                  {refusedRun ? 'Cannot run, fix first:' : 'Not saved, fix first:'}
                </span>
                <ul className="mt-0.5 list-disc pl-4 font-mono text-[11px]">
                  {saveIssues.map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              </div>
            )}
            {error && (
              <div
                role="alert"
                className="mx-3 mt-2 rounded border border-red-800 bg-red-950/70 px-2 py-1.5 text-[12px] text-red-200"
              >
                <span className="font-medium">Last run failed:</span> {error.message}
                <span className="block font-mono text-[10px] text-red-300/80">{error.code}</span>
              </div>
            )}
            <Section title="Properties">
              {Object.keys(entry?.propsSchema.properties ?? {}).length === 0 && (
                <p className="py-1 text-[12px] text-slate-500">This node type has no properties.</p>
              )}
              {Object.entries(entry?.propsSchema.properties ?? {}).map(([name, schema]) => {
                const refused = live.errors[fieldKey(node.id, name)];
                const placed = placedIssues(name, saveIssues, refused);
                const field = (
                  <PropField
                    key={`${node.id}:${name}`}
                    nodeId={node.id}
                    name={name}
                    schema={schema}
                    root={entry!.propsSchema}
                    value={overrides && name in overrides ? overrides[name] : node.data.props[name]}
                    issues={placed.issues}
                    onChange={(value, step) => {
                      if (!live.isLive) return updateProps(node.id, { [name]: value }, step);
                      // A live value must be valid before it goes: the field shows why it is not.
                      if (
                        validateValue(
                          resolve(schema, entry!.propsSchema),
                          value,
                          entry!.propsSchema,
                        )
                      )
                        return;
                      live.patch(node.id, name, value);
                    }}
                    onReset={() =>
                      live.isLive
                        ? live.patch(node.id, name, node.data.props[name] ?? schema.default)
                        : resetProp(node.id, name)
                    }
                  />
                );
                const overridden = Boolean(overrides && name in overrides);
                // Always the same wrapper: a field that remounted when it became overridden would
                // drop a scrub in progress after its first step.
                const saved = node.data.props[name] ?? schema.default;
                const label = humanize(name);
                return (
                  <div
                    key={`${node.id}:${name}`}
                    data-overridden={overridden ? name : undefined}
                    title={
                      overridden ? `Live value; saved value: ${JSON.stringify(saved)}` : undefined
                    }
                    className={
                      refused
                        ? 'relative border-l-2 border-red-500 pl-2'
                        : overridden
                          ? 'relative border-l-2 border-sky-500 pl-2'
                          : 'relative border-l-2 border-transparent pl-2'
                    }
                  >
                    {overridden && (
                      <div className="flex items-center gap-1">
                        <span className="min-w-0 truncate text-[10px] font-semibold text-sky-300">
                          ● live · saved {JSON.stringify(saved)}
                        </span>
                        <button
                          type="button"
                          onClick={() => void live.revert(node.id, name)}
                          aria-label={`Revert ${label} to the saved value`}
                          title="Drop this live value: the next run uses the saved one"
                          className="ml-auto shrink-0 rounded px-1 text-[10px] text-sky-300 hover:bg-slate-800 hover:text-sky-100"
                        >
                          ↶ saved
                        </button>
                      </div>
                    )}
                    {field}
                    {refused && !placed.isNested && (
                      <p role="alert" className="pb-1 text-[11px] text-red-300">
                        {refused}
                      </p>
                    )}
                  </div>
                );
              })}
            </Section>
            <Section title="Node">
              <NodeSettingsFields
                key={node.id}
                node={node}
                onChange={(s) => updateNode(node.id, s)}
              />
            </Section>
          </>
        )}
      </aside>
    </div>
  );
}
