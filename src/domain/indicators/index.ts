/** The indicator library: definitions, England comparison values and pure helpers. */
export * from './types.ts';
export * from './library.ts';
export * from './england.ts';
export * from './values.ts';
