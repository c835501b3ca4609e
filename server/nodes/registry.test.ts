import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { nodeRegistry } from './registry';

const entries = Object.entries(nodeRegistry);

describe('node registry', () => {
  it.each(entries)(
    '%s is listed under its own type key, in kebab-case, with a unit test',
    (key, def) => {
      expect(def.type).toBe(key);
      expect(key).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(existsSync(new URL(`./${key}.test.ts`, import.meta.url))).toBe(true);
    },
  );

  it.each(entries)(
    '%s describes every prop and has defaults that pass its own schema',
    (_, def) => {
      const schema = z.toJSONSchema(def.props, { io: 'input' }) as {
        properties?: Record<string, { description?: string }>;
      };
      for (const [name, prop] of Object.entries(schema.properties ?? {}))
        expect(prop.description, `${def.type}.${name}`).toMatch(/\S/);
      expect(def.props.safeParse({}).success).toBe(true);
      expect(def.title).toMatch(/\S/);
      expect(def.description).toMatch(/\S/);
    },
  );

  it.each(entries.filter(([, def]) => def.trigger))(
    'trigger %s has no inputs and one output "out"',
    (_, def) => {
      expect(def.inputs).toEqual({});
      expect(Object.keys(def.outputs)).toEqual(['out']);
    },
  );

  it('has the trigger kinds the runtime arms', () => {
    const kinds = entries.flatMap(([, def]) => (def.trigger ? [def.trigger] : [])).sort();
    expect(kinds).toEqual(['cron', 'event', 'interval', 'manual', 'webhook']);
  });
});
