"""course_utils.vision.losses: each loss is its formula, reduces to cross-entropy on balanced counts,
matches Chapter 1's prior correction, has gradients, refuses bad input and follows devices; DRW
switches after its own count of steps; a post-hoc adjusted network scores the adjusted decisions."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from course_utils.theory import correct_prior_shift
from course_utils import vision
from course_utils.vision import Net, ShuffleSampler, evaluate_network, fit, prepare_images
from course_utils.vision.losses import (
    BalancedSoftmaxLoss, DeferredReweighting, FocalLoss, LDAMLoss, LogitAdjusted, LogitAdjustedLoss,
    WeightedCrossEntropy, adjust_logits, class_weights,
)
from test_train import toy_images

COUNTS = np.array([8.0, 4.0, 1.0])
LOGITS = np.array([[2.0, 0.5, -1.0], [0.1, 1.2, 0.3], [-0.5, 0.0, 1.5], [1.0, 1.0, 0.0]])
TARGETS = np.array([0, 1, 2, 2])
ROWS = np.arange(4)


def log_softmax(z):
    z = z - z.max(1, keepdims=True)
    return z - np.log(np.exp(z).sum(1, keepdims=True))


def cross_entropy(z, y=TARGETS, w=None):
    """Hand-written (weighted) cross-entropy with torch's weighted-mean convention."""
    nll = -log_softmax(z)[np.arange(len(y)), y]
    w = np.ones(z.shape[1]) if w is None else w
    return (w[y] * nll).sum() / w[y].sum()


def inputs(dtype=torch.float64, requires_grad=False):
    return torch.tensor(LOGITS, dtype=dtype, requires_grad=requires_grad), torch.tensor(TARGETS)


def close(x):
    """Buffers are stored in float32 (torch's default dtype), so a float64 loss matches the formula to ~1e-7."""
    return pytest.approx(x, rel=1e-6)


def value(loss, logits=None, targets=None):
    z, y = inputs()
    return float(loss.double()(z if logits is None else logits, y if targets is None else targets))


def test_class_weights_by_hand():
    torch.testing.assert_close(class_weights([30, 10]), torch.tensor([0.5, 1.5]))
    inverse = np.array([1 / 8, 1 / 4, 1.0]) * 3 / 1.375
    np.testing.assert_allclose(class_weights(COUNTS, "inverse").numpy(), inverse, rtol=1e-6)
    effective = 0.1 / (1 - 0.9 ** COUNTS)
    np.testing.assert_allclose(class_weights(COUNTS, "effective", beta=0.9).numpy(),
                               effective * 3 / effective.sum(), rtol=1e-6)
    # beta = 0 weighs classes equally; beta -> 1 tends to the inverse counts.
    torch.testing.assert_close(class_weights(COUNTS, "effective", beta=0.0), torch.ones(3))
    np.testing.assert_allclose(class_weights(COUNTS, "effective", beta=1 - 1e-9).numpy(), inverse, rtol=1e-5)
    assert class_weights(COUNTS).dtype == torch.get_default_dtype()


def test_weighted_cross_entropy_is_torchs_weighted_mean():
    for kind, beta in [("inverse", 0.999), ("effective", 0.9)]:
        w = class_weights(COUNTS, kind, beta).double().numpy()
        assert value(WeightedCrossEntropy(COUNTS, kind, beta)) == pytest.approx(cross_entropy(LOGITS, w=w), rel=1e-12)
    # The batch mean divides by the weights of the batch, not by n.
    w = class_weights(COUNTS).double().numpy()
    nll = -log_softmax(LOGITS)[ROWS, TARGETS]
    assert value(WeightedCrossEntropy(COUNTS)) != pytest.approx((w[TARGETS] * nll).mean(), rel=1e-3)
    assert value(WeightedCrossEntropy(COUNTS, kind=None)) == pytest.approx(cross_entropy(LOGITS), rel=1e-12)


