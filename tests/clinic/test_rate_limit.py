from collections.abc import Callable, Iterator

import pytest
import redis

from clinic.rate_limit import Limiter, RateLimiter, SharedRateLimiter
from tests.server.services import Redis


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


MakeLimiter = Callable[..., Limiter]


@pytest.fixture(scope="module")
def redis_client() -> Iterator[redis.Redis]:
    server = Redis()  # a real redis-server on loopback
    server.start()
    try:
        yield redis.Redis(host="127.0.0.1", port=server.port)
    finally:
        server.stop()


@pytest.fixture(params=["in the process", "shared in Redis"])
def make_limiter(request: pytest.FixtureRequest) -> Iterator[MakeLimiter]:
    if request.param == "in the process":
        yield RateLimiter
        return
    client = request.getfixturevalue("redis_client")
    client.flushdb()

    def shared(
        limit: int, window: float = 60.0, clock: Callable[[], float] | None = None
    ) -> Limiter:
        return SharedRateLimiter(client, limit, window, clock or Clock())

    yield shared


def test_allows_the_limit_then_refuses_until_the_window_moves_on(
    make_limiter: MakeLimiter,
) -> None:
    clock = Clock()
    limiter = make_limiter(3, window=60, clock=clock)
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]
    clock.now += 59
    assert not limiter.allow("a")
    clock.now += 1.5  # the first three are now older than a minute
    assert limiter.allow("a")


def test_senders_are_limited_separately(make_limiter: MakeLimiter) -> None:
    limiter = make_limiter(1, clock=Clock())
    assert limiter.allow("a") and limiter.allow("b")
    assert not limiter.allow("a")


def test_refused_messages_do_not_extend_the_wait(make_limiter: MakeLimiter) -> None:
    clock = Clock()
    limiter = make_limiter(1, window=60, clock=clock)
    limiter.allow("a")
    for _ in range(10):
        clock.now += 5
        assert not limiter.allow("a")
    clock.now += 11
    assert limiter.allow("a")


def test_zero_turns_it_off(make_limiter: MakeLimiter) -> None:
    limiter = make_limiter(0, clock=Clock())
    assert all(limiter.allow("a") for _ in range(1000))


def test_idle_senders_are_forgotten() -> None:
    clock = Clock()
    limiter = RateLimiter(5, window=60, clock=clock)
    for number in range(100):
        limiter.allow(f"s{number}")
    clock.now += 61
    limiter.allow("new")
    assert list(limiter._seen) == ["new"]


def test_processes_sharing_redis_count_one_window(redis_client: redis.Redis) -> None:
    # two Rasa processes, one sender whose messages the load balancer spreads
    redis_client.flushdb()
    clock = Clock()
    first, second = (SharedRateLimiter(redis_client, 4, 60, clock) for _ in range(2))
    assert [(first if n % 2 else second).allow("a") for n in range(5)] == [True] * 4 + [False]


def test_no_sender_id_is_stored_in_redis(redis_client: redis.Redis) -> None:
    redis_client.flushdb()
    SharedRateLimiter(redis_client, 5, clock=Clock()).allow("whatsapp:+15165550123")
    keys = [k.decode() for k in redis_client.keys("*")]
    assert len(keys) == 1 and "5550123" not in keys[0]


def test_unreachable_redis_never_silences_a_patient() -> None:
    unreachable = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2)
    limiter = SharedRateLimiter(unreachable, 1, clock=Clock())
    assert limiter.allow("a") and limiter.allow("a")
