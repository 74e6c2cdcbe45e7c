"""Train the risk model (`assistant/safety/risk_model.npz`) from the statement sets mend is tuned on.

Training data: `safety_tuning`, `safety_dev`, `safety_dev2` and `safety_dev3` (concerns and harmless look-alikes),
plus the replies of the tuning group of simulated people, ordinary replies to mend's questions (`ordinary_tuning.tsv`, the
rehearsal's tuning replies) and the short answers mend asks for: ordinary answers, as harmless. The held-out sets
(`safety_heldout`, `safety_heldout2`, `ordinary_heldout`) are never read here. Plain logistic regression by
stochastic gradient descent with a fixed seed, so the same data gives the same weights; `--check` retrains and
compares with the committed file.

The threshold is chosen by 5-fold cross-validation on the training data alone: the lowest score at which, together
with the frames, at most 1 in 12 harmless look-alikes and 1 in 200 ordinary replies get the check-in question
(`--threshold-report` prints the curve).

    .venv/bin/python -m benchmarks.train_safety_model [--check] [--threshold-report]
"""

from __future__ import annotations

import argparse
import tomllib
from pathlib import Path

import numpy as np

from benchmarks.safety_statements import DATA, load, ordinary
from mend.assistant.safety.risk_model import DIMENSIONS, KINDS, MIN_WORDS, MODEL_PATH, features, model_text, probability
from mend.assistant.safety.rules import check_safety

TRAINING_SETS = ("tuning", "dev", "dev2", "dev3")
LOOKALIKES_ASKED_AT_MOST = 1 / 12
ORDINARY_ASKED_AT_MOST = 1 / 200
EPOCHS, RATE, DECAY, SEED = 30, 0.5, 1e-5, 0


def ordinary_replies() -> list[str]:
    """The replies of the tuning group of simulated people (the held-out group is never trained on)."""
    data = tomllib.loads((DATA / "simulated_people.toml").read_text(encoding="utf-8"))
    people = next(value for value in data.values() if isinstance(value, list))
    return [str(reply) for person in people if person.get("group") == "tuning"
            for reply in person.get("replies", []) if str(reply).strip()]


def answer_words() -> list[str]:
    """The short answers mend itself asks for (yes and no, ratings, commands, "I don't know"): the most common
    replies of all, which must never raise a question."""
    from mend.assistant.understanding.phrasebook import DONT_KNOW_PHRASES, YES_PHRASES
    from mend.assistant.understanding.vocabulary import COMMAND_WORDS, NUMBER_WORDS, YES_WORDS

    return list(dict.fromkeys([*YES_WORDS, *YES_PHRASES, *NUMBER_WORDS, *COMMAND_WORDS, *DONT_KNOW_PHRASES]))


def ordinary_sets() -> list[str]:
    """Ordinary replies to mend's own questions (`ordinary_tuning.tsv`), and the tuning group of the rehearsal's
    listening replies: the everyday words of reflecting on a fight ("I've been thinking about Sunday", "I just want
    it to stop"), which a reading of risk must not mistake."""
    texts = ordinary("tuning")
    data = tomllib.loads((DATA / "listening_replies.toml").read_text(encoding="utf-8"))
    for table in data.get("replies", []):
        if table.get("group") == "tuning":
            texts += [*table.get("defensive", []), *table.get("listening", [])]
    return texts


def training_texts() -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for name in TRAINING_SETS:
        for row in load(name):
            texts.append(row["text"])
            labels.append(row["kind"])
    for reply in [*ordinary_replies(), *ordinary_sets(), *answer_words()]:
        texts.append(reply)
        labels.append("ordinary")
    return texts, labels


def training_rows() -> tuple[list[list[int]], list[str], list[str]]:
    texts, labels = training_texts()
    return [features(model_text(text)) for text in texts], labels, texts


def fit(rows: list[list[int]], targets: np.ndarray) -> tuple[np.ndarray, float]:
    weights, bias = np.zeros(DIMENSIONS), 0.0
    order = np.random.default_rng(SEED)
    for _ in range(EPOCHS):
        for i in order.permutation(len(rows)):
            index = rows[i]
            scale = len(index) ** 0.5
            error = probability(weights, bias, index) - targets[i]
            weights[index] -= RATE * (error / scale + DECAY * weights[index])
            bias -= RATE * error * 0.1
    return weights, bias


def cross_validated_threshold(rows, labels, texts, report: bool = False) -> float:
    concern = np.array([label not in ("none", "ordinary") for label in labels])
    scores = np.zeros(len(rows))
    folds = np.arange(len(rows)) % 5
    for fold in range(5):
        train = np.flatnonzero(folds != fold)
        weights, bias = fit([rows[i] for i in train], concern[train].astype(float))
        for i in np.flatnonzero(folds == fold):
            scores[i] = probability(weights, bias, rows[i])
    by_rules = np.array([check_safety(text) is not None for text in texts])
    long_enough = np.array([len(model_text(text).split()) >= MIN_WORDS for text in texts])
    lookalike = np.array([label == "none" for label in labels])
    ordinary = np.array([label == "ordinary" for label in labels])
    chosen = None
    for threshold in np.arange(0.50, 0.96, 0.05):
        raised = by_rules | ((scores > threshold) & long_enough)
        asked, everyday = raised[lookalike].mean(), raised[ordinary].mean()
        if report:
            print(f"threshold {threshold:.2f}: concerns found {100 * raised[concern].mean():.1f} %, look-alikes "
                  f"asked {100 * asked:.1f} %, ordinary replies asked {100 * everyday:.2f} %")
        if chosen is None and asked <= LOOKALIKES_ASKED_AT_MOST and everyday <= ORDINARY_ASKED_AT_MOST:
            chosen = round(float(threshold), 2)
    return chosen if chosen is not None else 0.95


def train(report: bool = False) -> dict[str, np.ndarray]:
    rows, labels, texts = training_rows()
    arrays: dict[str, np.ndarray] = {}
    targets = {"concern": [label not in ("none", "ordinary") for label in labels]}
    targets.update({kind: [label == kind for label in labels] for kind in KINDS})
    for name, wanted in targets.items():
        weights, bias = fit(rows, np.array(wanted, dtype=float))
        index = np.flatnonzero(weights).astype(np.uint32)
        arrays[f"{name}_index"] = index
        arrays[f"{name}_weight"] = weights[index].astype(np.float32)
        arrays[f"{name}_bias"] = np.array(bias)
    arrays["threshold"] = np.array(cross_validated_threshold(rows, labels, texts, report))
    return arrays


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="retrain and compare with the committed weights")
    parser.add_argument("--threshold-report", action="store_true", help="print the cross-validated curve")
    parser.add_argument("--output", type=Path, default=MODEL_PATH)
    args = parser.parse_args()
    arrays = train(report=args.threshold_report)
    if args.check:
        with np.load(args.output) as committed:
            same = set(committed.files) == set(arrays) and all(
                committed[key].shape == arrays[key].shape and np.allclose(committed[key], arrays[key], atol=1e-6)
                for key in arrays)
        print("the committed weights match the training data" if same else
              "the committed weights differ from what the training data gives: the data changed (a statement set, "
              "the simulated people or mend's answer words); run python -m benchmarks.train_safety_model")
        raise SystemExit(0 if same else 1)
    np.savez_compressed(args.output, **arrays)
    print(f"wrote {args.output} ({args.output.stat().st_size / 1e6:.2f} MB), threshold {float(arrays['threshold']):.2f}")


if __name__ == "__main__":
    main()
