#!/usr/bin/env python3
"""Writes the seed corpora fuzz/corpus/<target>/ (committed; rerun after
changing this file or tests/fixtures/). Seeds come from tests/fixtures/ (the
documentation's payloads, the hand-written events, the ABI golden vectors),
from the vectors of the unit tests, and from hand-written edge cases.

    python3 fuzz/make_seeds.py
"""
import json
import shutil
import struct
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = ROOT / "fuzz" / "corpus"

# Tokens hold '~' so that the leak checks of the targets watch them.
SECRET = "t1.9euelZqUjM2Wk5DKkJ-~SECRET~-Qm9keSBzaG91bGQ"


def compact(value):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def token_body(token=SECRET, expires_in="3600", token_type='"Bearer"'):
    return '{"access_token":%s,"expires_in":%s,"token_type":%s}' % (
        json.dumps(token), expires_in, token_type)


def fixture(path):
    return (FIXTURES / path).read_bytes()


def write(target, seeds):
    folder = CORPUS / target
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name, data in seeds.items():
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogateescape")
        (folder / name).write_bytes(data)
    print(f"{target}: {len(seeds)} seeds")


# --- token bodies (shared by fuzz_context_token and fuzz_metadata_reply) ----
TOKEN_BODIES = {
    "docs-metadata-reply": fixture("docs/metadata-token-response-docs.json"),
    "ok": token_body(),
    "ok-bearer-lower": token_body(token_type='"bearer"'),
    "ok-expires-1": token_body(expires_in="1"),
    "ok-expires-86400": token_body(expires_in="86400"),
    "ok-bom": b"\xef\xbb\xbf" + token_body().encode(),
    "ok-whitespace-around": " \r\n\t" + token_body() + " \n",
    "ok-extra-fields": '{"scope":"x","access_token":"%s","nested":{"a":[1,2,{"b":null}]},'
                       '"expires_in":3600,"token_type":"Bearer","n":1.5}' % SECRET,
    "ok-brackets-in-strings": '{"x":"[[[[[[[[[[[[[[[[[[[[{{{{{{{{","y":"\\"[[[[","access_token":"%s",'
                              '"expires_in":3600,"token_type":"Bearer"}' % SECRET,
    "ok-all-printable": token_body("!#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`"
                                   "abcdefghijklmnopqrstuvwxyz{|}~"),
    "empty": "",
    "only-bom": b"\xef\xbb\xbf",
    "truncated": '{"access_token":"%s","expires_in":36' % SECRET,
    "truncated-in-string": '{"access_token":"%s' % SECRET,
    "html": "<html><body>%s</body></html>" % SECRET,
    "form": "access_token=%s&expires_in=3600" % SECRET,
    "trailing-garbage": token_body() + "x",
    "invalid-utf8": b'{"access_token":"\xc3\x28' + SECRET.encode() + b'"}',
    "array": "[" + token_body() + "]",
    "string": json.dumps(SECRET),
    "number": "3600",
    "null": "null",
    "missing-access-token": '{"expires_in":3600,"token_type":"Bearer"}',
    "empty-access-token": token_body(""),
    "numeric-access-token": '{"access_token":12345,"expires_in":3600,"token_type":"Bearer"}',
    "object-access-token": '{"access_token":{"t":"%s"},"expires_in":3600,"token_type":"Bearer"}' % SECRET,
    "token-crlf-injection": token_body(SECRET + "\r\nX-Evil: 1"),
    "token-space": token_body("t1.abc " + SECRET),
    "token-nul": token_body("t1.abcdefghijkl\0" + SECRET),
    "token-del": token_body("t1.abc\x7f" + SECRET),
    "token-raw-utf8": token_body("t1.abc\u00e9" + SECRET),
    "token-escaped-emoji": '{"access_token":"t1.abc\\ud83d\\ude00%s","expires_in":3600,"token_type":"Bearer"}' % SECRET,
    "missing-expires-in": '{"access_token":"%s","token_type":"Bearer"}' % SECRET,
    "expires-negative": token_body(expires_in="-1"),
    "expires-int64-min": token_body(expires_in="-9223372036854775808"),
    "expires-zero": token_body(expires_in="0"),
    "expires-minus-zero": token_body(expires_in="-0"),
    "expires-fraction": token_body(expires_in="3600.5"),
    "expires-integral-float": token_body(expires_in="3600.0"),
    "expires-exponent": token_body(expires_in="36e2"),
    "expires-huge-float": token_body(expires_in="1e30"),
    "expires-beyond-64-bits": token_body(expires_in="99999999999999999999999"),
    "expires-86401": token_body(expires_in="86401"),
    "expires-uint64-max": token_body(expires_in="18446744073709551615"),
    "expires-string": token_body(expires_in='"3600"'),
    "expires-null": token_body(expires_in="null"),
    "expires-true": token_body(expires_in="true"),
    "missing-token-type": '{"access_token":"%s","expires_in":3600}' % SECRET,
    "token-type-mac": token_body(token_type='"MAC"'),
    "token-type-empty": token_body(token_type='""'),
    "token-type-bear": token_body(token_type='"Bear"'),
    "token-type-number": token_body(token_type="1"),
    "depth-16": '{"access_token":"%s","x":%s%s,"expires_in":3600,"token_type":"Bearer"}' % (
        SECRET, "[" * 15, "]" * 15),
    "depth-17": '{"access_token":"%s","x":%s%s,"expires_in":3600,"token_type":"Bearer"}' % (
        SECRET, "[" * 16, "]" * 16),
    "deep-unbalanced": "[" * 40,
    "duplicate-keys": '{"access_token":"a~b~c~d","access_token":"%s","expires_in":3600,"token_type":"Bearer"}' % SECRET,
}


