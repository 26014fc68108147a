"""A learned sentence detector beside the rules: features, the model, and applying it.

Each sentence (spaCy's, as the extractor splits them) is a row of hashed binary features:
lower-cased words and word pairs, dependency labels near the root, the root word, modals
and negations, an actor as subject, quotation marks, bullets and lead-ins, the layout kind
(heading, transcript turn, question), and which types the rules found there. One
L2-regularised logistic regression per type (demand, threat, claim or denial, quote) says
how likely an annotator is to mark an item of that type in the sentence. It may only *add*
a demand or threat where the rules found none of that type in the sentence (the holder:
the speaker, else the subject's actor, else the one actor named; the polarity read by
:func:`accord.ingest.polarity.polarity` from a word of position, else ``unknown``) and
*drop* a rules item whose sentence scores below a threshold. It assumes that the wordings
of the training corpus (a few writers) predict what an annotator counts in a new article,
that one sentence holds what decides its type, and that a missed item's holder is in it.

On in ``accord ingest`` since its gain held on a blind set scored once (docs/ingest.md, "A
learned sentence detector, measured"): :func:`shipped` loads the detector trained on the
development corpus and shipped with accord (``accord/data/ingest/sentences.npz``, made by
``make ingest-model``), once per process. :mod:`accord.ingest.training` trains it;
:func:`refine` applies it. Nothing is drawn at random (zero start, a fixed number of steps,
CRC-32 hashing rather than Python's salted ``hash``): the same corpus and settings give the
same weights bit for bit.
"""

from __future__ import annotations

import functools
import itertools
import zipfile
import zlib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from accord.ingest.demands import other_party, reporter
from accord.ingest.drafts import drafter, states_a_term
from accord.ingest.evidence import Evidence, EvidenceType, item
from accord.ingest.mentions import DocInfo, Who, who
from accord.ingest.nlp import BULLETS, is_marker
from accord.ingest.polarity import COPULAS, judged, polarity
from accord.ingest.quotes import Statement, statement_of, subject_of
from accord.ingest.triggers import trigger

#: The types scored per sentence; claims and denials share one detector (few of each).
TYPES: tuple[str, ...] = ("demand", "threat", "claim", "quote")
#: Which evidence types each detector stands for.
COVERS: dict[str, tuple[EvidenceType, ...]] = {
    "demand": (EvidenceType.demand,),
    "threat": (EvidenceType.threat,),
    "claim": (EvidenceType.claim, EvidenceType.denial),
    "quote": (EvidenceType.quote,),
}
#: The types the detector may add an item of (claims need a side, quotes a speech verb).
ADDS: tuple[str, ...] = ("demand", "threat")
#: Hashed feature columns (the last one is the bias, never hashed into).
DIM = 2**18
BIAS = DIM - 1
#: The training settings: the penalty on the squared weights (of the mean log-loss) and the
#: fixed number of gradient steps (enough: 1,500 steps lower the training loss by 4e-5).
L2 = 1e-3
ITERATIONS = 400

#: The shipped detector, below the package ``accord.data``, and how to make it again.
SHIPPED = ("ingest", "sentences.npz")
RETRAIN = (
    "make it again with `make ingest-model` (python -m accord.ingest.training "
    "tests/data/news src/accord/data/ingest/sentences.npz, from a source checkout), or "
    "reinstall accord"
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass
class SentenceTable:
    """One article's sentences as a sparse binary design (CSR: ``indptr``, ``cols``)."""

    starts: IntArray  # character offsets of each sentence
    ends: IntArray
    indptr: IntArray  # row i's columns are cols[indptr[i]:indptr[i + 1]]
    cols: IntArray
    #: (sentence, type index) where the rules found an item of that type
    rules_in: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros((0, 4), bool))

    @property
    def n(self) -> int:
        return len(self.starts)


def _hash(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) % BIAS


def _type_index(t: EvidenceType) -> int | None:
    for k, name in enumerate(TYPES):
        if t in COVERS[name]:
            return k
    return None


def word(token: Any) -> str:
    """A token as a feature word: lower-cased, nothing else."""
    return str(token.lower_)


