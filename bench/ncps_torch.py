"""Times the benchmark workloads on ncps-torch, printing the same JSON lines as `npm run bench`.

Usage (ncps and torch are not project dependencies):
    NCPS_PATH=/path/to/ncps-checkout python3 bench/ncps_torch.py [--only id,id] [--threads 2]
Install torch with OpenBLAS first (Debian: python3-torch libopenblas0-openmp) for fair numbers.
"""
import argparse, json, os, sys, time

sys.path.insert(0, os.environ.get("NCPS_PATH", "."))
import torch  # noqa: E402
from ncps.torch import CfC, LTC  # noqa: E402
from ncps.wirings import NCP, AutoNCP  # noqa: E402


def timeit(fn, runs, warmup):
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    samples.sort()
    return samples


def emit(workload, unit, samples, scale):
    s = [x * scale for x in samples]
    print(json.dumps({"workload": workload, "backend": "ncps-torch", "unit": unit,
                      "median": s[len(s) // 2], "min": s[0], "max": s[-1], "runs": len(s),
                      "threads": torch.get_num_threads()}), flush=True)


def train_step_fn(model, out_features):
    readout = torch.nn.Linear(out_features, 1)
    params = list(model.parameters()) + list(readout.parameters())
    opt = torch.optim.Adam([p for p in params if p.requires_grad], lr=1e-3)
    x = torch.randn(64, 50, 20)
    target = torch.randn(64, 50, 1)

    def step():
        opt.zero_grad()
        y, _ = model(x)
        loss = torch.mean((readout(y) - target) ** 2)
        loss.backward()
        opt.step()
    return step


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    only = set(filter(None, args.only.split(",")))
    want = lambda w: not only or w in only  # noqa: E731
    torch.manual_seed(0)

    if want("cfc64-train"):
        m = CfC(20, 64, backbone_units=128)
        emit("cfc64-train", "ms", timeit(train_step_fn(m, 64), 10, 3), 1e3)
    if want("cfc-autoncp64-train"):
        m = CfC(20, AutoNCP(64, 8))
        emit("cfc-autoncp64-train", "ms", timeit(train_step_fn(m, 8), 10, 3), 1e3)
    if want("ltc64-train"):
        m = LTC(20, 64)
        emit("ltc64-train", "ms", timeit(train_step_fn(m, 64), 5, 1), 1e3)

    def ncp19():
        return NCP(12, 6, 1, 6, 4, 4, 6)  # inter, command, motor, sensory fanout, inter fanout, rec, motor fanin
    with torch.no_grad():
        for wid, model, c in (("cfc-ncp19-step", CfC(32, ncp19()), 32), ("ltc-ncp19-step", LTC(32, ncp19()), 32),
                              ("cfc64-step", CfC(20, 64, backbone_units=128), 20)):
            if not want(wid):
                continue
            x = torch.randn(1, 1, c)
            h = torch.zeros(1, model.state_size)
            state = {"h": h}

            def one():
                for _ in range(200):
                    _, state["h"] = model(x, state["h"])
            emit(wid, "us", timeit(one, 15, 3), 1e6 / 200)
        for wid, model in (("cfc64-infer-b256", CfC(20, 64, backbone_units=128)),
                           ("cfc-autoncp64-infer-b256", CfC(20, AutoNCP(64, 8))),
                           ("ltc64-infer-b256", LTC(20, 64))):
            if not want(wid):
                continue
            x = torch.randn(256, 100, 20)
            emit(wid, "ms", timeit(lambda: model(x), 5, 1), 1e3)
    if want("dqn-conv-train"):
        net = torch.nn.Sequential(
            torch.nn.Conv2d(4, 32, 8, 4), torch.nn.ReLU(), torch.nn.Conv2d(32, 64, 4, 2), torch.nn.ReLU(),
            torch.nn.Conv2d(64, 64, 3, 1), torch.nn.ReLU(), torch.nn.Flatten(), torch.nn.Linear(3136, 512))
        x = torch.rand(32, 4, 84, 84)

        def step():
            net.zero_grad()
            net(x).sum().backward()
        emit("dqn-conv-train", "ms", timeit(step, 10, 2), 1e3)


if __name__ == "__main__":
    main()
