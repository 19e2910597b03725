# Baseline: the documented Python "IAM token from the handler context" function,
# as the Yandex Cloud Functions docs write it, except that the body is the token
# as a JSON string (what examples/context-token answers; the JS baseline does the same).
import json


def handler(event, context):
    return {
        'statusCode': 200,
        'headers': {'content-type': 'text/plain'},
        'isBase64Encoded': False,
        'body': json.dumps(context.token),
    }