def sentence_of(table: SentenceTable, start: int, end: int) -> int:
    """The sentence an item's span ``[start, end)`` overlaps most (its first, on a tie)."""
    overlap = np.minimum(table.ends, end) - np.maximum(table.starts, start)
    return int(np.argmax(overlap))


def _words(info: DocInfo, k: int, sent: Any, stmt: Statement | None) -> list[str]:
    """The features of one sentence, as strings (hashed later)."""
    toks = [t for t in sent if not t.is_space]
    out = ["bias-free"]  # a constant that is hashed, so empty sentences still have a row
    if not toks:
        return out
    # the lower-cased word, not accord.ingest.nlp.lemma: that table knows only the verbs the
    # rules look for, and features that move whenever a rule's word list changes would tie
    # the trained weights to one version of the rules
    lem = [word(t) for t in toks]
    out += [f"w={w}" for w in lem]
    out += [f"b={a}_{b}" for a, b in itertools.pairwise(lem)]
    root = sent.root
    out.append(f"root={word(root)}")
    for t in toks:
        depth = 0 if t.i == root.i else (1 if t.head.i == root.i else 2)
        if depth <= 1 or t.head.head.i == root.i:
            out.append(f"dep{depth}={t.dep_}:{word(t)}")
            out.append(f"dl{depth}={t.dep_}")
        if t.tag_ == "MD":
            out.append(f"modal={word(t)}")
        if t.dep_ == "neg":
            out += ["neg", f"neg={word(t.head)}"]
    subj = subject_of(root)
    if subj is not None:
        out.append(f"subj_pos={subj.pos_}")
        s, e = subj.i, subj.i + 1
        if any(i in info.actor_of_token for i in range(s, e)) or info.actors_in(
            subj.left_edge.i, subj.right_edge.i + 1
        ):
            out.append("subj_actor")
    n_actors = len(info.actors_in(sent.start, sent.end))
    out.append(f"actors={min(n_actors, 3)}")
    out.append(f"issues={min(len(info.issues_in(sent.start, sent.end)), 2)}")
    text = sent.text
    if any(q in text for q in '"“”'):
        out.append("quote_mark")
    if text.rstrip().endswith("?"):
        out.append("question")
    if text.rstrip().endswith(":"):
        out.append("lead_in")
    if toks[0].text in BULLETS or is_marker(toks[0]):
        out.append("bullet")
        prev = info.sents[k - 1] if k > 0 else None
        if prev is not None and prev.text.rstrip().endswith(":"):
            out.append("bullet_first")
    out.append(f"len={min(len(toks) // 8, 6)}")
    s0, e0 = sent.start_char, sent.end_char
    if info.crosses_heading(s0, e0):
        out.append("heading")
    if any(s < e0 and s0 < e for s, e, _, _ in info.shape.turns):
        out.append("turn")
    if stmt is not None:
        out.append("speech")
        out.append(f"speech={word(stmt.verb)}")
        if stmt.direct:
            out.append("direct")
        if stmt.asker:
            out.append("asker")
        if stmt.turn:
            out.append("turn_words")
        if stmt.speaker.actor is not None:
            out.append("speaker_actor")
    return out


def sentence_table(info: DocInfo, stmts: list[Statement], rules: list[Evidence]) -> SentenceTable:
    """The features of every sentence of one parsed article, with the rules' items marked."""
    n = len(info.sents)
    starts = np.array([s.start_char for s in info.sents], dtype=np.int64)
    ends = np.array([s.end_char for s in info.sents], dtype=np.int64)
    table = SentenceTable(starts, ends, np.zeros(n + 1, np.int64), np.zeros(0, np.int64))
    table.rules_in = np.zeros((n, len(TYPES)), dtype=bool)
    for ev in rules:
        ti = _type_index(ev.type)
        if ti is not None and n:
            table.rules_in[sentence_of(table, ev.start, ev.end), ti] = True
    rows: list[list[int]] = []
    for k, sent in enumerate(info.sents):
        feats = _words(info, k, sent, statement_of(stmts, sent))
        # the rules' own verdicts are features too: what they found and where they were silent
        feats += [f"rule={TYPES[t]}" for t in np.flatnonzero(table.rules_in[k])]
        rows.append(sorted({_hash(f) for f in feats} | {BIAS}))
    table.indptr = np.cumsum([0, *map(len, rows)], dtype=np.int64)
    table.cols = np.array([c for r in rows for c in r], dtype=np.int64)
    return table


