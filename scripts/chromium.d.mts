/** Types of scripts/chromium.mjs for the TypeScript tests that import it. */
export declare const CHROMIUM_CANDIDATES: readonly string[]
export declare function findChromium(env?: NodeJS.ProcessEnv): string | undefined
export declare function chromiumPath(env?: NodeJS.ProcessEnv): string
