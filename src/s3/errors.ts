/**
 * The error catalog of the read-only S3 (REST-XML): the errors it answers, with the statuses S3
 * gives them. S3's model is not vendored, so the list is written out; none of the JSON services'
 * framework errors apply.
 */
import { errorCatalog } from '../protocol/catalog'

export const s3Errors = errorCatalog(
  {},
  {
    NoSuchKey: { status: 404, defaultMessage: 'The specified key does not exist.' },
    NoSuchBucket: { status: 404, defaultMessage: 'The specified bucket does not exist' },
    InvalidRange: { status: 416, defaultMessage: 'The requested range is not satisfiable' },
    NotImplemented: { status: 501, defaultMessage: 'A header you provided implies functionality that is not implemented' },
    InvalidArgument: { status: 400 },
    InternalError: { status: 500, defaultMessage: 'We encountered an internal error. Please try again.' },
  },
  {},
)