def sentence_labels(table: SentenceTable, expected: list[tuple[EvidenceType, int, int]]) -> Any:
    """(sentence, type) -> whether an annotated item of that type overlaps the sentence."""
    y = np.zeros((table.n, len(TYPES)), dtype=bool)
    for t, s, e in expected:
        k = _type_index(t)
        if k is not None:
            y[(table.starts < e) & (s < table.ends), k] = True
    return y


def stack(tables: list[SentenceTable]) -> tuple[IntArray, IntArray]:
    """Several articles' designs as one (indptr, cols)."""
    counts = [np.diff(t.indptr) for t in tables]
    indptr = np.concatenate([[0], np.cumsum(np.concatenate(counts))]).astype(np.int64)
    cols = np.concatenate([t.cols for t in tables]).astype(np.int64)
    return indptr, cols


def _rows(indptr: IntArray) -> IntArray:
    return np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))


def fit_logistic(
    indptr: IntArray, cols: IntArray, y: Any, l2: float = L2, iterations: int = ITERATIONS
) -> FloatArray:
    """Weights over ``DIM`` columns minimising the mean log-loss of ``y`` (0/1 per row) plus
    ``l2 / 2`` times the squared weights (the bias column ``BIAS`` not penalised).

    Nesterov-accelerated gradient descent from zero with step ``1 / L``, ``L`` bounding the
    gradient's Lipschitz constant (a power iteration on the design). ``iterations`` is fixed,
    so the result does not depend on timing or tolerance tests. Every step is two sparse
    products over the whole design (``np.bincount``), never a loop over rows."""
    target = np.asarray(y, dtype=np.float64)
    n = len(indptr) - 1
    if n == 0:
        return np.zeros(DIM)
    rows = _rows(indptr)
    # work on the columns present only: the same problem, since absent columns have zero
    # gradient and stay at zero under the penalty
    used, local = np.unique(cols, return_inverse=True)
    m = len(used)
    penalty = np.full(m, l2)
    penalty[used == BIAS] = 0.0

    def xv(w: FloatArray) -> FloatArray:
        return np.bincount(rows, weights=w[local], minlength=n).astype(np.float64)

    def xtv(r: FloatArray) -> FloatArray:
        return np.bincount(local, weights=r[rows], minlength=m).astype(np.float64)

    v = np.ones(m) / np.sqrt(m)  # deterministic start: no random draw
    sigma = 0.0
    for _ in range(30):
        u = xtv(xv(v))
        sigma = float(np.linalg.norm(u))
        v = u / sigma if sigma > 0 else v
    step = 1.0 / (1.05 * sigma / (4 * n) + l2)
    w = np.zeros(m)
    z = w.copy()
    t = 1.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-xv(z)))
        grad = xtv(p - target) / n + penalty * z
        w_next = z - step * grad
        t_next = (1.0 + np.sqrt(1.0 + 4.0 * t * t)) / 2.0
        z = w_next + ((t - 1.0) / t_next) * (w_next - w)
        w, t = w_next, t_next
    full = np.zeros(DIM)
    full[used] = w
    return full


def predict(indptr: IntArray, cols: IntArray, weights: FloatArray) -> FloatArray:
    """The probability of each row under ``weights`` (one column per detector when 2-D)."""
    w = weights if weights.ndim == 2 else weights[:, None]
    p = _probabilities(indptr, w[cols])
    return p if weights.ndim == 2 else p[:, 0]


def _probabilities(indptr: IntArray, entry_weights: FloatArray) -> FloatArray:
    """Per (row, detector), the logistic of the row's summed weights; ``entry_weights``
    holds one row of weights per stored entry of the design."""
    rows = _rows(indptr)
    n = len(indptr) - 1
    margin = np.stack(
        [
            np.bincount(rows, weights=entry_weights[:, k], minlength=n)
            for k in range(entry_weights.shape[1])
        ],
        axis=1,
    )
    return np.asarray(1.0 / (1.0 + np.exp(-margin)), dtype=np.float64)


