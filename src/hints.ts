/**
 * Console hints for a likely cause of an AWS error that AWS's answer alone does not explain. The
 * answer stays exactly AWS's; the mock logs each hint once. Loaded only when one is due.
 */
/** By the `hint` an AwsError carries. The keys are written out, not imported: an import would pull its module into a chunk shared with the core bundle. */
export const hints: Record<string, string> = {
  // FOREIGN_BLOB in src/protocol/shapes.ts
  foreignBlob:
    '[firehose-msw] A blob member (such as Record.Data) arrived as an object with numeric keys ({"0":…}) or as {"type":"Buffer",…} ' +
    "instead of base64, so the answer is AWS's SerializationException. The AWS SDK sends bytes as base64 only when they pass its " +
    '`instanceof Uint8Array` check, and these came from another realm: under jsdom (vitest environment "jsdom") the global ' +
    "Uint8Array is jsdom's while TextEncoder and Buffer make Node's. Use the happy-dom environment, or copy the bytes into the " +
    'global realm: `new Uint8Array(new TextEncoder().encode(text))` (a Node Buffer does not help).',
}
