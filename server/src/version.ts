// The product version, injected by esbuild from package.json (scripts/build.mjs).
declare const LAZYMM_VERSION: string | undefined;

export const VERSION: string = typeof LAZYMM_VERSION === 'string' ? LAZYMM_VERSION : '0.0.0-dev';
