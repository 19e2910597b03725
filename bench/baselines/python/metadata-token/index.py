# Baseline: the documented Python "IAM token via the metadata API" function
# (`requests`), one request to the metadata service per call, no cache, no
# timeout. The only change: the host comes from YC_METADATA_ADDR when it is set,
# so the benchmark can point it at the loopback emulator.
import os

import requests

METADATA_HOST = os.environ.get('YC_METADATA_ADDR') or '169.254.169.254'


def handler(event, context):
    resp = requests.get(
        f'http://{METADATA_HOST}/computeMetadata/v1/instance/service-accounts/default/token',
        headers={'Metadata-Flavor': 'Google'})
    return {
        'statusCode': 200,
        'body': resp.json(),
    }
