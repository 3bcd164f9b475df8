import { collectViolations } from '../../protocol/shapes'
import { DESTINATION_ID, statusAt, type WireObject } from '../delivery-stream'
import { onlyDestinationIn, mergeConfig, updateAsConfig, type DestinationKind } from '../destinations'
import { concurrentModification, invalidArgument, resourceInUse } from '../errors'
import { checkS3Prefixes } from './create-delivery-stream'
import { flushBuffer, settleDelivery } from '../delivery'
import { partitioningEnabled } from '../partitioning-config'
import { cutHttpNow } from '../http-delivery'
import { cutNow } from '../processing'
import { shapeIds, shapes } from '../model.gen'
import type { FirehoseContext } from '../store'
import type { UpdateDestinationInput, UpdateDestinationOutput } from '../wire.gen'

const OPENSEARCH: DestinationKind[] = ['Elasticsearch', 'Amazonopensearchservice', 'AmazonOpenSearchServerless']
const family = (kind: DestinationKind): string => (kind === 'S3' ? 'ExtendedS3' : kind)

/**
 * Same destination type: the update merges (omitted members keep their values). Another type:
 * the update replaces the configuration and must be complete. Each success bumps VersionId.
 */
export function updateDestination(input: UpdateDestinationInput, ctx: FirehoseContext): UpdateDestinationOutput {
  const stream = ctx.store.getOrThrow(ctx, input.DeliveryStreamName)
  if (statusAt(stream, ctx.now) !== 'ACTIVE') {
    throw resourceInUse(`Firehose ${stream.name} under account ${ctx.accountId} is not in the ACTIVE state.`)
  }
  if (input.CurrentDeliveryStreamVersionId !== String(stream.versionId)) {
    throw concurrentModification(
      `Cannot update firehose: ${stream.name} since the current version id: ${stream.versionId} and specified version id: ${input.CurrentDeliveryStreamVersionId} do not match`,
    )
  }
  if (input.DestinationId !== DESTINATION_ID) {
    throw invalidArgument(`Destination ${input.DestinationId} does not exist in Firehose ${stream.name}.`)
  }
  const updateKind = onlyDestinationIn(input, 'DestinationUpdate')
  const update = updateAsConfig(input[`${updateKind}DestinationUpdate`] as WireObject)
  const current = stream.destination
  let next: { kind: DestinationKind; config: WireObject }
  if (current.config.S3BackupMode === 'Enabled' && update.S3BackupMode === 'Disabled') {
    throw invalidArgument(`S3 backup of Firehose ${stream.name} is enabled and cannot be disabled.`)
  }
  if (family(updateKind) === family(current.kind)) {
    next = { kind: current.kind === 'S3' ? updateKind : current.kind, config: mergeConfig(current.config, update) }
  } else {
    if (OPENSEARCH.includes(current.kind) !== OPENSEARCH.includes(updateKind)) {
      throw invalidArgument(`Cannot change the destination of Firehose ${stream.name} from ${current.kind} to ${updateKind}.`)
    }
    const missing: string[] = []
    collectViolations(
      shapes,
      shapeIds[`${updateKind}DestinationConfiguration`]!,
      update,
      `${updateKind.charAt(0).toLowerCase()}${updateKind.slice(1)}DestinationUpdate`,
      missing,
    )
    if (missing.length > 0) {
      throw invalidArgument(`Changing the destination type to ${updateKind} needs a complete configuration: ${missing.join('; ')}`)
    }
    next = { kind: updateKind, config: update }
  }
  if (partitioningEnabled(next.config) !== partitioningEnabled(current.config)) {
    throw invalidArgument(
      partitioningEnabled(current.config)
        ? `Dynamic Partitioning is enabled on Firehose ${stream.name} and cannot be disabled.`
        : 'Dynamic Partitioning can only be enabled when a Firehose stream is created.',
    )
  }
  checkS3Prefixes(next.config)
  // A flush that came due under the old configuration happens under it, at the time it was due;
  // records waiting for its Lambda processor are invoked under it (at the next settle).
  settleDelivery(stream, ctx, ctx.now)
  cutNow(stream, ctx.now)
  // What an HTTP endpoint's buffer holds becomes a request now (sent at the next settle).
  cutHttpNow(stream, ctx, ctx.now)
  // Records buffered for S3 are delivered before the stream stops delivering to S3.
  if (next.kind !== 'S3' && next.kind !== 'ExtendedS3') flushBuffer(stream, ctx, ctx.now)
  stream.destination = next
  stream.versionId += 1
  stream.lastUpdatedAt = ctx.now
  return {}
}
