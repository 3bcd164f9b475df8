/** GZIP with the platform's CompressionStream (browsers, workers and Node ≥ 18); loaded when first needed. */
export async function gzip(data: Uint8Array): Promise<Uint8Array> {
  // Response#body rather than Blob#stream(): jsdom's Blob has no stream().
  const stream = new Response(data as Uint8Array<ArrayBuffer>).body!.pipeThrough(new CompressionStream('gzip'))
  return new Uint8Array(await new Response(stream).arrayBuffer())
}