def metadata_reply(status, headers, body):
    if isinstance(body, str):
        body = body.encode("utf-8", "surrogateescape")
    head = struct.pack(">h", status)
    lines = b"".join(f"{name}:{value}\n".encode() for name, value in headers)
    return head + lines + b"\n" + body


def metadata_seeds():
    google = [("Metadata-Flavor", "Google")]
    seeds = {}
    for name, body in TOKEN_BODIES.items():
        seeds["200-" + name] = metadata_reply(200, google, body)
    ok = token_body()
    for status in (100, 201, 204, 0, -1, 301, 302, 399, 400, 401, 403, 404, 418, 429, 500, 502, 503, 599, 600,
                   999, 32767, -32768):
        seeds[f"status-{status}"] = metadata_reply(status, google, "busy" if status != 200 else ok)
    seeds["302-location"] = metadata_reply(302, [("Location", "http://evil.example/")], ok)
    seeds["200-no-headers"] = metadata_reply(200, [], ok)
    seeds["200-flavor-amazon"] = metadata_reply(200, [("Metadata-Flavor", "Amazon")], ok)
    seeds["200-flavor-padded"] = metadata_reply(200, [("metadata-flavor", " \tGoogle \t")], ok)
    seeds["200-flavor-lower-value"] = metadata_reply(200, [("METADATA-FLAVOR", "google")], ok)
    seeds["200-flavor-cr"] = metadata_reply(200, [("Metadata-Flavor", "Google\r")], ok)
    seeds["200-flavor-twice"] = metadata_reply(200, google + [("Metadata-Flavor", "~Other~")], ok)
    seeds["200-flavor-empty"] = metadata_reply(200, [("Metadata-Flavor", "")], ok)
    seeds["404-flavor-other"] = metadata_reply(404, [("Metadata-Flavor", "Azure")], "")
    seeds["200-many-headers"] = metadata_reply(
        200, [("Content-Type", "application/json"), ("Date", "Fri, 28 Nov 2025 12:00:00 GMT"),
              ("Server", "Metadata Server for VM"), ("X-XSS-Protection", "0"), ("Metadata-Flavor", "Google")], ok)
    return seeds


