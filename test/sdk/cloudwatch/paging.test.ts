/**
 * GetMetricData paging: MaxDatapoints points a call, taken across the results in query order,
 * with a NextToken to go on from (none for requests with metric math), read with the real
 * @aws-sdk/client-cloudwatch on a manual clock.
 */
import type { GetMetricDataCommandInput, GetMetricDataCommandOutput, MetricDataQuery } from '@aws-sdk/client-cloudwatch'
import { describe, expect, it } from 'vitest'
import { START } from '../../support/clock'
import { cloudWatchClient, getData, metricStat, MINUTE } from '../../support/cloudwatch'
import { expectAwsError } from '../../support/errors'
import { putText } from '../../support/firehose'
import { useMock } from '../../support/mock'

const { clock, firehose, activeStream } = useMock({ timing: 'instant' })
const cloudwatch = cloudWatchClient()

const RECORDS = metricStat('records', 'IncomingRecords', 'clicks')
const BYTES = metricStat('bytes', 'IncomingBytes', 'clicks')

/** Minutes 0 to 3: 1, 2, 3 and 4 records of 'ab', so records and bytes differ in every minute. */
async function traffic() {
  await activeStream('clicks')
  for (let minute = 0; minute < 4; minute++) {
    clock.set(START + minute * MINUTE + 1_000)
    for (let i = 0; i <= minute; i++) await putText(firehose, 'clicks', 'ab')
  }
}

/** A result as [Id, StatusCode, [minute, value] pairs]. */
const shape = (out: GetMetricDataCommandOutput) =>
  out.MetricDataResults!.map((r) => [r.Id, r.StatusCode, r.Timestamps!.map((t, i) => [(t.getTime() - START) / MINUTE, r.Values![i]])])

/** Every page of a request, following NextToken. */
async function pages(queries: MetricDataQuery[], extra: Partial<GetMetricDataCommandInput>) {
  const all: GetMetricDataCommandOutput[] = []
  let NextToken: string | undefined
  do {
    const page = await getData(cloudwatch, queries, { ...extra, ...(NextToken === undefined ? {} : { NextToken }) })
    all.push(page)
    NextToken = page.NextToken
  } while (NextToken !== undefined && all.length < 10)
  return all
}

describe('GetMetricData with MaxDatapoints', () => {
  it('answers the first MaxDatapoints points across the results in query order, and goes on from its NextToken', async () => {
    await traffic()
    const all = await pages([RECORDS, BYTES], { MaxDatapoints: 3, ScanBy: 'TimestampAscending' })
    expect(all.map(shape)).toEqual([
      [
        [
          'records',
          'PartialData',
          [
            [0, 1],
            [1, 2],
            [2, 3],
          ],
        ],
        ['bytes', 'PartialData', []],
      ],
      [
        ['records', 'Complete', [[3, 4]]],
        [
          'bytes',
          'PartialData',
          [
            [0, 2],
            [1, 4],
          ],
        ],
      ],
      [
        ['records', 'Complete', []],
        [
          'bytes',
          'Complete',
          [
            [2, 6],
            [3, 8],
          ],
        ],
      ],
    ])
    expect(all.map((page) => typeof page.NextToken)).toEqual(['string', 'string', 'undefined'])
  })

  it('pages newest first by default, and the pages add up to the unpaged answer', async () => {
    await traffic()
    const whole = await getData(cloudwatch, [RECORDS, BYTES])
    expect(whole.NextToken).toBeUndefined()
    const all = await pages([RECORDS, BYTES], { MaxDatapoints: 5 })
    expect(all).toHaveLength(2)
    expect(shape(all[0]!)).toEqual([
      [
        'records',
        'Complete',
        [
          [3, 4],
          [2, 3],
          [1, 2],
          [0, 1],
        ],
      ],
      ['bytes', 'PartialData', [[3, 8]]],
    ])
    for (const [i, result] of whole.MetricDataResults!.entries()) {
      expect(all.flatMap((page) => page.MetricDataResults![i]!.Values!)).toEqual(result.Values)
      expect(all.flatMap((page) => page.MetricDataResults![i]!.Timestamps!)).toEqual(result.Timestamps)
    }
  })

  it('gives no NextToken when the points fit exactly', async () => {
    await traffic()
    const page = await getData(cloudwatch, [RECORDS, BYTES], { MaxDatapoints: 8 })
    expect(page.NextToken).toBeUndefined()
    expect(page.MetricDataResults!.map((r) => [r.StatusCode, r.Values!.length])).toEqual([
      ['Complete', 4],
      ['Complete', 4],
    ])
  })

  it('cuts the results of a request with metric math but gives no NextToken', async () => {
    await traffic()
    const page = await getData(cloudwatch, [RECORDS, { Id: 'twice', Expression: 'records * 2' }], {
      MaxDatapoints: 3,
      ScanBy: 'TimestampAscending',
    })
    expect(page.NextToken).toBeUndefined()
    expect(shape(page)).toEqual([
      [
        'records',
        'PartialData',
        [
          [0, 1],
          [1, 2],
          [2, 3],
        ],
      ],
      ['twice', 'PartialData', []],
    ])
  })

  it('answers InvalidNextToken for a token it did not give out', async () => {
    await traffic()
    for (const NextToken of ['not-a-token', btoa('fhmsw-metrics:0')]) {
      const error = await expectAwsError(getData(cloudwatch, [RECORDS], { MaxDatapoints: 2, NextToken }), {
        name: 'InvalidNextToken',
        status: 400,
      })
      expect(error).toMatchObject({ Code: 'InvalidNextToken' })
    }
  })
})
