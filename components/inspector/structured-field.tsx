'use client';
/**
 * A property of a node that is a list, an object, a record or a typed union, drawn item by item
 * (value-editor.tsx), with an "Edit as JSON" toggle for power users. Several selected nodes
 * whose values differ show the JSON field with "—": typing there sets them all.
 */
import { useState } from 'react';
import type { JsonSchema } from '@/components/editor/types';
import { JsonField } from './json-field';
import { ValueEditor } from './value-editor';

export type StructuredFieldProps = {
  id: string;
  name: string;
  label: string;
  schema: JsonSchema;
  root: JsonSchema;
  value: unknown;
  onChange: (value: unknown, step?: string) => void;
  onReset?: () => void;
  isMixed?: boolean;
  /** What the server said, by path below the property (`[1].venue`, '' for itself). */
  issues?: Readonly<Record<string, string>>;
};

export function StructuredField(p: StructuredFieldProps) {
  const [isJson, setJson] = useState(false);
  const issues = p.issues ?? {};
  const toggle = (
    <button
      type="button"
      aria-pressed={isJson}
      aria-label={`Edit ${p.label} as JSON`}
      title={isJson ? 'Back to the form' : 'Edit as JSON'}
      onClick={() => setJson(!isJson)}
      className={`shrink-0 rounded px-1 font-mono text-[10px] ${isJson ? 'bg-sky-900/60 text-sky-200' : 'text-slate-500 hover:bg-slate-800 hover:text-slate-200'}`}
    >
      {'{ }'}
    </button>
  );
  if (isJson || p.isMixed)
    return (
      <JsonField
        id={p.id}
        label={p.label}
        schema={p.schema}
        root={p.root}
        value={p.isMixed ? undefined : (p.value ?? p.schema.default)}
        onChange={(v) => p.onChange(v)}
        onReset={p.onReset}
        isMixed={p.isMixed}
        frame={{ actions: p.isMixed ? undefined : toggle, issue: issues[''] }}
      />
    );
  return (
    <ValueEditor
      id={p.id}
      label={p.label}
      path={[p.name]}
      schema={p.schema}
      value={p.value}
      depth={0}
      ctx={{ root: p.root, issues }}
      onChange={p.onChange}
      onReset={p.onReset}
      frame={{ actions: toggle, issue: issues[''] }}
    />
  );
}