# --- events --------------------------------------------------------------
HTTP_EVENTS = {
    "docs-http-post-curl": fixture("docs/http-post-curl-docs.json"),
    "api-gateway-v0.1": fixture("events/api-gateway-v0.1.json"),
    "api-gateway-v1.0": fixture("events/api-gateway-v1.0.json"),
    "minimal": '{"httpMethod":"GET"}',
    "method-not-string": '{"httpMethod":1}',
    "nulls": '{"httpMethod":"GET","headers":null,"multiValueHeaders":null,"queryStringParameters":null,'
             '"multiValueQueryStringParameters":null,"body":null,"isBase64Encoded":null,"requestContext":null}',
    "headers-mixed-case": '{"httpMethod":"GET","headers":{"X-A":"1","x-a":"2","Content-Type":"text/plain"},'
                          '"multiValueHeaders":{"x-A":["3","4"],"Accept":[]}}',
    "headers-wrong-type": '{"httpMethod":"GET","headers":{"X-Count":1}}',
    "multi-headers-wrong-item": '{"httpMethod":"GET","multiValueHeaders":{"Accept":["a",2]}}',
    "query-case": '{"httpMethod":"GET","queryStringParameters":{"a":"2","A":"x"},'
                  '"multiValueQueryStringParameters":{"a":["1","2"]}}',
    "params-scalars": '{"httpMethod":"GET","pathParameters":{"id":7,"ok":true,"s":"x"},'
                      '"parameters":{"n":1.5},"multiValueParameters":{"n":[1,"2"]}}',
    "params-v0": '{"httpMethod":"GET","pathParams":{"id":"42"},"params":{"verbose":"true"},'
                 '"multiValueParams":{"tag":["a","b"]},"pathParameters":{"id":"ignored"}}',
    "params-object": '{"httpMethod":"GET","pathParameters":{"id":{}}}',
    "url-with-query": '{"httpMethod":"GET","url":"/pets/42?verbose=true#frag","path":"/pets/{id}"}',
    "base64-body": '{"httpMethod":"POST","isBase64Encoded":true,"body":"aGVsbG8sIHdvcmxkIQ=="}',
    "base64-unpadded": '{"httpMethod":"POST","isBase64Encoded":true,"body":"aGVsbG8"}',
    "base64-bad": '{"httpMethod":"POST","isBase64Encoded":true,"body":"a$b="}',
    "base64-not-utf8": '{"httpMethod":"POST","isBase64Encoded":true,"body":"/w=="}',
    "base64-json": '{"httpMethod":"POST","isBase64Encoded":true,"body":"eyJhIjpbMSwyXX0="}',
    "base64-flag-string": '{"httpMethod":"POST","isBase64Encoded":"true","body":"x"}',
    "json-body": '{"httpMethod":"POST","body":"{\\"name\\":\\"Ann\\",\\"tags\\":[\\"a\\",\\"b\\"]}"}',
    "json-body-invalid": '{"httpMethod":"POST","body":"{\\"password\\": \\"hunter2\\",}"}',
    "json-body-deep": '{"httpMethod":"POST","body":"%s%s"}' % ("[" * 65, "]" * 65),
    "json-body-empty": '{"httpMethod":"POST","body":""}',
    # A separate body (ycfn_invoke_with_body): fuzz_http_event splits at the last 0x01.
    "separate-body": '{"httpMethod":"POST","isBase64Encoded":true}\x01aGVsbG8sIHdvcmxkIQ==',
    "separate-body-and-member": '{"httpMethod":"POST","body":"x"}\x01y',
    "json-body-escaped-utf8": '{"httpMethod":"POST","body":"\\"\\ud83d\\ude00\\""}',
    "json-body-lone-surrogate": '{"httpMethod":"POST","body":"\\ud800"}',
    "body-number": '{"httpMethod":"POST","body":5}',
    "request-context": '{"httpMethod":"GET","requestContext":{"requestId":"r","requestTime":"26/Dec/2019:14:22:07 +0000",'
                       '"requestTimeEpoch":1577370127,"httpMethod":"GET","identity":{"sourceIp":"1.2.3.4",'
                       '"userAgent":"curl"},"authorizer":{"jwt":{"claims":{}}},"apiGateway":{"operationContext":[1]}}}',
    "epoch-float": '{"httpMethod":"GET","requestContext":{"requestTimeEpoch":1.5e9}}',
    "epoch-huge-float": '{"httpMethod":"GET","requestContext":{"requestTimeEpoch":1e300}}',
    "epoch-uint64": '{"httpMethod":"GET","requestContext":{"requestTimeEpoch":18446744073709551615}}',
    "epoch-int64-min": '{"httpMethod":"GET","requestContext":{"requestTimeEpoch":-9223372036854775808}}',
    "epoch-2-63": '{"httpMethod":"GET","requestContext":{"requestTimeEpoch":9223372036854775808.0}}',
    "identity-wrong": '{"httpMethod":"GET","requestContext":{"identity":"x"}}',
    "long-header-name": '{"httpMethod":"GET","headers":{"%s":1}}' % ("N" * 80),
    "invalid-utf8-name": b'{"httpMethod":"GET","headers":{"\xff\xfe":1}}',
    "not-object": "[]",
    "deep-65": "[" * 65 + "]" * 65,
    "deep-64": '{"a":' + "[" * 63 + "]" * 63 + "}",
    "empty": "",
    "other": '{"hello":"world"}',
}

