"""The TF-IDF baseline that ``evaluate`` prints beside the engine's figures (issue 11 asks for it).

Word 1-2-grams and character 2-5-grams (within word boundaries), TF-IDF with sublinear term
frequency, one logistic regression per label (one-vs-rest, balanced class weights), a label
from probability 0.5. Trained on a train split only; the text alone, no context. It needs
scikit-learn (a development dependency): the engine never imports it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class TfidfBaseline:
    """Fitted on items with ``text`` and ``labels`` (``evaluate.Item``), one classifier per
    label of ``labels`` that occurs and does not cover every item."""

    def __init__(self, train_items: Sequence[Any], labels: Sequence[str], seed: int = 12) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import FeatureUnion

        texts = [item.text for item in train_items]
        self.vectorizer = FeatureUnion(
            [
                ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)),
                (
                    "chars",
                    TfidfVectorizer(
                        analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=1
                    ),
                ),
            ]
        )
        matrix = self.vectorizer.fit_transform(texts)
        self.classifiers = {}
        for label in labels:
            y = [label in item.labels for item in train_items]
            if any(y) and not all(y):
                self.classifiers[label] = LogisticRegression(
                    C=10.0, class_weight="balanced", max_iter=2000, random_state=seed
                ).fit(matrix, y)

    def predict(self, items: Sequence[Any]) -> list[frozenset[str]]:
        if not items:
            return []
        matrix = self.vectorizer.transform([item.text for item in items])
        columns = {
            label: classifier.predict_proba(matrix)[:, 1]
            for label, classifier in self.classifiers.items()
        }
        return [
            frozenset(label for label, p in columns.items() if p[row] >= 0.5)
            for row in range(len(items))
        ]
