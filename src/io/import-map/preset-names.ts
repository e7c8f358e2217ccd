/**
 * The names of the built-in mappings (presets.ts), on their own so that `tx import --preset` can
 * declare its choices at start-up without loading the mappings and their schemas.
 */
export const PRESET_NAMES = ['ibkr-flex', 'degiro', 'degiro-transactions', 'trading212', 'schwab', 'fidelity', 'ghostfolio-csv', 'ghostfolio-json', 'pp-csv'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];