TRIGGER_EVENTS = {
    "docs-timer": fixture("docs/timer-docs.json"),
    "docs-message-queue": fixture("docs/message-queue-docs.json"),
    "docs-object-storage-delete": fixture("docs/object-storage-delete-docs.json"),
    "messages-empty": '{"messages":[]}',
    "messages-not-array": '{"messages":{}}',
    "message-not-object": '{"messages":[1]}',
    "no-metadata": '{"messages":[{"details":{}}]}',
    "metadata-null": '{"messages":[{"event_metadata":null}]}',
    "metadata-wrong": '{"messages":[{"event_metadata":[]}]}',
    "event-type-number": '{"messages":[{"event_metadata":{"event_type":1}}]}',
    "unknown-type": '{"messages":[{"event_metadata":{"event_type":"yandex.cloud.events.iot.IoTMessage"},'
                    '"details":{"device_id":"d","payload":"aGk="}}]}',
    "timer-no-details": '{"messages":[{"event_metadata":{"event_type":'
                        '"yandex.cloud.events.serverless.triggers.TimerMessage"}}]}',
    "timer-details-array": '{"messages":[{"event_metadata":{"event_type":'
                           '"yandex.cloud.events.serverless.triggers.TimerMessage"},"details":[]}]}',
    "timer-no-payload": '{"messages":[{"event_metadata":{"event_type":'
                        '"yandex.cloud.events.serverless.triggers.TimerMessage"},"details":{"trigger_id":"t"}}]}',
    "queue-attributes-wrong": '{"messages":[{"event_metadata":{"event_type":"yandex.cloud.events.messagequeue.QueueMessage"},'
                              '"details":{"queue_id":"q","message":{"message_id":"m","body":"b",'
                              '"attributes":{"SentTimestamp":1}}}}]}',
    "queue-message-missing": '{"messages":[{"event_metadata":{"event_type":'
                             '"yandex.cloud.events.messagequeue.QueueMessage"},"details":{"queue_id":"q"}}]}',
    "storage-create": '{"messages":[{"event_metadata":{"event_type":"yandex.cloud.events.storage.ObjectCreate",'
                      '"tracing_context":{"trace_id":"t"}},"details":{"bucket_id":"b","object_id":"o"}}]}',
    "storage-update-missing": '{"messages":[{"event_metadata":{"event_type":'
                              '"yandex.cloud.events.storage.ObjectUpdate"},"details":{"bucket_id":"b"}}]}',
    "storage-other-op": '{"messages":[{"event_metadata":{"event_type":"yandex.cloud.events.storage.ObjectRestore"},'
                        '"details":5}]}',
    "with-http-method": '{"httpMethod":"GET","messages":[]}',
    "tracing-wrong": '{"messages":[{"event_metadata":{"tracing_context":"x"}}]}',
    "created-at-object": '{"messages":[{"event_metadata":{"event_id":"e","created_at":{"seconds":1630607359,'
                         '"nanos":6794776}}}]}',
    "created-at-seconds-string": '{"messages":[{"event_metadata":{"created_at":{"seconds":"-62167219200"}}}]}',
    "created-at-nanos-wrong": '{"messages":[{"event_metadata":{"created_at":{"seconds":1,"nanos":1000000000}}}]}',
    "created-at-go-form": '{"messages":[{"event_metadata":{"created_at":"2022-09-15 14:42:23.983842092 +0000 UTC '
                          'm=+260285.403254765"}}]}',
    "created-at-offset": '{"messages":[{"event_metadata":{"created_at":"2020-09-07T11:09:14.5-02:30"}}]}',
    "queue-attribute-spellings": '{"messages":[{"event_metadata":{"event_type":'
                                 '"yandex.cloud.events.messagequeue.QueueMessage"},"details":{"queue_id":"q",'
                                 '"message":{"message_id":"m","body":"b","message_attributes":{"a":{"dataType":"S",'
                                 '"string_value":"v"},"b":{"data_type":null,"stringValue":1}}}}}]}',
    "iot-broker": '{"messages":[{"event_metadata":{"event_type":"yandex.cloud.events.iot.IoTMessage"},'
                  '"details":{"broker_id":"b","mqtt_topic":"t","payload":"aGk="}}]}',
    "cr-delete-image": '{"messages":[{"event_metadata":{"event_type":'
                       '"yandex.cloud.events.containerregistry.DeleteImage"},"details":{"registry_id":"r"}}]}',
    "logging-entry-wrong": '{"messages":[{"event_metadata":{"event_type":'
                           '"yandex.cloud.events.serverless.triggers.CloudLogsMessageBatch"},'
                           '"details":{"messages":[{"timestamp":"2020-09-08T11:05:10Z"},{"resource":1}]}}]}',
    "budget-lookalike": '{"messages":[{"billing_account_id":"a","budget_id":7},{"billing_account_id":"a",'
                        '"budget_id":"b","amount":90012.00}]}',
    "mail-lookalike": '{"messages":[{"received_at":"x","headers":[{"name":"A","values":["1",2]}]},'
                      '{"received_at":"x","headers":[{"name":"Subject","values":["hi"]}],"attachments":{"keys":[]}}]}',
    "record-with-metadata": '{"messages":[{"event_metadata":{"event_id":"e"},"k":1},{"event_metadata":5}]}',
}
# Every published trigger example (tests/fixtures/events/triggers/), compact:
# the mail examples are over libFuzzer's default input limit as written.
for _path in sorted((FIXTURES / "events" / "triggers").glob("*.json")):
    TRIGGER_EVENTS["published-" + _path.stem] = compact(json.loads(_path.read_text()))