def fit_types(
    tables: list[SentenceTable], labels: list[Any], l2: float = L2, iterations: int = ITERATIONS
) -> FloatArray:
    """One detector per type in ``TYPES``, as a ``(DIM, len(TYPES))`` weight array."""
    indptr, cols = stack(tables)
    y = np.concatenate(labels) if labels else np.zeros((0, len(TYPES)), bool)
    return np.stack(
        [fit_logistic(indptr, cols, y[:, k], l2, iterations) for k in range(len(TYPES))],
        axis=1,
    )


def _holder(info: DocInfo, sent: Any, stmt: Statement | None) -> Who | None:
    """Whose position a sentence holds: its speaker, else its subject's actor, else the one
    actor it names (two or more: nobody can tell, so none)."""
    subj = subject_of(sent.root)
    if states_a_term(sent.root):
        # "The paper sets a goal of ...": whoever tabled the paper, not the one who tells
        return drafter(info, sent.root)
    if stmt is not None and stmt.turn and subj is not None:
        # In a transcript turn the speaker says "I" and "we"; a sentence about another
        # party ("She expects us to come down", "The donors want Beijing to pay") holds
        # that party's position, as the rules read a trigger's subject.
        w = who(info, subj, stmt.speaker.name)
        # the subject names the party ("she", "the donors", "Moscow"), not a thing of
        # theirs ("Our view on the Russian assets")
        party = subj.lower_ in {"he", "she", "they"} or subj.i in info.actor_of_token
        if party and w is not None and w.actor is not None and w.actor != stmt.speaker.actor:
            return w
    if stmt is not None and not stmt.asker and (stmt.speaker.actor or stmt.speaker.name):
        return stmt.speaker
    if subj is not None:
        w = who(info, subj)
        if w is not None and w.actor is not None:
            return w
    actors = info.actors_in(sent.start, sent.end)
    if len(actors) == 1:
        return Who(actors[0], info.lexicon.actor_names.get(actors[0]))
    return None


def additions(
    info: DocInfo, stmts: list[Statement], table: SentenceTable, only: Any = None
) -> dict[str, list[tuple[int, Evidence]]]:
    """Per type the detector may add, the item it would add in each sentence where the
    rules found none of that type and a holder can be read: (sentence, item). ``only``: a
    boolean per sentence, to read just those (the ones scoring high enough)."""
    out: dict[str, list[tuple[int, Evidence]]] = {t: [] for t in ADDS}
    for k, sent in enumerate(info.sents):
        if only is not None and not only[k]:
            continue
        stmt = statement_of(stmts, sent)
        text = sent.text.strip()
        if not text or text.endswith("?") or (stmt is not None and stmt.asker):
            continue  # a question states no position
        holder = _holder(info, sent, stmt)
        if holder is None:
            continue
        # The side is read only from a word that signals a position, as the rules read it;
        # a sentence with none gives no cue the rules can read, so its side is unknown
        # (read from the root verb instead, it reversed 5 of the added demands in
        # cross-validation: judgements and double negatives the polarity rules do not take
        # from a main verb).
        cues = [(t, kind) for t in sent if (kind := trigger(t)) is not None]
        for name in ADDS:
            if table.rules_in[k, TYPES.index(name)]:
                continue
            fields: dict[str, Any] = {
                "confidence": 0.5,
                "actor": holder.actor,
                "speaker": holder.name,
                "actors": info.actors_in(sent.start, sent.end),
                "issues": info.issues_in(sent.start, sent.end),
                "reporter": reporter(holder, stmt),
            }
            if name == "demand":
                fields["kind"] = "demand"
                # two cues on two sides ("X is the fairest option, and there will be no
                # Y"): the sentence holds both, and one item cannot say which it is
                sides = {polarity(t, kind, sent.text, sent.text) for t, kind in cues}
                # a judgement is a cue too ("is the fairest option": for)
                sides |= {
                    "for" if j > 0 else "against"
                    for t in sent
                    if t.lower_ in COPULAS and (j := judged(t)) != 0
                }
                fields["polarity"] = sides.pop() if len(sides) == 1 else "unknown"
                fields["target"] = other_party(info, holder.actor)
            etype = EvidenceType.demand if name == "demand" else EvidenceType.threat
            out[name].append((k, item(info.text, etype, sent.start_char, sent.end_char, **fields)))
    return out


