'use client';
/** One property of a node, drawn from its JSON Schema with the matching widget. */
import type { JsonSchema } from '@/components/editor/types';
import { SelectField, SwitchField, TextField } from './fields';
import { JsonField } from './json-field';
import { humanize, kindOf, resolve } from './json-schema';
import { NumberField } from './number-field';
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
  const common = { id, label, schema, onReset: reset, isMixed, frame: { issue: issues?.[''] } };
  const kind = kindOf(schema);
  switch (kind) {
    case 'integer':
    case 'number':
      return (
        <NumberField
          {...common}
          value={typeof shown === 'number' ? shown : undefined}
          onChange={(n) => (n === undefined ? onReset() : onChange(n))}
          isOptional={schema.default === undefined}
        />
      );
    case 'boolean':
      return <SwitchField {...common} value={shown === true} onChange={onChange} />;
    case 'enum':
      return <SelectField {...common} value={shown} onChange={onChange} />;
    case 'string':
    case 'text':
    case 'code':
      return (
        <TextField
          {...common}
          value={typeof shown === 'string' ? shown : ''}
          onChange={onChange}
          multiline={kind !== 'string'}
          isCode={kind === 'code' || schema.widget === 'template'}
        />
      );
    case 'json':
      if (modelOf(schema, root).kind === 'json')
        return <JsonField {...common} root={root} value={shown} onChange={onChange} />;
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
}