BASE64 = {
    "empty": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=",
    "foobar": "Zm9vYmFy", "form-body": "aGVsbG8sIHdvcmxkIQ==", "unpadded-2": "Zg", "unpadded-3": "Zm8",
    "trailing-bits": "Zh==", "trailing-bits-3": "Zm9=", "padding-misplaced": "Zg=", "padding-only": "====",
    "padding-middle": "Zg==Zg==", "length-1-mod-4": "Zm9vY", "bad-char": "Zm$v", "url-safe": "-_8=",
    "plus-slash": "+/+/", "whitespace": "Zm9v\n", "nul": b"Zm\0v",
    "all-bytes": __import__("base64").b64encode(bytes(range(256))).decode(),
}


def abi_vector_seeds():
    seeds = {}
    for path in sorted((FIXTURES / "abi").glob("*.json")):
        vector = json.loads(path.read_text())
        config = compact(vector["config"]).encode()
        event = None
        parts = []
        for call in vector["calls"]:
            if call["call"] == "invoke":
                this_event = call["event"] if isinstance(call["event"], str) else compact(call["event"])
                if event is None:
                    event = this_event
                    parts.append(compact(call["invocation"]).encode())
                else:
                    parts.append(b"I" + compact(call["invocation"]).encode())
            else:
                parts.append(compact(call["input"]).encode())
        seeds["golden-" + path.stem] = b"\0".join([config, event.encode()] + parts)
    return seeds


