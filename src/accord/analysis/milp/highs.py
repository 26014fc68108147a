"""A small mixed-integer program in arrays, and the silent HiGHS solver that solves it."""

from __future__ import annotations

import os
import sys

import highspy
import numpy as np


class Mip:
    """A small MIP in arrays, solved by HiGHS (minimised unless told to maximise)."""

    def __init__(self) -> None:
        self.lower = np.zeros(0)
        self.upper = np.zeros(0)
        self.cost = np.zeros(0)
        self.integer: list[bool] = []
        self.rows: list[tuple[np.ndarray, np.ndarray, float, float]] = []

    def add(
        self,
        n: int,
        lower: np.ndarray,
        upper: np.ndarray,
        *,
        cost: float = 0.0,
        integer: bool = True,
    ) -> np.ndarray:
        """Add ``n`` columns (binaries unless ``integer`` is False); their indices."""
        first = len(self.lower)
        self.lower = np.append(self.lower, lower)
        self.upper = np.append(self.upper, upper)
        self.cost = np.append(self.cost, np.full(n, cost))
        self.integer += [integer] * n
        return np.arange(first, first + n, dtype=np.intp)

    def row(self, index: np.ndarray, value: float | np.ndarray, lower: float, upper: float) -> None:
        """Add the constraint ``lower <= sum(value * x[index]) <= upper``."""
        index = np.asarray(index, dtype=np.intp)
        values = np.broadcast_to(np.asarray(value, dtype=float), index.shape)
        keep = values != 0.0
        self.rows.append((index[keep], values[keep].copy(), float(lower), float(upper)))

    def solve(self, maximise: bool = False) -> np.ndarray | None:
        """The optimal column values, or None when the model is infeasible."""
        inf = highspy.kHighsInf
        lp = highspy.HighsLp()
        n, m = len(self.lower), len(self.rows)
        lp.num_col_, lp.num_row_ = n, m
        lp.col_cost_ = self.cost
        lp.col_lower_ = self.lower
        lp.col_upper_ = self.upper
        lp.row_lower_ = np.array([max(r[2], -inf) for r in self.rows], dtype=float)
        lp.row_upper_ = np.array([min(r[3], inf) for r in self.rows], dtype=float)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = n, m
        lp.a_matrix_.start_ = np.concatenate(
            [[0], np.cumsum([len(r[0]) for r in self.rows])]
        ).astype(np.int32)
        lp.a_matrix_.index_ = np.concatenate([r[0] for r in self.rows] or [np.zeros(0)]).astype(
            np.int32
        )
        lp.a_matrix_.value_ = np.concatenate([r[1] for r in self.rows] or [np.zeros(0)])
        lp.integrality_ = [
            highspy.HighsVarType.kInteger if k else highspy.HighsVarType.kContinuous
            for k in self.integer
        ]
        lp.sense_ = highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize
        h = highs_solver()
        h.passModel(lp)
        h.run()
        status = h.getModelStatus()
        if status == highspy.HighsModelStatus.kOptimal:
            return np.asarray(h.getSolution().col_value, dtype=float)
        if status in (
            highspy.HighsModelStatus.kInfeasible,
            highspy.HighsModelStatus.kUnboundedOrInfeasible,  # every model here is bounded
        ):
            return None
        raise RuntimeError(f"HiGHS stopped without an answer: {h.modelStatusToString(status)}")


_BANNER = {"hidden": False}


def highs_solver() -> highspy.Highs:
    """A silent solver. HiGHS prints a banner to the process's stdout the first time a solver
    is made, before options can be set; the first one is made with stdout sent to devnull."""
    if _BANNER["hidden"]:
        h = highspy.Highs()
    else:
        _BANNER["hidden"] = True
        try:
            sys.stdout.flush()
            saved = os.dup(1)
        except (OSError, ValueError):
            saved = -1
        if saved < 0:
            h = highspy.Highs()
        else:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 1)
            try:
                h = highspy.Highs()
            finally:
                os.dup2(saved, 1)
                os.close(saved)
                os.close(null)
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 1e-9)
    return h