@dataclass(frozen=True)
class Thresholds:
    """Per type: add where the probability is at least ``add`` (above 1: never), drop a
    rules item where it is below ``drop`` (0: never)."""

    add: dict[str, float]
    drop: dict[str, float]


NEVER = Thresholds({t: 2.0 for t in ADDS}, {t: 0.0 for t in TYPES})


def combine(
    rules: list[Evidence],
    table: SentenceTable,
    probs: FloatArray,
    added: dict[str, list[tuple[int, Evidence]]],
    thresholds: Thresholds,
) -> list[Evidence]:
    """The rules' items less those dropped, plus those added, in text order."""
    kept = []
    for ev in rules:
        k = _type_index(ev.type)
        if k is not None and table.n:
            p = probs[sentence_of(table, ev.start, ev.end), k]
            if p < thresholds.drop.get(TYPES[k], 0.0):
                continue
        kept.append(ev)
    for name, cands in added.items():
        cut = thresholds.add.get(name, 2.0)
        kept += [ev for k, ev in cands if probs[k, TYPES.index(name)] >= cut]
    kept.sort(key=lambda e: (e.start, list(EvidenceType).index(e.type)))
    return kept


#: The arrays every detector file holds (``command`` came later and may be absent).
_KEYS = {"cols", "weights", "types", "add", "drop", "l2", "iterations", "dim", "corpus"}
_KEYS |= {"rules", "articles"}


class DetectorFileError(ValueError):
    """The shipped (or given) detector file is missing or cannot be read."""


