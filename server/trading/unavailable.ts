/**
 * Stand-ins for the trading capabilities where a runtime has none (an executor built for a
 * benchmark, a node unit test that does not pass them): every call fails with a clear error
 * instead of a null dereference deep in a node.
 */
import { UserError } from '../runtime/errors';
import type { EmergencyApi, PaperVenueApi } from './types';

const missing = (what: string) => () =>
  Promise.reject(new UserError('CONFLICT', `${what} is not available in this runtime`));

export const unavailablePaper: PaperVenueApi = {
  place: missing('the paper trading venue'),
  mark: missing('the paper trading venue'),
  exposure: missing('the paper trading venue'),
  peakToday: missing('the paper trading venue'),
};

export const unavailableEmergency: EmergencyApi = {
  level: () => 'NORMAL',
  raise: missing('the emergency controller'),
};
