// Seeded randomness shared by the data generators (fixtures, benchmark histories): the same seed
// gives the same numbers on every machine, so generated files are reproducible byte for byte.

/** mulberry32: a small, fast, seedable PRNG returning floats in [0, 1). */
export function createRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
