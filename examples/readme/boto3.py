import boto3

firehose = boto3.client("firehose", endpoint_url="http://127.0.0.1:4566", region_name="us-east-1")
answer = firehose.put_record(DeliveryStreamName="clickstream", Record={"Data": b'{"page":"/"}\n'})
print(answer["RecordId"], answer["Encrypted"])
