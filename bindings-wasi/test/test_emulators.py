"""The emulators' Python client (bindings-node/emulators/client.py) against the one JS
implementation (bindings-node/emulators/cli.js): what the other Python suites rely on."""

from __future__ import annotations

import http.client
import json

from client import TOKEN_PATH, Emulators


def _request(port: int, method: str, path: str, headers: dict = None, body: str = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        reply = conn.getresponse()
        return reply.status, dict(reply.getheaders()), reply.read()
    finally:
        conn.close()


def test_metadata_script_and_recorded_requests():
    with Emulators(only="metadata") as emu:
        emu.metadata(replies=[{"status": 503}], fallback={"token": True, "expiresIn": 99})
        flavor = {"Metadata-Flavor": "Google"}
        assert _request(emu.ports["metadata"], "GET", TOKEN_PATH, flavor)[0] == 503
        status, headers, body = _request(emu.ports["metadata"], "GET", TOKEN_PATH + "?x=1", flavor)
        assert status == 200 and headers["Metadata-Flavor"] == "Google"
        assert json.loads(body) == {"access_token": emu.token, "expires_in": 99, "token_type": "Bearer"}
        seen = emu.wait("metadata", 2)  # returns once two requests were recorded
        assert [r["query"] for r in seen] == [{}, {"x": "1"}]
        assert seen[0]["headers"]["metadata-flavor"] == "Google"
        assert emu.count() == 2
        emu.reset()
        assert emu.requests("metadata") == []


def test_compute_pages_stop_and_other_origin():
    with Emulators() as emu:
        emu.compute(token="tok", pageSize=1, instances=[{"id": "a", "folderId": "f"}, {"id": "b", "folderId": "f"}])
        auth = {"Authorization": "Bearer tok"}
        status, _, body = _request(emu.ports["compute"], "GET", "/compute/v1/instances?folderId=f", auth)
        first = json.loads(body)
        assert status == 200 and [i["id"] for i in first["instances"]] == ["a"] and first["nextPageToken"]
        _, _, body = _request(emu.ports["compute"], "GET",
                              f"/compute/v1/instances?folderId=f&pageToken={first['nextPageToken']}", auth)
        second = json.loads(body)
        assert [i["id"] for i in second["instances"]] == ["b"] and "nextPageToken" not in second
        status, _, body = _request(emu.ports["compute"], "POST", "/compute/v1/instances/a:stop", auth)
        assert status == 200 and json.loads(body)["metadata"]["instanceId"] == "a"
        assert emu.stats()["computeStops"] == ["a"]
        emu.compute(list=[{"fault": "redirect", "location": emu.url("other") + "/x"}])
        status, headers, _ = _request(emu.ports["compute"], "GET", "/compute/v1/instances?folderId=f", auth)
        assert status == 302 and headers["Location"] == emu.url("other") + "/x"
        assert _request(emu.ports["other"], "GET", "/x")[0] == 200
        assert [r["path"] for r in emu.requests("other")] == ["/x"]
        assert all(r["headers"]["authorization"] == "Bearer tok" for r in emu.requests("compute"))


def test_lockbox_storage_docapi_through_the_python_client():
    with Emulators(only="lockbox,storage,docapi") as emu:
        auth = {"Authorization": "Bearer tok"}
        emu.lockbox(token="tok", secrets={"s1": [{"id": "v1", "entries": {"password": "p"}}]})
        status, _, body = _request(emu.ports["lockbox"], "GET", "/lockbox/v1/secrets/s1/payload", auth)
        assert status == 200 and json.loads(body) == {"versionId": "v1", "entries": [{"key": "password", "textValue": "p"}]}
        assert _request(emu.ports["lockbox"], "GET", "/lockbox/v1/secrets/s1/payload")[0] == 401

        emu.storage(token="tok", buckets={"b1": {"a/x.txt": {"body": "hi", "contentType": "text/plain"}}},
                    get=[{"status": 503, "body": "<Error><Code>SlowDown</Code></Error>"}])
        assert _request(emu.ports["storage"], "GET", "/b1/a/x.txt", auth)[0] == 503
        status, headers, body = _request(emu.ports["storage"], "GET", "/b1/a/x.txt", auth)
        assert status == 200 and body == b"hi" and headers["Content-Type"] == "text/plain"
        status, _, body = _request(emu.ports["storage"], "GET", "/b1?list-type=2", auth)
        assert status == 200 and b"<Key>a/x.txt</Key>" in body
        assert emu.stats()["storage"] == {"b1": ["a/x.txt"]}

        emu.docapi(token="tok", tables={"counters": {"hashKey": "id"}})
        conn = http.client.HTTPConnection("127.0.0.1", emu.ports["docapi"], timeout=30)
        try:
            conn.request("POST", "/", body=json.dumps({
                "TableName": "counters", "Key": {"id": {"S": "home"}}, "UpdateExpression": "ADD hits :one",
                "ExpressionAttributeValues": {":one": {"N": "1"}}, "ReturnValues": "UPDATED_NEW"}),
                headers={**auth, "Content-Type": "application/x-amz-json-1.0",
                         "X-Amz-Target": "DynamoDB_20120810.UpdateItem"})
            reply = conn.getresponse()
            assert reply.status == 200 and json.loads(reply.read()) == {"Attributes": {"hits": {"N": "1"}}}
        finally:
            conn.close()
        assert emu.stats()["docapi"] == {"counters": [{"id": {"S": "home"}, "hits": {"N": "1"}}]}
        assert [r["headers"]["authorization"] for r in emu.requests("docapi")] == ["Bearer tok"]
def test_connections_send_close_and_errors():
    with Emulators() as emu:
        emu.connections(token="tok", connections=["c1"])
        auth = {"Authorization": "Bearer tok", "Content-Type": "application/json"}
        path = "/apigateways/websocket/v1/connections/c1"
        status, _, body = _request(emu.ports["connections"], "POST", path + ":send", auth,
                                   json.dumps({"data": "AP8=", "type": "BINARY"}))
        assert status == 200 and json.loads(body) == {}
        assert emu.stats()["connectionSends"] == [{"connectionId": "c1", "type": "BINARY", "data": "AP8="}]
        status, _, body = _request(emu.ports["connections"], "POST", path + ":send", auth, '{"data": "@@"}')
        assert status == 400 and json.loads(body)["code"] == 3
        assert _request(emu.ports["connections"], "POST", path + ":send", {}, '{"data": ""}')[0] == 401
        assert _request(emu.ports["connections"], "DELETE", path, auth)[0] == 200
        assert emu.stats()["connectionCloses"] == ["c1"]
        status, _, body = _request(emu.ports["connections"], "POST", path + ":send", auth, '{"data": ""}')
        assert status == 404 and json.loads(body)["code"] == 5
