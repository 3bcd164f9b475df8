/** AWS Amplify v6's Kinesis Firehose provider with guest credentials from an identity pool, in Node (msw/node). */
import { amplifySuite } from '../support/amplify'

amplifySuite()