def abi_seeds():
    seeds = abi_vector_seeds()
    now = 1764331200000
    invocation = {"context": {"requestId": "r-1", "functionName": "f", "functionVersion": "v",
                              "memoryLimitInMB": "128"}, "now_ms": now, "deadline_ms": now + 10000}
    with_token = json.loads(json.dumps(invocation))
    with_token["context"]["token"] = {"access_token": SECRET, "expires_in": 43200, "token_type": "Bearer"}
    broken_token = json.loads(json.dumps(invocation))
    broken_token["context"]["token"] = {"access_token": SECRET, "expires_in": 0, "token_type": "Bearer"}
    http = compact({"httpMethod": "POST", "queryStringParameters": {"as": "text", "status": "201",
                                                                     "h-X-Ok": "1", "h-Bad Name": "x",
                                                                     "h-Via": "proxy", "h-X-Inj": "a\r\nb"},
                    "multiValueQueryStringParameters": {"h-Set-Cookie": ["a=1", "b=2"]},
                    "body": "hello ~world~", "headers": {"Content-Type": "text/plain"}})
    fetch_ok = compact({"fetch_result": {"status": 200, "headers": {"metadata-flavor": "Google"},
                                         "body": token_body()}})
    fetch_503 = compact({"fetch_result": {"status": 503, "body": "busy"}})
    fetch_bad = compact({"fetch_result": {"status": 200, "headers": {"Metadata-Flavor": ["Google", "x"]},
                                          "body": token_body(expires_in="0")}})
    fetch_timeout = compact({"fetch_result": {"error": "timeout", "message": "after 3000 ms \u0001"}})
    fetch_large = compact({"fetch_result": {"error": "too_large"}})
    wake = compact({})

    def join(*parts):
        return b"\0".join(p if isinstance(p, bytes) else p.encode() for p in parts)

    inv = compact(invocation)
    seeds["context-token-http"] = join("", http, compact(with_token))
    seeds["broken-context-token"] = join("", "{}", compact(broken_token))
    seeds["no-network"] = join('{"network":false}', "{}", inv)
    seeds["bad-address"] = join('{"env":{"YC_METADATA_ADDR":"http://x/"}}', "{}", inv)
    seeds["gce-host-port"] = join('{"env":{"GCE_METADATA_HOST":"[::1]:8080"}}', http, inv, fetch_ok)
    seeds["bad-config"] = join('{"network":"yes"}', "{}", inv)
    seeds["fetch-ok-http"] = join("", http, inv, fetch_ok)
    seeds["fetch-retry-then-ok"] = join("", "{}", inv, fetch_503, fetch_timeout, fetch_ok)
    seeds["fetch-bad-reply"] = join("", "{}", inv, fetch_bad)
    seeds["fetch-too-large"] = join("", "{}", inv, fetch_large)
    seeds["single-flight"] = join("", http, inv, b"I" + inv.encode(), b"I" + inv.encode(), fetch_ok, wake, wake)
    seeds["waiter-after-failure"] = join("", "{}", inv, b"I" + inv.encode(), fetch_bad, wake)
    seeds["deadline-passes"] = join("", "{}", inv, compact({"fetch_result": {"status": 503}, "now_ms": now + 9900}))
    seeds["cached-then-refresh"] = join("", "{}", inv, fetch_ok,
                                        b"I" + compact(dict(invocation, now_ms=now + 5000000,
                                                            deadline_ms=now + 5010000)).encode(), fetch_503)
    seeds["raw-resume"] = join("", "{}", inv, b"R" + compact({"invocation": 1, "now_ms": now + 5}).encode(),
                               b"R{", b"R[]")
    seeds["unknown-invocation"] = join("", "{}", inv, compact({"invocation": 99, "now_ms": now}))
    seeds["bad-invocation"] = join("", "{}", '{"now_ms":"1"}')
    seeds["trigger-event"] = join("", fixture("docs/timer-docs.json"), compact(with_token))
    seeds["malformed-event"] = join("", '{"httpMethod":1}', compact(with_token))
    seeds["extreme-times"] = join("", "{}", compact(dict(invocation, now_ms=-9223372036854775808,
                                                         deadline_ms=9223372036854775807)))
    return seeds


JSON_WRITER = {
    "escapes": '["\\b\\f\\n\\r\\t\\u0001\\u001f\\u007f\\"\\\\/"]',
    "utf8": '{"caf\u00e9":"\u20ac \U0001F600"}',
    "bad-utf8": b'"\xff\xfe \xc0\xaf \xed\xa0\x80"',
    "numbers": "[0,-1,1.5,-0.0,1e300,0.1,18446744073709551615,-9223372036854775808]",
    "nested": '{"b":[1,{"z":true,"a":null}],"a":{"":""}}',
}


