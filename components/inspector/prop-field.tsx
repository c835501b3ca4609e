'use client';
/** One property of a node, drawn from its JSON Schema with the matching widget. */
import type { JsonSchema } from '@/components/editor/types';
import { JsonField } from './json-field';
import { humanize, kindOf, resolve } from './json-schema';
import { ScalarField } from './scalar-field';
import { StructuredField } from './structured-field';
import { modelOf } from './value-model';

export type PropFieldProps = {
  nodeId: string;
  name: string;
  schema: JsonSchema;
  root: JsonSchema;
  /** The value in the node's props; undefined when the default applies. */
  value: unknown;
  /** `step`: the undo step of a nested edit (its path), or a fresh one for an item added. */
  onChange: (value: unknown, step?: string) => void;
  onReset: () => void;
  /** Several nodes are edited together and their values differ. */
  isMixed?: boolean;
  /** What the server said about the property, by path below it (`[1].venue`; '' itself). */
  issues?: Readonly<Record<string, string>>;
};

function isDefault(value: unknown, fallback: unknown) {
  return value === undefined || JSON.stringify(value) === JSON.stringify(fallback);
}

export function PropField({
  nodeId,
  name,
  schema: raw,
  root,
  value,
  onChange,
  onReset,
  isMixed = false,
  issues,
}: PropFieldProps) {
  const schema = resolve(raw, root);
  const id = `prop-${nodeId}-${name}`;
  const label = humanize(name);
  const shown = isMixed ? undefined : value === undefined ? schema.default : value;
  const reset = !isMixed && isDefault(value, schema.default) ? undefined : onReset;
  const kind = kindOf(schema);
  if (kind !== 'json')
    return (
      <ScalarField
        id={id}
        label={label}
        schema={schema}
        kind={kind}
        value={shown}
        onChange={onChange}
        onReset={reset}
        onClear={onReset}
        isOptional={schema.default === undefined}
        isMixed={isMixed}
        frame={{ issue: issues?.[''] }}
      />
    );
  if (modelOf(schema, root).kind === 'json')
    return (
      <JsonField
        id={id}
        label={label}
        schema={schema}
        root={root}
        value={shown}
        onChange={onChange}
        onReset={reset}
        isMixed={isMixed}
        frame={{ issue: issues?.[''] }}
      />
    );
  return (
    <StructuredField
      id={id}
      name={name}
      label={label}
      schema={schema}
      root={root}
      value={isMixed ? undefined : value}
      onChange={onChange}
      onReset={reset}
      isMixed={isMixed}
      issues={issues}
    />
  );
}