def test_focal_loss_by_hand():
    log_p = log_softmax(LOGITS)[ROWS, TARGETS]
    alpha = class_weights(COUNTS).double().numpy()[TARGETS]
    expected = np.mean(-alpha * (1 - np.exp(log_p)) ** 2 * log_p)
    assert value(FocalLoss(COUNTS, gamma=2.0, alpha="inverse")) == pytest.approx(expected, rel=1e-12)
    given = np.array([0.25, 0.5, 2.0])
    expected = np.mean(-given[TARGETS] * (1 - np.exp(log_p)) ** 0.5 * log_p)
    assert value(FocalLoss(gamma=0.5, alpha=given)) == pytest.approx(expected, rel=1e-12)
    # gamma = 0 without alpha is cross-entropy exactly, whatever the counts.
    assert value(FocalLoss(COUNTS, gamma=0.0)) == pytest.approx(cross_entropy(LOGITS), rel=1e-12)
    # The focusing term makes a difference where the model is confident.
    assert value(FocalLoss(COUNTS, gamma=2.0)) < 0.8 * cross_entropy(LOGITS)


def test_ldam_margins_and_loss_by_hand():
    loss = LDAMLoss(COUNTS, max_margin=0.5, scale=30.0)
    margins = COUNTS ** -0.25 * 0.5 / COUNTS.min() ** -0.25
    np.testing.assert_allclose(loss.margins.numpy(), margins, rtol=1e-6)
    assert float(loss.margins[2]) == pytest.approx(0.5)  # the rarest class gets max_margin
    shifted = LOGITS.copy()
    shifted[ROWS, TARGETS] -= margins[TARGETS]
    assert value(loss) == close(cross_entropy(30 * shifted))
    w = np.array([0.5, 1.0, 1.5])
    assert value(LDAMLoss(COUNTS, 0.3, 5.0, weight=w)) == close(
        cross_entropy(5 * (LOGITS - np.eye(3)[TARGETS] * COUNTS ** -0.25 * 0.3 / COUNTS.min() ** -0.25), w=w))


def test_logit_shifting_losses_by_hand():
    log_prior = np.log(COUNTS / COUNTS.sum())
    assert value(BalancedSoftmaxLoss(COUNTS)) == close(cross_entropy(LOGITS + np.log(COUNTS)))
    assert value(LogitAdjustedLoss(COUNTS, tau=0.5)) == close(cross_entropy(LOGITS + 0.5 * log_prior))
    # log n_c and log pi_c differ by a constant, which softmax ignores.
    assert value(LogitAdjustedLoss(COUNTS, tau=1.0)) == close(value(BalancedSoftmaxLoss(COUNTS)))
    adjusted = adjust_logits(torch.tensor(LOGITS), COUNTS, tau=0.7)
    np.testing.assert_allclose(adjusted.numpy(), LOGITS - 0.7 * log_prior, rtol=1e-12)


EQUAL = [5, 5, 5]
REDUCE_TO_CE = {
    "weighted-inverse": lambda: WeightedCrossEntropy(EQUAL, "inverse"),
    "weighted-effective": lambda: WeightedCrossEntropy(EQUAL, "effective", beta=0.9999),
    "focal-gamma0": lambda: FocalLoss(EQUAL, gamma=0.0),
    "focal-gamma0-alpha": lambda: FocalLoss(EQUAL, gamma=0.0, alpha="effective"),
    "balanced-softmax": lambda: BalancedSoftmaxLoss(EQUAL),
    "logit-adjusted": lambda: LogitAdjustedLoss(EQUAL, tau=1.0),
}


@pytest.mark.parametrize("build", REDUCE_TO_CE.values(), ids=REDUCE_TO_CE.keys())
def test_equal_counts_give_plain_cross_entropy(build):
    assert value(build()) == pytest.approx(cross_entropy(LOGITS), rel=1e-12)
    torch.testing.assert_close(adjust_logits(torch.tensor(LOGITS), EQUAL).softmax(1),
                               torch.tensor(LOGITS).softmax(1))


def test_ldam_with_equal_counts_is_scaled_cross_entropy_with_one_margin():
    # Not plain cross-entropy: every true class must still win by max_margin, and logits are scaled.
    loss = LDAMLoss(EQUAL, max_margin=0.4, scale=10.0)
    torch.testing.assert_close(loss.margins, torch.full((3,), 0.4))
    assert value(loss) == close(cross_entropy(10 * (LOGITS - 0.4 * np.eye(3)[TARGETS])))
    assert value(loss) != pytest.approx(cross_entropy(10 * LOGITS), rel=1e-3)