# S3's replies (tests/fixtures/clients/) and the shapes the reader refuses.
XML = {
    "s3-list-page": fixture("clients/s3-list-page.xml"),
    "s3-list-last": fixture("clients/s3-list-last.xml"),
    "s3-list-empty": fixture("clients/s3-list-empty.xml"),
    "s3-error-no-such-key": fixture("clients/s3-error-no-such-key.xml"),
    "s3-error-no-such-bucket": fixture("clients/s3-error-no-such-bucket.xml"),
    "bom-declaration": b"\xef\xbb\xbf<?xml version='1.0' encoding='utf-8' standalone='no'?>\r\n<a/>",
    "namespaces": '<r xmlns="urn:d" xmlns:p="urn:p"><p:k p:at="1" at="2">v</p:k><q xmlns=""><k/></q>'
                  '<p:k xmlns:p="urn:other" xml:lang="en"/></r>',
    "entities": "<t a=\"&lt;&#10;&#x9;\">&lt;&gt;&amp;&quot;&apos;&#65;&#x20AC;&#x10FFFF;</t>",
    "cdata-comments": "<!--c--><t>a<!-- x -->b<![CDATA[<not> &amp; ]]]]>c\r\nd</t><!--e-->",
    "doctype": '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><lolz>&lol2;</lolz>',
    "processing-instruction": "<a><?php x ?></a>",
    "mismatched": "<a><b></a></b>",
    "undeclared-prefix": "<p:a/>",
    "duplicate-attribute": '<a xmlns:p="u" xmlns:q="u" p:x="1" q:x="2"/>',
    "bad-utf8": b"<a>\xc3\x28 \xed\xa0\x80</a>",
    "control-char": b"<a>\x01</a>",
    "deep-33": "<a>" * 33 + "</a>" * 33,
    "unknown-entity": "<a>&nbsp;</a>",
}


WEBSOCKET_EVENTS = {
    "ts-types-connect": fixture("events/api-gateway/websocket-connect-ts-types.json"),
    "ts-types-message": fixture("events/api-gateway/websocket-message-ts-types.json"),
    "ts-types-disconnect": fixture("events/api-gateway/websocket-disconnect-ts-types.json"),
    "minimal-message": '{"requestContext":{"connectionId":"c","eventType":"MESSAGE"},"body":"hi"}',
    "binary-message": '{"requestContext":{"connectionId":"c","eventType":"MESSAGE","messageId":"m"},'
                      '"isBase64Encoded":true,"body":"AP+AASBiaW5hcnk="}',
    "binary-bad": '{"requestContext":{"connectionId":"c","eventType":"MESSAGE"},"isBase64Encoded":true,"body":"@@"}',
    "disconnect-strings": '{"requestContext":{"connectionId":"c","eventType":"DISCONNECT",'
                          '"disconnectStatusCode":"1000","disconnectReason":"bye"}}',
    "disconnect-headers": '{"requestContext":{"connectionId":"c","eventType":"DISCONNECT"},"headers":'
                          '{"X-Yc-Apigateway-Websocket-Disconnect-Status-Code":"1006",'
                          '"X-Yc-Apigateway-Websocket-Disconnect-Reason":"gone",'
                          '"X-Yc-Apigateway-Websocket-Connected-At":"1672875978785"}}',
    "code-too-big": '{"requestContext":{"connectionId":"c","eventType":"DISCONNECT","disconnectStatusCode":10000}}',
    "connected-at-float": '{"requestContext":{"connectionId":"c","eventType":"CONNECT","connectedAt":1.5}}',
    "connected-at-huge": '{"requestContext":{"connectionId":"c","eventType":"CONNECT",'
                         '"connectedAt":18446744073709551615}}',
    "unknown-type": '{"requestContext":{"connectionId":"c","eventType":"PING"}}',
    "id-number": '{"requestContext":{"connectionId":1,"eventType":"MESSAGE"}}',
    "id-empty": '{"requestContext":{"connectionId":"","eventType":"MESSAGE"}}',
    "type-null": '{"requestContext":{"connectionId":"c","eventType":null}}',
    "context-string": '{"requestContext":"x","httpMethod":"GET"}',
    "method-in-context": '{"requestContext":{"connectionId":"c","eventType":"MESSAGE","httpMethod":"POST"}}',
}


def main():
    write("fuzz_context_token", TOKEN_BODIES)
    write("fuzz_metadata_reply", metadata_seeds())
    write("fuzz_http_event", dict(HTTP_EVENTS, **{"trigger-" + k: v for k, v in TRIGGER_EVENTS.items()
                                                  if k.startswith("docs-")}))
    write("fuzz_trigger_event", TRIGGER_EVENTS)
    write("fuzz_websocket_event", WEBSOCKET_EVENTS)
    write("fuzz_base64", BASE64)
    write("fuzz_abi", abi_seeds())
    write("fuzz_xml", XML)
    write("fuzz_json_writer", dict(JSON_WRITER, **{"event-" + k: v for k, v in HTTP_EVENTS.items()
                                                   if k.startswith("docs-")}))


if __name__ == "__main__":
    main()
