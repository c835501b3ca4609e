/** Number formats of the portfolio: money with two decimals and a sign for PnL, sizes as given. */
const money = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const signed = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
  signDisplay: 'exceptZero',
});
const size = new Intl.NumberFormat('en-US', { maximumFractionDigits: 8 });

export const formatPrice = (v: number | null | undefined) => (v == null ? '—' : money.format(v));
export const formatPnl = (v: number) => signed.format(v);
export const formatSize = (v: number) => size.format(v);
export const pnlClass = (v: number) =>
  v > 0 ? 'text-emerald-300' : v < 0 ? 'text-rose-300' : 'text-slate-300';
export const timeOfDay = (d: Date) =>
  d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
