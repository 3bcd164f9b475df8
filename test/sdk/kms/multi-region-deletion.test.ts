/**
 * Deleting multi-Region keys, on the mock's clock: a deleted replica leaves its family, and a
 * primary scheduled for deletion while it has replicas waits in PendingReplicaDeletion until the
 * last of them is deleted, then starts its own waiting period (as KMS documents).
 */
import {
  CancelKeyDeletionCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  EncryptCommand,
  ReplicateKeyCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms'
import { beforeEach, describe, expect, it } from 'vitest'
import { createFirehoseMock, createManualClock, type Fixture, type FirehoseMock, type ManualClock } from '../../../src'
import { ACCOUNT } from '../../support/aws'
import { bytes } from '../../support/bytes'
import { kmsClient } from '../../support/clients'
import { DAY, START } from '../../support/clock'
import { expectAwsError } from '../../support/errors'
import { notFoundKey } from '../../support/kms'
import { useServer } from '../../support/mock'

const server = useServer()
const east = kmsClient('us-east-1')
const west = kmsClient('eu-west-1')

let clock: ManualClock
let aws: FirehoseMock
beforeEach(() => {
  clock = createManualClock(START)
  aws = createFirehoseMock({ now: clock.now, timing: 'instant' })
  server.resetHandlers(...aws.handlers)
})

/** A multi-Region primary in us-east-1 with a replica in eu-west-1. */
async function family() {
  const { KeyMetadata } = await east.send(new CreateKeyCommand({ MultiRegion: true }))
  const keyId = KeyMetadata!.KeyId!
  await east.send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'eu-west-1' }))
  return { keyId, arn: KeyMetadata!.Arn!, replicaArn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${keyId}` }
}

const describe_ = async (client: typeof east, keyId: string) => (await client.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!
const at = (ms: number) => new Date(Math.floor(ms / 1000) * 1000)

describe('deleting a replica', () => {
  it('leaves the family once its deletion is carried out, not when it is scheduled', async () => {
    const { keyId, replicaArn } = await family()
    await west.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }))
    expect((await describe_(east, keyId)).MultiRegionConfiguration!.ReplicaKeys).toEqual([{ Arn: replicaArn, Region: 'eu-west-1' }])
    clock.advance(7 * DAY)
    expect((await describe_(east, keyId)).MultiRegionConfiguration!.ReplicaKeys).toEqual([])
    await expectAwsError(west.send(new DescribeKeyCommand({ KeyId: keyId })), notFoundKey(keyId, 'eu-west-1'))
    // The Region can have a replica again.
    await east.send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'eu-west-1' }))
    expect((await describe_(west, keyId)).Arn).toBe(replicaArn)
  })
})

describe('deleting a primary that has replicas', () => {
  it('waits in PendingReplicaDeletion, unusable, with no DeletionDate until the last replica is deleted', async () => {
    const { keyId, arn } = await family()
    const scheduled = await east.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }))
    expect(scheduled).toMatchObject({ KeyId: arn, KeyState: 'PendingReplicaDeletion', PendingWindowInDays: 7 })
    expect(scheduled.DeletionDate).toBeUndefined()
    const metadata = await describe_(east, keyId)
    expect(metadata).toMatchObject({ KeyState: 'PendingReplicaDeletion', Enabled: false, PendingDeletionWindowInDays: 7 })
    expect(metadata.DeletionDate).toBeUndefined()
    const pending = { name: 'KMSInvalidStateException', message: `${arn} is pending replica deletion.`, status: 400 }
    await expectAwsError(east.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('x') })), pending)
    await expectAwsError(east.send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'ap-south-1' })), pending)
    // Without its replicas' deletion it waits indefinitely.
    clock.advance(60 * DAY)
    expect((await describe_(east, keyId)).KeyState).toBe('PendingReplicaDeletion')
  })

  it('starts its waiting period when the last replica is deleted, then is deleted itself', async () => {
    const { keyId } = await family()
    await east.send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'ap-south-1' }))
    await east.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }))
    await west.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 10 }))
    await kmsClient('ap-south-1').send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 20 }))
    clock.advance(15 * DAY)
    // One replica is gone; the other remains.
    expect(await describe_(east, keyId)).toMatchObject({ KeyState: 'PendingReplicaDeletion' })
    expect((await describe_(east, keyId)).MultiRegionConfiguration!.ReplicaKeys!.map((r) => r.Region)).toEqual(['ap-south-1'])
    clock.advance(10 * DAY)
    // The last replica went at day 20: the primary's 7 days run from then.
    expect(await describe_(east, keyId)).toMatchObject({ KeyState: 'PendingDeletion', DeletionDate: at(START + 27 * DAY) })
    clock.advance(2 * DAY)
    await expectAwsError(east.send(new DescribeKeyCommand({ KeyId: keyId })), notFoundKey(keyId))
  })

  it("starts its waiting period however the Regions are read: the replica's own Region first", async () => {
    const { keyId } = await family()
    await east.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }))
    await west.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }))
    clock.advance(8 * DAY)
    await expectAwsError(west.send(new DescribeKeyCommand({ KeyId: keyId })), notFoundKey(keyId, 'eu-west-1'))
    expect(await describe_(east, keyId)).toMatchObject({ KeyState: 'PendingDeletion', DeletionDate: at(START + 14 * DAY) })
  })

  it('carries the family through a snapshot: the primary still waits for the replica it restored', async () => {
    const { keyId } = await family()
    await east.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }))
    await west.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }))
    const snapshot = JSON.parse(JSON.stringify(await aws.snapshot())) as Fixture
    aws = createFirehoseMock({ seed: snapshot, now: clock.now, timing: 'instant' })
    server.resetHandlers(...aws.handlers)
    // Read two days after the replica's deletion: the primary's period still runs from that deletion.
    clock.advance(9 * DAY)
    expect(await describe_(east, keyId)).toMatchObject({ KeyState: 'PendingDeletion', DeletionDate: at(START + 14 * DAY) })
  })

  it('CancelKeyDeletion leaves it Disabled, with its replicas', async () => {
    const { keyId, replicaArn } = await family()
    await east.send(new ScheduleKeyDeletionCommand({ KeyId: keyId }))
    await east.send(new CancelKeyDeletionCommand({ KeyId: keyId }))
    const metadata = await describe_(east, keyId)
    expect(metadata).toMatchObject({ KeyState: 'Disabled', Enabled: false })
    expect(metadata.PendingDeletionWindowInDays).toBeUndefined()
    expect(metadata.MultiRegionConfiguration!.ReplicaKeys).toEqual([{ Arn: replicaArn, Region: 'eu-west-1' }])
  })
})
