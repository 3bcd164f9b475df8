import { DescribeKeyCommand, ListResourceTagsCommand, TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-kms'
import { describe, expect, it } from 'vitest'
import { kmsClient } from '../../support/clients'
import { expectAwsError, failureOf } from '../../support/errors'
import { createKey, notFoundKey } from '../../support/kms'
import { useMock } from '../../support/mock'

const { aws } = useMock({ timing: 'instant' })
const kms = kmsClient()

const tagsOf = async (KeyId: string) => (await kms.send(new ListResourceTagsCommand({ KeyId }))).Tags

describe('TagResource, UntagResource and ListResourceTags', () => {
  it('lists the tags CreateKey was given', async () => {
    const { keyId } = await createKey(kms, { Tags: [{ TagKey: 'team', TagValue: 'data' }] })
    const out = await kms.send(new ListResourceTagsCommand({ KeyId: keyId }))
    expect(out.Tags).toEqual([{ TagKey: 'team', TagValue: 'data' }])
    expect(out.Truncated).toBe(false)
  })

  it('adds tags, replaces the value of an existing tag key and accepts an empty value', async () => {
    const { keyId, arn } = await createKey(kms)
    await kms.send(
      new TagResourceCommand({
        KeyId: keyId,
        Tags: [
          { TagKey: 'team', TagValue: 'data' },
          { TagKey: 'env', TagValue: '' },
        ],
      }),
    )
    await kms.send(new TagResourceCommand({ KeyId: arn, Tags: [{ TagKey: 'team', TagValue: 'platform' }] }))
    const tags = await tagsOf(keyId)
    expect(tags).toHaveLength(2)
    expect(tags).toEqual(
      expect.arrayContaining([
        { TagKey: 'team', TagValue: 'platform' },
        { TagKey: 'env', TagValue: '' },
      ]),
    )
    expect(aws.kms.keys()[0]!.tags).toEqual({ team: 'platform', env: '' })
  })

  it('removes the named tag keys and ignores keys that are not there', async () => {
    const { keyId } = await createKey(kms, {
      Tags: [
        { TagKey: 'a', TagValue: '1' },
        { TagKey: 'b', TagValue: '2' },
      ],
    })
    await kms.send(new UntagResourceCommand({ KeyId: keyId, TagKeys: ['a', 'missing'] }))
    expect(await tagsOf(keyId)).toEqual([{ TagKey: 'b', TagValue: '2' }])
  })

  it('rejects a tag key beginning with aws: with TagException and changes nothing', async () => {
    const { keyId } = await createKey(kms, { Tags: [{ TagKey: 'team', TagValue: 'data' }] })
    await expectAwsError(
      kms.send(
        new TagResourceCommand({
          KeyId: keyId,
          Tags: [
            { TagKey: 'ok', TagValue: '1' },
            { TagKey: 'aws:owner', TagValue: 'x' },
          ],
        }),
      ),
      { name: 'TagException', status: 400 },
    )
    expect(await tagsOf(keyId)).toEqual([{ TagKey: 'team', TagValue: 'data' }])
  })

  it('makes CreateKey fail with TagException for an aws: tag, creating no key', async () => {
    await expectAwsError(createKey(kms, { Tags: [{ TagKey: 'aws:owner', TagValue: 'x' }] }), { name: 'TagException', status: 400 })
    expect(aws.kms.keys()).toEqual([])
  })

  it('rejects more than 50 tags on a key with a TagException or LimitExceededException', async () => {
    const { keyId } = await createKey(kms)
    const tags = Array.from({ length: 51 }, (_, i) => ({ TagKey: `k${i}`, TagValue: 'v' }))
    const error = await failureOf(kms.send(new TagResourceCommand({ KeyId: keyId, Tags: tags })))
    expect(['TagException', 'LimitExceededException']).toContain(error.name)
    expect(error.$metadata?.httpStatusCode).toBe(400)
    expect(await tagsOf(keyId)).toEqual([])
  })

  it('refuses to tag an AWS managed key: its policy lets the account only read it; its tags can be listed', async () => {
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/firehose' }))
    await expectAwsError(kms.send(new TagResourceCommand({ KeyId: KeyMetadata!.KeyId, Tags: [{ TagKey: 'a', TagValue: 'b' }] })), {
      name: 'AccessDeniedException',
      message: `User: arn:aws:iam::123456789012:root is not authorized to perform: kms:TagResource on resource: ${KeyMetadata!.Arn} because no resource-based policy allows the kms:TagResource action`,
      status: 400,
    })
    expect((await kms.send(new ListResourceTagsCommand({ KeyId: KeyMetadata!.KeyId }))).Tags).toEqual([])
  })

  it('returns NotFoundException for an unknown key', async () => {
    const missing = 'deadbeef-1111-2222-3333-444455556666'
    await expectAwsError(kms.send(new ListResourceTagsCommand({ KeyId: missing })), notFoundKey(missing))
    await expectAwsError(kms.send(new TagResourceCommand({ KeyId: missing, Tags: [{ TagKey: 'a', TagValue: 'b' }] })), notFoundKey(missing))
  })
})
