"""The Python host's share of the step rules (docs/design.md, "Steps"), without a
module: a wait on a fetch with no registered flight resumes at once, a wait on a
registered one resumes when its results have been resumed, `give_up_ms` is used
as the core wrote it, and a fetch or wait step without a field the core always
writes is a HostError, never a default."""

from __future__ import annotations

import asyncio
import time

import pytest

from ycfn_host import HostError, HostStats
from ycfn_host.fetch import StepIO
from ycfn_host.steps import _check_io_step


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def far() -> int:
    return now_ms() + 3_600_000  # a give-up time no test outlives


def wait_step(fetch_id: int, give_up_ms: int) -> dict:
    # 10 minutes: a host that waited for this timeout would not end the test.
    return {"invocation": 1, "step": "wait", "give_up_ms": give_up_ms,
            "wait": {"fetch_id": fetch_id, "timeout_ms": 600_000}, "logs": []}


@pytest.fixture
def io():
    step_io = StepIO(lambda fetch: {"id": fetch["id"], "status": 200, "headers": [], "body_base64": ""}, 1,
                     HostStats())
    yield step_io
    step_io.close()


def test_a_wait_on_a_fetch_with_no_flight_resumes_at_once(io):
    assert io.run(io.perform(wait_step(12345, far()))) == ({}, [])


def test_a_wait_on_a_registered_flight_resumes_once_its_results_are_resumed(io):
    io.register([7])

    async def scenario() -> list:
        waiter = asyncio.ensure_future(io.perform(wait_step(7, far())))
        # Let the waiter run up to its wait: it must still be waiting then.
        for _ in range(5):
            await asyncio.sleep(0)
        seen = [waiter.done()]
        io.complete([7])
        seen.append(await waiter)
        # Completed: the flight is gone, so a later wait on it resumes at once.
        seen.append(await io.perform(wait_step(7, far())))
        return seen

    assert io.run(scenario()) == [False, ({}, []), ({}, [])]


def test_a_step_past_its_give_up_time_is_cancelled(io):
    io.register([8])
    assert io.run(io.perform(wait_step(8, now_ms() - 1))) == ({"cancel": True}, [])


def test_a_fetch_step_is_performed_with_its_fields_and_answers_each_fetch(io):
    fetch = {"id": 3, "method": "GET", "url": "http://unused/", "headers": [], "delay_ms": 0, "timeout_ms": 1000,
             "max_body_bytes": 10}
    step = {"invocation": 1, "step": "fetch", "give_up_ms": far(), "fetches": [fetch], "logs": []}
    fields, ids = io.run(io.perform(step))
    assert ids == [3]
    assert fields == {"fetch_results": [{"id": 3, "status": 200, "headers": [], "body_base64": ""}]}


@pytest.mark.parametrize("missing", ["give_up_ms", "delay_ms", "timeout_ms", "max_body_bytes", "id"])
def test_a_fetch_step_without_a_field_the_core_writes_is_a_host_error(missing):
    fetch = {"id": 3, "method": "GET", "url": "http://unused/", "headers": [], "delay_ms": 0, "timeout_ms": 1000,
             "max_body_bytes": 10}
    step = {"invocation": 1, "step": "fetch", "give_up_ms": far(), "fetches": [fetch], "logs": []}
    _check_io_step(step)  # complete: accepted
    (step if missing == "give_up_ms" else fetch).pop(missing)
    with pytest.raises(HostError, match=missing):
        _check_io_step(step)


def test_a_wait_step_without_its_timeout_or_give_up_time_is_a_host_error():
    step = wait_step(1, far())
    _check_io_step(step)
    del step["wait"]["timeout_ms"]
    with pytest.raises(HostError, match="timeout_ms"):
        _check_io_step(step)
    with pytest.raises(HostError, match="give_up_ms"):
        _check_io_step({"invocation": 1, "step": "wait", "wait": {"fetch_id": 1, "timeout_ms": 5}})
