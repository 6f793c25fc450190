"""scripts/train_minilm.py: what a distilled student learns from its teacher."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from classifiers.minilm import CATEGORIES, MODEL_DIR
from classifiers.training.measured import ROOT


@pytest.fixture(scope="module")
def train_minilm():  # noqa: ANN201 - the script, loaded as a module
    spec = importlib.util.spec_from_file_location("train_minilm", ROOT / "scripts" / "train_minilm.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_minilm"] = module
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop("train_minilm", None)


def test_the_teacher_reads_a_post_it_first_meets_during_training(train_minilm) -> None:  # noqa: ANN001
    # --mix pairs labelled posts with friendly ones anew every epoch, after the teacher's first reading
    praise = "Thank you Mr Jones for taking the choir to sing at the care home, they loved it."
    threat = "Mr Jones had better watch himself walking to his car tonight. We know which one it is."
    trainer = train_minilm.Trainer(layers=1, rank=1)
    trainer.teach(MODEL_DIR, [praise])
    soft = trainer.soft_targets([praise, f"{praise} {threat}"])
    assert soft.shape == (2, len(CATEGORIES)) and ((soft > 0) & (soft < 1)).all()
    threatening = CATEGORIES.index("threatening")
    assert soft[1, threatening] > 0.5 > soft[0, threatening]