def test_adjust_logits_is_chapter_1s_prior_correction_towards_equal_priors():
    # A calibrated two-class model trained where class 1 has prior 0.1: softmax(log p) = p.
    # Subtracting log pi (tau = 1) gives the posterior under equal priors, which is
    # correct_prior_shift(p, train_prior=0.1, true_prior=0.5); its argmax is the balanced decision.
    p = np.linspace(0.005, 0.995, 100)
    logits = torch.tensor(np.log(np.column_stack([1 - p, p])))
    adjusted = adjust_logits(logits, [90, 10], tau=1.0)
    corrected = correct_prior_shift(p, train_prior=0.1, true_prior=0.5)
    np.testing.assert_allclose(adjusted.softmax(1)[:, 1].numpy(), corrected, rtol=1e-12)
    np.testing.assert_array_equal(adjusted.argmax(1).numpy(), (corrected > 0.5).astype(int))
    # The adjustment changes decisions: the images with 0.1 < p < 0.5 move to class 1.
    changed = adjusted.argmax(1).numpy() != logits.argmax(1).numpy()
    np.testing.assert_array_equal(changed, (p > 0.1) & (p < 0.5))


ALL = {
    "weighted": lambda: WeightedCrossEntropy(COUNTS),
    "focal": lambda: FocalLoss(COUNTS, alpha="effective"),
    "ldam": lambda: LDAMLoss(COUNTS, weight=class_weights(COUNTS)),
    "balanced-softmax": lambda: BalancedSoftmaxLoss(COUNTS),
    "logit-adjusted": lambda: LogitAdjustedLoss(COUNTS),
}
SOFT = {name: build for name, build in ALL.items() if name != "ldam"}


@pytest.mark.parametrize("build", ALL.values(), ids=ALL.keys())
def test_gradients_flow(build):
    logits, targets = inputs(torch.float32, requires_grad=True)
    build()(logits, targets).backward()
    assert torch.isfinite(logits.grad).all() and (logits.grad.abs() > 0).any()
    # Each row's gradient sums to zero: softmax is shift-invariant.
    torch.testing.assert_close(logits.grad.sum(1), torch.zeros(4), atol=1e-6, rtol=0)


@pytest.mark.parametrize("build", SOFT.values(), ids=SOFT.keys())
def test_one_hot_label_weights_give_the_value_of_the_indices(build):
    logits, targets = inputs()
    loss = build().double()
    torch.testing.assert_close(loss(logits, F.one_hot(targets, 3).double()), loss(logits, targets))


def test_mixed_label_weights_by_hand():
    t = np.array([[0.7, 0.3, 0.0], [0.0, 1.0, 0.0], [0.0, 0.4, 0.6], [0.5, 0.0, 0.5]])
    logits, soft = torch.tensor(LOGITS), torch.tensor(t)
    w = class_weights(COUNTS).double().numpy()
    nll = -t * log_softmax(LOGITS)
    assert float(WeightedCrossEntropy(COUNTS).double()(logits, soft)) == pytest.approx(
        (nll @ w).sum() / (t @ w).sum(), rel=1e-12)
    focal = -(1 - np.exp(log_softmax(LOGITS))) ** 2 * log_softmax(LOGITS) * w
    assert float(FocalLoss(COUNTS, alpha="inverse").double()(logits, soft)) == pytest.approx(
        (t * focal).sum(1).mean(), rel=1e-12)
    with pytest.raises(ValueError, match="class indices"):
        LDAMLoss(COUNTS)(logits, soft)


@pytest.mark.parametrize("counts, match", [
    ([5, 0, 3], r"class \[1\] has \[0.0\]"),
    ([5, -2, 0], r"class \[1, 2\]"),
    ([5, np.nan, 3], r"class \[1\]"),
    ([[5, 3]], "1-D"),
    ([5], "at least 2"),
])
def test_bad_counts_raise_one_clear_error(counts, match):
    for build in (WeightedCrossEntropy, FocalLoss, LDAMLoss, BalancedSoftmaxLoss, LogitAdjustedLoss, class_weights):
        with pytest.raises(ValueError, match=match):
            build(counts)
    with pytest.raises(ValueError, match=match):
        adjust_logits(torch.zeros(2, 3), counts)
    with pytest.raises(TypeError, match="numbers"):
        BalancedSoftmaxLoss(["a", "b"])


