/** Version of journeyctl; a test keeps it equal to package.json's. */
export const VERSION = '0.1.0';

declare const __JOURNEY_BUILD__: string | undefined;

/** Content hash of the compiled code, set when the CLI is bundled: caches written by another build are not trusted. */
export const BUILD = typeof __JOURNEY_BUILD__ === 'string' ? __JOURNEY_BUILD__ : 'unbundled';
