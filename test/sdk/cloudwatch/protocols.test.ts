/**
 * @aws-sdk/client-cloudwatch on each protocol CloudWatch's model offers, in-process through
 * msw/node: AWS JSON 1.0 (the client's default), and the `protocol` option set to @aws-sdk/core's
 * Smithy RPC v2 CBOR or AWS Query. The same puts read through each give the same datapoints and
 * the same error.
 */
import { CloudWatchClient, GetMetricStatisticsCommand, type GetMetricStatisticsCommandInput } from '@aws-sdk/client-cloudwatch'
import { AwsQueryProtocol, AwsSmithyRpcV2CborProtocol } from '@aws-sdk/core/protocols'
import { describe, expect, it } from 'vitest'
import { credentials } from '../../support/aws'
import { START } from '../../support/clock'
import { expectAwsError } from '../../support/errors'
import { putText } from '../../support/firehose'
import { recordRequests, useMock } from '../../support/mock'

const MINUTE = 60_000
const { clock, firehose, server, activeStream } = useMock({ timing: 'instant' })
const requests = recordRequests(server)

const protocols = [
  {
    name: 'AWS JSON 1.0 (the default)',
    protocol: undefined,
    path: '/',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'GraniteServiceVersion20100801.GetMetricStatistics' },
  },
  {
    name: 'Smithy RPC v2 CBOR',
    protocol: AwsSmithyRpcV2CborProtocol,
    path: '/service/GraniteServiceVersion20100801/operation/GetMetricStatistics',
    headers: { 'content-type': 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor' },
  },
  {
    name: 'AWS Query',
    protocol: AwsQueryProtocol,
    path: '/',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  },
]

describe.each(protocols)('GetMetricStatistics over $name', ({ protocol, path, headers }) => {
  const cloudwatch = new CloudWatchClient({ region: 'us-east-1', credentials, maxAttempts: 1, ...(protocol ? { protocol } : {}) })
  const statistics = (extra: Partial<GetMetricStatisticsCommandInput> = {}) =>
    cloudwatch.send(
      new GetMetricStatisticsCommand({
        Namespace: 'AWS/Firehose',
        MetricName: 'IncomingBytes',
        Dimensions: [{ Name: 'DeliveryStreamName', Value: 'clicks' }],
        StartTime: new Date(START),
        EndTime: new Date(START + 10 * MINUTE),
        Period: 60,
        Statistics: ['Sum', 'Maximum', 'SampleCount'],
        ...extra,
      }),
    )

  it('answers the per-minute statistics of the puts, with their timestamps', async () => {
    await activeStream('clicks')
    clock.set(START + 5_000)
    await putText(firehose, 'clicks', 'abc')
    await putText(firehose, 'clicks', 'hello')
    clock.set(START + 2 * MINUTE + 30_000)
    await putText(firehose, 'clicks', 'z')
    requests.list = []

    const { Label, Datapoints } = await statistics()
    expect(Label).toBe('IncomingBytes')
    expect([...Datapoints!].sort((a, b) => a.Timestamp!.getTime() - b.Timestamp!.getTime())).toEqual([
      { Timestamp: new Date(START), Sum: 8, Maximum: 5, SampleCount: 2, Unit: 'Bytes' },
      { Timestamp: new Date(START + 2 * MINUTE), Sum: 1, Maximum: 1, SampleCount: 1, Unit: 'Bytes' },
    ])
    // The client spoke the protocol it was given.
    expect(requests.list).toHaveLength(1)
    const [request] = requests.list
    expect(new URL(request!.url).pathname).toBe(path)
    for (const [name, value] of Object.entries(headers)) expect(request!.headers.get(name)).toContain(value)
  })

  it('answers an empty Datapoints list for a metric without data', async () => {
    expect(await statistics({ Namespace: 'AWS/EC2', MetricName: 'CPUUtilization', Dimensions: [] })).toMatchObject({
      Label: 'CPUUtilization',
      Datapoints: [],
    })
  })

  it('refuses an EndTime before StartTime with InvalidParameterValue, HTTP 400', async () => {
    const error = await expectAwsError(statistics({ StartTime: new Date(START + MINUTE), EndTime: new Date(START) }), {
      name: 'InvalidParameterValueException',
      message: 'The parameter StartTime must be less than the parameter EndTime.',
      status: 400,
    })
    expect(error).toMatchObject({ Code: 'InvalidParameterValue' })
  })
})