@pytest.mark.parametrize("build", ALL.values(), ids=ALL.keys())
def test_bad_batches_raise_one_clear_error(build):
    loss, (logits, targets) = build().double(), inputs()
    with pytest.raises(ValueError, match=r"logits must be \(n, 3\)"):
        loss(torch.zeros(4, 4, dtype=torch.float64), targets)  # counts of the wrong length for the model
    with pytest.raises(ValueError, match="classes 0 .. 2"):
        loss(logits, torch.tensor([0, 1, 3, 0]))
    with pytest.raises(ValueError, match="targets must be"):
        loss(logits, targets[:3])
    with pytest.raises(ValueError, match="label weights of shape|class indices"):
        loss(logits, torch.ones(4, 2, dtype=torch.float64))


def test_bad_settings_raise():
    with pytest.raises(ValueError, match="kind"):
        class_weights(COUNTS, "sqrt")
    with pytest.raises(ValueError, match="beta"):
        class_weights(COUNTS, "effective", beta=1.0)
    with pytest.raises(ValueError, match="gamma"):
        FocalLoss(COUNTS, gamma=-1.0)
    with pytest.raises(ValueError, match="pass counts"):
        FocalLoss(alpha="inverse")
    with pytest.raises(ValueError, match="one value per class"):
        FocalLoss(COUNTS, alpha=[1.0, 2.0])
    with pytest.raises(ValueError, match="max_margin"):
        LDAMLoss(COUNTS, scale=0.0)
    with pytest.raises(TypeError, match="BalancedSoftmaxLoss"):
        DeferredReweighting(BalancedSoftmaxLoss(COUNTS), start_step=2)
    with pytest.raises(TypeError, match="FocalLoss"):
        DeferredReweighting(FocalLoss(gamma=2.0), start_step=2)  # no counts to weigh by
    for bad in (0, -3, 2.5):
        with pytest.raises(ValueError, match="start_step"):
            DeferredReweighting(LDAMLoss(COUNTS), start_step=bad)
    with pytest.raises(ValueError, match="tau"):
        LogitAdjusted(Net(n_classes=3), COUNTS, tau=float("nan"))


def test_deferred_reweighting_switches_the_weights_on_after_start_step_calls():
    drw = DeferredReweighting(LDAMLoss(COUNTS), start_step=2, beta=0.9999).double()
    plain = cross_entropy(30 * (LOGITS - np.eye(3)[TARGETS] * drw.loss.margins.numpy()))
    assert [value(drw) for _ in range(2)] == [close(plain)] * 2
    assert drw.loss.weight is None and drw.calls == 2
    w = class_weights(COUNTS, "effective", beta=0.9999).double().numpy()
    weighted = cross_entropy(30 * (LOGITS - np.eye(3)[TARGETS] * drw.loss.margins.numpy()), w=w)
    assert value(drw) == close(weighted)  # the third call is weighted, and every later one
    assert value(drw) == close(weighted) and drw.calls == 4
    assert weighted != pytest.approx(plain, rel=1e-3)
    torch.testing.assert_close(drw.loss.weight.float(), class_weights(COUNTS, "effective", beta=0.9999))


def test_deferred_reweighting_counts_optimizer_steps_in_fit_across_passes():
    """fit calls its loss once a step: the switch follows a steps budget, whatever the passes."""
    X, y = toy_images((60, 20))
    weighted = []

    class Watched(WeightedCrossEntropy):
        def forward(self, logits, targets):
            weighted.append(self.weight is not None)
            return super().forward(logits, targets)

    drw = DeferredReweighting(Watched(np.bincount(y.numpy()), kind=None), start_step=4)
    fit(Net(n_classes=2, random_state=0), X, y, ShuffleSampler(y, random_state=0), steps=7, batch_size=32,
        loss=drw, device="cpu")
    assert weighted == [False] * 4 + [True] * 3  # 80 images: 3 steps a pass, the switch in the second pass
    assert drw.calls == 7


