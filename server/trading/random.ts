/**
 * A seeded pseudo-random generator whose whole state is one 32-bit integer (mulberry32), so a
 * price walk can be stored after each step and continued later, in any process, exactly as if it
 * had never stopped.
 */

/** Returns a uniform number in [0, 1) and the next state. */
export function nextUniform(state: number): { value: number; state: number } {
  const next = (state + 0x6d2b79f5) | 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return { value: ((t ^ (t >>> 14)) >>> 0) / 4294967296, state: next };
}

/** A standard normal draw (Box–Muller on two uniforms) and the next state. */
export function nextNormal(state: number): { value: number; state: number } {
  const a = nextUniform(state);
  const b = nextUniform(a.state);
  const u = Math.max(a.value, Number.EPSILON);
  return { value: Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * b.value), state: b.state };
}

/** A 32-bit seed from any text (FNV-1a), e.g. to derive a venue's own noise stream from a seed. */
export function seedFrom(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}

const SECONDS_PER_YEAR = 365 * 24 * 3600;

/**
 * One step of geometric Brownian motion: `drift` and `volatility` are annualised (0.6 = 60 % a
 * year), `stepSeconds` the simulated time the step covers.
 */
export function gbmStep(
  price: number,
  z: number,
  o: { drift: number; volatility: number; stepSeconds: number },
): number {
  const dt = o.stepSeconds / SECONDS_PER_YEAR;
  return (
    price * Math.exp((o.drift - o.volatility ** 2 / 2) * dt + o.volatility * Math.sqrt(dt) * z)
  );
}
