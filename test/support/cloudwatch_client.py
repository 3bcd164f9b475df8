"""
One CloudWatch call with boto3, for the server tests that compare clients and wire protocols.

    python3 cloudwatch_client.py '{"endpoint": "http://127.0.0.1:4566", "region": "us-east-1",
                                   "operation": "GetMetricStatistics", "params": {...}}'

Prints one JSON object: the protocol botocore resolved for CloudWatch, the HTTP status, and either
the response (without ResponseMetadata) or the error's code and message. Timestamps are printed
as epoch seconds. Credentials, retries and AWS_DATA_PATH come from the environment. Runs under
Debian's Python (botocore 1.29, AWS Query) and under current botocore (JSON 1.0, or CBOR with a
model that lists only smithy-rpc-v2-cbor).
"""

import datetime
import json
import sys

import boto3
import botocore
from botocore.exceptions import ClientError


def to_json(value):
    if isinstance(value, datetime.datetime):
        return value.timestamp()
    raise TypeError(f"not JSON serializable: {value!r}")


def main():
    command = json.loads(sys.argv[1])
    client = boto3.client("cloudwatch", endpoint_url=command["endpoint"], region_name=command["region"])
    model = client.meta.service_model
    # botocore 1.29 has only `protocol`; later versions pick one of `protocols` as resolved_protocol.
    out = {"protocol": getattr(model, "resolved_protocol", model.protocol), "botocore": botocore.__version__}
    call = getattr(client, botocore.xform_name(command["operation"]))
    try:
        response = call(**command.get("params", {}))
        out["status"] = response.pop("ResponseMetadata")["HTTPStatusCode"]
        out["response"] = response
    except ClientError as error:
        out["status"] = error.response["ResponseMetadata"]["HTTPStatusCode"]
        out["error"] = {"code": error.response["Error"]["Code"], "message": error.response["Error"]["Message"]}
    print(json.dumps(out, default=to_json))


if __name__ == "__main__":
    main()
