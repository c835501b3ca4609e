'use client';
/** The widget of one scalar value (number, switch, select, text, code), for a property or a part. */
import type { JsonSchema } from '@/components/editor/types';
import type { FrameExtras } from './field-frame';
import { SelectField, SwitchField, TextField } from './fields';
import type { FieldKind } from './json-schema';
import { NumberField } from './number-field';

export type ScalarFieldProps = {
  id: string;
  label: string;
  schema: JsonSchema;
  kind: Exclude<FieldKind, 'json'>;
  /** What to show: the value, or its default. */
  value: unknown;
  onChange: (value: unknown) => void;
  /** The reset button's action; no button without it. */
  onReset?: () => void;
  /** What emptying a number does (the property goes back to its default); `onReset` if unset. */
  onClear?: () => void;
  /** A number may be left empty. */
  isOptional?: boolean;
  isMixed?: boolean;
  frame?: FrameExtras;
};

export function ScalarField({
  kind,
  value,
  onChange,
  onClear,
  isOptional,
  ...common
}: ScalarFieldProps) {
  switch (kind) {
    case 'integer':
    case 'number':
      return (
        <NumberField
          {...common}
          value={typeof value === 'number' ? value : undefined}
          onChange={(n) => (n === undefined ? (onClear ?? common.onReset)?.() : onChange(n))}
          isOptional={isOptional}
        />
      );
    case 'boolean':
      return <SwitchField {...common} value={value === true} onChange={onChange} />;
    case 'enum':
      return <SelectField {...common} value={value} onChange={onChange} />;
    default:
      return (
        <TextField
          {...common}
          value={typeof value === 'string' ? value : ''}
          onChange={onChange}
          multiline={kind !== 'string'}
          isCode={kind === 'code' || common.schema.widget === 'template'}
        />
      );
  }
}
