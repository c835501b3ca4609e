import { describe, expect, it } from 'vitest';
import { filtersToQuery, hasFilters, parseFilters, toQueryInput } from './filters';

describe('execution list filters in the URL', () => {
  it('round-trips every filter through the query string', () => {
    const filters = {
      workflowId: 'wf_1',
      status: ['running', 'failed'] as const,
      trigger: ['manual'] as const,
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-02T00:00:00.000Z',
      search: 'ex_ab',
    };
    const query = filtersToQuery({ ...filters, status: [...filters.status], trigger: ['manual'] });
    expect(query).toBe(
      '?workflow=wf_1&status=running%2Cfailed&trigger=manual&from=2026-11-01T00%3A00%3A00.000Z&to=2026-11-02T00%3A00%3A00.000Z&q=ex_ab',
    );
    expect(parseFilters(new URLSearchParams(query))).toEqual(filters);
  });

  it('drops unknown statuses and bad dates instead of failing, and keeps one order', () => {
    const f = parseFilters(new URLSearchParams('status=failed,nope,queued&from=yesterday&q=%20'));
    expect(f).toEqual({ status: ['queued', 'failed'], trigger: [] });
    expect(hasFilters(f)).toBe(true);
    expect(filtersToQuery({ status: [], trigger: [] })).toBe('');
  });

  it('sends no empty arrays to the server', () => {
    expect(toQueryInput({ status: [], trigger: [], workflowId: 'wf_1' })).toEqual({
      workflowId: 'wf_1',
      status: undefined,
      trigger: undefined,
      from: undefined,
      to: undefined,
      search: undefined,
    });
    expect(
      hasFilters({ status: [], trigger: [], workflowId: 'wf_1' }, { ignoreWorkflow: true }),
    ).toBe(false);
  });
});
