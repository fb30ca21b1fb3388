from clinic.rate_limit import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_allows_the_limit_then_refuses_until_the_window_moves_on() -> None:
    clock = Clock()
    limiter = RateLimiter(3, window=60, clock=clock)
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]
    clock.now += 59
    assert not limiter.allow("a")
    clock.now += 1.5  # the first three are now older than a minute
    assert limiter.allow("a")


def test_senders_are_limited_separately() -> None:
    limiter = RateLimiter(1, clock=Clock())
    assert limiter.allow("a") and limiter.allow("b")
    assert not limiter.allow("a")


def test_refused_messages_do_not_extend_the_wait() -> None:
    clock = Clock()
    limiter = RateLimiter(1, window=60, clock=clock)
    limiter.allow("a")
    for _ in range(10):
        clock.now += 5
        assert not limiter.allow("a")
    clock.now += 11
    assert limiter.allow("a")


def test_zero_turns_it_off() -> None:
    limiter = RateLimiter(0, clock=Clock())
    assert all(limiter.allow("a") for _ in range(1000))


def test_idle_senders_are_forgotten() -> None:
    clock = Clock()
    limiter = RateLimiter(5, window=60, clock=clock)
    for number in range(100):
        limiter.allow(f"s{number}")
    clock.now += 61
    limiter.allow("new")
    assert list(limiter._seen) == ["new"]