@dataclass(frozen=True)
class Detector:
    """Trained weights (only the columns in use), thresholds, and how they were made."""

    cols: IntArray  # the hashed columns with a weight
    weights: FloatArray  # (len(cols), len(TYPES))
    thresholds: Thresholds
    l2: float
    iterations: int
    corpus: str  # SHA-256 of the training corpus (accord.ingest.training.corpus_digest)
    #: SHA-256 of the rules' items on it (accord.ingest.training.rules_digest): the rules'
    #: findings are features, so a change of rule is a change of input
    rules: str
    articles: int
    #: the command that trained it, as run (empty when made in Python)
    command: str = ""

    @classmethod
    def from_dense(cls, dense: FloatArray, thresholds: Thresholds, **settings: Any) -> Detector:
        cols = np.flatnonzero(np.any(dense != 0, axis=1))
        return cls(cols, dense[cols], thresholds, **settings)

    def predict(self, indptr: IntArray, cols: IntArray) -> FloatArray:
        """Probabilities per (row, type), as :func:`predict` with the dense weights gives
        them, without building the dense array (columns looked up in ``self.cols``)."""
        if len(self.cols) == 0:
            return np.full((len(indptr) - 1, len(TYPES)), 0.5)
        at = np.minimum(np.searchsorted(self.cols, cols), len(self.cols) - 1)
        w = np.where((self.cols[at] == cols)[:, None], self.weights[at], 0.0)
        return _probabilities(indptr, w)

    def save(self, path: Path) -> None:
        """Written with every setting beside the weights; the training draws nothing at
        random, so there is no seed to record (``seed`` says so). The file is the same byte
        for byte for the same detector (a fixed date in the archive), so retraining on an
        unchanged corpus and rules leaves it unchanged."""
        path.parent.mkdir(parents=True, exist_ok=True)
        th = self.thresholds
        arrays = {
            "cols": self.cols.astype(np.int32),
            "weights": self.weights,
            "types": np.array(TYPES),
            "add": np.array([th.add[t] for t in ADDS]),
            "drop": np.array([th.drop[t] for t in TYPES]),
            "l2": np.array(self.l2),
            "iterations": np.array(self.iterations),
            "dim": np.array(DIM),
            "corpus": np.array(self.corpus),
            "rules": np.array(self.rules),
            "articles": np.array(self.articles),
            "command": np.array(self.command),
            "seed": np.array("none: no random draw (zero start, fixed steps, CRC-32 hashing)"),
        }
        # np.savez stamps each member with the time of writing; a fixed date keeps the bytes
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, arr in arrays.items():
                member = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
                member.compress_type = zipfile.ZIP_DEFLATED
                with zf.open(member, "w") as fh:
                    np.lib.format.write_array(fh, np.asanyarray(arr), allow_pickle=False)

    @classmethod
    def load(cls, path: Path) -> Detector:
        """The detector saved at ``path``; a missing, unreadable or mismatched file raises
        :class:`DetectorFileError` naming the file and how to make it again."""
        if not path.is_file():
            raise DetectorFileError(f"{path}: no learned sentence detector there; {RETRAIN}")
        try:
            with np.load(path, allow_pickle=False) as z:
                missing = sorted(_KEYS - set(z.files))
                if missing:
                    raise ValueError(f"it lacks {', '.join(missing)}")
                if int(z["dim"]) != DIM or tuple(z["types"].tolist()) != TYPES:
                    raise ValueError(
                        f"made for {int(z['dim'])} columns and types {z['types'].tolist()}, "
                        f"this version uses {DIM} and {list(TYPES)}"
                    )
                det = cls(
                    z["cols"].astype(np.int64),
                    np.asarray(z["weights"], dtype=np.float64),
                    Thresholds(
                        dict(zip(ADDS, z["add"].tolist(), strict=True)),
                        dict(zip(TYPES, z["drop"].tolist(), strict=True)),
                    ),
                    float(z["l2"]),
                    int(z["iterations"]),
                    str(z["corpus"]),
                    str(z["rules"]),
                    int(z["articles"]),
                    str(z["command"]) if "command" in z.files else "",
                )
        except (OSError, ValueError, EOFError, zipfile.BadZipFile) as exc:
            # a truncated or overwritten file: said in one line, not as a traceback
            raise DetectorFileError(
                f"{path}: not a readable learned sentence detector ({exc}); {RETRAIN}"
            ) from None
        # predict looks columns up by bisection: they must be sorted, one weight row each
        if det.weights.shape != (len(det.cols), len(TYPES)) or np.any(np.diff(det.cols) <= 0):
            raise DetectorFileError(
                f"{path}: its weights ({det.weights.shape}) do not fit its {len(det.cols)} "
                f"sorted columns; {RETRAIN}"
            )
        return det


def shipped_path() -> Path:
    """Where the detector shipped with accord lives (inside the installed package)."""
    return Path(str(resources.files("accord.data").joinpath(*SHIPPED)))


@functools.cache
def shipped() -> Detector:
    """The detector trained on the development corpus and shipped with accord, read once per
    process (worker processes read it once each, or inherit it when forked after)."""
    return Detector.load(shipped_path())


def refine(
    info: DocInfo, stmts: list[Statement], found: list[Evidence], detector: Detector | None
) -> list[Evidence]:
    """``found`` (every extractor's items, in text order) with the detector's additions and
    drops; unchanged without a detector. Mentions are never touched.

    ``accord ingest`` calls it with :func:`shipped` after
    ``accord.ingest.extract.rule_items``, which gives ``found``."""
    if detector is None or not info.sents:
        return found
    rules = [e for e in found if e.type is not EvidenceType.mention]
    table = sentence_table(info, stmts, rules)
    probs = detector.predict(table.indptr, table.cols)
    th = detector.thresholds
    # only sentences scoring high enough for some type are read for an item to add
    high = np.zeros(table.n, dtype=bool)
    for name in ADDS:
        high |= probs[:, TYPES.index(name)] >= th.add[name]
    added = additions(info, stmts, table, high) if high.any() else {t: [] for t in ADDS}
    kept = combine(rules, table, probs, added, th)
    out = [e for e in found if e.type is EvidenceType.mention] + kept
    out.sort(key=lambda e: (e.start, list(EvidenceType).index(e.type)))
    return out
