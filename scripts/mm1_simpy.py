"""The M/M/1 queue `stormlab bench --mm1` runs, in SimPy: Poisson arrivals at 800 a second
into one server with exponential service at 1,000 a second (rho 0.8), N customers. Prints
the customers served, their mean time in the system, the wall time and customers a second,
in the same form as the Rust bench, so scripts/bench-simpy.sh can compare them."""

import random
import sys
import time

import simpy

LAMBDA, MU = 800.0, 1000.0


def customer(env, server, stats):
    arrived = env.now
    with server.request() as req:
        yield req
        yield env.timeout(random.expovariate(MU))
    stats[0] += 1
    stats[1] += env.now - arrived


def arrivals(env, server, n, stats):
    for _ in range(n):
        yield env.timeout(random.expovariate(LAMBDA))
        env.process(customer(env, server, stats))


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    random.seed(7)
    env = simpy.Environment()
    server = simpy.Resource(env, capacity=1)
    stats = [0, 0.0]
    env.process(arrivals(env, server, n, stats))
    start = time.perf_counter()
    env.run()
    secs = time.perf_counter() - start
    print(f"scenario: M/M/1 in SimPy {simpy.__version__}: {n} customers")
    print(f"customers: {stats[0]}")
    print(f"mean_time_in_system_ms: {stats[1] / stats[0] * 1e3:.3f} (theory {1e3 / (MU - LAMBDA):.3f})")
    print(f"wall_seconds: {secs:.3f}")
    print(f"customers_per_sec: {stats[0] / secs:.0f}")


if __name__ == "__main__":
    main()
