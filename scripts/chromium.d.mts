/** Types of scripts/chromium.mjs for the TypeScript tests that import it. */
export declare const CHROMIUM_CANDIDATES: readonly string[]
export declare function findChromium(env?: NodeJS.ProcessEnv): string | undefined
export declare function chromiumPath(env?: NodeJS.ProcessEnv): string
export declare const CHROMIUM_ARGS: readonly string[]
export declare function chromiumLaunchOptions(env?: NodeJS.ProcessEnv): { executablePath: string; headless: true; args: string[] }