def test_logit_adjusted_network_scores_the_adjusted_decisions():
    X, y = toy_images((60, 20))
    net = Net(n_classes=2, random_state=0)
    fit(net, X, y, ShuffleSampler(y, random_state=0), steps=6, batch_size=32, lr=0.05, device="cpu")
    counts = np.bincount(y.numpy())
    adjusted = LogitAdjusted(net, counts, tau=1.5)
    assert adjusted.model is net  # shared, not copied
    x = prepare_images(X, "cpu")
    net.eval()
    torch.testing.assert_close(adjusted(x), adjust_logits(net(x), counts, tau=1.5))
    torch.testing.assert_close(LogitAdjusted(net, counts, tau=0.0)(x), net(x))
    # evaluate_network scores the wrapper's decisions: recall of each class from the adjusted argmax.
    decisions = adjusted(x).argmax(1)
    report = evaluate_network(adjusted, X, y, device="cpu")
    expected = [float((decisions[y == c] == c).float().mean()) for c in (0, 1)]
    np.testing.assert_allclose(report.per_class_accuracy, expected)
    # A strong enough adjustment sends every image to the rarer class.
    extreme = evaluate_network(LogitAdjusted(net, counts, tau=1e4), X, y, device="cpu")
    assert extreme.per_class_accuracy.tolist() == [0, 1]
    with pytest.raises(ValueError, match=r"logits must be \(n, 3\)"):
        LogitAdjusted(net, [5, 3, 1])(x)


@pytest.mark.parametrize("build", ALL.values(), ids=ALL.keys())
def test_buffers_follow_dtype_and_device(build):
    loss = build().to("cpu").double()
    assert all(b.dtype == torch.float64 and b.device.type == "cpu" for b in loss.buffers())
    logits, targets = inputs(torch.float64)
    out64 = loss(logits, targets)
    assert out64.dtype == torch.float64
    out32 = loss(logits.float(), targets)  # a float64 loss computes in the logits' dtype
    assert out32.dtype == torch.float32
    torch.testing.assert_close(out32.double(), out64, rtol=1e-5, atol=1e-6)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
@pytest.mark.parametrize("build", ALL.values(), ids=ALL.keys())
def test_a_loss_built_on_the_cpu_follows_cuda_logits(build):
    loss = build()
    logits, targets = inputs(torch.float32)
    expected = loss(logits, targets)
    out = loss(logits.cuda(), targets.cuda())
    assert out.device.type == "cuda" and all(b.device.type == "cuda" for b in loss.buffers())
    torch.testing.assert_close(out.cpu(), expected)
    torch.testing.assert_close(adjust_logits(logits.cuda(), COUNTS).cpu(), adjust_logits(logits, COUNTS))


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_deferred_reweighting_and_the_adjusted_network_follow_cuda():
    logits, targets = inputs(torch.float32)
    drw = DeferredReweighting(LDAMLoss(COUNTS), start_step=1)
    drw(logits.cuda(), targets.cuda())
    out = drw(logits.cuda(), targets.cuda())
    assert out.device.type == "cuda" and drw.loss.weight.device.type == "cuda"
    expected = DeferredReweighting(LDAMLoss(COUNTS), start_step=1)
    expected(logits, targets)
    torch.testing.assert_close(out.cpu(), expected(logits, targets))
    net = Net(n_classes=3, random_state=0).eval()
    x = torch.randn(4, 1, 28, 28)
    adjusted = LogitAdjusted(net, COUNTS).cuda()
    torch.testing.assert_close(adjusted(x.cuda()).cpu(), adjust_logits(net.cpu()(x), COUNTS), rtol=1e-4, atol=1e-5)


def test_loss_from_labels_builds_the_loss_of_the_runs_counts_and_pickles():
    import pickle

    labels = np.array([0, 0, 0, 2])  # class 1 absent from this run: its count is 0, still in place
    factory = vision.LossFromLabels(vision.LogitAdjustedLoss, 3, tau=0.5)
    with pytest.raises(ValueError):
        factory(labels)  # a zero count is refused, as by the loss itself
    built = vision.LossFromLabels(vision.WeightedCrossEntropy, 3, kind="effective", beta=0.9)(np.array([0, 0, 1, 2]))
    direct = vision.WeightedCrossEntropy([2, 1, 1], kind="effective", beta=0.9)
    torch.testing.assert_close(built.weight, direct.weight)
    again = pickle.loads(pickle.dumps(vision.LossFromLabels(vision.BalancedSoftmaxLoss, 3)))
    torch.testing.assert_close(again(np.array([0, 1, 2, 2])).counts, torch.tensor([1.0, 1.0, 2.0]))
