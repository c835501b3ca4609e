'use client';
/** A node's own settings, apart from its type's props: name, disabled, timeout and retry. */
import type { JsonSchema } from '@/components/editor/types';
import type { EditorNode } from '@/components/editor/types';
import type { NodeSettings } from '@/components/editor/store';
import type { RetryPolicy } from '@/lib/workflow';
import { SwitchField, TextField } from './fields';
import { NumberField } from './number-field';

const nameSchema: JsonSchema = { type: 'string', minLength: 1, maxLength: 200 };
const timeoutSchema: JsonSchema = {
  type: 'integer',
  minimum: 1,
  maximum: 86_400_000,
  step: 100,
  description: 'Time limit of one attempt of this node; empty uses the workflow’s default.',
};
const retrySchemas: Record<keyof RetryPolicy, [string, JsonSchema]> = {
  maxAttempts: ['Max attempts', { type: 'integer', minimum: 1, maximum: 100, step: 1 }],
  backoffMs: ['Backoff (ms)', { type: 'integer', minimum: 0, maximum: 3_600_000, step: 100 }],
  factor: ['Backoff factor', { type: 'number', minimum: 1, maximum: 10, step: 0.1 }],
  maxBackoffMs: [
    'Max backoff (ms)',
    { type: 'integer', minimum: 0, maximum: 86_400_000, step: 1000 },
  ],
};
const defaultRetry: RetryPolicy = {
  maxAttempts: 3,
  backoffMs: 1_000,
  factor: 2,
  maxBackoffMs: 30_000,
};

export function NodeSettingsFields({
  node,
  onChange,
}: {
  node: Pick<EditorNode, 'id' | 'data'>;
  onChange: (settings: NodeSettings) => void;
}) {
  const { id, data } = node;
  const retry = data.retry;
  return (
    <>
      <TextField
        id={`node-${id}-name`}
        label="Name"
        schema={nameSchema}
        value={data.name}
        onChange={(name) => onChange({ name })}
      />
      <SwitchField
        id={`node-${id}-disabled`}
        label="Disabled"
        schema={{ description: 'A disabled node does not run; the nodes after it are skipped.' }}
        value={data.disabled === true}
        onChange={(disabled) => onChange({ disabled: disabled || undefined })}
      />
      <NumberField
        id={`node-${id}-timeout`}
        label="Timeout (ms)"
        schema={timeoutSchema}
        value={data.timeoutMs}
        isOptional
        placeholder="workflow default"
        onChange={(timeoutMs) => onChange({ timeoutMs })}
      />
      <SwitchField
        id={`node-${id}-retry`}
        label="Retry on failure"
        schema={{
          description: 'Run the node again after a retryable failure, waiting longer each time.',
        }}
        value={retry !== undefined}
        onChange={(on) => onChange({ retry: on ? defaultRetry : undefined })}
      />
      {retry &&
        (Object.keys(retrySchemas) as (keyof RetryPolicy)[]).map((key) => (
          <NumberField
            key={key}
            id={`node-${id}-retry-${key}`}
            label={retrySchemas[key][0]}
            schema={retrySchemas[key][1]}
            value={retry[key]}
            onChange={(n) => n !== undefined && onChange({ retry: { ...retry, [key]: n } })}
          />
        ))}
    </>
  );
}
