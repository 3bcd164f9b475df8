/**
 * Which hosts answer for a service, and which region a request is for.
 * Hosts follow the endpoint rule sets of the AWS models: standard, FIPS, dual-stack, China,
 * GovCloud and ISO partitions. For custom endpoints the region comes from the SigV4 scope.
 */

const SUFFIXES = [
  'amazonaws\\.com',
  'api\\.aws',
  'amazonaws\\.com\\.cn',
  'api\\.amazonwebservices\\.com\\.cn',
  'c2s\\.ic\\.gov',
  'sc2s\\.sgov\\.gov',
]

/** Matches `https://<prefix>[-fips].<region>.<partition suffix>` with a path of the given pattern. */
export function serviceHostPattern(endpointPrefix: string, path: string): RegExp {
  return new RegExp(`^https://${endpointPrefix}(?:-fips)?\\.([a-z0-9-]+)\\.(?:${SUFFIXES.join('|')})${path}$`)
}

/** The region named by the host, or undefined for a custom endpoint. */
export function regionFromHost(url: string, endpointPrefix: string): string | undefined {
  const host = url
    .replace(/^[a-z]+:\/\//i, '')
    .split(/[/?#]/)[0]!
    .toLowerCase()
  const match = new RegExp(`^${endpointPrefix}(?:-fips)?\\.([a-z0-9-]+)\\.(?:${SUFFIXES.join('|')})$`).exec(host)
  return match?.[1]
}

/** The region in `Credential=<key>/<date>/<region>/<service>/aws4_request`, if any. */
export function regionFromAuthorization(authorization: string | null): string | undefined {
  if (!authorization) return undefined
  const match = /Credential=[^/,\s]+\/\d{8}\/([^/,\s]+)\/[^/,\s]+\/aws4_request/.exec(authorization)
  return match?.[1]
}

/** The partition an ARN uses for a region. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn'
  if (region.startsWith('us-gov-')) return 'aws-us-gov'
  if (region.startsWith('us-isob-')) return 'aws-iso-b'
  if (region.startsWith('us-iso-')) return 'aws-iso'
  return 'aws'
}

/** An AWS account id: 12 digits. */
export const isAccountId = (value: string): boolean => /^\d{12}$/.test(value)
